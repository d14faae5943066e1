"""Benchmark: score the labelled corpus repeatedly on one CPU core; prints figures, last line JSON.

Run with `make bench` or `python bench/score.py [--seconds S]`. Pages are read and their text
extracted once; the timed part is scoring alone (sentences, criteria, facts, grade), each
page scored as a one-page site the way `clinics inspect` and `clinics evaluate` score it.
`pages_per_s` counts the CPU time of this process pinned to one core, so other programs
sharing the machine do not skew it; `wall_pages_per_s` is the same over wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time

from directory.evaluate import load_corpus
from scoring.run import score_site


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0, help="How long to keep scoring (default 5).")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, whichever we may use
    pages = [labelled.page for labelled in load_corpus()]
    characters = sum(len(page.text) for page in pages)
    for page in pages:  # warm up: compile patterns, fill caches
        score_site([page])
    scored, rounds, started, cpu_started = 0, 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < args.seconds:
        for page in pages:
            score_site([page])
        scored += len(pages)
        rounds += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    figures = {
        "benchmark": "score_labelled_corpus",
        "pages": len(pages),
        "rounds": rounds,
        "pages_scored": scored,
        "pages_per_s": round(scored / cpu, 1),
        "cpu_seconds": round(cpu, 3),
        "wall_seconds": round(elapsed, 3),
        "wall_pages_per_s": round(scored / elapsed, 1),
        "ms_per_page": round(1000 * cpu / scored, 3),
        "mean_page_chars": round(characters / len(pages)),
        "cores": 1,
        "python": platform.python_version(),
    }
    print(f"scored {scored} pages ({len(pages)} labelled pages x {rounds}) in {cpu:.2f} s of one core's time"
          f" ({elapsed:.2f} s wall clock)")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
