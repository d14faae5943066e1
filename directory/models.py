"""All table models of the directory, in one module."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware UTC now (SQLModel stores aware datetimes in SQLite and PostgreSQL)."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A time as aware UTC; a naive one is taken as UTC already (SQLite hands back naive datetimes)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class Clinic(SQLModel, table=True):
    """A clinic as its website presents it, with the outcome of its latest scoring."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    slug: str = Field(index=True, unique=True)
    homepage: str
    domain: str = Field(index=True, unique=True, description="Canonical host[:port] of the site.")
    status: str = Field(default="active", index=True, description="active | closed | unreachable")
    consecutive_failures: int = Field(default=0, description="Failed crawls since the last good one.")
    last_failure_reason: str | None = None
    moved_to: str | None = Field(default=None, description="Domain the homepage now redirects to, for a maintainer.")
    merged_into_id: int | None = Field(
        default=None, foreign_key="clinic.id", description="The clinic this one duplicates (hidden, never deleted)."
    )
    hidden: bool = Field(default=False, index=True)
    fictional: bool = Field(default=False, description="A bundled sample clinic, not a real one.")
    first_seen_at: datetime = Field(default_factory=utcnow)
    last_crawled_at: datetime | None = None
    last_checked_at: datetime | None = Field(default=None, description="Last successful crawl.")
    overall_score: int | None = Field(default=None, index=True)
    grade: str | None = None
    treats_pain: bool | None = Field(default=None, index=True)
    criteria_version: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Location(SQLModel, table=True):
    """One published address of a clinic, geocoded offline."""

    # clinic_id makes the geosearch's bounding-box scan index-only.
    __table_args__ = (Index("ix_location_lat_lon", "lat", "lon", "clinic_id"),)

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    position: int = 0
    street: str | None = None
    city: str | None = None
    state: str | None = Field(default=None, index=True)
    zip: str | None = Field(default=None, index=True)
    phone: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_source: str | None = Field(default=None, description="published | zip | city")


class Page(SQLModel, table=True):
    """The latest fetched version of one page of a clinic's site."""

    __table_args__ = (UniqueConstraint("clinic_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    url: str
    title: str | None = None
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    html_gz: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    structured: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(description="SHA-256 of the visible text.")
    body_hash: str | None = Field(default=None, description="SHA-256 of the raw body, to skip unchanged pages.")
    etag: str | None = None
    last_modified: str | None = None
    links: list[Any] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False),
        description="[url, priority] of same-site links, to walk the site when the page answers 304.",
    )
    status_code: int = 200
    fetched_at: datetime = Field(default_factory=utcnow, description="Last fetch, changed or not.")
    changed_at: datetime | None = Field(default=None, description="When the visible text last changed.")


class PageVersion(SQLModel, table=True):
    """One version of a page's visible text: its hash, when it was first fetched, and the text."""

    id: int | None = Field(default=None, primary_key=True)
    page_id: int = Field(foreign_key="page.id", index=True, ondelete="CASCADE")
    content_hash: str
    fetched_at: datetime = Field(default_factory=utcnow)
    text: str | None = Field(default=None, sa_column=Column(Text))


class Finding(SQLModel, table=True):
    """One fact a criterion read from a page, with the quoted sentence as evidence."""

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    criteria_version: str = Field(index=True)
    criterion: str
    fact: str
    code: str
    value: Any | None = Field(default=None, sa_column=Column(JSON))
    quote: str = Field(sa_column=Column(Text, nullable=False))
    page_url: str


class Score(SQLModel, table=True):
    """A criterion's 0-100 score for a clinic under one criteria version ('overall' included)."""

    __table_args__ = (UniqueConstraint("clinic_id", "criteria_version", "criterion"),)

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    criteria_version: str
    criterion: str
    score: int
    confidence: float = 1.0
    stated: bool = True
    computed_at: datetime = Field(default_factory=utcnow)


class Override(SQLModel, table=True):
    """A maintainer's score for one criterion of one clinic, made on a given set of evidence.

    `active` while the criterion's evidence fingerprint is the one it was made on; re-scoring
    that finds different evidence keeps the computed score and sets `needs_review`.
    `superseded` when a newer override of the same criterion replaced it, `withdrawn` when removed.
    """

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    criterion: str = Field(index=True)
    score: int
    reason: str = Field(sa_column=Column(Text, nullable=False))
    author: str = Field(description="Who made the override.")
    created_at: datetime = Field(default_factory=utcnow)
    evidence_fingerprint: str = Field(description="Fingerprint of the criterion's evidence when made.")
    status: str = Field(default="active", index=True, description="active | needs_review | superseded | withdrawn")
    computed_score: int | None = Field(default=None, description="The criterion's own score at the last scoring.")
    flagged_at: datetime | None = Field(default=None, description="When changed evidence flagged it for review.")


