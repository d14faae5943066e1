"""bench/search.py runs end to end at a small size, on SQLite and on PostgreSQL, and reports its figures."""

from __future__ import annotations

import json

import pytest

from tests.bench.scripts import load_bench

FIGURES = {"p50_ms", "p95_ms", "http_p95_ms", "naive_p95_ms", "speedup_vs_naive"}


def test_search_bench_on_sqlite(capsys: pytest.CaptureFixture[str]) -> None:
    figures = load_bench("search").main(["--clinics", "1500", "--searches", "40", "--database-url", "sqlite://"])
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last_line) == figures
    assert set(figures) >= FIGURES and figures["backend"] == "sqlite" and figures["identical_results"] is True
    assert figures["empty_radius_share"] > 0  # at this size some searches fall back to the nearest beyond


@pytest.mark.postgres
def test_search_bench_on_postgres(pg_url: str) -> None:
    figures = load_bench("search").main(["--clinics", "1500", "--searches", "20", "--database-url", pg_url])
    assert set(figures) >= FIGURES and figures["backend"] == "postgresql" and figures["identical_results"] is True
