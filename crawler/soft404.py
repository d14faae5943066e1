"""Soft 404s: sites that answer 200 (or a redirect) for pages that do not exist.

Before its first page never stored before, a site is asked for a made-up URL. A 200 answer is
its "not found" page in disguise: later pages this alike to it are dropped. Many sites instead
redirect missing pages to a page they really have, most often the homepage; that page's text
says nothing about how missing pages look, so it never becomes the fingerprint (every page
sharing the homepage's navigation and footer would look "not found"). Links redirected to
that same page are dropped instead.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from rapidfuzz import fuzz

#: A page this alike to the site's answer for a made-up URL is a soft 404.
SOFT_404_SIMILARITY = 90


def probe_url(page_url: str) -> str:
    """A made-up URL on the site of `page_url`."""
    base = "/".join(page_url.split("/", 3)[:3])
    return f"{base}/{uuid.uuid4().hex[:16]}-no-such-page"


def comparable_text(text: str, url: str) -> str:
    """A page's text without its own URL or path, which "not found" pages like to repeat."""
    path = urlsplit(url).path
    text = text[:5000].replace(url, "")
    return text.replace(path, "") if len(path) > 1 else text


@dataclass
class NotFound:
    """What a site's answer to a made-up URL says about its missing pages."""

    text: str | None = None  # the "not found" page's comparable text, when it answers 200
    landing: str | None = None  # the URL made-up URLs are redirected to

    def note(self) -> str | None:
        """For the site's crawl report: how the site answers for missing pages, if not with a 404."""
        if self.text is None and self.landing is None:
            return None
        if self.text is None:
            return f"soft 404: the site redirects pages that do not exist to {urlsplit(self.landing or '').path}"
        return "soft 404: the site answers 200 for pages that do not exist"

    def matches(self, text: str, url: str, *, redirected: bool) -> bool:
        """Whether a page read at `url` (its final URL) is this site's "not found" answer."""
        if redirected and url == self.landing:
            return True
        return self.text is not None and fuzz.ratio(comparable_text(text, url), self.text) >= SOFT_404_SIMILARITY


def read_probe(url: str, text: str, *, redirected: bool, real_urls: set[str],
               real_pages: list[tuple[str, str]]) -> NotFound:
    """What a 200 answer to a made-up URL, ending at `url` (canonical), says about missing pages.

    `real_urls` and `real_pages` (url, text) are pages the site is known to have: a redirect
    that lands on one of them, or on a copy of one, leaves no text fingerprint, only its URL.
    """
    comparable = comparable_text(text, url)
    if not redirected:
        return NotFound(text=comparable)
    real = url in real_urls or any(
        fuzz.ratio(comparable, comparable_text(page_text, page_url)) >= SOFT_404_SIMILARITY
        for page_url, page_text in real_pages
    )
    return NotFound(text=None if real else comparable, landing=url)
