"""Every request, robots.txt included, waits in its site's download slot.

Scrapy keys slots by hostname, so sites sharing a host (every test site is 127.0.0.1 on its
own port) would share one slot, and a slow site's robots.txt would hold up the others.
"""

from __future__ import annotations

from scrapy import Request

from crawler.extract.identity import site_key


class SiteSlotMiddleware:
    """Sets `download_slot` to the request's site (host[:port] without 'www.')."""

    def process_request(self, request: Request) -> None:
        request.meta.setdefault("download_slot", request.meta.get("site") or site_key(request.url))
