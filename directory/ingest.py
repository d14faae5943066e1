"""Writing crawl results: one site's snapshot in one transaction, and crawl-run records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, delete, func, select

from directory.dedupe import merge_if_duplicate
from directory.geo import geocode
from directory.models import Clinic, CrawlRun, Location, Page, SiteCrawl, utcnow
from directory.page_store import PageIn, upsert_pages

__all__ = ["LocationIn", "PageIn", "SiteSnapshot", "finish_run", "start_run", "store_site"]

#: Failed crawls in a row after which a clinic is flagged unreachable (CLINICS_UNREACHABLE_AFTER).
DEFAULT_UNREACHABLE_AFTER = 3


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
class SiteSnapshot:
    """The outcome of crawling one site: pages and identity, or why it failed.

    `identity_known` is False when every page was unchanged: the stored name and locations stay.
    """

    domain: str
    homepage: str
    status: str  # ok | failed | moved | interrupted
    name: str | None = None
    identity_known: bool = True
    fictional: bool = False
    locations: list[LocationIn] = field(default_factory=list)
    pages: list[PageIn] = field(default_factory=list)
    reason: str | None = None
    moved_to: str | None = None
    notes: list[str] = field(default_factory=list)
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


def start_run(session: Session, *, seeds: int, seed_list: list[dict[str, Any]] | None = None) -> int:
    """Record the start of a crawl run (and its seeds, to resume it) and return its id."""
    run = CrawlRun(seeds=seeds, seed_list=seed_list or [])
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
    run.sites_failed = sum(1 for c in crawls if c.status not in {"ok", "interrupted"})
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


def _record_failure(clinic: Clinic, reason: str | None, unreachable_after: int) -> None:
    clinic.consecutive_failures += 1
    clinic.last_failure_reason = reason
    if clinic.consecutive_failures >= unreachable_after and clinic.status == "active":
        clinic.status = "unreachable"


def _record_success(clinic: Clinic, snapshot: SiteSnapshot, now: datetime) -> None:
    if snapshot.identity_known and snapshot.name:
        clinic.name = snapshot.name
    clinic.fictional = snapshot.fictional
    clinic.last_checked_at = now
    clinic.consecutive_failures = 0
    clinic.last_failure_reason = None
    clinic.moved_to = None
    if clinic.status == "unreachable":
        clinic.status = "active"


def store_site(
    session: Session, *, run_id: int, snapshot: SiteSnapshot, unreachable_after: int = DEFAULT_UNREACHABLE_AFTER
) -> int | None:
    """Write one site's crawl and return its clinic's id (None when no clinic is known).

    A failed crawl only records the failure: the clinic's pages, locations and scores from
    earlier crawls stay, and after `unreachable_after` failures in a row it is flagged
    unreachable (never deleted). A site whose homepage moved to another domain is recorded with
    that domain; an interrupted site records nothing but the interruption.
    """
    clinic = session.exec(select(Clinic).where(Clinic.domain == snapshot.domain)).first()
    now = utcnow()
    changed = 0
    if snapshot.status == "ok" and clinic is None:
        name = snapshot.name or snapshot.domain
        clinic = Clinic(name=name, slug=_unique_slug(session, name), homepage=snapshot.homepage,
                        domain=snapshot.domain)
    if clinic is not None and snapshot.status != "interrupted":
        clinic.last_crawled_at = now
        if snapshot.status == "ok":
            _record_success(clinic, snapshot, now)
        elif snapshot.status == "moved":
            clinic.moved_to = snapshot.moved_to
        else:
            _record_failure(clinic, snapshot.reason, unreachable_after)
        session.add(clinic)
        session.flush()
        assert clinic.id is not None
        if snapshot.status == "ok":
            if snapshot.identity_known and snapshot.locations:
                _replace_locations(session, clinic.id, snapshot.locations)
            changed = upsert_pages(session, clinic.id, snapshot.pages)
            if snapshot.identity_known:  # a clinic can only become a duplicate when its identity changes
                session.flush()
                merge_if_duplicate(session, clinic)
    session.exec(delete(SiteCrawl).where(col(SiteCrawl.run_id) == run_id, col(SiteCrawl.seed_url) == snapshot.homepage,
                                         col(SiteCrawl.status) == "interrupted"))
    session.add(
        SiteCrawl(
            run_id=run_id, clinic_id=clinic.id if clinic else None, seed_url=snapshot.homepage,
            status=snapshot.status, reason=snapshot.reason, moved_to=snapshot.moved_to,
            pages=len(snapshot.pages), pages_changed=changed, bytes=snapshot.bytes, errors=snapshot.errors,
            notes=snapshot.notes, started_at=snapshot.started_at or now, duration_s=snapshot.duration_s,
        )
    )
    return clinic.id if clinic else None


def count_pages(session: Session) -> int:
    """Number of stored pages."""
    return session.exec(select(func.count()).select_from(Page)).one()
