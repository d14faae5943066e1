"""A crawl's bounds, seen from the served sites: depth cap, page cap with relevant pages first,
soft 404s by redirect, the per-site time budget, the progress line and the crawl report."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.crawler.hostile_web import STOP, HostileWeb, Reply, Site, html, serve, site_crawl, stored_paths, write_seeds

pytestmark = pytest.mark.slow

BOUNDED_ENV = {
    "CLINICS_MAX_PAGES_PER_SITE": "3",
    "CLINICS_MAX_DEPTH": "1",
    "CLINICS_RETRY_TIMES": "0",
    "CLINICS_DOWNLOAD_TIMEOUT": "5",
    "CLINICS_PROGRESS_INTERVAL": "0.2",
}
BUDGET_S = 2.0
SLOW_PAGE_S = 1.0
ROOMS = [f"/room-{letter}" for letter in "abcdefghijklmnop"]  # letters: one URL shape each, no trap
PROGRESS = re.compile(r"^crawl: (\d+)/(\d+) sites done \((\d+) failed\), (\d+) pages, (\d+) errors, "
                      r"(\d+\.\d) pages/s, \d+m\d\ds$")


@dataclass
class Crawl:
    web: HostileWeb
    db_url: str
    stderr: str


def links(*targets: tuple[str, str]) -> str:
    return "<nav>" + " ".join(f'<a href="{href}">{text}</a>' for href, text in targets) + "</nav>"


def template_page(body: str) -> bytes:
    """A page whose shared navigation and footer outweigh its own text, as on many clinic sites."""
    nav = links(("/pricing", "Pricing"), ("/old-page", "Our old page")) + (
        "<p>Patient stories. Conditions we treat. Insurance and payment. Ketamine infusions. Spravato.</p>")
    footer = ("<p>Mountain Peak Ketamine Clinic, 2100 Broadway, Boulder, CO 80302. Call (303) 555-0199. Open Monday "
              "to Friday, 8am to 6pm. Our physicians are board certified; infusions are monitored by registered "
              "nurses. Copyright 2024 Mountain Peak Ketamine Clinic.</p>")
    return html("Mountain Peak Ketamine", f"{nav}{body}{footer}")


def bounded_sites() -> list[Site]:
    return [
        Site("deep", {
            "/": Reply(body=html("Deep Ketamine", "<p>IV ketamine.</p>" + links(("/about", "About us")))),
            "/about": Reply(body=html("About", "<p>Our team.</p>" + links(("/team", "Meet the team")))),
            "/team": Reply(body=html("Team", "<p>Dr. Roe.</p>" + links(("/pricing", "Pricing")))),
        }),
        Site("relevant", {
            "/": Reply(body=html("Relevant Ketamine", "<p>IV ketamine.</p>" + links(
                ("/blog/2024/first-post", "Read our first post"), ("/blog/news", "News from the blog"),
                ("/pricing", "Pricing"), ("/our-team", "Meet our team"), ("/blog/archive", "Blog archive")))),
            **{path: Reply(body=html(path, f"<p>The page {path}.</p>"))
               for path in ["/pricing", "/our-team", "/blog/2024/first-post", "/blog/news", "/blog/archive"]},
        }),
        Site("redirect-home", {
            "/": Reply(body=template_page("<h1>Welcome</h1><p>Relief starts here.</p>")),
            "/pricing": Reply(body=template_page("<h1>Pricing</h1><p>Each infusion is $450.</p>")),
        }, fallback=lambda path: Reply(302, b"", {"Location": "/"})),
        Site("redirect-not-found", {
            "/": Reply(body=html("Lost Ketamine", "<p>IV ketamine.</p>" + links(("/about", "About"),
                                                                               ("/gone", "Gone")))),
            "/about": Reply(body=html("About", "<p>Twenty years of anesthesia.</p>")),
            "/not-found": Reply(body=html("Not found", "<p>Sorry, that page could not be found.</p>")),
        }, fallback=lambda path: Reply(302, b"", {"Location": "/not-found"})),
        Site("errors", {"/": Reply(body=html("Error Ketamine", "<p>IV ketamine.</p>" + links(("/pricing", "Pricing"))))},
             fallback=lambda path: Reply(500, b"<h1>Internal Server Error</h1>") if path == "/pricing" else None),
    ]


def slow_page(seconds: float, body: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """A page that takes `seconds` to answer."""
    def answer(handler: BaseHTTPRequestHandler) -> None:
        STOP.wait(seconds)
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return answer


def run_crawl(web: HostileWeb, tmp: Path, env: dict[str, str]) -> Crawl:
    db_url = f"sqlite:///{tmp / 'clinics.db'}"
    result = run_cli("crawl", "--seeds", str(write_seeds(tmp / "seeds.csv", web)), "--db", db_url, "--delay", "0",
                     "--no-score", env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return Crawl(web, db_url, result.stderr)


@pytest.fixture(scope="module")
def bounded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with serve(bounded_sites()) as web:
        yield run_crawl(web, tmp_path_factory.mktemp("bounded"), BOUNDED_ENV)


@pytest.fixture(scope="module")
def budgeted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    rooms = links(*[(path, f"Room {path[-1]}") for path in ROOMS])
    site = Site("slow-pages", {"/": Reply(body=html("Slow Ketamine", f"<p>IV ketamine.</p>{rooms}"))},
                stream={path: slow_page(SLOW_PAGE_S, html(path, f"<p>{path}</p>")) for path in ROOMS})
    with serve([site]) as web:
        yield run_crawl(web, tmp_path_factory.mktemp("budget"),
                        {"CLINICS_MAX_SITE_SECONDS": str(BUDGET_S), "CLINICS_PROGRESS_INTERVAL": "0"})


def requested_pages(crawl: Crawl, slug: str) -> set[str]:
    """Paths the site served, without robots.txt, the sitemap and the made-up soft-404 probe."""
    return {path for path in crawl.web.sites[slug].paths()
            if path not in {"/robots.txt", "/sitemap.xml"} and not path.endswith("-no-such-page")}


def test_pages_beyond_the_depth_cap_are_not_fetched(bounded: Crawl) -> None:
    # the page cap (3) would allow /team: the depth cap (1) is what stops it
    assert requested_pages(bounded, "deep") == {"/", "/about"}
    assert "skipped 1: links beyond the depth cap" in site_crawl(bounded, "deep").notes


def test_the_page_cap_goes_to_relevant_pages_before_the_blog(bounded: Crawl) -> None:
    # the homepage lists two blog links first; with a cap of 3 pages the pricing and team pages win
    assert requested_pages(bounded, "relevant") == {"/", "/pricing", "/our-team"}
    assert stored_paths(bounded, "relevant") == {"/", "/pricing", "/our-team"}
    assert any("links past the page cap" in note for note in site_crawl(bounded, "relevant").notes)


def test_a_site_redirecting_missing_pages_home_keeps_its_real_pages(bounded: Crawl) -> None:
    # the pricing page shares so much navigation and footer with the homepage that, had the
    # homepage become the "not found" fingerprint, it would have been dropped as a soft 404
    assert stored_paths(bounded, "redirect-home") == {"/", "/pricing"}
    assert "/old-page" in requested_pages(bounded, "redirect-home")
    notes = site_crawl(bounded, "redirect-home").notes
    assert "skipped 1: soft 404: the site redirects pages that do not exist to /" in notes
    assert "skipped 1: soft-404 pages" in notes  # /old-page, redirected home


def test_a_site_redirecting_missing_pages_to_a_not_found_page_never_stores_it(bounded: Crawl) -> None:
    assert stored_paths(bounded, "redirect-not-found") == {"/", "/about"}
    assert "/gone" in requested_pages(bounded, "redirect-not-found")
    notes = site_crawl(bounded, "redirect-not-found").notes
    assert "skipped 1: soft 404: the site answers 200 for pages that do not exist" in notes
    assert "skipped 1: soft-404 pages" in notes


def test_the_progress_line_counts_sites_pages_errors_and_rate(bounded: Crawl) -> None:
    lines = [line for line in bounded.stderr.splitlines() if line.startswith("crawl: ")]
    assert lines and all(PROGRESS.match(line) for line in lines), lines
    done, total, failed, pages, errors, rate = PROGRESS.match(lines[-1]).groups()  # type: ignore[union-attr]
    # deep 2 pages, relevant 3, redirect-home 2, redirect-not-found 2, errors 1 (and its HTTP 500)
    assert (done, total, failed, pages, errors) == ("5", "5", "0", "10", "1")
    assert float(rate) > 0


def test_clinics_report_lists_each_site_with_its_counts_and_notes(bounded: Crawl) -> None:
    result = run_cli("report", "--db", bounded.db_url)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "5 ok, 0 failed of 5 seeds, 10 pages" in out.splitlines()[0]
    row = next(line for line in out.splitlines() if line.endswith(bounded.web.url("errors")))
    status, pages, changed, _kb, errors, _secs, _site = row.split()
    assert (status, pages, changed, errors) == ("ok", "1", "1", "1")
    assert "- HTTP 500 on " + bounded.web.url("errors") + "pricing" in out
    assert "- skipped 1: links beyond the depth cap" in out


def test_a_slow_site_stops_at_its_time_budget_with_the_reason_recorded(budgeted: Crawl) -> None:
    served = [path for path in budgeted.web.sites["slow-pages"].paths() if path.startswith("/room-")]
    site = site_crawl(budgeted, "slow-pages")
    # all 16 links were scheduled at once; two at a time, only those begun within the budget go out
    assert len(served) <= 2 * (BUDGET_S / SLOW_PAGE_S + 1), served
    assert site.status == "ok" and 1 + len(served) >= site.pages >= 2
    assert any("requests dropped after the site's time budget" in note for note in site.notes), site.notes
    assert site.duration_s < BUDGET_S + 2 * SLOW_PAGE_S + 1


def test_per_site_concurrency_holds_on_slow_pages_without_a_delay(budgeted: Crawl) -> None:
    # `--delay 0`: Scrapy alone would send every queued request of the site at once (crawler.run)
    assert budgeted.web.sites["slow-pages"].max_in_flight <= 2  # CLINICS_CONCURRENT_PER_SITE
