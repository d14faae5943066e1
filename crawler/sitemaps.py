"""sitemap.xml: page URLs and nested sitemaps, read defensively (size-capped, gzip allowed)."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from scrapy.utils.sitemap import Sitemap

from directory.models import as_utc

MAX_SITEMAP_BYTES = 10_000_000


@dataclass
class SitemapContents:
    """What one sitemap document lists."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    lastmod: dict[str, datetime] = field(default_factory=dict)  # page URL -> when the site says it last changed


def parse_lastmod(text: str | None) -> datetime | None:
    """A sitemap `<lastmod>` (W3C datetime) as aware UTC, or None when absent or unreadable.

    The latest moment the value allows: a bare date counts as the end of that day, a time to the
    minute or second as the end of that minute or second. A page changed after a crawl, in the
    same day or second the crawl read it, is then never taken for unchanged.
    """
    text = (text or "").strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    moment = as_utc(moment)
    clock = text[11:].split("+")[0].split("-")[0].rstrip("Z")  # "10:00", "10:00:05" or "10:00:05.25"
    if "." not in clock:
        moment += timedelta(minutes=1) if clock.count(":") == 1 else timedelta(seconds=1)
    return moment


def _gunzip(body: bytes) -> bytes:
    try:
        return gzip.GzipFile(fileobj=io.BytesIO(body)).read(MAX_SITEMAP_BYTES)
    except (OSError, EOFError, zlib.error):
        return b""


def read_sitemap(body: bytes) -> SitemapContents:
    """The URLs a sitemap or sitemap index lists; empty for anything else (a soft-404 page...)."""
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body)
    if not body or b"<" not in body[:1000]:
        return SitemapContents()
    try:
        sitemap = Sitemap(body[:MAX_SITEMAP_BYTES])
    except Exception:  # lxml raises several types on markup that is not XML
        return SitemapContents()
    entries = [entry for entry in sitemap if entry.get("loc")]
    urls = [entry["loc"].strip() for entry in entries]
    if sitemap.type == "sitemapindex":
        return SitemapContents(sitemaps=urls)
    if sitemap.type == "urlset":
        dates = {entry["loc"].strip(): parse_lastmod(entry.get("lastmod")) for entry in entries}
        return SitemapContents(pages=urls, lastmod={url: when for url, when in dates.items() if when is not None})
    return SitemapContents()
