"""Offline checks of the crawler's small rules: content, charsets, traps, sitemaps, failure reasons."""

from __future__ import annotations

import gzip

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, IgnoreRequest

from crawler.content import decode_html, is_html_type, looks_binary
from crawler.failures import describe_exception
from crawler.middlewares.same_site_redirect import OffsiteRedirect
from crawler.sitemaps import parse_lastmod, read_sitemap
from crawler.traps import TrapGuard, url_pattern
from crawler.urls import canonical_url


@pytest.mark.parametrize(("content_type", "html"), [
    ("text/html; charset=utf-8", True), (b"application/xhtml+xml", True), (None, True),
    ("image/png", False), ("application/pdf", False), ("text/plain", False),
])
def test_only_html_is_html(content_type: str | bytes | None, html: bool) -> None:
    assert is_html_type(content_type) is html


def test_binary_is_recognised_whatever_its_label() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert looks_binary(bytes(range(256)) * 4)
    assert not looks_binary("<p>Café, ñ, 東京</p>".encode())
    assert not looks_binary("\ufeff<p>hi</p>".encode("utf-16"))  # a BOM: text in UTF-16


@pytest.mark.parametrize(("body", "header", "expected"), [
    ("<p>Café</p>".encode(), "text/html; charset=iso-8859-1", "<p>Café</p>"),   # UTF-8 labelled Latin-1
    ("<p>Café</p>".encode("cp1252"), "text/html; charset=utf-8", "<p>Café</p>"),  # Windows-1252 labelled UTF-8
    ("<p>Café</p>".encode("latin-1"), "text/html; charset=iso-8859-1", "<p>Café</p>"),
    ("<meta charset='windows-1252'><p>“quoted”</p>".encode("cp1252"), None, "<meta charset='windows-1252'><p>“quoted”</p>"),
])
def test_wrong_or_missing_charsets_are_survived(body: bytes, header: str | None, expected: str) -> None:
    assert decode_html(body, header) == expected


def test_calendar_urls_share_a_shape_and_are_capped() -> None:
    assert url_pattern("http://h/calendar/2024/5?day=3") == url_pattern("http://h/calendar/1999/12?day=30")
    assert url_pattern("http://h/events/may-2024") == url_pattern("http://h/events/june-2031")
    guard = TrapGuard(per_pattern=3)
    verdicts = [guard.refuse(f"http://h/calendar/2024/{m}") for m in range(1, 7)]
    assert verdicts[:3] == [None, None, None] and all(verdicts[3:])


@pytest.mark.parametrize("url", [
    "http://h/a/b/a/b/a/b/",                       # looping path
    "http://h/" + "x/" * 12,                       # too deep
    "http://h/p?" + "&".join(f"k{i}=v" for i in range(8)),  # endless query string
    "http://h/" + "y" * 400,                       # too long
])
def test_trap_urls_are_refused(url: str) -> None:
    assert TrapGuard().refuse(url)


def test_session_ids_and_tracking_are_dropped_from_urls() -> None:
    assert canonical_url("http://h/a?PHPSESSID=1&jsessionid=2&sid=3&utm_medium=x&q=1#frag") == "http://h/a?q=1"


def test_sitemaps_and_indexes_are_read_and_junk_is_ignored() -> None:
    urlset = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              b"<url><loc>http://h/a</loc></url><url><loc> http://h/b </loc></url></urlset>")
    index = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             b"<sitemap><loc>http://h/s1.xml</loc></sitemap></sitemapindex>")
    assert read_sitemap(urlset).pages == ["http://h/a", "http://h/b"]
    assert read_sitemap(gzip.compress(urlset)).pages == ["http://h/a", "http://h/b"]
    assert read_sitemap(index).sitemaps == ["http://h/s1.xml"]
    for junk in (b"<html><body>Sorry, not found</body></html>", b"\x00\x01binary", b"", b"<<<"):
        assert not read_sitemap(junk).pages and not read_sitemap(junk).sitemaps


@pytest.mark.parametrize(("exception", "reason"), [
    (DownloadTimeoutError("Getting http://h/ took longer than 20.0 seconds."), "timed out after 20.0 s on http://h/"),
    (DownloadCancelledError("Received 6000000 bytes which is larger than download max size (5000000)"),
     "larger than the download cap of 5000000 bytes on http://h/"),
    (IgnoreRequest("Forbidden by robots.txt"), "forbidden by robots.txt on http://h/"),
    (IgnoreRequest("max redirections reached"), "redirect loop or chain too long on http://h/"),
    (OffsiteRedirect("https://new.example/"), "redirected to another domain: https://new.example/"),
])
def test_failure_reasons_read_plainly(exception: Exception, reason: str) -> None:
    assert describe_exception(exception, "http://h/") == reason


def test_backoff_doubles_a_sites_delay_on_overload_only() -> None:
    from types import SimpleNamespace

    from scrapy import Request
    from scrapy.exceptions import DownloadConnectionRefusedError
    from scrapy.http import Response
    from scrapy.settings import Settings
    from scrapy.statscollectors import MemoryStatsCollector

    from crawler.middlewares.backoff import BackoffMiddleware

    slot = SimpleNamespace(delay=0.0)
    crawler = SimpleNamespace(settings=Settings({"CLINICS_BACKOFF_START": 0.5, "CLINICS_BACKOFF_MAX": 3}),
                              engine=SimpleNamespace(downloader=SimpleNamespace(slots={"site": slot})))
    crawler.stats = MemoryStatsCollector(crawler)  # type: ignore[arg-type]
    middleware = BackoffMiddleware(crawler)  # type: ignore[arg-type]
    request = Request("http://h/", meta={"download_slot": "site"})
    delays = []
    for _ in range(4):
        middleware.process_response(request, Response("http://h/", status=503))
        delays.append(slot.delay)
    assert delays == [0.5, 1.0, 2.0, 3]  # doubled, capped
    middleware.process_response(request, Response("http://h/", status=404))
    middleware.process_exception(request, DownloadConnectionRefusedError())
    assert slot.delay == 3
    slot.delay = 0.0
    middleware.process_response(request, Response("http://h/", status=429, headers={"Retry-After": "2"}))
    assert slot.delay == 2.0


@pytest.mark.parametrize(
    ("text", "latest"),
    [
        ("2024-05-01", "2024-05-02T00:00:00+00:00"),  # the whole day
        ("2024-05-01T10:00Z", "2024-05-01T10:01:00+00:00"),  # the whole minute
        ("2024-05-01T10:00:05+02:00", "2024-05-01T08:00:06+00:00"),  # the whole second, in UTC
        ("2024-05-01T10:00:05.25Z", "2024-05-01T10:00:05.250000+00:00"),
        ("not a date", None),
        ("", None),
    ],
)
def test_sitemap_lastmod_is_read_as_the_latest_moment_it_allows(text: str, latest: str | None) -> None:
    moment = parse_lastmod(text)
    assert (moment.isoformat() if moment else None) == latest


def test_sitemap_lastmod_dates_are_kept_by_page() -> None:
    urlset = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
              b"<url><loc>http://h/a</loc><lastmod>2024-05-01</lastmod></url><url><loc>http://h/b</loc></url>"
              b"<url><loc>http://h/c</loc><lastmod>soon</lastmod></url></urlset>")
    assert set(read_sitemap(urlset).lastmod) == {"http://h/a"}
