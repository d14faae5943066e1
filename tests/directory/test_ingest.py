"""Storing crawls: one transaction per site, failures never erase what was known."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from directory.db import session_scope
from directory.ingest import LocationIn, PageIn, SiteSnapshot, finish_run, start_run, store_site
from directory.models import Clinic, Finding, Location, Page, PageVersion, SiteCrawl
from directory.page_store import page_history
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


def clinic_row(db_url: str) -> Clinic:
    with session_scope(db_url) as session:
        return session.exec(select(Clinic)).one()


def failed(reason: str = "DownloadTimeoutError: took longer than 2 seconds") -> SiteSnapshot:
    return snapshot(status="failed", reason=reason, pages=[], locations=[], name=None)


def test_repeated_failures_flag_unreachable_and_a_success_clears_it(db_url: str) -> None:
    crawl(db_url, snapshot())
    for expected in ("active", "active", "unreachable", "unreachable"):
        crawl(db_url, failed())
        assert clinic_row(db_url).status == expected
    clinic = clinic_row(db_url)
    assert clinic.consecutive_failures == 4 and "took longer" in (clinic.last_failure_reason or "")
    with session_scope(db_url) as session:
        assert len(session.exec(select(Page)).all()) == 1 and len(session.exec(select(Location)).all()) == 1
    crawl(db_url, snapshot())
    clinic = clinic_row(db_url)
    assert (clinic.status, clinic.consecutive_failures, clinic.last_failure_reason) == ("active", 0, None)


def test_unreachable_threshold_is_configurable(db_url: str) -> None:
    crawl(db_url, snapshot())
    with session_scope(db_url) as session:
        run_id = start_run(session, seeds=1)
        store_site(session, run_id=run_id, snapshot=failed(), unreachable_after=1)
    assert clinic_row(db_url).status == "unreachable"


def test_a_closed_clinic_stays_closed_through_failures_and_recrawls(db_url: str) -> None:
    crawl(db_url, snapshot(text="We have permanently closed. Thank you for twelve years."))
    with session_scope(db_url) as session:
        rescore(session)
    assert clinic_row(db_url).status == "closed"
    for _ in range(4):
        crawl(db_url, failed())
    crawl(db_url, snapshot(text="We have permanently closed. Thank you for twelve years."))
    with session_scope(db_url) as session:
        rescore(session)
    assert clinic_row(db_url).status == "closed"


def test_interrupted_site_is_not_a_failure(db_url: str) -> None:
    crawl(db_url, snapshot())
    for _ in range(5):
        crawl(db_url, snapshot(status="interrupted", reason="the crawl stopped", pages=[], locations=[]))
    clinic = clinic_row(db_url)
    assert (clinic.status, clinic.consecutive_failures) == ("active", 0)


def test_moved_site_records_the_new_domain_and_keeps_data(db_url: str) -> None:
    crawl(db_url, snapshot())
    crawl(db_url, snapshot(status="moved", moved_to="new-clinic.example", reason="moved", pages=[], locations=[]))
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        assert clinic.moved_to == "new-clinic.example" and clinic.status == "active"
        assert len(session.exec(select(Page)).all()) == 1
        moved = session.exec(select(SiteCrawl).where(SiteCrawl.status == "moved")).one()
        assert moved.moved_to == "new-clinic.example"


def test_page_history_keeps_each_version_with_its_hash_and_text(db_url: str) -> None:
    crawl(db_url, snapshot(text="Version one."))
    crawl(db_url, snapshot(text="Version one."))
    crawl(db_url, snapshot(text="Version two."))
    with session_scope(db_url) as session:
        [page] = session.exec(select(Page)).all()
        assert page.id is not None
        versions = page_history(session, page_id=page.id)
        assert [v.text for v in versions] == ["Version one.", "Version two."]
        assert [v.content_hash for v in versions] == [str(hash("Version one.")), str(hash("Version two."))]
        assert versions[0].fetched_at <= versions[1].fetched_at == page.changed_at


def test_unchanged_pages_only_refresh_validators_and_keep_identity(db_url: str) -> None:
    crawl(db_url, snapshot())
    unchanged = PageIn("http://127.0.0.1:9/", None, "", b"", {}, "", 200, datetime.now(UTC), etag='"v1"',
                       unchanged=True)
    crawl(db_url, snapshot(pages=[unchanged], locations=[], name=None, identity_known=False))
    with session_scope(db_url) as session:
        [page] = session.exec(select(Page)).all()
        assert page.etag == '"v1"' and page.text.startswith("We offer IV")
        assert clinic_row(db_url).name == "Test Clinic"
        assert len(session.exec(select(Location)).all()) == 1
        assert len(session.exec(select(PageVersion)).all()) == 1
        last = session.exec(select(SiteCrawl).order_by(SiteCrawl.id.desc())).first()  # type: ignore[union-attr]
        assert last is not None and (last.pages, last.pages_changed) == (1, 0)
