"""bench/crawl.py runs end to end at a tiny size and ends with its JSON figures; page counts hold."""

from __future__ import annotations

import json

import pytest

from crawler import settings as crawl_settings
from crawler.traps import TrapGuard
from tests.bench.scripts import load_bench

FIGURES = {"full_pages_per_s", "bare_pages_per_s", "recrawl_pages_per_s", "pipeline_vs_bare", "recrawl_vs_first",
           "peak_rss_mb"}


@pytest.mark.slow
def test_crawl_bench_prints_its_figures_as_the_last_line(capsys: pytest.CaptureFixture[str]) -> None:
    figures = load_bench("crawl").main(["--sites", "2", "--pages", "3", "--rounds", "1"])
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last_line) == figures
    assert set(figures) >= FIGURES
    assert figures["full_pages"] == figures["bare_pages"] == figures["recrawl_pages"] == 2 * 3
    # sitemap dates spare the unchanged pages' requests; without them every page is asked for again
    assert figures["recrawl_requests"] < figures["recrawl_without_sitemap_dates_requests"]
    assert all(figures[key] > 0 for key in FIGURES)


def test_sites_get_as_many_distinct_pages_as_asked_beyond_the_topic_list() -> None:
    bench = load_bench("crawl")
    pages = bench.site_pages(0, 45)
    assert len([path for path in pages if path.endswith(".html")]) == 45
    topics = bench.page_topics(bench.MAX_PAGES_PER_SITE - 1)
    assert len(set(topics)) == len(topics) == bench.MAX_PAGES_PER_SITE - 1
    guard = TrapGuard(crawl_settings.CLINICS_MAX_URLS_PER_PATTERN)  # the crawl takes every one of them
    assert [topic for topic in topics if guard.refuse(f"http://127.0.0.1:8000/{topic}.html")] == []


def test_more_pages_than_the_trap_guard_allows_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    bench = load_bench("crawl")
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--pages", str(bench.MAX_PAGES_PER_SITE + 1)])
    assert exit_info.value.code == 2 and "--pages must be between 1 and" in capsys.readouterr().err
