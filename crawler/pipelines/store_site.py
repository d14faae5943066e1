"""Store each site's pages and identity in the directory, one transaction per site."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing
import signal
import sys
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.items import PageItem, SiteItem
from directory.db import session_scope
from directory.ingest import LocationIn, PageIn, SiteSnapshot, finish_run, start_run, store_site
from directory.runs import reopen_run

log = logging.getLogger(__name__)


def snapshot_of(item: SiteItem, pages: list[PageItem]) -> SiteSnapshot:
    """The directory's view of a finished site."""
    identity = item.identity
    return SiteSnapshot(
        domain=item.site,
        homepage=item.seed_url,
        status=item.status,
        name=(identity.name if identity else None) or (item.seed_name if item.identity_known else None),
        identity_known=item.identity_known,
        fictional=item.fictional,
        locations=[LocationIn(loc.street, loc.city, loc.state, loc.zip, loc.phone, loc.lat, loc.lon)
                   for loc in (identity.locations if identity else [])],
        pages=[PageIn(p.url, p.title, p.text, p.html, p.structured, p.content_hash, p.status, p.fetched_at,
                      body_hash=p.body_hash, etag=p.etag, last_modified=p.last_modified, links=p.links,
                      unchanged=p.unchanged, fetched=p.fetched)
               for p in pages],
        reason=item.reason,
        moved_to=item.moved_to,
        notes=item.notes,
        bytes=item.bytes,
        errors=item.errors,
        started_at=item.started_at,
        duration_s=item.duration_s,
    )


_PR_SET_PDEATHSIG = 1


def _start_writer() -> None:
    """The writer process dies with the crawl, even a killed one, and leaves Ctrl+C to the crawl.

    A killed crawl's site in the middle of its transaction is then rolled back, as it would be
    in one process; on Ctrl+C the crawl waits for the writer to finish the sites it was given.
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def store_one_site(database_url: str, run_id: int, item: SiteItem, pages: list[PageItem],
                   unreachable_after: int) -> bool:
    """Write one site in one transaction; False (and the error logged) when it could not be stored."""
    try:
        with session_scope(database_url) as session:
            store_site(session, run_id=run_id, snapshot=snapshot_of(item, pages), unreachable_after=unreachable_after)
    except Exception:
        # one site's bad data must not stop the crawl of the others
        log.exception("could not store site %s", item.site)
        return False
    return True


class StoreSitePipeline:
    """Writes each site, with the pages its `SiteItem` carries, at once.

    A crawl stopped mid-site therefore leaves that site's earlier data untouched; the site is
    recorded as interrupted, and `clinics crawl --resume` crawls it again. Writes run in one
    writer process (SQLite has a single writer anyway): downloads go on while a site is stored,
    and the writing (SQL, compression, JSON) does not compete with the crawl for its one core.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.database_url: str = settings.get("CLINICS_DATABASE_URL")
        self.unreachable_after = settings.getint("CLINICS_UNREACHABLE_AFTER", 3)
        self.resume_run_id: int | None = settings.getint("CLINICS_RESUME_RUN_ID") or None
        self.run_id: int | None = None
        self.writer = self._writer()

    @staticmethod
    def _writer() -> ProcessPoolExecutor:
        # spawn: a fresh interpreter, never a fork of the reactor's threads and sockets
        return ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_writer)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreSitePipeline:
        pipeline = cls(crawler)
        # the close reason is only known once the spider has closed, after close_spider()
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def open_spider(self) -> None:
        spider = self.crawler.spider
        seeds = getattr(spider, "seeds", [])
        with session_scope(self.database_url) as session:
            if self.resume_run_id:
                self.run_id = reopen_run(session, run_id=self.resume_run_id)
            else:
                seed_list = [{"homepage": s.homepage, "name": s.name, "fictional": s.fictional, "seen_url": s.seen_url}
                             for s in seeds]
                self.run_id = start_run(session, seeds=len(seeds), seed_list=seed_list)
        spider.crawl_run_id = self.run_id  # type: ignore[union-attr]

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, SiteItem):
            pages, item.page_items = item.page_items, []  # later pipelines and the stats need only the counts
            self._count(item, pages, await self._store(item, pages))
        return item

    async def _store(self, item: SiteItem, pages: list[PageItem]) -> bool:
        assert self.run_id is not None
        arguments = (self.database_url, self.run_id, item, pages, self.unreachable_after)
        writer = self.writer
        try:
            return await asyncio.wrap_future(writer.submit(store_one_site, *arguments))
        except BrokenProcessPool:
            log.warning("the writer process died; storing %s here and starting a new writer", item.site)
            if writer is self.writer:
                writer.shutdown(wait=False)
                self.writer = self._writer()
            return store_one_site(*arguments)

    def _count(self, item: SiteItem, pages: list[PageItem], stored: bool) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if not stored:
            stats.inc_value("clinics/sites_store_failed")
            return
        stats.inc_value(f"clinics/sites_{item.status}")
        stats.inc_value("clinics/pages_stored", len(pages))

    def close_spider(self) -> None:
        spider = self.crawler.spider
        for site, state in getattr(spider, "sites", {}).items():
            if not state.done:
                interrupted = SiteItem(site=site, seed_url=state.seed.homepage, seed_name=state.seed.name,
                                       fictional=state.seed.fictional, identity=None, status="interrupted",
                                       reason="the crawl stopped before the site was finished",
                                       pages=0, errors=state.errors, started_at=state.started_at)
                assert self.run_id is not None
                self.writer.submit(store_one_site, self.database_url, self.run_id, interrupted, [],
                                   self.unreachable_after)
        self.writer.shutdown(wait=True)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Close the crawl run with Scrapy's reason ('finished', 'shutdown', ...)."""
        if self.run_id is None:
            return
        with session_scope(self.database_url) as session:
            finish_run(session, run_id=self.run_id, status=reason)
