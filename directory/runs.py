"""Crawl runs: which one can resume, what it still has to do, and its per-site report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, or_, select

from directory.models import CrawlRun, SiteCrawl

#: Site outcomes that are final for a run; interrupted sites are crawled again on resume.
FINAL_STATUSES = ("ok", "failed", "moved")


def _site(url: str) -> str:
    netloc = urlsplit(url).netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


@dataclass
class ResumePlan:
    """An unfinished run: the seeds it still has to crawl and how many sites it finished."""

    run_id: int
    remaining: list[dict[str, Any]]
    done: int


def resumable_run(session: Session, *, run_id: int | None = None) -> ResumePlan | None:
    """The given run, or the latest one that did not finish, with the seeds left to crawl."""
    query = select(CrawlRun).order_by(col(CrawlRun.id).desc())
    if run_id is not None:
        run = session.get(CrawlRun, run_id)
    else:
        run = session.exec(query.where(col(CrawlRun.status) != "finished")).first()
    if run is None or run.id is None:
        return None
    finished = session.exec(
        select(SiteCrawl.seed_url).where(SiteCrawl.run_id == run.id, col(SiteCrawl.status).in_(FINAL_STATUSES))
    ).all()
    done_sites = {_site(url) for url in finished}
    remaining = [seed for seed in run.seed_list if _site(seed["homepage"]) not in done_sites]
    return ResumePlan(run.id, remaining, len(done_sites))


def reopen_run(session: Session, *, run_id: int) -> int:
    """Mark a run as running again (it is being resumed) and return its id."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    run.status = "running"
    run.finished_at = None
    session.add(run)
    return run_id


def run_report(session: Session, *, run_id: int) -> tuple[CrawlRun, list[SiteCrawl]]:
    """A run and its per-site records (pages, bytes, errors, duration, reason), slowest first."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    sites = session.exec(
        select(SiteCrawl).where(SiteCrawl.run_id == run_id).order_by(col(SiteCrawl.duration_s).desc())
    ).all()
    return run, list(sites)


def latest_run_id(session: Session) -> int | None:
    """The id of the most recent crawl run."""
    return session.exec(select(CrawlRun.id).order_by(col(CrawlRun.id).desc())).first()


def changed_clinics(session: Session, *, run_id: int) -> list[int]:
    """Clinics whose pages a run added or changed, and those not scored under the current criteria."""
    from directory.models import Clinic
    from scoring.run import criteria_version

    changed = session.exec(
        select(SiteCrawl.clinic_id).where(SiteCrawl.run_id == run_id, col(SiteCrawl.pages_changed) > 0)
    ).all()
    unscored = session.exec(
        select(SiteCrawl.clinic_id).join(Clinic, col(Clinic.id) == col(SiteCrawl.clinic_id))
        .where(SiteCrawl.run_id == run_id, SiteCrawl.status == "ok",
               or_(col(Clinic.criteria_version).is_(None), col(Clinic.criteria_version) != criteria_version()))
    ).all()
    return sorted({cid for cid in [*changed, *unscored] if cid is not None})