class ClinicFact(SQLModel, table=True):
    """A (fact, code) the clinic's latest scoring found; indexed for search filters."""

    __table_args__ = (Index("ix_clinicfact_fact_code", "fact", "code"),)

    clinic_id: int = Field(foreign_key="clinic.id", primary_key=True, ondelete="CASCADE")
    fact: str = Field(primary_key=True)
    code: str = Field(primary_key=True)


class CrawlRun(SQLModel, table=True):
    """One invocation of the crawler over a list of seeds."""

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow)
    finished_at: datetime | None = None
    seeds: int = 0
    sites_ok: int = 0
    sites_failed: int = 0
    pages: int = 0
    status: str = Field(default="running", description="running | finished | shutdown | ... (Scrapy's close reason)")
    seed_list: list[Any] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False),
        description="The run's seeds ({homepage, name, fictional}), so an interrupted run can resume.",
    )


class SiteCrawl(SQLModel, table=True):
    """What one crawl run did on one site: the per-site report maintainers read."""

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="crawlrun.id", index=True, ondelete="CASCADE")
    clinic_id: int | None = Field(default=None, foreign_key="clinic.id", index=True)
    seed_url: str
    status: str = Field(description="ok | failed | moved | interrupted")
    reason: str | None = None
    moved_to: str | None = None
    pages: int = 0
    pages_changed: int = 0
    bytes: int = 0
    errors: int = 0
    notes: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False),
        description="Error reasons and what was skipped (soft 404s, link traps, non-HTML).",
    )
    started_at: datetime = Field(default_factory=utcnow)
    duration_s: float = 0.0


class User(SQLModel, table=True):
    """A maintainer who can sign in to the review area (created with `clinics user add`)."""

    __tablename__ = "app_user"  # "user" is a reserved word in PostgreSQL

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    password_hash: str
    created_at: datetime = Field(default_factory=utcnow)


class CorrectionRequest(SQLModel, table=True):
    """A correction or removal request sent through a clinic page; handled by a maintainer."""

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    name: str
    email: str
    relationship: str = Field(description="owner_staff | patient | other")
    kind: str = Field(description="correction | removal")
    message: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    status: str = Field(default="open", index=True, description="open | resolved")
    resolved_at: datetime | None = None
    resolved_by: str | None = Field(default=None, description="Name of the maintainer who resolved it.")
    resolution_note: str | None = Field(default=None, sa_column=Column(Text))


class ClinicReview(SQLModel, table=True):
    """A maintainer's approval of what a clinic's listing showed at that moment (the snapshot)."""

    id: int | None = Field(default=None, primary_key=True)
    clinic_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    reviewer: str
    reviewed_at: datetime = Field(default_factory=utcnow)
    note: str | None = Field(default=None, sa_column=Column(Text))
    snapshot: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class AuditLog(SQLModel, table=True):
    """One entry of the audit log: which maintainer did what, to what, when and why.

    No foreign keys on purpose: the log must outlive the rows it describes.
    """

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(index=True)
    action: str = Field(index=True)
    target: str = Field(description="What was acted on, as kind:id (clinic:12, correction:3).")
    clinic_id: int | None = Field(default=None, index=True)
    reason: str | None = Field(default=None, sa_column=Column(Text))
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ClinicMerge(SQLModel, table=True):
    """A record that one clinic was found to duplicate another and was merged into it."""

    id: int | None = Field(default=None, primary_key=True)
    kept_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    merged_id: int = Field(foreign_key="clinic.id", index=True, ondelete="CASCADE")
    reason: str
    merged_at: datetime = Field(default_factory=utcnow)


class Candidate(SQLModel, table=True):
    """A possible clinic homepage found on a listing page, waiting for a maintainer's review."""

    id: int | None = Field(default=None, primary_key=True)
    domain: str = Field(index=True, unique=True)
    homepage: str
    name: str | None = None
    source_url: str
    status: str = Field(default="new", index=True, description="new | accepted | rejected")
    found_at: datetime = Field(default_factory=utcnow)
    reviewed_at: datetime | None = None
