"""Back off from a struggling site: each sign of overload doubles its slot's delay, up to a cap.

Retries then wait longer and so do the site's other requests; AutoThrottle brings the delay
back down as healthy responses return. A Retry-After header is honoured up to the same cap.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, IgnoreRequest
from scrapy.http import Response
from twisted.internet.error import DNSLookupError

TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504, 522, 524}
# nor is a request we dropped ourselves (robots.txt, the site's time budget)
_NOT_OVERLOAD = (DownloadConnectionRefusedError, ConnectionRefusedError, CannotResolveHostError, DNSLookupError,
                 IgnoreRequest)


class BackoffMiddleware:
    """Per-site exponential backoff on timeouts, lost connections and 5xx/429 answers."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.start = crawler.settings.getfloat("CLINICS_BACKOFF_START", 0.5)
        self.cap = crawler.settings.getfloat("CLINICS_BACKOFF_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in TRANSIENT_STATUSES:
            self._slow_down(request, _retry_after(response))
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        # nothing listening, or no such host: no sign of overload, so no reason to wait longer
        if not request.meta.get("dont_retry") and not isinstance(exception, _NOT_OVERLOAD):
            self._slow_down(request)

    def _slow_down(self, request: Request, at_least: float = 0.0) -> None:
        assert self.crawler.engine is not None
        slot = self.crawler.engine.downloader.slots.get(request.meta.get("download_slot", ""))
        if slot is None:
            return
        slot.delay = min(self.cap, max(slot.delay * 2, self.start, at_least))
        self.crawler.stats.inc_value("clinics/backoffs")  # type: ignore[union-attr]


def _retry_after(response: Response) -> float:
    value = (response.headers.get(b"Retry-After") or b"").decode("latin-1").strip()
    return float(value) if value.isdigit() else 0.0
