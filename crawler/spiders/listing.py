"""Discover candidate clinics on directory or association listing pages:
`clinics discover URL ...` (or `scrapy crawl listing -a urls=URL,URL`).

Each link from a listing page to another site is a candidate clinic homepage; pagination
links within the listing are followed up to the page cap. Candidates are stored for a
maintainer to accept; nothing is published unreviewed.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from crawler.content import decode_html
from crawler.extract.identity import site_key
from crawler.extract.page import page_links
from crawler.extract.text import parse_html
from crawler.items import CandidateItem
from crawler.urls import canonical_url

#: Sites that are never a clinic's own homepage.
PLATFORMS = re.compile(
    r"(?:^|\.)(?:facebook|fb|twitter|x|instagram|linkedin|youtube|youtu|tiktok|pinterest|google|goo|gstatic"
    r"|googleapis|apple|yelp|wikipedia|bit|tinyurl|zocdoc|healthgrades|vitals|webmd|psychologytoday"
    r"|doubleclick|wordpress|wix|squarespace|godaddy|w3|schema|gravatar|cloudflare|amazon)\.[a-z.]+$"
)
_NEXT = re.compile(r"^(?:next|more|older|›|»|>|\d{1,3})$|next page", re.I)
_PAGED = re.compile(r"[?&](?:page|p|pg|start|offset)=\d+|/page/\d+", re.I)
_GENERIC_ANCHOR = re.compile(r"^(?:website|visit(?: (?:site|website))?|learn more|more info|view|details|"
                             r"click here|here|link|www\..*|https?://.*)$", re.I)


def homepage_of(url: str) -> str:
    """The homepage (scheme://host/) of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}/"


def is_candidate(url: str, listing_site: str) -> bool:
    """A link to another site that could be a clinic's own homepage."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return (parts.scheme in {"http", "https"} and bool(host) and site_key(url) != listing_site
            and not PLATFORMS.search(host))


class ListingSpider(scrapy.Spider):
    """Reads listing pages and yields candidate clinic homepages."""

    name = "listing"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {"crawler.pipelines.store_candidates.StoreCandidatesPipeline": 500},
    }

    def __init__(self, urls: list[str] | str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.listing_urls = urls.split(",") if isinstance(urls, str) else list(urls or [])
        self.pages_read: dict[str, int] = {}
        self.seen: set[str] = set()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.listing_urls:
            self.seen.add(canonical_url(url))
            yield scrapy.Request(url, callback=self.parse, meta={"site": site_key(url)})

    def parse(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        site = response.meta["site"]
        self.pages_read[site] = self.pages_read.get(site, 0) + 1
        root = parse_html(decode_html(response.body, response.headers.get(b"Content-Type")))
        cap = self.settings.getint("CLINICS_MAX_PAGES_PER_SITE", 25)
        for url, text in page_links(root, response.url, limit=5000):
            if is_candidate(url, site):
                name = text if text and not _GENERIC_ANCHOR.match(text) else None
                yield CandidateItem(homepage_of(url), site_key(url), name, response.url)
            elif site_key(url) == site and (_NEXT.search(text) or _PAGED.search(url)):
                url = canonical_url(url)
                if url not in self.seen and len(self.seen) < cap * len(self.listing_urls):
                    self.seen.add(url)
                    yield scrapy.Request(url, callback=self.parse, meta={"site": site})
