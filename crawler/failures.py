"""Short, human-readable reasons for failed requests, as maintainers read them in crawl reports."""

from __future__ import annotations

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost, DNSLookupError, TimeoutError
from twisted.python.failure import Failure

from crawler.middlewares.same_site_redirect import OffsiteRedirect


def describe_exception(exc: BaseException, url: str = "") -> str:
    """The reason a request failed, in a few words."""
    where = f" on {url}" if url else ""
    if isinstance(exc, HttpError):
        return f"HTTP {exc.response.status}{where}"
    if isinstance(exc, OffsiteRedirect):
        return f"redirected to another domain: {exc.target}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots" in text.lower():
            return f"forbidden by robots.txt{where}"
        if "max redirections" in text:
            return f"redirect loop or chain too long{where}"
        return f"skipped{where}: {text}"[:300]
    if isinstance(exc, DownloadTimeoutError | TimeoutError):
        seconds = re.search(r"longer than ([\d.]+) seconds", str(exc))
        return f"timed out{f' after {seconds.group(1)} s' if seconds else ''}{where}"
    if isinstance(exc, DownloadCancelledError):
        limit = re.search(r"max size \((\d+)\)", str(exc))
        return f"larger than the download cap{f' of {limit.group(1)} bytes' if limit else ''}{where}"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return f"DNS lookup failed{where}"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return f"connection refused{where}"
    if isinstance(exc, ResponseDataLossError | ConnectionLost):
        return f"connection lost mid-response{where}"
    name = type(exc).__name__
    text = " ".join(str(exc).split()) or name
    return f"{name}: {text}{where}"[:300]


def describe_failure(failure: Failure) -> str:
    """The reason of a failed request (the Failure an errback receives)."""
    request = getattr(failure, "request", None)
    return describe_exception(failure.value, request.url if request is not None else "")
