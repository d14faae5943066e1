"""Storing crawls: one transaction per site, failures never erase what was known."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from directory.db import session_scope
from directory.ingest import LocationIn, PageIn, SiteSnapshot, finish_run, start_run, store_site
from directory.models import Clinic, Finding, Location, Page, SiteCrawl
from directory.rescore import rescore


def snapshot(text: str = "We offer IV ketamine infusions. Dr. Roe is a board-certified anesthesiologist.",
             **changes: object) -> SiteSnapshot:
    base = SiteSnapshot(
        domain="127.0.0.1:9", homepage="http://127.0.0.1:9/", status="ok", name="Test Clinic",
        locations=[LocationIn("1420 Larimer St", "Denver", "CO", "80205", "+13035550142")],
        pages=[PageIn("http://127.0.0.1:9/", "Home", text, b"<p>x</p>", {}, str(hash(text)), 200,
                      datetime.now(UTC))],
    )
    for key, value in changes.items():
        setattr(base, key, value)
    return base


def crawl(db_url: str, snap: SiteSnapshot) -> None:
    with session_scope(db_url) as session:
        run_id = start_run(session, seeds=1)
        store_site(session, run_id=run_id, snapshot=snap)
        finish_run(session, run_id=run_id)


def test_site_is_stored_with_geocoded_location(db_url: str) -> None:
    crawl(db_url, snapshot())
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        location = session.exec(select(Location)).one()
        assert clinic.slug == "test-clinic" and clinic.last_checked_at is not None
        assert location.geo_source == "zip" and location.lat is not None


def test_failed_crawl_keeps_pages_locations_and_scores(db_url: str) -> None:
    crawl(db_url, snapshot())
    with session_scope(db_url) as session:
        rescore(session)
    crawl(db_url, snapshot(status="failed", reason="HTTP 503", pages=[], locations=[], name=None))
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        assert clinic.grade is not None and clinic.name == "Test Clinic"
        assert len(session.exec(select(Page)).all()) == 1
        assert len(session.exec(select(Location)).all()) == 1
        failures = session.exec(select(SiteCrawl).where(SiteCrawl.status == "failed")).all()
        assert [f.reason for f in failures] == ["HTTP 503"]


def test_recrawl_updates_changed_pages_in_place(db_url: str) -> None:
    crawl(db_url, snapshot())
    crawl(db_url, snapshot(text="We now also offer Spravato."))
    with session_scope(db_url) as session:
        [page] = session.exec(select(Page)).all()
        assert page.text == "We now also offer Spravato."


def test_rescoring_is_idempotent(db_url: str) -> None:
    crawl(db_url, snapshot())
    with session_scope(db_url) as session:
        rescore(session)
    with session_scope(db_url) as session:
        first = sorted((f.criterion, f.code, f.quote) for f in session.exec(select(Finding)).all())
        rescore(session)
    with session_scope(db_url) as session:
        second = sorted((f.criterion, f.code, f.quote) for f in session.exec(select(Finding)).all())
    assert first == second and first
