"""A progress line on the terminal during a crawl: sites done of total, pages, errors, rate."""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


def _duration(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m{secs:02d}s" if hours else f"{minutes}m{secs:02d}s"


def progress_line(spider: Any, elapsed: float) -> str:
    """One line about a site-crawl spider's progress."""
    sites = list(getattr(spider, "sites", {}).values())
    before = getattr(spider, "sites_done_before", 0)
    total = before + len(getattr(spider, "seeds", []))
    done = before + sum(1 for s in sites if s.done)
    failed = sum(1 for s in sites if s.done and s.page_count == 0)
    pages = sum(s.page_count for s in sites)
    errors = sum(s.errors for s in sites)
    rate = pages / elapsed if elapsed > 0 else 0.0
    return (f"crawl: {done}/{total} sites done ({failed} failed), {pages} pages, {errors} errors, "
            f"{rate:.1f} pages/s, {_duration(elapsed)}")


class ProgressExtension:
    """Prints `progress_line` every CLINICS_PROGRESS_INTERVAL seconds (0 turns it off) to stderr."""

    def __init__(self, interval: float, stream: TextIO) -> None:
        self.interval = interval
        self.stream = stream
        self.started = time.monotonic()
        self.spider: Spider | None = None
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        interval = crawler.settings.getfloat("CLINICS_PROGRESS_INTERVAL", 0)
        if interval <= 0:
            raise NotConfigured
        extension = cls(interval, sys.stderr)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.interval, now=False)

    def report(self, final: bool = False) -> None:
        if self.spider is None:
            return
        line = progress_line(self.spider, time.monotonic() - self.started)
        if self.stream.isatty():
            self.stream.write(f"\r\x1b[K{line}" + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.report(final=True)
