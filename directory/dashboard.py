"""Figures for the maintainers' dashboard: grades, states, crawl health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case
from sqlmodel import Session, col, func, select

from directory.ingest import DEFAULT_UNREACHABLE_AFTER
from directory.models import Clinic, CrawlRun, Location, SiteCrawl

GRADES = ("A", "B", "C", "D", "F")


@dataclass(frozen=True)
class RunHealth:
    """How one crawl run went: sites crawled, sites that failed, and of those the unreachable ones."""

    run_id: int
    started_at: datetime
    sites_ok: int
    sites_failed: int
    sites_unreachable: int
    status: str

    @property
    def failed_only(self) -> int:
        """Sites that failed this time but are not (yet) unreachable."""
        return self.sites_failed - self.sites_unreachable


def grade_distribution(*, session: Session) -> list[tuple[str, int]]:
    """Listed (not hidden) clinics per grade, A to F, then those not graded yet."""
    query = select(Clinic.grade, func.count()).where(col(Clinic.hidden).is_(False)).group_by(col(Clinic.grade))
    counts = {grade: n for grade, n in session.exec(query).all()}
    return [(grade, counts.get(grade, 0)) for grade in GRADES] + [("Not graded", counts.get(None, 0))]


def clinics_per_state(*, session: Session) -> list[tuple[str, int]]:
    """Listed clinics with at least one location in each state, most first."""
    query = (
        select(Location.state, func.count(func.distinct(Location.clinic_id)))
        .join(Clinic, col(Clinic.id) == col(Location.clinic_id))
        .where(col(Clinic.hidden).is_(False), col(Location.state).is_not(None))
        .group_by(col(Location.state))
    )
    rows = [(state, n) for state, n in session.exec(query).all() if state]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def crawl_health(
    *, session: Session, limit: int = 20, unreachable_after: int = DEFAULT_UNREACHABLE_AFTER
) -> list[RunHealth]:
    """The latest crawl runs, oldest first (so a chart reads left to right), counted from their
    per-site records: sites ok, sites failed (a moved homepage included, as in the run's totals),
    and the failed sites whose clinic that run left unreachable."""
    runs = list(reversed(session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc()).limit(limit)).all()))
    ids = [run.id for run in runs if run.id is not None]
    outcomes: dict[tuple[int, str], int] = {}
    for run_id, status, n in session.exec(
        select(SiteCrawl.run_id, SiteCrawl.status, func.count())
        .where(col(SiteCrawl.run_id).in_(ids)).group_by(col(SiteCrawl.run_id), col(SiteCrawl.status))
    ).all():
        outcomes[(run_id, status)] = n
    unreachable = unreachable_per_run(session=session, run_ids=ids, unreachable_after=unreachable_after)
    return [
        RunHealth(run.id or 0, run.started_at, outcomes.get((run.id or 0, "ok"), 0),
                  outcomes.get((run.id or 0, "failed"), 0) + outcomes.get((run.id or 0, "moved"), 0),
                  unreachable.get(run.id or 0, 0), run.status)
        for run in runs
    ]


def unreachable_per_run(
    *, session: Session, run_ids: list[int], unreachable_after: int = DEFAULT_UNREACHABLE_AFTER
) -> dict[int, int]:
    """Per run, the clinics it found unreachable: their crawl failed, and so did every crawl of
    them before it, back to `unreachable_after` failures in a row (the crawler's own rule, which a
    good crawl resets; moved and interrupted crawls count neither way)."""
    if not run_ids:
        return {}
    counted = (col(SiteCrawl.status).in_(("ok", "failed")), col(SiteCrawl.clinic_id).is_not(None),
               col(SiteCrawl.run_id) <= max(run_ids))
    failed_then = select(SiteCrawl.clinic_id).where(col(SiteCrawl.run_id).in_(run_ids), SiteCrawl.status == "failed")
    order = (col(SiteCrawl.run_id), col(SiteCrawl.id))
    # Each good crawl starts a new streak; a failed crawl's place in its streak is the failures so far.
    streaks = select(
        SiteCrawl.id, SiteCrawl.run_id, SiteCrawl.clinic_id, SiteCrawl.status,
        func.sum(case((col(SiteCrawl.status) == "ok", 1), else_=0))
        .over(partition_by=col(SiteCrawl.clinic_id), order_by=order).label("streak"),
    ).where(*counted, col(SiteCrawl.clinic_id).in_(failed_then)).subquery()
    failures = select(
        streaks.c.run_id, streaks.c.status,
        func.sum(case((streaks.c.status == "failed", 1), else_=0))
        .over(partition_by=(streaks.c.clinic_id, streaks.c.streak), order_by=(streaks.c.run_id, streaks.c.id))
        .label("failures"),
    ).subquery()
    rows = session.exec(
        select(failures.c.run_id, func.count())
        .where(failures.c.status == "failed", failures.c.failures >= unreachable_after,
               col(failures.c.run_id).in_(run_ids))
        .group_by(failures.c.run_id)
    ).all()
    return dict(rows)


def clinics_by_status(*, session: Session) -> dict[str, int]:
    """How many clinics are active, closed, unreachable; and how many are hidden."""
    counts = dict(session.exec(select(Clinic.status, func.count()).group_by(col(Clinic.status))).all())
    counts["hidden"] = session.exec(select(func.count()).select_from(Clinic).where(col(Clinic.hidden))).one()
    return counts
