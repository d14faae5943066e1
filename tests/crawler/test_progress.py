"""The terminal progress line: sites done of total, failures, pages, errors, rate, time."""

from __future__ import annotations

import io
from types import SimpleNamespace

from crawler.extensions.progress import ProgressExtension, progress_line


def site(*, done: bool, pages: int, errors: int = 0) -> SimpleNamespace:
    return SimpleNamespace(done=done, page_count=pages, errors=errors)


def spider(before: int = 0) -> SimpleNamespace:
    sites = {"a": site(done=True, pages=12, errors=1), "b": site(done=True, pages=0, errors=3),
             "c": site(done=False, pages=8)}
    return SimpleNamespace(sites=sites, seeds=[object()] * 4, sites_done_before=before)


def test_progress_line_counts_sites_pages_errors_and_rate() -> None:
    assert progress_line(spider(), 10.0) == "crawl: 2/4 sites done (1 failed), 20 pages, 4 errors, 2.0 pages/s, 0m10s"


def test_progress_line_of_a_resumed_run_counts_the_sites_done_before() -> None:
    line = progress_line(spider(before=5), 3725.0)
    assert line.startswith("crawl: 7/9 sites done") and line.endswith("1h02m05s")


def test_progress_line_before_any_time_has_passed() -> None:
    assert "0.0 pages/s" in progress_line(SimpleNamespace(sites={}, seeds=[]), 0.0)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_one_line_rewritten_in_place_and_a_log_gets_lines() -> None:
    terminal, log = Terminal(), io.StringIO()
    for stream in (terminal, log):
        extension = ProgressExtension(1.0, stream)
        extension.spider = spider()  # type: ignore[assignment]
        extension.report()
        extension.report(final=True)
    assert terminal.getvalue().count("\r\x1b[Kcrawl: 2/4 sites done") == 2 and terminal.getvalue().endswith("\n")
    assert log.getvalue().count("\n") == 2 and "\r" not in log.getvalue()
