"""URL rules: canonical form, site boundaries, link priority, seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.seeds import SeedError, read_seeds, seeds_from_urls
from crawler.urls import canonical_url, crawlable, relevance, same_site


def test_canonical_url_drops_fragment_and_tracking() -> None:
    assert canonical_url("HTTP://Example.com/a?utm_source=x&b=2&gclid=1#top") == "http://example.com/a?b=2"
    assert canonical_url("http://example.com") == "http://example.com/"


@pytest.mark.parametrize(("url", "canonical"), [
    ("http://h/shop;jsessionid=0A1B2C3D", "http://h/shop"),
    ("http://h/a;JSESSIONID=0A1B/b.jsp?x=1", "http://h/a/b.jsp?x=1"),
    ("http://h/cart.php;phpsessid=abc123;type=a", "http://h/cart.php;type=a"),  # other path parameters stay
    ("http://h/(S(lit3py55t21z5v55vlm25s55))/team.aspx", "http://h/team.aspx"),
    ("http://h/;jsessionid=XYZ", "http://h/"),
])
def test_canonical_url_drops_session_ids_from_the_path(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_canonical_url_sorts_the_query_so_order_variants_dedupe() -> None:
    variants = ["http://h/search?b=2&a=1&c=", "http://h/search?c=&a=1&b=2", "http://h/search?a=1&sid=9&c=&b=2"]
    assert {canonical_url(url) for url in variants} == {"http://h/search?a=1&b=2&c="}
    # values of a repeated name keep their order
    assert canonical_url("http://h/f?tag=z&page=2&tag=a") == "http://h/f?page=2&tag=z&tag=a"


def test_same_site_is_by_host_and_port_ignoring_www() -> None:
    assert same_site("http://www.example.com/about", "example.com")
    assert not same_site("http://127.0.0.1:8102/", "127.0.0.1:8101")


@pytest.mark.parametrize("url", ["http://h/a.pdf", "http://h/img.JPG", "mailto:x@y.z", "javascript:void(0)"])
def test_files_and_other_schemes_are_not_crawled(url: str) -> None:
    assert not crawlable(url)


def test_relevant_pages_rank_before_blog_and_legal_pages() -> None:
    assert relevance("http://h/pricing.html") > relevance("http://h/gallery.html") > relevance("http://h/blog/post-1")
    assert relevance("http://h/x", "Meet our team") > relevance("http://h/x", "Read more")


def test_seed_csv_needs_a_homepage_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("name,url\nA,http://a/\n")
    with pytest.raises(SeedError, match="homepage"):
        read_seeds(bad)
    good = tmp_path / "good.csv"
    good.write_text("name,homepage\nA Clinic,https://a.example/\n")
    assert [(s.name, s.homepage) for s in read_seeds(good)] == [("A Clinic", "https://a.example/")]
    seen = tmp_path / "seen.csv"
    seen.write_text("name,homepage,seen_url\nA Clinic,https://a.example/,https://a.example/ketamine#top\n")
    assert read_seeds(seen)[0].seen_url == "https://a.example/ketamine"


def test_seed_urls_must_be_http() -> None:
    with pytest.raises(SeedError):
        seeds_from_urls(["ftp://x"])


def test_shipped_real_seed_list_reads() -> None:
    seeds = read_seeds(Path(__file__).resolve().parents[2] / "data" / "seeds" / "real_clinics.csv")
    assert len(seeds) >= 200 and all(s.homepage.startswith("http") for s in seeds)
