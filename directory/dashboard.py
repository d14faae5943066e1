"""Figures for the maintainers' dashboard: grades, states, crawl health."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from directory.models import Clinic, CrawlRun, Location

GRADES = ("A", "B", "C", "D", "F")


@dataclass(frozen=True)
class RunHealth:
    """How one crawl run went."""

    run_id: int
    started_at: datetime
    sites_ok: int
    sites_failed: int
    status: str


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


def crawl_health(*, session: Session, limit: int = 20) -> list[RunHealth]:
    """The latest crawl runs, oldest first (so a chart reads left to right)."""
    runs = session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc()).limit(limit)).all()
    return [RunHealth(run.id or 0, run.started_at, run.sites_ok, run.sites_failed, run.status)
            for run in reversed(runs)]


def clinics_by_status(*, session: Session) -> dict[str, int]:
    """How many clinics are active, closed, unreachable; and how many are hidden."""
    counts = dict(session.exec(select(Clinic.status, func.count()).group_by(col(Clinic.status))).all())
    counts["hidden"] = session.exec(select(func.count()).select_from(Clinic).where(col(Clinic.hidden))).one()
    return counts
