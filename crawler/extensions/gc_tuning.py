"""Garbage collection paced for a crawl: the start-up heap frozen, collections spaced out.

A crawl allocates a great many short-lived objects (requests, responses, parsed pages) while
holding a large, long-lived heap (the libraries, the gazetteer, the sites in progress). With
Python's default thresholds the collector runs every 700 net allocations and keeps walking that
heap: it cost a quarter of the crawl's CPU time in `bench/crawl.py`. Freezing what exists when
the engine starts and collecting the youngest generation every CLINICS_GC_THRESHOLD allocations
instead takes it to a few percent; older generations are still collected, only less often.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler


class GcTuningExtension:
    """Freeze the start-up heap and space collections out for the engine's lifetime."""

    def __init__(self, threshold: int) -> None:
        self.threshold = threshold
        self.saved: tuple[int, int, int] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GcTuningExtension:
        extension = cls(crawler.settings.getint("CLINICS_GC_THRESHOLD", 0))
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        if self.threshold <= 0:
            return
        gc.collect()
        gc.freeze()
        self.saved = gc.get_threshold()
        gc.set_threshold(self.threshold, 20, 10)

    def engine_stopped(self) -> None:
        if self.saved is not None:
            gc.set_threshold(*self.saved)
            gc.unfreeze()
            self.saved = None
