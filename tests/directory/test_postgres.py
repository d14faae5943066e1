"""The same storage, scoring and search on PostgreSQL (DATABASE_URL switches the engine)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from directory.db import session_scope
from directory.models import Clinic, Finding
from directory.places import parse_where
from directory.search import SearchQuery, search_clinics
from tests.factories import add_clinic

pytestmark = pytest.mark.postgres


def test_store_score_and_search_on_postgres(pg_url: str) -> None:
    assert pg_url.startswith("postgresql+psycopg://")
    add_clinic(pg_url, name="PG Denver Clinic", port=9201, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions.\nDr. Roe is a board-certified anesthesiologist.")
    add_clinic(pg_url, name="PG Austin Clinic", port=9202, zip_code="78701", city="Austin", state="TX",
               text="We do not accept insurance.")
    with session_scope(pg_url) as session:
        assert session.bind.dialect.name == "postgresql"  # type: ignore[union-attr]
        page = search_clinics(SearchQuery(where=parse_where("39.75,-104.99"), radius_mi=25), session=session)
        assert [h.clinic.name for h in page.hits] == ["PG Denver Clinic"]
        clinic = session.exec(select(Clinic).where(Clinic.name == "PG Austin Clinic")).one()
        assert clinic.facts["insurance"] == ["cash_only"]
        assert session.exec(select(Finding).where(Finding.clinic_id == clinic.id)).first() is not None


def test_recrawl_history_resume_and_merges_on_postgres(pg_url: str) -> None:
    from datetime import UTC, datetime

    from directory.ingest import PageIn, start_run, store_site
    from directory.models import ClinicMerge, PageVersion
    from directory.page_store import known_pages
    from directory.runs import resumable_run
    from tests.directory.test_ingest import snapshot

    def page(text: str, unchanged: bool = False) -> PageIn:
        return PageIn("http://127.0.0.1:9/", "Home", text, text.encode(), {}, str(hash(text)), 200,
                      datetime.now(UTC), body_hash=str(hash(text)), etag='"e"', links=[["http://127.0.0.1:9/a", 30]],
                      unchanged=unchanged)

    with session_scope(pg_url) as session:
        run_id = start_run(session, seeds=2, seed_list=[{"homepage": "http://127.0.0.1:9/"},
                                                        {"homepage": "http://other.example/"}])
        store_site(session, run_id=run_id, snapshot=snapshot(pages=[page("One.")]))
    with session_scope(pg_url) as session:
        store_site(session, run_id=run_id, snapshot=snapshot(pages=[page("Two.")]))
        store_site(session, run_id=run_id, snapshot=snapshot(pages=[page("", unchanged=True)], identity_known=False))
        plan = resumable_run(session)
        assert plan is not None and [s["homepage"] for s in plan.remaining] == ["http://other.example/"]
    with session_scope(pg_url) as session:
        known = known_pages(session, domains=["127.0.0.1:9"])["127.0.0.1:9"]["http://127.0.0.1:9/"]
        assert (known.etag, known.links) == ('"e"', [["http://127.0.0.1:9/a", 30]])
        assert [v.text for v in session.exec(select(PageVersion)).all()] == ["One.", "Two."]
        store_site(session, run_id=run_id, snapshot=snapshot(domain="other.example", homepage="http://other.example/",
                                                             name="Test Clinic Denver"))
    with session_scope(pg_url) as session:
        assert len(session.exec(select(ClinicMerge)).all()) == 1
