"""Redirects are followed within a site only; one into another domain is refused and reported.

The spider then records a homepage that redirects elsewhere as a clinic that moved.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest

from crawler.extract.identity import site_key


class OffsiteRedirect(IgnoreRequest):
    """A redirect that leaves the site being crawled."""

    def __init__(self, target: str) -> None:
        super().__init__(f"redirected off-site to {target}")
        self.target = target

    @property
    def target_site(self) -> str:
        return site_key(self.target)


class _SameSiteOnly:
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        site = request.meta.get("site")
        if site and site_key(redirected.url) != site:
            raise OffsiteRedirect(redirected.url)
        return super()._redirect(redirected, request, reason)  # type: ignore[misc]


class SameSiteRedirectMiddleware(_SameSiteOnly, RedirectMiddleware):
    """HTTP 3xx redirects, within the site."""


class SameSiteMetaRefreshMiddleware(_SameSiteOnly, MetaRefreshMiddleware):
    """<meta http-equiv="refresh"> redirects, within the site."""
