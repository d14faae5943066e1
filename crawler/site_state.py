"""Book-keeping for one site during a crawl: its frontier, counts and what it has read."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.extract.page import PageExtract
from crawler.items import PageItem
from crawler.seeds import Seed
from crawler.soft404 import NotFound
from crawler.traps import TrapGuard
from directory.models import utcnow
from directory.page_store import KnownPage


@dataclass
class SiteState:
    """One site's crawl in progress.

    Links to new pages found before the soft-404 probe has answered wait in `held_links`, so that
    every new page past the homepage can be compared with the site's "not found" page. On a
    re-crawl, links to stored pages wait in `held_for_sitemap` until the sitemaps have answered,
    so that their `<lastmod>` dates can spare the requests for pages that have not changed.
    """

    seed: Seed
    key: str
    known: dict[str, KnownPage] = field(default_factory=dict)
    traps: TrapGuard = field(default_factory=TrapGuard)
    started: float = field(default_factory=time.monotonic)
    started_at: datetime = field(default_factory=utcnow)
    scheduled: set[str] = field(default_factory=set)
    pending: int = 0
    pages: list[PageExtract] = field(default_factory=list)
    page_items: list[PageItem] = field(default_factory=list)  # what the store writes when the site is done
    unchanged_urls: list[str] = field(default_factory=list)
    bytes: int = 0
    errors: int = 0
    reasons: list[str] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    hashes: set[str] = field(default_factory=set)
    probe_requested: bool = False
    probe_settled: bool = False
    not_found: NotFound = field(default_factory=NotFound)
    held_links: list[tuple[list[tuple[str, int]], int, str]] = field(default_factory=list)
    sitemaps_requested: int = 0
    sitemaps_settled: int = 0
    sitemap_dates: dict[str, datetime] = field(default_factory=dict)
    held_for_sitemap: list[tuple[list[tuple[str, int]], int, str]] = field(default_factory=list)
    moved_to: str | None = None
    done: bool = False
    pages_released: int = 0

    @property
    def page_count(self) -> int:
        """Pages read this crawl, changed or not."""
        return len(self.pages) + self.pages_released + len(self.unchanged_urls)

    def release(self) -> None:
        """Let go of what only a site in progress needs (parsed pages, stored pages, seen hashes).

        A finished site's counts stay for progress and reports; its pages are with the pipeline.
        Keeping every page of a long crawl alive would make each garbage collection walk them all.
        """
        self.pages_released += len(self.pages)
        self.pages = []
        self.page_items = []
        self.known = {}
        self.hashes = set()
        self.held_links = []
        self.held_for_sitemap = []
        self.sitemap_dates = {}

    @property
    def sitemaps_pending(self) -> bool:
        """Whether a sitemap asked for has not answered yet."""
        return self.sitemaps_settled < self.sitemaps_requested

    def skip(self, why: str) -> None:
        """Count something skipped (not an error), by kind, for the site's report."""
        self.skipped[why] += 1

    def fail(self, reason: str) -> None:
        """Count a failed page request and keep its reason."""
        self.errors += 1
        if len(self.reasons) < 50:
            self.reasons.append(reason)

    def notes(self) -> list[str]:
        """Error reasons, then what was skipped, for the site's crawl report."""
        skipped = [f"skipped {count}: {why}" for why, count in self.skipped.most_common(10)]
        return self.reasons[:20] + skipped

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary(self) -> dict[str, Any]:
        """Counts for logs and progress."""
        return {"site": self.key, "pages": self.page_count, "errors": self.errors, "pending": self.pending}
