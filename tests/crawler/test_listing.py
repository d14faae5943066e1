"""Discovery: a listing page yields candidate homepages, stored for review and never published."""

from __future__ import annotations

from pathlib import Path

import pytest
import scrapy
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from sqlmodel import select

from crawler.items import CandidateItem
from crawler.seeds import read_seeds
from crawler.spiders.listing import ListingSpider, is_candidate
from directory.db import session_scope
from directory.models import Candidate, Clinic
from tests.conftest import run_cli
from tests.crawler.hostile_web import Reply, Site, html, serve

LISTING = """
<h1>Ketamine providers in Colorado</h1>
<ul>
  <li><a href="https://www.mile-high-ketamine.example/services">Mile High Ketamine</a></li>
  <li><a href="https://front-range-infusions.example/">Website</a></li>
  <li><a href="https://www.facebook.com/somebody">Facebook</a></li>
  <li><a href="/about">About this directory</a></li>
</ul>
<a href="/providers?page=2">Next</a>
"""


def test_listing_page_yields_other_sites_homepages_and_follows_pagination() -> None:
    spider = ListingSpider.from_crawler(get_crawler(ListingSpider), urls="http://listing.example/providers")
    request = scrapy.Request("http://listing.example/providers", meta={"site": "listing.example"})
    response = HtmlResponse(url=request.url, body=LISTING.encode(), encoding="utf-8", request=request)
    results = list(spider.parse(response))
    candidates = [(r.homepage, r.name) for r in results if isinstance(r, CandidateItem)]
    assert candidates == [("https://www.mile-high-ketamine.example/", "Mile High Ketamine"),
                          ("https://front-range-infusions.example/", None)]
    assert [r.url for r in results if isinstance(r, scrapy.Request)] == ["http://listing.example/providers?page=2"]


@pytest.mark.parametrize(("url", "expected"), [
    ("https://clinic.example/", True),
    ("https://www.facebook.com/clinic", False),
    ("https://maps.google.com/?q=clinic", False),
    ("http://listing.example/next", False),
    ("mailto:x@y.z", False),
])
def test_which_links_are_candidates(url: str, expected: bool) -> None:
    assert is_candidate(url, "listing.example") is expected


def test_discover_stores_candidates_for_review_only(db_url: str, tmp_path: Path) -> None:
    listing = Site("listing", {
        "/providers": Reply(body=html("Providers", LISTING)),
        "/providers?page=2": Reply(body=html("Providers, page 2",
                                             '<a href="https://rockies-kap.example/">Rockies KAP</a>'
                                             '<a href="https://front-range-infusions.example/">Front Range</a>')),
    })
    with serve([listing]) as web:
        result = run_cli("discover", web.url("listing") + "providers", "--db", db_url)
    assert result.returncode == 0, result.stderr[-3000:]
    with session_scope(db_url) as session:
        found = {c.domain: c for c in session.exec(select(Candidate)).all()}
        assert not session.exec(select(Clinic)).all()  # nothing published
    assert set(found) == {"mile-high-ketamine.example", "front-range-infusions.example", "rockies-kap.example"}
    assert found["mile-high-ketamine.example"].homepage == "https://www.mile-high-ketamine.example/"
    assert found["mile-high-ketamine.example"].name == "Mile High Ketamine"
    assert found["front-range-infusions.example"].name is None  # "Website" names nothing
    assert {c.status for c in found.values()} == {"new"}

    accept_id = found["rockies-kap.example"].id
    assert run_cli("candidates", "accept", str(accept_id), "--db", db_url).returncode == 0
    seeds_file = tmp_path / "accepted.csv"
    assert run_cli("candidates", "export", "-o", str(seeds_file), "--db", db_url).returncode == 0
    assert [(s.name, s.homepage) for s in read_seeds(seeds_file)] == [("Rockies KAP", "https://rockies-kap.example/")]
    listed = run_cli("candidates", "list", "--status", "new", "--db", db_url).stdout
    assert "mile-high-ketamine" in listed and "rockies-kap" not in listed
