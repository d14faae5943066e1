"""Test data factories: clinics stored the way a crawl stores them."""

from __future__ import annotations

from datetime import UTC, datetime

from directory.db import session_scope
from directory.ingest import LocationIn, PageIn, SiteSnapshot, finish_run, start_run, store_site
from directory.rescore import rescore


def add_clinic(db_url: str, *, name: str, port: int, zip_code: str, city: str, state: str, text: str,
               street: str = "1 Main St", phone: str = "+13035550100", lat: float | None = None,
               lon: float | None = None) -> None:
    """Store one clinic with one page and one location, then score the directory."""
    homepage = f"http://127.0.0.1:{port}/"
    snap = SiteSnapshot(
        domain=f"127.0.0.1:{port}", homepage=homepage, status="ok", name=name, fictional=True,
        locations=[LocationIn(street, city, state, zip_code, phone, lat, lon)],
        pages=[PageIn(homepage, name, text, text.encode(), {}, str(hash(text)), 200, datetime.now(UTC))],
    )
    with session_scope(db_url) as session:
        run_id = start_run(session, seeds=1)
        store_site(session, run_id=run_id, snapshot=snap)
        finish_run(session, run_id=run_id)
        rescore(session)
