"""Run a crawl in this process (once per process: Twisted's reactor cannot restart)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import logs
from crawler.seeds import Seed
from crawler.spiders.clinic_site import ClinicSiteSpider

#: Scrapy 2.19 on the asyncio reactor hands every queued request of a download slot to the network
#: at once when the slot has no delay (a download task marks itself transferring only once it runs),
#: so the per-site concurrency holds only with some delay (local crawls even run faster with it).
MIN_DOWNLOAD_DELAY = 0.001


def crawl_settings(database_url: str, overrides: dict[str, Any] | None = None) -> Settings:
    """The project's Scrapy settings for one run."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("CLINICS_DATABASE_URL", database_url, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    if settings.getfloat("DOWNLOAD_DELAY") < MIN_DOWNLOAD_DELAY:
        settings.set("DOWNLOAD_DELAY", MIN_DOWNLOAD_DELAY, priority="cmdline")
    return settings


@contextmanager
def _own_signal_handlers() -> Iterator[None]:
    """Scrapy installs SIGINT/SIGTERM handlers that stop its reactor; once the crawl is over they
    would swallow the signals meant for what runs next (the demo's web server), so restore ours."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def run_crawl(seeds: list[Seed], *, database_url: str, overrides: dict[str, Any] | None = None,
              resume_run_id: int | None = None, sites_done_before: int = 0) -> int:
    """Crawl the seeds into the database and return the crawl run's id.

    With `resume_run_id` the seeds are the rest of an interrupted run, which they complete.
    """
    settings = dict(overrides or {})
    if resume_run_id is not None:
        settings["CLINICS_RESUME_RUN_ID"] = resume_run_id
    logs.install()
    process = CrawlerProcess(crawl_settings(database_url, settings))
    crawler = process.create_crawler(ClinicSiteSpider)
    process.crawl(crawler, seeds=seeds, sites_done_before=sites_done_before)
    with _own_signal_handlers():
        process.start()
    run_id = getattr(crawler.spider, "crawl_run_id", None)
    if run_id is None:
        raise RuntimeError("the crawl did not start; see the log above")
    return run_id


def run_listing(urls: list[str], *, database_url: str, overrides: dict[str, Any] | None = None) -> None:
    """Read listing pages and store the candidate clinics they link to."""
    from crawler.spiders.listing import ListingSpider

    logs.install()
    settings = crawl_settings(database_url, {"CLINICS_PROGRESS_INTERVAL": 0, **(overrides or {})})
    process = CrawlerProcess(settings)
    process.crawl(process.create_crawler(ListingSpider), urls=urls)
    with _own_signal_handlers():
        process.start()
