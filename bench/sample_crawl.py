"""Benchmark: crawl and score the bundled sample web end to end; prints figures as JSON.

Run with `make bench` or `python bench/sample_crawl.py`. The crawl runs in a child process
(Scrapy's reactor runs once per process), so the figures include process start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from crawler.localweb import serve_sample_web
from crawler.seeds import write_seeds
from directory.config import PROJECT_ROOT, SAMPLE_WEB_DIR
from directory.db import session_scope
from directory.ingest import count_pages
from directory.rescore import rescore


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp, serve_sample_web(SAMPLE_WEB_DIR) as web:
        seeds = Path(tmp) / "seeds.csv"
        write_seeds(seeds, web.seeds())
        url = f"sqlite:///{tmp}/bench.db"
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "directory.cli", "crawl", "--seeds", str(seeds), "--db", url, "--delay", "0",
             "--no-score"],
            check=True, cwd=PROJECT_ROOT, capture_output=True,
        )
        crawl_s = time.perf_counter() - started
        started = time.perf_counter()
        with session_scope(url) as session:
            clinics = rescore(session)
            pages = count_pages(session)
        score_s = time.perf_counter() - started
    print(json.dumps({
        "sites": len(web.sites), "pages": pages, "crawl_s": round(crawl_s, 2),
        "crawl_pages_per_s": round(pages / crawl_s, 1), "score_s": round(score_s, 2),
        "score_clinics_per_s": round(clinics / score_s, 1),
    }))


if __name__ == "__main__":
    main()
