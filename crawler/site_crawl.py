"""The base of site-bounded spiders: per-site frontier, page cap, and a site-done item.

Spiders subclass it and declare little more than their name. The base keeps, for each seed
site, the URLs scheduled, the requests still pending and the pages read, so that when the
last pending request of a site settles it can yield one `SiteItem` with the site's
consolidated identity (or why the site failed). Pipelines then write the site in one go.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from crawler.extract.identity import consolidate, site_key
from crawler.extract.page import PageExtract, extract_page
from crawler.items import PageItem, SiteItem
from crawler.seeds import Seed, read_seeds, seeds_from_urls
from crawler.urls import canonical_url, crawlable, relevance, same_site


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SiteState:
    """Book-keeping for one site during a crawl."""

    seed: Seed
    key: str
    started: float = field(default_factory=time.monotonic)
    started_at: datetime = field(default_factory=_now)
    scheduled: set[str] = field(default_factory=set)
    pending: int = 0
    pages: list[PageExtract] = field(default_factory=list)
    bytes: int = 0
    errors: int = 0
    reasons: list[str] = field(default_factory=list)
    hashes: set[str] = field(default_factory=set)
    done: bool = False


def describe_failure(failure: Failure) -> str:
    """A short, human-readable reason for a failed request."""
    exc = failure.value
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status", None):
        return f"HTTP {response.status} on {response.url}"
    name = type(exc).__name__
    if name == "IgnoreRequest" and "robots" in str(exc).lower():
        return "forbidden by robots.txt"
    text = str(exc).strip() or name
    return f"{name}: {text}"[:300]


class SiteCrawlSpider(scrapy.Spider):
    """Crawl each seed site within its own host, most relevant pages first, up to a cap."""

    link_extractor = LinkExtractor(unique=True, canonicalize=False)

    def __init__(
        self,
        seeds: list[Seed] | None = None,
        seeds_file: str | None = None,
        urls: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if seeds is None:
            seeds = read_seeds(Path(seeds_file)) if seeds_file else seeds_from_urls((urls or "").split(","))
        self.seeds = seeds
        self.sites: dict[str, SiteState] = {}

    # -- settings ---------------------------------------------------------------------
    @property
    def max_pages(self) -> int:
        return self.settings.getint("CLINICS_MAX_PAGES_PER_SITE", 25)

    @property
    def max_depth(self) -> int:
        return self.settings.getint("CLINICS_MAX_DEPTH", 3)

    # -- requests ---------------------------------------------------------------------
    async def start(self) -> AsyncIterator[scrapy.Request]:
        for seed in self.seeds:
            key = site_key(seed.homepage)
            if key in self.sites:
                self.logger.info("seed %s repeats site %s; crawled once", seed.homepage, key)
                continue
            state = self.sites[key] = SiteState(seed=seed, key=key)
            yield self._request(state, seed.homepage, depth=0, priority=100)

    def _request(self, state: SiteState, url: str, depth: int, priority: int) -> scrapy.Request:
        state.scheduled.add(canonical_url(url))
        state.pending += 1
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=priority,
            dont_filter=True,  # each site's own `scheduled` set dedupes, so the count stays exact
            meta={"site": state.key, "depth": depth, "download_slot": state.key},
        )

    # -- callbacks --------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Any]:
        state = self.sites[response.meta["site"]]
        state.pending -= 1
        yield from self._read(state, response)
        if state.pending == 0:
            yield self._finish(state)

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        state = self.sites[request.meta["site"]]
        state.pending -= 1
        state.errors += 1
        reason = describe_failure(failure)
        state.reasons.append(reason)
        self.logger.info("%s: %s", request.url, reason)
        if state.pending == 0:
            yield self._finish(state)

    def _read(self, state: SiteState, response: Response) -> Iterator[Any]:
        if not same_site(response.url, state.key):
            state.reasons.append(f"redirected off-site to {response.url}")
            return
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("clinics/skipped_not_html")
            return
        page = extract_page(response.text, response.url)
        state.bytes += len(response.body)
        if page.content_hash in state.hashes:
            return  # the same page under another URL ("/" and "/index.html")
        state.hashes.add(page.content_hash)
        state.pages.append(page)
        yield PageItem(
            site=state.key,
            url=response.url,
            status=response.status,
            title=page.title,
            text=page.text,
            html=response.body,
            structured=page.structured,
            content_hash=page.content_hash,
            fetched_at=_now(),
        )
        depth = response.meta.get("depth", 0)
        if depth >= self.max_depth:
            return
        links = sorted(
            self.link_extractor.extract_links(response),
            key=lambda link: -relevance(link.url, link.text),
        )
        for link in links:
            if len(state.scheduled) >= self.max_pages:
                break
            url = canonical_url(link.url)
            if url in state.scheduled or not crawlable(url) or not same_site(url, state.key):
                continue
            yield self._request(state, url, depth + 1, relevance(url, link.text))

    def _finish(self, state: SiteState) -> SiteItem:
        state.done = True
        ok = bool(state.pages)
        return SiteItem(
            site=state.key,
            seed_url=state.seed.homepage,
            seed_name=state.seed.name,
            fictional=state.seed.fictional,
            identity=consolidate(state.pages) if ok else None,
            status="ok" if ok else "failed",
            reason=None if ok else (state.reasons[0] if state.reasons else "no HTML page could be read"),
            pages=len(state.pages),
            bytes=state.bytes,
            errors=state.errors,
            error_reasons=state.reasons[:20],
            started_at=state.started_at,
            duration_s=round(time.monotonic() - state.started, 3),
        )
