"""An interrupted crawl (Ctrl+C or a hard kill) leaves earlier data intact and resumes without
duplicates or re-fetching the sites it had finished."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from directory.config import PROJECT_ROOT
from directory.db import session_scope
from directory.models import Clinic, CrawlRun, Page, SiteCrawl
from tests.conftest import run_cli
from tests.crawler.hostile_web import HostileWeb, good_site, serve, wait_for, write_seeds

pytestmark = pytest.mark.slow

SITES = 6
# held requests must not time out before the test lets them through
ENV = {"CLINICS_PROGRESS_INTERVAL": "0", "CLINICS_DOWNLOAD_TIMEOUT": "120"}


#: the last sites answer nothing until the test has interrupted the crawl, so it is always
#: stopped mid-run, however slowly the machine starts the crawl and its writer process
HELD_SITES = 2
HELD = threading.Event()


@pytest.fixture
def web() -> Iterator[HostileWeb]:
    HELD.clear()
    sites = []
    for i in range(SITES):
        site = good_site(f"s{i}", f"Resume Test Clinic {chr(65 + i)}", f"{100 + i} Main St", "Denver", "CO",
                         "80202", f"(303) 555-01{i:02d}")
        site.delay = 0.05 + 0.25 * i  # the first sites finish early, the next ones take seconds
        if i >= SITES - HELD_SITES:
            site.gate = HELD
        sites.append(site)
    with serve(sites) as web:
        yield web
    HELD.set()


def finished_sites(db_url: str) -> int:
    try:
        with session_scope(db_url) as session:
            return session.exec(select(func.count()).select_from(SiteCrawl)
                                .where(SiteCrawl.status == "ok")).one()
    except Exception:  # the database may not exist yet
        return 0


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_an_interrupted_crawl_resumes_without_duplicates(web: HostileWeb, db_url: str, tmp_path: Path,
                                                         stop: signal.Signals) -> None:
    seeds = write_seeds(tmp_path / "seeds.csv", web)
    crawl = subprocess.Popen(
        [sys.executable, "-m", "directory.cli", "crawl", "--seeds", str(seeds), "--db", db_url, "--delay", "0"],
        cwd=PROJECT_ROOT, env={**os.environ, **ENV}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert wait_for(lambda: finished_sites(db_url) >= 2, timeout=60), crawl.communicate(timeout=5)
        crawl.send_signal(stop)
        HELD.set()  # what was in flight may now finish; a stopping crawl starts nothing new
        crawl.communicate(timeout=60)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    done_before = finished_sites(db_url)
    assert 2 <= done_before < SITES, "the crawl was not interrupted mid-run"
    with session_scope(db_url) as session:
        run = session.exec(select(CrawlRun)).one()
        assert run.status == ("shutdown" if stop == signal.SIGINT else "running")
    requests_before = {slug: len(site.requests) for slug, site in web.sites.items()}

    result = run_cli("crawl", "--resume", "--db", db_url, "--delay", "0", env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{done_before} sites done" in result.stderr

    with session_scope(db_url) as session:
        run = session.exec(select(CrawlRun)).one()  # the same run, completed
        assert (run.status, run.sites_ok, run.sites_failed) == ("finished", SITES, 0)
        crawls = session.exec(select(SiteCrawl)).all()
        assert sorted(c.seed_url for c in crawls) == sorted(site.url for site in web.sites.values())
        assert {c.status for c in crawls} == {"ok"}
        assert len(session.exec(select(Clinic)).all()) == SITES
        urls = session.exec(select(Page.url)).all()
        assert len(urls) == len(set(urls)) == SITES * 5
        finished_first = session.exec(select(SiteCrawl.seed_url).where(col(SiteCrawl.id) <= done_before)).all()
    # the sites finished before the interruption were not fetched again
    for slug, site in web.sites.items():
        if site.url in finished_first:
            assert len(site.requests) == requests_before[slug], slug


def test_resume_without_an_interrupted_run_is_a_clear_error(db_url: str) -> None:
    result = run_cli("crawl", "--resume", "--db", db_url)
    assert result.returncode != 0 and "no interrupted crawl run" in result.stderr
