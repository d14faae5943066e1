"""The base of site-bounded spiders: per-site frontier, caps, and a site-done item.

Spiders subclass it and declare little more than their name. For each seed site the base
keeps the URLs scheduled, the requests still pending and the pages read; when the last
pending request of a site settles it yields one `SiteItem` with the site's consolidated
identity (or why the site failed), and pipelines write the site in one go.

Per site it fetches the homepage and its sitemap, then links and sitemap URLs, most relevant
first, within the page, depth, trap and time bounds; before the first page never stored
before, a made-up URL tells whether the site answers 200 for pages that do not exist. Pages
stored by an earlier crawl are asked for conditionally (ETag, Last-Modified) and skipped
when unchanged; those whose sitemap `<lastmod>` is older than their last fetch (itself within
CLINICS_RECHECK_DAYS) are not asked for at all.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import StopDownload
from scrapy.http import Headers, Response, TextResponse
from twisted.python.failure import Failure

from crawler.content import decode_html, is_html_type, looks_binary, media_type
from crawler.extract.identity import consolidate, site_key
from crawler.extract.page import PageExtract, extract_page
from crawler.extract.text import parse_html, visible_text
from crawler.failures import describe_failure
from crawler.items import PageItem, SiteItem
from crawler.middlewares.same_site_redirect import OffsiteRedirect
from crawler.middlewares.site_budget import OverBudget
from crawler.seeds import Seed, read_seeds, seeds_from_urls
from crawler.site_state import SiteState
from crawler.sitemaps import read_sitemap
from crawler.soft404 import probe_url, read_probe
from crawler.traps import TrapGuard
from crawler.urls import canonical_url, crawlable, relevance, same_site
from directory.db import session_scope
from directory.models import utcnow
from directory.page_store import KnownPage, known_pages, stored_html

MAX_STORED_LINKS = 200
_NOT_REDIRECTS = [*range(200, 300), *range(400, 600)]  # probes and sitemaps see every answer but redirects
PAGE = "page"
PROBE = "probe"
SITEMAP = "sitemap"


class SiteCrawlSpider(scrapy.Spider):
    """Crawl each seed site within its own host, most relevant pages first, up to its caps."""

    def __init__(
        self,
        seeds: list[Seed] | None = None,
        seeds_file: str | None = None,
        urls: str | None = None,
        sites_done_before: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sites_done_before = sites_done_before  # by an earlier attempt of a resumed run
        if seeds is None:
            seeds = read_seeds(Path(seeds_file)) if seeds_file else seeds_from_urls((urls or "").split(","))
        self.seeds = seeds
        self.sites: dict[str, SiteState] = {}
        self.robots_sitemaps: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteCrawlSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.headers_received, signal=signals.headers_received)
        crawler.signals.connect(spider.robots_parsed, signal=signals.robots_parsed)
        return spider

    # -- settings ---------------------------------------------------------------------
    def _setting(self, name: str, default: int) -> int:
        return self.settings.getint(name, default)

    @property
    def max_pages(self) -> int:
        return self._setting("CLINICS_MAX_PAGES_PER_SITE", 25)

    @property
    def max_depth(self) -> int:
        return self._setting("CLINICS_MAX_DEPTH", 3)

    @property
    def recheck_after(self) -> timedelta | None:
        """How long a sitemap's word that a page is unchanged is trusted (None: never)."""
        days = self.settings.getfloat("CLINICS_RECHECK_DAYS", 0)
        return timedelta(days=days) if days > 0 else None

    @property
    def site_budget(self) -> float:
        """Seconds a site may take (0: no limit); see crawler.middlewares.site_budget."""
        return self.settings.getfloat("CLINICS_MAX_SITE_SECONDS", 0)

    # -- signals ----------------------------------------------------------------------
    def headers_received(self, headers: Headers, body_length: int, request: scrapy.Request, **_: Any) -> None:
        """Stop a page download at its headers when it announces something other than HTML."""
        if request.meta.get("kind") == PAGE and not is_html_type(headers.get(b"Content-Type")):
            raise StopDownload(fail=False)

    def robots_parsed(self, robotparser: Any, request: scrapy.Request, **_: Any) -> None:
        """Remember the sitemaps a site's robots.txt declares."""
        sitemaps = getattr(getattr(robotparser, "rp", None), "sitemaps", None)
        if sitemaps is not None:
            self.robots_sitemaps[site_key(request.url)] = list(sitemaps)

    # -- requests ---------------------------------------------------------------------
    def _known_pages(self, keys: list[str]) -> dict[str, dict[str, KnownPage]]:
        database_url = self.settings.get("CLINICS_DATABASE_URL")
        if not database_url or not self.settings.getbool("CLINICS_CONDITIONAL_REQUESTS", True):
            return {}
        with session_scope(database_url) as session:
            return known_pages(session, domains=keys)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        keys = list(dict.fromkeys(site_key(seed.homepage) for seed in self.seeds))
        known = self._known_pages(keys)
        per_pattern = self._setting("CLINICS_MAX_URLS_PER_PATTERN", 10)
        for seed in self.seeds:
            key = site_key(seed.homepage)
            if key in self.sites:
                self.logger.info("seed %s repeats site %s; crawled once", seed.homepage, key)
                continue
            state = self.sites[key] = SiteState(seed=seed, key=key, known=known.get(key, {}),
                                                traps=TrapGuard(per_pattern))
            state.scheduled.add(canonical_url(seed.homepage))
            yield self._request(state, seed.homepage, depth=0, priority=100)

    def _request(self, state: SiteState, url: str, *, depth: int, priority: int, kind: str = PAGE,
                 **meta: Any) -> scrapy.Request:
        state.pending += 1
        headers = {}
        known = state.known.get(canonical_url(url)) if kind == PAGE else None
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        if self.site_budget:
            meta["site_deadline"] = state.started + self.site_budget
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.page_failed,
            priority=priority,
            headers=headers,
            dont_filter=True,  # each site's own `scheduled` set dedupes, so the count stays exact
            meta={"site": state.key, "depth": depth, "kind": kind, "download_slot": state.key,
                  "handle_httpstatus_list": [304] if kind == PAGE else _NOT_REDIRECTS, **meta},
        )

    def _follow(self, state: SiteState, links: list[tuple[str, int]], depth: int,
                source: str) -> Iterator[scrapy.Request]:
        """Schedule links (url, priority) found on `source` at `depth`, within the site's bounds.

        Links to pages never stored before wait for the soft-404 probe, which the first of them
        sends; pages an earlier crawl stored go ahead (an unchanged re-crawl sends no probe).
        """
        links = [link for link in links if link[0] not in state.scheduled]
        if not links:
            return
        if depth > self.max_depth:
            state.skip("links beyond the depth cap")
            return
        if self.site_budget and state.elapsed() > self.site_budget:
            state.skip("links after the site's time budget")
            return
        if state.known and state.sitemaps_pending and self.recheck_after:
            stored = [link for link in links if link[0] in state.known]
            if stored:
                state.held_for_sitemap.append((stored, depth, source))
                links = [link for link in links if link[0] not in state.known]
        if not state.probe_settled:
            new = [link for link in links if link[0] not in state.known]
            if new:
                state.held_links.append((new, depth, source))
                if not state.probe_requested:
                    state.probe_requested = True
                    yield self._probe(state, source)
            links = [link for link in links if link[0] in state.known]
        for url, priority in sorted(links, key=lambda link: -link[1]):
            if len(state.scheduled) >= self.max_pages:
                state.skip("links past the page cap")
                break
            if url in state.scheduled:  # listed twice on the page
                continue
            if trap := state.traps.refuse(url):
                state.skip(f"link trap ({trap})")
                continue
            state.scheduled.add(url)
            if (known := self._unchanged_by_sitemap(state, url)) is not None:
                yield from self._confirmed(state, known, depth)
                continue
            request = self._request(state, url, depth=depth, priority=priority)
            request.headers.setdefault("Referer", source)
            yield request

    def _unchanged_by_sitemap(self, state: SiteState, url: str) -> KnownPage | None:
        """The stored page, when the sitemap dates it before its last fetch and that fetch is recent."""
        known = state.known.get(url)
        changed = state.sitemap_dates.get(url)
        recheck = self.recheck_after
        if known is None or changed is None or known.fetched_at is None or recheck is None:
            return None
        if changed <= known.fetched_at and utcnow() - known.fetched_at <= recheck:
            return known
        return None

    def _confirmed(self, state: SiteState, known: KnownPage, depth: int) -> Iterator[Any]:
        """A page taken as unchanged without asking for it: counted, kept as stored, its links walked."""
        state.skip("requests spared: unchanged since the last fetch by the sitemap's date")
        item = PageItem(site=state.key, url=known.url, status=200, title=None, text="", html=b"", structured={},
                        content_hash=known.content_hash, fetched_at=utcnow(), body_hash=known.body_hash,
                        etag=known.etag, last_modified=known.last_modified, unchanged=True, fetched=False)
        yield from self._keep_stored(state, known, item, depth)

    def _keep_stored(self, state: SiteState, known: KnownPage, item: PageItem, depth: int) -> Iterator[Any]:
        """An unchanged page: counted, its stored version kept, its stored links walked."""
        state.unchanged_urls.append(known.url)
        state.hashes.add(known.content_hash)
        state.page_items.append(item)
        yield from self._follow(state, [(url, priority) for url, priority in known.links], depth + 1, known.url)

    def _site_links(self, state: SiteState, links: list[tuple[str, str]]) -> list[tuple[str, int]]:
        found: dict[str, int] = {}
        for raw, text in links:
            url = canonical_url(raw)
            if url not in found and crawlable(url) and same_site(url, state.key):
                found[url] = relevance(url, text)
        return list(found.items())

    def _probe(self, state: SiteState, source: str) -> scrapy.Request:
        """A made-up URL of the site: how the site answers for pages that do not exist."""
        return self._request(state, probe_url(source), depth=0, priority=90, kind=PROBE, dont_retry=True)

    def _after_homepage(self, state: SiteState, response: Response) -> Iterator[scrapy.Request]:
        """The seed's known page and the sitemaps, once the homepage has answered."""
        base = "/".join(response.url.split("/", 3)[:3])
        seen = state.seed.seen_url
        if seen and same_site(seen, state.key):  # a page known to matter (a big hospital site's ketamine page)
            yield from self._follow(state, [(seen, 60)], 1, response.url)
        declared = [u for u in self.robots_sitemaps.get(state.key, []) if same_site(u, state.key)]
        for url in (declared or [f"{base}/sitemap.xml"])[:2]:
            state.sitemaps_requested += 1
            yield self._request(state, url, depth=1, priority=80, kind=SITEMAP, dont_retry=True)

    # -- callbacks --------------------------------------------------------------------
    def parse_page(self, response: Response) -> Iterator[Any]:
        state = self.sites[response.meta["site"]]
        state.pending -= 1
        kind = response.meta.get("kind", PAGE)
        if kind == PROBE:
            yield from self._read_probe(state, response)
        elif kind == SITEMAP:
            yield from self._read_sitemap(state, response)
        else:
            yield from self._read(state, response)
        if state.pending == 0:
            yield self._finish(state)

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        state = self.sites[request.meta["site"]]
        state.pending -= 1
        kind = request.meta.get("kind", PAGE)
        if isinstance(failure.value, OverBudget):
            state.skip("requests dropped after the site's time budget")
            if kind == PROBE:
                yield from self._settle_probe(state)
            elif kind == SITEMAP:
                yield from self._settle_sitemap(state)
        elif kind == PROBE:
            yield from self._settle_probe(state)
        elif kind == SITEMAP:
            state.skip("unreadable sitemap")
            yield from self._settle_sitemap(state)
        elif isinstance(failure.value, OffsiteRedirect) and request.meta.get("depth") == 0:
            state.moved_to = failure.value.target_site
            state.fail(describe_failure(failure))
        elif isinstance(failure.value, OffsiteRedirect):
            state.skip("links that redirect to another domain")
        else:
            reason = describe_failure(failure)
            state.fail(reason)
            self.logger.info("%s: %s", request.url, reason)
        if state.pending == 0:
            yield self._finish(state)

    def _read_probe(self, state: SiteState, response: Response) -> Iterator[scrapy.Request]:
        if response.status == 200 and isinstance(response, TextResponse) and not looks_binary(response.body):
            root = parse_html(decode_html(response.body, response.headers.get(b"Content-Type")))
            state.not_found = read_probe(
                canonical_url(response.url), visible_text(root), redirected=bool(response.meta.get("redirect_urls")),
                real_urls=state.scheduled, real_pages=[(page.url, page.text) for page in state.pages],
            )
            if note := state.not_found.note():
                state.skip(note)
        yield from self._settle_probe(state)

    def _settle_probe(self, state: SiteState) -> Iterator[scrapy.Request]:
        state.probe_settled = True
        held, state.held_links = state.held_links, []
        for links, depth, source in held:
            yield from self._follow(state, links, depth, source)

    def _read_sitemap(self, state: SiteState, response: Response) -> Iterator[scrapy.Request]:
        if response.status == 200:
            contents = read_sitemap(response.body)
            for url in contents.sitemaps:
                if (state.sitemaps_requested < self._setting("CLINICS_MAX_SITEMAPS", 3)
                        and same_site(url, state.key)):
                    state.sitemaps_requested += 1
                    yield self._request(state, url, depth=1, priority=80, kind=SITEMAP, dont_retry=True)
            for url, changed in contents.lastmod.items():
                state.sitemap_dates[canonical_url(url)] = changed
            links = [(url, relevance(url)) for url in dict.fromkeys(map(canonical_url, contents.pages))
                     if crawlable(url) and same_site(url, state.key)]
            yield from self._follow(state, links, 1, response.url)
        yield from self._settle_sitemap(state)

    def _settle_sitemap(self, state: SiteState) -> Iterator[Any]:
        """One sitemap has answered; once all have, the stored pages held for their dates go ahead."""
        state.sitemaps_settled += 1
        if state.sitemaps_pending:
            return
        held, state.held_for_sitemap = state.held_for_sitemap, []
        for links, depth, source in held:
            yield from self._follow(state, links, depth, source)

    def _unchanged(self, state: SiteState, response: Response, known: KnownPage) -> Iterator[Any]:
        item = self._page_item(state, response, known.url, unchanged=True)
        yield from self._keep_stored(state, known, item, response.meta.get("depth", 0))

    def _read(self, state: SiteState, response: Response) -> Iterator[Any]:
        depth = response.meta.get("depth", 0)
        url = canonical_url(response.url)
        state.scheduled.add(url)  # a redirect target is not fetched a second time
        if not same_site(response.url, state.key):
            state.skip("pages that ended off-site")
            return
        if depth == 0:
            yield from self._after_homepage(state, response)
        state.bytes += len(response.body)
        known = state.known.get(url)
        if response.status == 304:
            if known is not None:
                yield from self._unchanged(state, response, known)
            return
        content_type = response.headers.get(b"Content-Type")
        if not isinstance(response, TextResponse) or not is_html_type(content_type):
            state.skip(f"not HTML ({media_type(content_type) or 'unknown type'})")
            return
        if looks_binary(response.body):
            state.skip("binary data served as text/html")
            return
        body_hash = hashlib.sha256(response.body).hexdigest()
        if known is not None and known.body_hash == body_hash:
            yield from self._unchanged(state, response, known)
            return
        page = extract_page(decode_html(response.body, content_type), response.url)
        if depth > 0 and state.not_found.matches(page.text, url, redirected=bool(response.meta.get("redirect_urls"))):
            state.skip("soft-404 pages")
            return
        if page.content_hash in state.hashes:
            state.skip("duplicate pages (same text under another URL)")
            return
        state.hashes.add(page.content_hash)
        state.pages.append(page)
        links = self._site_links(state, page.links)
        state.page_items.append(self._page_item(state, response, url, page=page, body_hash=body_hash, links=links))
        yield from self._follow(state, links, depth + 1, response.url)

    def _page_item(self, state: SiteState, response: Response, url: str, *, page: PageExtract | None = None,
                   body_hash: str | None = None, links: list[tuple[str, int]] | None = None,
                   unchanged: bool = False) -> PageItem:
        headers = response.headers
        return PageItem(
            site=state.key,
            url=url,
            status=response.status,
            title=page.title if page else None,
            text=page.text if page else "",
            html=response.body if page else b"",
            structured=page.structured if page else {},
            content_hash=page.content_hash if page else "",
            fetched_at=utcnow(),
            body_hash=body_hash,
            etag=(headers.get(b"ETag") or b"").decode("latin-1") or None,
            last_modified=(headers.get(b"Last-Modified") or b"").decode("latin-1") or None,
            links=[[u, p] for u, p in sorted(links or [], key=lambda link: -link[1])[:MAX_STORED_LINKS]],
            unchanged=unchanged,
        )

    # -- the end of a site ----------------------------------------------------------------
    def _all_extracts(self, state: SiteState) -> list[PageExtract]:
        """This crawl's pages plus the stored versions of the unchanged ones."""
        extracts = list(state.pages)
        database_url = self.settings.get("CLINICS_DATABASE_URL")
        if state.unchanged_urls and database_url:
            with session_scope(database_url) as session:
                stored = stored_html(session, domain=state.key, urls=state.unchanged_urls)
            extracts += [extract_page(decode_html(html, None), url) for url, html in stored.items()]
        return extracts

    def _finish(self, state: SiteState) -> SiteItem:
        item = self._site_item(state)
        state.release()
        return item

    def _site_item(self, state: SiteState) -> SiteItem:
        state.done = True
        ok = state.page_count > 0
        identity_known = bool(state.pages)  # nothing new read: the stored identity stands
        if ok:
            status, reason = "ok", None
        elif state.moved_to:
            status, reason = "moved", f"the homepage redirects to another domain: {state.moved_to}"
        elif state.reasons:
            status, reason = "failed", state.reasons[0]
        else:
            notes = state.notes()
            status, reason = "failed", "no HTML page could be read" + (f" ({notes[0]})" if notes else "")
        return SiteItem(
            site=state.key,
            seed_url=state.seed.homepage,
            seed_name=state.seed.name,
            fictional=state.seed.fictional,
            identity=consolidate(self._all_extracts(state)) if identity_known else None,
            identity_known=identity_known,
            status=status,
            reason=reason,
            moved_to=state.moved_to,
            pages=state.page_count,
            bytes=state.bytes,
            errors=state.errors,
            error_reasons=state.reasons[:20],
            notes=state.notes(),
            started_at=state.started_at,
            duration_s=round(state.elapsed(), 3),
            page_items=state.page_items,
        )
