"""Crawl health per run: sites ok, failed, and those the run left unreachable, by the crawler's own rule."""

from __future__ import annotations

import pytest
from sqlmodel import select

from directory.dashboard import crawl_health
from directory.db import session_scope
from directory.ingest import SiteSnapshot, finish_run, start_run, store_site
from directory.models import Clinic, SiteCrawl
from directory.models import utcnow as utc_now
from directory.page_store import PageIn

# One letter per run: o ok, f failed, m moved, i interrupted, - not crawled in that run.
HISTORY = {
    "a.example": "offffof",
    "b.example": "ofofffm",
    "c.example": "ofiff--",
    "d.example": "fff----",  # never crawled well: no clinic, so never flagged
}
STATUS = {"o": "ok", "f": "failed", "m": "moved", "i": "interrupted"}


def snapshot(domain: str, status: str) -> SiteSnapshot:
    homepage = f"https://{domain}/"
    pages = [PageIn(homepage, domain, "We offer IV ketamine.", b"<p>We offer IV ketamine.</p>", {}, "h", 200,
                    utc_now())] if status == "ok" else []
    return SiteSnapshot(domain=domain, homepage=homepage, status=status, name=domain, pages=pages,
                        reason=None if status == "ok" else "connection refused",
                        moved_to="elsewhere.example" if status == "moved" else None)


def crawl_history(database_url: str) -> list[int]:
    """Run the history through the crawler's storage; per run, the failed clinics it flagged unreachable."""
    flagged = []
    for run in range(len(HISTORY["a.example"])):
        with session_scope(database_url) as session:
            run_id = start_run(session, seeds=len(HISTORY))
            for domain, outcomes in HISTORY.items():
                if outcomes[run] != "-":
                    store_site(session, run_id=run_id, snapshot=snapshot(domain, STATUS[outcomes[run]]),
                               unreachable_after=3)
            finish_run(session, run_id=run_id)
            session.flush()
            failed = session.exec(select(SiteCrawl.clinic_id).where(
                SiteCrawl.run_id == run_id, SiteCrawl.status == "failed")).all()
            flagged.append(sum(1 for cid in failed if cid is not None
                               and (clinic := session.get(Clinic, cid)) and clinic.status == "unreachable"))
    return flagged


@pytest.mark.parametrize("engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_unreachable_per_run_follows_the_crawlers_rule(engine: str, db_url: str, request: pytest.FixtureRequest) -> None:
    database_url = db_url if engine == "sqlite" else request.getfixturevalue("pg_url")
    flagged = crawl_history(database_url)
    assert flagged == [0, 0, 0, 1, 2, 1, 0]  # a at runs 4 and 5, c at 5 (an interruption does not reset), b at 6
    with session_scope(database_url) as session:
        runs = crawl_health(session=session, unreachable_after=3)
        assert [r.sites_unreachable for r in runs] == flagged
        assert [r.sites_ok for r in runs] == [3, 0, 1, 0, 0, 1, 0]
        assert [r.sites_failed for r in runs] == [1, 4, 2, 3, 3, 1, 2]  # a moved homepage counts as failed
        assert [r.failed_only for r in runs] == [1, 4, 2, 2, 1, 0, 2]
        assert [r.run_id for r in runs] == sorted(r.run_id for r in runs)  # oldest first
        assert [r.run_id for r in crawl_health(session=session, limit=2)] == [runs[-2].run_id, runs[-1].run_id]
        assert [r.sites_unreachable for r in crawl_health(session=session, unreachable_after=4)] == [0, 0, 0, 0, 1,
                                                                                                    0, 0]


def test_no_runs_no_health(db_url: str) -> None:
    with session_scope(db_url) as session:
        assert crawl_health(session=session) == []
