"""Re-crawls: conditional requests, unchanged pages skipped, changed pages versioned, and a
failed re-crawl that keeps what was known."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, select

from directory.db import session_scope
from directory.models import Clinic, Page, PageVersion, SiteCrawl
from tests.conftest import run_cli
from tests.crawler.hostile_web import HostileWeb, Reply, good_site, html, serve, write_seeds

pytestmark = pytest.mark.slow

ENV = {"CLINICS_PROGRESS_INTERVAL": "0", "CLINICS_RETRY_TIMES": "1"}


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    with serve([good_site("a", "Larimer Ketamine Clinic", "1420 Larimer St", "Denver", "CO", "80202",
                          "(303) 555-0142"),
                good_site("b", "Congress Avenue Ketamine", "500 Congress Ave", "Austin", "TX", "78701",
                          "(512) 555-0177")]) as web:
        yield web


def crawl(web: HostileWeb, db_url: str, tmp_path: Path) -> None:
    result = run_cli("crawl", "--seeds", str(write_seeds(tmp_path / "seeds.csv", web)), "--db", db_url,
                     "--delay", "0", env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]


def last_crawls(db_url: str) -> dict[str, SiteCrawl]:
    with session_scope(db_url) as session:
        latest = session.exec(select(SiteCrawl.run_id).order_by(col(SiteCrawl.run_id).desc())).first()
        rows = session.exec(select(SiteCrawl).where(SiteCrawl.run_id == latest)).all()
    return {row.seed_url: row for row in rows}


def test_unchanged_recrawl_sends_conditional_requests_and_changes_nothing(web: HostileWeb, db_url: str,
                                                                         tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    with session_scope(db_url) as session:
        first = {p.url: (p.content_hash, p.changed_at) for p in session.exec(select(Page)).all()}
    crawl(web, db_url, tmp_path)
    site = web.sites["a"]
    assert site.conditional >= 5 and site.not_modified >= 5
    crawls = last_crawls(db_url)
    assert all(c.status == "ok" and c.pages == 5 and c.pages_changed == 0 for c in crawls.values())
    with session_scope(db_url) as session:
        again = {p.url: (p.content_hash, p.changed_at) for p in session.exec(select(Page)).all()}
        assert again == first and len(session.exec(select(PageVersion)).all()) == len(first)
        assert {c.name for c in session.exec(select(Clinic)).all()} == {"Larimer Ketamine Clinic",
                                                                        "Congress Avenue Ketamine"}


def test_a_changed_page_gets_a_new_version_with_its_text(web: HostileWeb, db_url: str, tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    web.sites["a"].pages["/pricing"] = Reply(body=html("Pricing", "<p>Each IV infusion is now $475.</p>"))
    crawl(web, db_url, tmp_path)
    assert last_crawls(db_url)[web.url("a")].pages_changed == 1
    assert last_crawls(db_url)[web.url("b")].pages_changed == 0
    with session_scope(db_url) as session:
        page = session.exec(select(Page).where(Page.url == web.url("a") + "pricing")).one()
        versions = session.exec(select(PageVersion).where(PageVersion.page_id == page.id)
                                .order_by(col(PageVersion.id))).all()
        assert [("$450" in (v.text or ""), "$475" in (v.text or "")) for v in versions] == [(True, False),
                                                                                             (False, True)]
        assert versions[1].content_hash == page.content_hash and page.changed_at == versions[1].fetched_at
        clinic = session.exec(select(Clinic).where(Clinic.name == "Larimer Ketamine Clinic")).one()
        assert [p["usd"] for p in clinic.facts["prices"]] == [475]  # rescored from the changed page


def test_a_failed_recrawl_keeps_pages_scores_and_counts_the_failure(web: HostileWeb, db_url: str,
                                                                   tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    site = web.sites["a"]
    site.pages.clear()
    site.fallback = lambda path: Reply(503, b"down for maintenance")
    crawl(web, db_url, tmp_path)
    record = last_crawls(db_url)[web.url("a")]
    assert record.status == "failed" and "HTTP 503" in (record.reason or "")
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic).where(Clinic.name == "Larimer Ketamine Clinic")).one()
        assert (clinic.status, clinic.consecutive_failures, clinic.grade is not None) == ("active", 1, True)
        assert len(session.exec(select(Page).where(Page.clinic_id == clinic.id)).all()) == 5
