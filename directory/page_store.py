"""Stored pages of a clinic: upserts with version history, and what a re-crawl needs to know."""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from directory.models import Clinic, Page, PageVersion, as_utc


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
    fetched: bool = True  # False: not asked for, its sitemap date showing it unchanged since the last fetch


@dataclass(frozen=True)
class KnownPage:
    """What the last crawl stored about a page: enough for a conditional request."""

    url: str
    content_hash: str
    body_hash: str | None
    etag: str | None
    last_modified: str | None
    links: list[Any]
    fetched_at: datetime | None = None  # the last time it was actually fetched (UTC)


def upsert_pages(session: Session, clinic_id: int, pages: list[PageIn]) -> int:
    """Insert or update a clinic's pages, adding a version when the visible text changed.

    Returns how many pages are new or changed. Unchanged pages only get their fetch time and
    validators refreshed. Bulk statements, not ORM objects: a site is written in a handful
    of statements, which matters when hundreds of sites are crawled at once.
    """
    existing = {url: (page_id, content_hash) for page_id, url, content_hash in session.exec(
        select(Page.id, Page.url, Page.content_hash).where(Page.clinic_id == clinic_id)).all()}
    inserts: list[dict[str, Any]] = []
    updates: dict[frozenset[str], list[dict[str, Any]]] = {}
    changed: list[PageIn] = []
    for page in pages:
        found = existing.get(page.url)
        if not page.fetched:
            continue  # not fetched this time: its fetch time stays that of the last real fetch
        if found is None and page.unchanged:
            continue  # nothing to refresh: the page is not stored (any more)
        values: dict[str, Any] = {"fetched_at": page.fetched_at, "status_code": page.status, "etag": page.etag,
                                  "last_modified": page.last_modified}
        if not page.unchanged:
            values.update(body_hash=page.body_hash, links=page.links)
            if found is None or found[1] != page.content_hash:
                values.update(title=page.title, text=page.text, structured=page.structured,
                              html_gz=gzip.compress(page.html, compresslevel=6), content_hash=page.content_hash,
                              changed_at=page.fetched_at)
                changed.append(page)
        if found is None:
            inserts.append({"clinic_id": clinic_id, "url": page.url, **values})
        else:
            updates.setdefault(frozenset(values), []).append({"id": found[0], **values})
    if inserts:
        session.execute(insert(Page), inserts)
    for rows in updates.values():
        session.execute(update(Page), rows)
    if changed:
        ids = dict(session.exec(select(Page.url, Page.id).where(
            Page.clinic_id == clinic_id, col(Page.url).in_([p.url for p in changed]))).all())
        session.execute(insert(PageVersion), [
            {"page_id": ids[p.url], "content_hash": p.content_hash, "fetched_at": p.fetched_at, "text": p.text}
            for p in changed
        ])
    return len(changed)


def known_pages(session: Session, *, domains: list[str]) -> dict[str, dict[str, KnownPage]]:
    """Stored pages of the clinics at these domains, by domain and URL."""
    found: dict[str, dict[str, KnownPage]] = {}
    for start in range(0, len(domains), 500):
        rows = session.exec(
            select(Clinic.domain, Page.url, Page.content_hash, Page.body_hash, Page.etag, Page.last_modified,
                   Page.links, Page.fetched_at)
            .join(Page, col(Page.clinic_id) == col(Clinic.id))
            .where(col(Clinic.domain).in_(domains[start : start + 500]))
        ).all()
        for domain, url, content_hash, body_hash, etag, last_modified, links, fetched_at in rows:
            found.setdefault(domain, {})[url] = KnownPage(url, content_hash, body_hash, etag, last_modified,
                                                         list(links or []), as_utc(fetched_at) if fetched_at else None)
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
