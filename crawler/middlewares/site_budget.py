"""A site's time budget (CLINICS_MAX_SITE_SECONDS) holds for requests already scheduled.

The spider stops scheduling a site's links once its budget is spent, but requests scheduled
earlier may still wait in Scrapy's scheduler or in the site's download slot, and on a slow
site those alone can take many times the budget. Each request carries its site's deadline
(meta `site_deadline`, monotonic seconds); past it the request is dropped with `OverBudget`
instead of being sent, and so are the requests of the site still queued in its slot.
"""

from __future__ import annotations

import time
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure


class OverBudget(IgnoreRequest):
    """A request dropped because its site's time budget is spent."""


def expired(request: Request) -> bool:
    """Whether the request's site has spent its time budget."""
    deadline = request.meta.get("site_deadline")
    return deadline is not None and time.monotonic() > deadline


class SiteBudgetMiddleware:
    """Drops a site's requests past its deadline: new ones here, queued ones from its download slot."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteBudgetMiddleware:
        middleware = cls(crawler)
        # sent before the slot hands its next queued request to the network
        crawler.signals.connect(middleware.response_downloaded, signal=signals.response_downloaded)
        return middleware

    def process_request(self, request: Request) -> None:
        if expired(request):
            raise OverBudget(f"the site's time budget is spent: {request.url}")

    def process_exception(self, request: Request, exception: Exception) -> None:
        if expired(request) and not isinstance(exception, OverBudget):
            self._drop_queued(request)

    def response_downloaded(self, response: Response, request: Request, **_: Any) -> None:
        if expired(request):
            self._drop_queued(request)

    def _drop_queued(self, request: Request) -> None:
        """Fail the expired requests waiting in the request's download slot (Scrapy has no API for it)."""
        engine = self.crawler.engine
        slot = engine.downloader.slots.get(request.meta.get("download_slot", "")) if engine else None
        if slot is None:
            return
        queued = list(slot.queue)
        slot.queue.clear()
        slot.queue.extend(item for item in queued if not expired(item[0]))
        for waiting, deferred in queued:
            if expired(waiting):
                deferred.errback(Failure(OverBudget(f"the site's time budget is spent: {waiting.url}")))
