"""What the spider yields: one item per page, and one per site when the site is done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.extract.identity import ClinicIdentity


@dataclass
class PageItem:
    """A fetched page: text, structured data and raw HTML, keyed by its site (carried by its `SiteItem`).

    An `unchanged` page (304, or the same body as last time) carries only its validators.
    """

    site: str
    url: str
    status: int
    title: str | None
    text: str
    html: bytes
    structured: dict[str, Any]
    content_hash: str
    fetched_at: datetime
    body_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    links: list[Any] = field(default_factory=list)
    unchanged: bool = False
    fetched: bool = True  # False: confirmed unchanged by the site's sitemap date, not asked for


@dataclass
class SiteItem:
    """The end of a site's crawl: its consolidated identity or the reason it failed.

    `identity` is None with `identity_known` False when every page was unchanged. The site's
    pages travel with it, so that a site is one item, written in one transaction.
    """

    site: str
    seed_url: str
    seed_name: str | None
    fictional: bool
    identity: ClinicIdentity | None
    status: str  # ok | failed | moved | interrupted
    reason: str | None = None
    moved_to: str | None = None
    identity_known: bool = True
    pages: int = 0
    bytes: int = 0
    errors: int = 0
    error_reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    started_at: datetime | None = None
    duration_s: float = 0.0
    page_items: list[PageItem] = field(default_factory=list)


@dataclass
class CandidateItem:
    """A possible clinic homepage found on a listing page, for a maintainer to review."""

    homepage: str
    domain: str
    name: str | None
    source_url: str
