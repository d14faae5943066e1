"""End to end: serve the sample web on 127.0.0.1, crawl it, score it, query the site and API."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from crawler.localweb import LocalWeb
from directory.db import session_scope
from directory.models import Clinic, CrawlRun, Page
from web import create_app

pytestmark = pytest.mark.slow


def test_every_sample_site_is_crawled_and_scored(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    with session_scope(crawled_sample) as session:
        run = session.exec(select(CrawlRun)).one()
        assert (run.status, run.sites_ok, run.sites_failed) == ("finished", len(sample_manifest), 0)
        clinics = session.exec(select(Clinic)).all()
        assert sorted(c.name for c in clinics) == sorted(e["name"] for e in sample_manifest.values())
        assert all(c.grade and c.fictional for c in clinics)


def test_search_by_a_sample_clinic_zip_finds_it_first(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    client = create_app({"DATABASE_URL": crawled_sample, "SECRET_KEY": "t", "TESTING": True}).test_client()
    for entry in sample_manifest.values():
        zips = [loc["zip"] for loc in entry["locations"] if loc["zip"]]
        if not zips or "closed" in entry["hard_cases"]:
            continue
        page = BeautifulSoup(client.get(f"/search?where={zips[0]}&radius=25").data, "html.parser")
        first = page.select_one(".result h2 a")
        assert first is not None and first.get_text() == entry["name"], zips[0]
        api = client.get(f"/api/v1/clinics?near={zips[0]}&radius=25").get_json()
        assert api["clinics"][0]["name"] == entry["name"]


def test_clinic_page_links_evidence_to_crawled_pages(crawled_sample: str) -> None:
    client = create_app({"DATABASE_URL": crawled_sample, "SECRET_KEY": "t", "TESTING": True}).test_client()
    with session_scope(crawled_sample) as session:
        clinic = session.exec(select(Clinic).where(Clinic.name == "Mile High Infusion Collective")).one()
        page_urls = {p.url for p in session.exec(select(Page).where(Page.clinic_id == clinic.id)).all()}
        texts = {p.url: p.text for p in session.exec(select(Page).where(Page.clinic_id == clinic.id)).all()}
    page = BeautifulSoup(client.get(f"/clinics/{clinic.slug}").data, "html.parser")
    items = page.select(".evidence li")
    assert len(items) >= 5
    for item in items:  # each quote, folded or not, with the link to its page beside it
        href = item.find("p", class_="source", recursive=False).a["href"]
        quote = item.find("blockquote", recursive=False).get_text().strip("“”")
        assert href in page_urls and quote in texts[href]
    assert "fictional sample clinic" in page.get_text()


def test_robots_disallowed_section_is_never_fetched(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    canaries = [e["disallowed_canary"] for e in sample_manifest.values() if e.get("disallowed_canary")]
    assert canaries
    with session_scope(crawled_sample) as session:
        pages = session.exec(select(Page)).all()
    assert not any(canary in page.text for canary in canaries for page in pages)
    assert not any("/staff-only/" in page.url for page in pages)


def test_a_site_that_is_down_is_recorded_not_fatal(sample_web: LocalWeb, tmp_path, db_url: str) -> None:
    from tests.conftest import run_cli

    result = run_cli("crawl", "http://127.0.0.1:9/", sample_web.sites[0].url, "--db", db_url, "--delay", "0")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "1 sites ok, 1 failed" in result.stdout and "127.0.0.1:9" in result.stdout
