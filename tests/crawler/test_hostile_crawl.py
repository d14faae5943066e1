"""One crawl over the hostile corpus plus good sites: bounded, never crashing, complete for the
good sites, and every failure recorded with its reason."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlmodel import select

from crawler.traps import url_pattern
from directory.db import session_scope
from directory.models import Clinic, Location, Page, SiteCrawl
from tests.conftest import run_cli
from tests.crawler.hostile_web import (
    HostileWeb,
    hostile_sites,
    point_moved_site,
    serve,
    site_crawl,
    stored_paths,
    write_seeds,
)

pytestmark = pytest.mark.slow

MAX_PAGES = 15
CRAWL_ENV = {
    "CLINICS_DOWNLOAD_TIMEOUT": "3",
    "CLINICS_RETRY_TIMES": "1",
    "CLINICS_MAX_PAGES_PER_SITE": str(MAX_PAGES),
    "CLINICS_PROGRESS_INTERVAL": "0",
    "CLINICS_CONTACT_URL": "https://example.org/crawler-contact",
}
#: generous bound on the whole crawl: the slowest site needs 2 timeouts of 3 s for robots.txt
#: and 2 for its homepage, plus backoff
CRAWL_BOUND_S = 60


@dataclass
class Crawled:
    web: HostileWeb
    db_url: str
    seconds: float
    stderr: str


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp("hostile")
    db_url = f"sqlite:///{tmp / 'hostile.db'}"
    with serve(hostile_sites()) as web:
        point_moved_site(web, to="good-denver")
        started = time.monotonic()
        seeds = write_seeds(tmp / "seeds.csv", web, seen={"good-austin": "/ketamine-program"})
        result = run_cli("crawl", "--seeds", str(seeds), "--db", db_url,
                         "--delay", "0", env=CRAWL_ENV, timeout=CRAWL_BOUND_S * 2)
        seconds = time.monotonic() - started
        assert result.returncode == 0, result.stderr[-3000:]
        yield Crawled(web, db_url, seconds, result.stderr)


def test_the_crawl_finishes_within_its_bounds_without_crashing(crawled: Crawled) -> None:
    assert crawled.seconds < CRAWL_BOUND_S
    assert "Traceback" not in crawled.stderr and "ERROR" not in crawled.stderr
    with session_scope(crawled.db_url) as session:
        crawls = session.exec(select(SiteCrawl)).all()
    # exactly one record per seed
    assert sorted(c.seed_url for c in crawls) == sorted(site.url for site in crawled.web.sites.values())


def test_good_sites_are_complete(crawled: Crawled) -> None:
    assert stored_paths(crawled, "good-denver") == {"/", "/about", "/pricing", "/treatments", "/contact", "/insurance"}
    assert stored_paths(crawled, "good-austin") == {"/", "/about", "/pricing", "/treatments", "/contact",
                                                    "/ketamine-program"}  # linked nowhere: the seed's seen_url
    with session_scope(crawled.db_url) as session:
        clinic = session.exec(select(Clinic).where(Clinic.name == "Larimer Ketamine Clinic")).one()
        [location] = session.exec(select(Location).where(Location.clinic_id == clinic.id)).all()
        assert (location.street, location.zip, location.phone) == ("1420 Larimer St", "80202", "+13035550142")
        assert clinic.grade is not None


def test_a_page_only_the_sitemap_lists_is_found(crawled: Crawled) -> None:
    assert "/insurance" in stored_paths(crawled, "good-denver")
    assert "/sitemap.xml" in crawled.web.sites["good-denver"].paths()


def test_multi_location_clinic_gets_every_location_geocoded(crawled: Crawled) -> None:
    with session_scope(crawled.db_url) as session:
        clinic = session.exec(select(Clinic).where(Clinic.domain == crawled.web.url("multi-location")[7:-1])).one()
        locations = session.exec(select(Location).where(Location.clinic_id == clinic.id)).all()
    assert sorted((loc.city, loc.zip) for loc in locations) == [("Boise", "83702"), ("Spokane", "99201")]
    assert all(loc.lat is not None and loc.lon is not None for loc in locations)


@pytest.mark.parametrize(("slug", "reason"), [
    ("slow", "timed out after 3"),
    ("errors-500", "HTTP 500"),
    ("redirect-loop", "redirect loop"),
    ("robots-all", "forbidden by robots.txt"),
])
def test_failed_sites_are_recorded_with_their_reason(crawled: Crawled, slug: str, reason: str) -> None:
    record = site_crawl(crawled, slug)
    assert record.status == "failed" and reason in (record.reason or ""), record.reason
    assert record.clinic_id is None and not stored_paths(crawled, slug)


def test_robots_disallowing_all_means_only_robots_txt_is_fetched(crawled: Crawled) -> None:
    assert crawled.web.sites["robots-all"].paths() == ["/robots.txt"]


def test_a_homepage_redirecting_to_another_domain_is_recorded_as_moved_not_followed(crawled: Crawled) -> None:
    record = site_crawl(crawled, "moved")
    target = crawled.web.url("good-denver")[7:-1]
    assert (record.status, record.moved_to) == ("moved", target)
    # the redirect was not followed: the target site was fetched once per page, by its own seed
    assert max(Counter(crawled.web.sites["good-denver"].paths()).values()) == 1


def test_an_off_site_link_redirect_is_skipped_not_followed(crawled: Crawled) -> None:
    record = site_crawl(crawled, "good-austin")
    assert record.status == "ok"
    assert any("redirect to another domain" in note for note in record.notes)


def test_binary_and_non_html_are_not_stored(crawled: Crawled) -> None:
    notes = " ".join(site_crawl(crawled, "good-austin").notes)
    assert "binary data served as text/html" in notes and "not HTML (image/png)" in notes
    assert not {"/brochure", "/photo"} & stored_paths(crawled, "good-austin")


def test_a_50_mb_page_is_cut_off_and_recorded(crawled: Crawled) -> None:
    record = site_crawl(crawled, "huge")
    assert record.status == "ok" and stored_paths(crawled, "huge") == {"/"}
    assert any("larger than the download cap" in note for note in record.notes), record.notes
    assert record.bytes < 1_000_000


def test_wrong_charsets_are_read_correctly(crawled: Crawled) -> None:
    base = crawled.web.url("charset").rstrip("/")
    with session_scope(crawled.db_url) as session:
        texts = {p.url[len(base):]: p.text for p in session.exec(select(Page).where(
            Page.url.startswith(base))).all()}  # type: ignore[attr-defined]
    assert "Café São Paulo infusión." in texts["/"]
    assert "Atención en español en el Café." in texts["/es"]


def test_malformed_html_is_read(crawled: Crawled) -> None:
    assert site_crawl(crawled, "malformed").status == "ok"
    base = crawled.web.url("malformed").rstrip("/")
    with session_scope(crawled.db_url) as session:
        page = session.exec(select(Page).where(Page.url == base + "/")).one()
    assert "We offer IV ketamine infusions." in page.text


def test_an_infinite_calendar_is_bounded(crawled: Crawled) -> None:
    record = site_crawl(crawled, "calendar")
    paths = crawled.web.sites["calendar"].paths()
    assert record.status == "ok" and len(stored_paths(crawled, "calendar")) <= MAX_PAGES
    shapes = Counter(url_pattern(p) for p in paths if p.startswith("/calendar/"))
    assert shapes and max(shapes.values()) <= 10, shapes  # CLINICS_MAX_URLS_PER_PATTERN
    assert any("link trap" in note for note in record.notes)


def test_soft_404_pages_are_dropped_and_real_pages_kept(crawled: Crawled) -> None:
    record = site_crawl(crawled, "soft-404")
    assert stored_paths(crawled, "soft-404") == {"/", "/about", "/pricing"}
    assert any("soft 404" in note for note in record.notes)


def test_a_page_of_100000_links_stays_within_the_page_cap(crawled: Crawled) -> None:
    record = site_crawl(crawled, "many-links")
    fetched = [p for p in crawled.web.sites["many-links"].paths() if p.startswith("/p/")]
    # each link has its own URL shape, so the trap rule never applies: the page cap alone stops the crawl
    assert len({url_pattern(p) for p in fetched}) == len(fetched) == MAX_PAGES - 1  # and the homepage
    assert record.status == "ok" and record.pages == MAX_PAGES
    assert any("links past the page cap" in note for note in record.notes), record.notes
    assert not any("link trap" in note for note in record.notes), record.notes


def test_per_site_concurrency_and_user_agent_hold_on_the_server_side(crawled: Crawled) -> None:
    for slug, site in crawled.web.sites.items():
        record = site_crawl(crawled, slug)
        # a server thread outlives a request the crawler gave up on (timed out): those sites are not counted
        timed_out = any("timed out" in line for line in [record.reason or "", *record.notes])
        assert timed_out or site.max_in_flight <= 2, slug  # CLINICS_CONCURRENT_PER_SITE
        assert all("https://example.org/crawler-contact" in agent for _, agent in site.requests), site.slug
