"""Test data factories: clinics stored the way a crawl stores them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlmodel import Session

from directory.db import session_scope
from directory.ingest import LocationIn, PageIn, SiteSnapshot, finish_run, slugify, start_run, store_site
from directory.models import Clinic, ClinicFact, Location
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


def add_listed_clinic(
    session: Session, *, name: str, lat: float | None, lon: float | None, state: str = "CO",
    facts: dict[str, list[str] | str] | None = None, score: int | None = None, grade: str | None = None,
    treats_pain: bool | None = None, status: str = "active", hidden: bool = False,
    more_locations: Sequence[tuple[float, float, str]] = (),
) -> Clinic:
    """Store a clinic as scoring leaves it (facts JSON and ClinicFact rows), without crawling or scoring."""
    slug = slugify(name)
    listed = {key: ([value] if isinstance(value, str) else list(value)) for key, value in (facts or {}).items()}
    clinic = Clinic(
        name=name, slug=slug, homepage=f"https://{slug}.example/", domain=f"{slug}.example", status=status,
        hidden=hidden, fictional=True, overall_score=score, grade=grade, treats_pain=treats_pain,
        facts={**listed, "psychotherapy": (listed.get("psychotherapy") or ["none"])[0],
               "red_flags": [{"kind": kind, "quote": "..."} for kind in listed.get("red_flags", [])]},
    )
    session.add(clinic)
    session.flush()
    assert clinic.id is not None
    for position, (lat_, lon_, state_) in enumerate([(lat, lon, state), *more_locations]):
        session.add(Location(clinic_id=clinic.id, position=position, city=f"{name} town", state=state_,
                             lat=lat_, lon=lon_, geo_source="published"))
    for fact, codes in listed.items():
        for code in codes:
            session.add(ClinicFact(clinic_id=clinic.id, fact=fact, code=code))
    if treats_pain is not None:
        session.add(ClinicFact(clinic_id=clinic.id, fact="treats_pain", code=str(treats_pain).lower()))
    session.flush()
    return clinic
