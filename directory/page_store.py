"""Stored pages of a clinic: upserts with version history, and what a re-crawl needs to know."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from directory.models import Clinic, Page, PageVersion


@dataclass
class PageIn:
    """A fetched page as the crawler read it; `unchanged` pages carry no text or HTML."""

    url: str
    title: str | None
    text: str
    html: bytes
    structured: dict[str, Any]
    content_hash: str
    status: int
    fetched_at: datetime
    body_hash: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    links: list[Any] = field(default_factory=list)
    unchanged: bool = False


@dataclass(frozen=True)
class KnownPage:
    """What the last crawl stored about a page: enough for a conditional request."""

    url: str
    content_hash: str
    body_hash: str | None
    etag: str | None
    last_modified: str | None
    links: list[Any]


def upsert_pages(session: Session, clinic_id: int, pages: list[PageIn]) -> int:
    """Insert or update a clinic's pages, adding a version when the visible text changed.

    Returns how many pages are new or changed. Unchanged pages only get their fetch time and
    validators refreshed.
    """
    existing = {p.url: p for p in session.exec(select(Page).where(Page.clinic_id == clinic_id)).all()}
    changed: list[tuple[Page, PageIn]] = []
    for page in pages:
        row = existing.get(page.url)
        if row is None and page.unchanged:
            continue  # nothing to refresh: the page is not stored (any more)
        row = row or Page(clinic_id=clinic_id, url=page.url, content_hash="")
        row.fetched_at = page.fetched_at
        row.status_code = page.status
        row.etag, row.last_modified = page.etag, page.last_modified
        if not page.unchanged:
            row.body_hash = page.body_hash
            row.links = page.links
            if row.content_hash != page.content_hash:
                row.title, row.text, row.structured = page.title, page.text, page.structured
                row.html_gz = gzip.compress(page.html)
                row.content_hash = page.content_hash
                row.changed_at = page.fetched_at
                changed.append((row, page))
        session.add(row)
    if changed:
        session.flush()
        for row, page in changed:
            assert row.id is not None
            session.add(PageVersion(page_id=row.id, content_hash=page.content_hash, fetched_at=page.fetched_at,
                                    text=page.text))
    return len(changed)


def known_pages(session: Session, *, domains: list[str]) -> dict[str, dict[str, KnownPage]]:
    """Stored pages of the clinics at these domains, by domain and URL."""
    found: dict[str, dict[str, KnownPage]] = {}
    for start in range(0, len(domains), 500):
        rows = session.exec(
            select(Clinic.domain, Page.url, Page.content_hash, Page.body_hash, Page.etag, Page.last_modified,
                   Page.links)
            .join(Page, col(Page.clinic_id) == col(Clinic.id))
            .where(col(Clinic.domain).in_(domains[start : start + 500]))
        ).all()
        for domain, url, content_hash, body_hash, etag, last_modified, links in rows:
            found.setdefault(domain, {})[url] = KnownPage(url, content_hash, body_hash, etag, last_modified,
                                                         list(links or []))
    return found


def stored_html(session: Session, *, domain: str, urls: list[str]) -> dict[str, bytes]:
    """The stored raw HTML of some pages of the clinic at a domain."""
    rows = session.exec(
        select(Page.url, Page.html_gz)
        .join(Clinic, col(Page.clinic_id) == col(Clinic.id))
        .where(Clinic.domain == domain, col(Page.url).in_(urls))
    ).all()
    return {url: gzip.decompress(html) for url, html in rows if html}


def page_history(session: Session, *, page_id: int) -> list[PageVersion]:
    """Every stored version of a page, oldest first."""
    return list(session.exec(
        select(PageVersion).where(PageVersion.page_id == page_id).order_by(col(PageVersion.fetched_at))
    ).all())
