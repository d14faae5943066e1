"""Acceptance: crawl the real clinic sites of ../shared/real_sites served on 127.0.0.1 and
compare name, phones and addresses with each site's truth.json."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from crawler.localweb import serve_folders
from directory.db import session_scope
from directory.models import Clinic, Location
from tests.conftest import SHARED_DIR, require_shared, run_cli, write_seeds

pytestmark = pytest.mark.slow


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", (text or "").replace("’", "'")).strip().lower()


@pytest.fixture(scope="module")
def real_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, dict[str, Any]], dict[str, str]]]:
    """(database URL, truth by folder, homepage by folder) after one crawl of every real site."""
    require_shared()
    folders = {p.parent.name: p for p in sorted((SHARED_DIR / "real_sites").glob("*/site"))}
    truths = {name: json.loads((path.parent / "truth.json").read_text()) for name, path in folders.items()}
    tmp = tmp_path_factory.mktemp("real")
    url = f"sqlite:///{tmp / 'real.db'}"
    with serve_folders(folders, fictional=False) as web:
        result = run_cli("crawl", "--seeds", str(write_seeds(tmp / "seeds.csv", web)), "--db", url, "--delay", "0")
        assert result.returncode == 0, result.stderr[-3000:]
        yield url, truths, {site.slug: site.url for site in web.sites}


def _clinic(url: str, homepage: str) -> tuple[Clinic, list[Location]]:
    with session_scope(url) as session:
        domain = homepage.split("//", 1)[1].rstrip("/")
        clinic = session.exec(select(Clinic).where(Clinic.domain == domain)).one()
        return clinic, list(session.exec(select(Location).where(Location.clinic_id == clinic.id)).all())


#: Truth facts the crawl still gets wrong, with why. Strict: a fix makes the test fail until
#: the entry is removed, so this list stays the honest record of what still differs.
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    ("powers-of-mind-tallahassee", "name"): (
        "the full name 'Powers of Mind Psychological Services' is only on pages reached through the "
        "JavaScript-injected navigation (notices, privacy, terms, blog); link-following without "
        "JavaScript reaches the pages titled 'Powers of Mind' only"
    ),
}


def _names(check: str) -> list[object]:
    root = SHARED_DIR / "real_sites"
    names = sorted(p.parent.name for p in root.glob("*/site")) if root.is_dir() else ["(absent)"]
    return [
        pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN_DIFFERENCES[(name, check)], strict=True))
        if (name, check) in KNOWN_DIFFERENCES else name
        for name in names
    ]


@pytest.mark.parametrize("site", _names("name"))
def test_clinic_name_matches_truth(real_crawl: Any, site: str) -> None:
    url, truths, homepages = real_crawl
    clinic, _ = _clinic(url, homepages[site])
    assert _norm(clinic.name) == _norm(truths[site]["clinic_name"])


@pytest.mark.parametrize("site", _names("locations"))
def test_addresses_and_phones_match_truth(real_crawl: Any, site: str) -> None:
    url, truths, homepages = real_crawl
    _clinic_row, locations = _clinic(url, homepages[site])
    got = sorted((_norm(loc.street), _norm(loc.city), loc.state, loc.zip, loc.phone) for loc in locations)
    want = sorted((_norm(t["street"]), _norm(t["city"]), t["state"], t["zip"], t["phone"])
                  for t in truths[site]["locations"])
    assert got == want
