"""Shared fixtures: temporary databases, the served sample web, one crawl of it per session."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from crawler.localweb import LocalWeb, serve_sample_web
from directory.config import PROJECT_ROOT, SAMPLE_WEB_DIR

SHARED_DIR = PROJECT_ROOT.parent / "shared"
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_shared() -> Path:
    """The ../shared folder; skipped with a reason outside CI when absent, failing in CI."""
    if not (SHARED_DIR / "real_sites").is_dir():
        if IN_CI:
            pytest.fail("../shared/real_sites is missing, but CI must provide it")
        pytest.skip("../shared/real_sites is absent (it sits beside the project in CI)")
    return SHARED_DIR


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    """Run `clinics ARGS` in a fresh process (Scrapy's reactor runs once per process)."""
    return subprocess.run(
        [sys.executable, "-m", "directory.cli", *args],
        capture_output=True, text=True, timeout=timeout, cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})}, check=False,
    )


def write_seeds(path: Path, web: LocalWeb) -> Path:
    """A seeds CSV for every site a LocalWeb serves."""
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "homepage", "fictional"])
        for site in web.sites:
            writer.writerow([site.name or "", site.url, str(site.fictional).lower()])
    return path


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite database for one test."""
    return f"sqlite:///{tmp_path / 'clinics.db'}"


@pytest.fixture(scope="session")
def sample_manifest() -> dict[str, dict[str, Any]]:
    """data/sample_web/sites.json by slug."""
    entries = json.loads((SAMPLE_WEB_DIR / "sites.json").read_text(encoding="utf-8"))
    return {entry["slug"]: entry for entry in entries}


@pytest.fixture(scope="session")
def sample_web() -> Iterator[LocalWeb]:
    """The fictional sample web, served on free 127.0.0.1 ports for the whole session."""
    with serve_sample_web(SAMPLE_WEB_DIR) as web:
        yield web


@pytest.fixture(scope="session")
def crawled_sample(sample_web: LocalWeb, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding one crawl (and scoring) of the whole sample web; returns its URL."""
    folder = tmp_path_factory.mktemp("crawl")
    seeds = write_seeds(folder / "seeds.csv", sample_web)
    url = f"sqlite:///{folder / 'clinics.db'}"
    result = run_cli("crawl", "--seeds", str(seeds), "--db", url, "--delay", "0")
    assert result.returncode == 0, result.stderr[-3000:]
    return url


POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """Create a PostgreSQL database, yield its URL, drop it afterwards.

    Runs for real in CI; outside CI it is skipped, with the reason, when no server answers.
    """
    import uuid

    import psycopg

    try:
        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL must be reachable in CI at {POSTGRES_ADMIN_URL}: {exc}")
        pytest.skip(f"no PostgreSQL server at {POSTGRES_ADMIN_URL}: {exc}")
    name = f"clinics_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        url = f"{base}/{name}"
        try:
            yield url
        finally:
            from directory.db import get_engine

            get_engine(url).dispose()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    with fresh_postgres_database() as url:
        yield url
