"""sitemap.xml: page URLs and nested sitemaps, read defensively (size-capped, gzip allowed)."""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass, field

from scrapy.utils.sitemap import Sitemap

MAX_SITEMAP_BYTES = 10_000_000


@dataclass
class SitemapContents:
    """What one sitemap document lists."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


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
    urls = [entry["loc"].strip() for entry in sitemap if entry.get("loc")]
    if sitemap.type == "sitemapindex":
        return SitemapContents(sitemaps=urls)
    if sitemap.type == "urlset":
        return SitemapContents(pages=urls)
    return SitemapContents()
