"""Re-crawls guided by the sitemap's <lastmod>: stored pages dated before their last fetch are not
asked for again (within CLINICS_RECHECK_DAYS); changed, undated and stale pages still are."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from directory.db import session_scope
from directory.models import Page, PageVersion
from tests.conftest import run_cli
from tests.crawler.hostile_web import HostileWeb, Reply, Site, good_site, html, serve, write_seeds
from tests.crawler.test_recrawl import ENV, last_crawls

pytestmark = pytest.mark.slow

PAGES = ["/", "/about", "/pricing", "/treatments", "/contact"]
LONG_AGO = "2020-01-01"


def with_sitemap(site: Site, dates: dict[str, str]) -> Site:
    """Give the site a sitemap listing its pages with these <lastmod> dates (none for the others)."""
    entries = "".join(
        f"<url><loc>{{base}}{path}</loc>" + (f"<lastmod>{dates[path]}</lastmod>" if path in dates else "") + "</url>"
        for path in PAGES
    )
    site.pages["/sitemap.xml"] = Reply(
        body=f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        .encode(), headers={"Content-Type": "application/xml"})
    return site


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    site = good_site("a", "Larimer Ketamine Clinic", "1420 Larimer St", "Denver", "CO", "80202", "(303) 555-0142")
    with serve([with_sitemap(site, {path: LONG_AGO for path in PAGES})]) as web:
        yield web


def crawl(web: HostileWeb, db_url: str, tmp_path: Path, **env: str) -> None:
    result = run_cli("crawl", "--seeds", str(write_seeds(tmp_path / "seeds.csv", web)), "--db", db_url,
                     "--delay", "0", env={**ENV, **env})
    assert result.returncode == 0, result.stderr[-3000:]


def pages_asked(web: HostileWeb) -> set[str]:
    """Content pages the site was asked for since the requests were last cleared."""
    return {path.split("#")[0] for path in web.sites["a"].paths()} & set(PAGES)


def fetch_times(db_url: str) -> dict[str, datetime]:
    with session_scope(db_url) as session:
        return {page.url.split("/", 3)[3]: page.fetched_at for page in session.exec(select(Page)).all()}


def test_pages_the_sitemap_dates_before_their_last_fetch_are_not_asked_for(web: HostileWeb, db_url: str,
                                                                          tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    first = fetch_times(db_url)
    web.sites["a"].requests.clear()
    crawl(web, db_url, tmp_path)
    assert pages_asked(web) == {"/"}  # the homepage is always asked for, conditionally
    record = last_crawls(db_url)[web.url("a")]
    assert (record.status, record.pages, record.pages_changed) == ("ok", 5, 0)
    assert any("sitemap's date" in note for note in record.notes)
    again = fetch_times(db_url)
    assert again["about"] == first["about"]  # not fetched: its last fetch time stands
    assert again[""] > first[""]


def test_a_page_dated_after_its_last_fetch_is_asked_for_and_read(web: HostileWeb, db_url: str,
                                                                tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    site = web.sites["a"]
    site.pages["/pricing"] = Reply(body=html("Pricing", "<p>Each IV infusion is now $475.</p>"))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with_sitemap(site, {**{path: LONG_AGO for path in PAGES}, "/pricing": now})
    site.requests.clear()
    crawl(web, db_url, tmp_path)
    assert pages_asked(web) == {"/", "/pricing"}
    assert last_crawls(db_url)[web.url("a")].pages_changed == 1
    with session_scope(db_url) as session:
        assert any("$475" in (v.text or "") for v in session.exec(select(PageVersion)).all())


def test_undated_pages_and_pages_fetched_too_long_ago_are_asked_for(web: HostileWeb, db_url: str,
                                                                   tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    with_sitemap(web.sites["a"], {path: LONG_AGO for path in PAGES if path != "/treatments"})
    with session_scope(db_url) as session:
        about = session.exec(select(Page).where(Page.url == web.url("a") + "about")).one()
        about.fetched_at = datetime.now(UTC) - timedelta(days=30)
        session.add(about)
        session.commit()
    web.sites["a"].requests.clear()
    crawl(web, db_url, tmp_path)
    assert pages_asked(web) == {"/", "/treatments", "/about"}
    assert web.sites["a"].not_modified >= 2  # still conditional requests


def test_recheck_days_zero_asks_for_every_stored_page(web: HostileWeb, db_url: str, tmp_path: Path) -> None:
    crawl(web, db_url, tmp_path)
    web.sites["a"].requests.clear()
    crawl(web, db_url, tmp_path, CLINICS_RECHECK_DAYS="0")
    assert pages_asked(web) == set(PAGES)
