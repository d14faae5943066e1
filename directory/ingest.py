"""Writing crawl results: one site's snapshot in one transaction, and crawl-run records."""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, func, select

from directory.geo import geocode
from directory.models import Clinic, CrawlRun, Location, Page, SiteCrawl, utcnow


@dataclass
class LocationIn:
    """A location as the crawler read it."""

    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class PageIn:
    """A fetched page as the crawler read it."""

    url: str
    title: str | None
    text: str
    html: bytes
    structured: dict[str, Any]
    content_hash: str
    status: int
    fetched_at: datetime


@dataclass
class SiteSnapshot:
    """The outcome of crawling one site: pages and identity, or why it failed."""

    domain: str
    homepage: str
    status: str  # ok | failed
    name: str | None = None
    fictional: bool = False
    locations: list[LocationIn] = field(default_factory=list)
    pages: list[PageIn] = field(default_factory=list)
    reason: str | None = None
    bytes: int = 0
    errors: int = 0
    started_at: datetime | None = None
    duration_s: float = 0.0


def slugify(text: str) -> str:
    """Lowercase words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80] or "clinic"


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name)
    slug, n = base, 1
    while session.exec(select(Clinic.id).where(Clinic.slug == slug)).first() is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def start_run(session: Session, *, seeds: int) -> int:
    """Record the start of a crawl run and return its id."""
    run = CrawlRun(seeds=seeds)
    session.add(run)
    session.flush()
    assert run.id is not None
    return run.id


def finish_run(session: Session, *, run_id: int, status: str = "finished") -> CrawlRun:
    """Close a crawl run with its totals counted from the per-site records."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    crawls = session.exec(select(SiteCrawl).where(SiteCrawl.run_id == run_id)).all()
    run.sites_ok = sum(1 for c in crawls if c.status == "ok")
    run.sites_failed = sum(1 for c in crawls if c.status != "ok")
    run.pages = sum(c.pages for c in crawls)
    run.finished_at = utcnow()
    run.status = status
    session.add(run)
    return run


def _replace_locations(session: Session, clinic_id: int, locations: list[LocationIn]) -> None:
    session.exec(delete(Location).where(col(Location.clinic_id) == clinic_id))
    for position, loc in enumerate(locations):
        point = geocode(lat=loc.lat, lon=loc.lon, zip_code=loc.zip, city=loc.city, state=loc.state)
        session.add(
            Location(
                clinic_id=clinic_id, position=position, street=loc.street, city=loc.city,
                state=loc.state, zip=loc.zip, phone=loc.phone,
                lat=point.lat if point else None, lon=point.lon if point else None,
                geo_source=point.source if point else None,
            )
        )


def _upsert_pages(session: Session, clinic_id: int, pages: list[PageIn]) -> None:
    existing = {p.url: p for p in session.exec(select(Page).where(Page.clinic_id == clinic_id)).all()}
    for page in pages:
        row = existing.get(page.url) or Page(clinic_id=clinic_id, url=page.url, content_hash="")
        row.fetched_at = page.fetched_at
        row.status_code = page.status
        if row.content_hash != page.content_hash:
            row.title, row.text, row.structured = page.title, page.text, page.structured
            row.html_gz = gzip.compress(page.html)
            row.content_hash = page.content_hash
        session.add(row)


def store_site(session: Session, *, run_id: int, snapshot: SiteSnapshot) -> int | None:
    """Write one site's crawl. A failed crawl only records the failure: the clinic's pages,
    locations and scores from earlier crawls stay as they were."""
    clinic = session.exec(select(Clinic).where(Clinic.domain == snapshot.domain)).first()
    now = utcnow()
    if snapshot.status == "ok":
        name = snapshot.name or (clinic.name if clinic else None) or snapshot.domain
        if clinic is None:
            clinic = Clinic(name=name, slug=_unique_slug(session, name), homepage=snapshot.homepage,
                            domain=snapshot.domain)
        clinic.name = name
        clinic.fictional = snapshot.fictional
        clinic.last_checked_at = now
        if clinic.status == "unreachable":
            clinic.status = "active"
    if clinic is not None:
        clinic.last_crawled_at = now
        session.add(clinic)
        session.flush()
        assert clinic.id is not None
        if snapshot.status == "ok":
            if snapshot.locations:
                _replace_locations(session, clinic.id, snapshot.locations)
            _upsert_pages(session, clinic.id, snapshot.pages)
    session.add(
        SiteCrawl(
            run_id=run_id, clinic_id=clinic.id if clinic else None, seed_url=snapshot.homepage,
            status=snapshot.status, reason=snapshot.reason, pages=len(snapshot.pages),
            bytes=snapshot.bytes, errors=snapshot.errors,
            started_at=snapshot.started_at or now, duration_s=snapshot.duration_s,
        )
    )
    return clinic.id if clinic else None


def count_pages(session: Session) -> int:
    """Number of stored pages."""
    return session.exec(select(func.count()).select_from(Page)).one()
