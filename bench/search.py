"""Benchmark: geosearch over 100,000 clinics; progress on stderr, figures as JSON on the last line.

Builds a fresh database of clinics at random US ZIP centroids (a temporary SQLite file, or a new
database on the PostgreSQL server that `--database-url` or DATABASE_URL names, dropped at the
end; the named database itself is never touched), then times the same random searches
(25 miles, one filter each) three ways:

- in-process, through `directory.search.search_clinics` (a fresh session per search);
- over HTTP, `GET /api/v1/clinics` through the Flask test client;
- naively: every visible location fetched with the same SQL filter but no bounding box, every
  distance computed in Python, then the same sort, page and nearest-beyond.

Every search's results are checked to be identical between the in-process and naive runs.
Targets: in-process p95 <= 20 ms and a mean speed-up >= 20x over the naive scan.

    python bench/search.py                                   # SQLite
    python bench/search.py --database-url postgresql://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import insert, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, col, select

from directory.db import get_engine
from directory.geo import Place, gazetteer, haversine_miles
from directory.models import Clinic, ClinicFact, Location
from directory.search import (
    BEYOND_COUNT,
    Candidate,
    SearchFilters,
    SearchPage,
    SearchQuery,
    filter_clauses,
    load_hits,
    search_clinics,
    sort_key,
)

RADIUS_MI = 25.0
TARGET_P95_MS = 20.0
TARGET_SPEEDUP = 20.0
# (fact, code, share of clinics): rough guesses at how common each fact is among real clinics.
FACT_SHARES = [
    ("modalities", "iv", 0.70), ("modalities", "esketamine_nasal", 0.30), ("modalities", "im", 0.20),
    ("modalities", "ketamine_nasal", 0.08), ("modalities", "oral", 0.15), ("modalities", "at_home", 0.10),
    ("insurance", "accepts_insurance", 0.20), ("insurance", "spravato_covered", 0.20), ("insurance", "superbill", 0.30),
    ("insurance", "hsa_fsa", 0.30), ("insurance", "financing", 0.30), ("insurance", "cash_only", 0.20),
    ("pain_conditions", "crps", 0.30), ("pain_conditions", "fibromyalgia", 0.30),
    ("pain_conditions", "neuropathy", 0.25), ("pain_conditions", "migraine", 0.25),
    ("pain_conditions", "phantom_limb", 0.08),
    ("credentials", "board_certified_anesthesiologist", 0.25), ("credentials", "crna", 0.20),
    ("red_flags", "guarantee", 0.04), ("red_flags", "cure_claim", 0.03),
]
# One filter per search, drawn from these.
SEARCH_FILTERS: list[tuple[dict[str, str], SearchFilters]] = [
    ({"modalities": "iv"}, SearchFilters(modalities=frozenset({"iv"}))),
    ({"modalities": "esketamine_nasal"}, SearchFilters(modalities=frozenset({"esketamine_nasal"}))),
    ({"insurance": "accepts_insurance"}, SearchFilters(insurance=frozenset({"accepts_insurance"}))),
    ({"psychotherapy": "in_house"}, SearchFilters(psychotherapy=frozenset({"in_house"}))),
    ({"pain_conditions": "crps"}, SearchFilters(pain_conditions=frozenset({"crps"}))),
    ({"treats_pain": "true"}, SearchFilters(treats_pain=True)),
    ({"min_grade": "B"}, SearchFilters(min_grade="B")),
    ({"hide_inactive": "true"}, SearchFilters(hide_inactive=True)),
    ({"no_red_flags": "true"}, SearchFilters(no_red_flags=True)),
]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def grade_of(score: int) -> str:
    return "A" if score >= 85 else "B" if score >= 70 else "C" if score >= 55 else "D" if score >= 40 else "F"


def build(url: str, count: int, rng: random.Random) -> None:
    """Bulk-insert `count` clinics, one location each at a random ZIP centroid, with facts."""
    zips = sorted(gazetteer().zips.items())
    engine = get_engine(url)
    now = datetime.now(UTC)
    batch = 5000
    with engine.begin() as conn:
        for start in range(0, count, batch):
            clinics, locations, facts = [], [], []
            for i in range(start + 1, min(start + batch, count) + 1):
                codes = [(fact, code) for fact, code, share in FACT_SHARES if rng.random() < share]
                therapy = rng.choices(["in_house", "mentioned", "none"], [0.15, 0.4, 0.45])[0]
                codes.append(("psychotherapy", therapy))
                treats_pain = rng.choices([True, False, None], [0.5, 0.1, 0.4])[0]
                if treats_pain is not None:
                    codes.append(("treats_pain", str(treats_pain).lower()))
                score = None if rng.random() < 0.1 else rng.randint(0, 100)
                listed: dict[str, Any] = {}
                for fact, code in codes:
                    listed.setdefault(fact, []).append(code)
                clinics.append({
                    "id": i, "name": f"Bench Clinic {i}", "slug": f"bench-clinic-{i}",
                    "homepage": f"https://bench-{i}.example/", "domain": f"bench-{i}.example",
                    "status": rng.choices(["active", "closed", "unreachable"], [0.95, 0.02, 0.03])[0],
                    "hidden": rng.random() < 0.01, "fictional": True, "first_seen_at": now,
                    "overall_score": score, "grade": None if score is None else grade_of(score),
                    "treats_pain": treats_pain, "criteria_version": "bench",
                    "facts": {**listed, "psychotherapy": therapy,
                              "red_flags": [{"kind": k, "quote": ""} for k in listed.get("red_flags", [])]},
                })
                zip_code, place = zips[rng.randrange(len(zips))]
                locations.append({"id": i, "clinic_id": i, "position": 0, "city": place.label.split(",")[0],
                                  "state": place.state, "zip": zip_code, "lat": place.lat, "lon": place.lon,
                                  "geo_source": "zip"})
                facts.extend({"clinic_id": i, "fact": fact, "code": code} for fact, code in codes)
            conn.execute(insert(Clinic), clinics)
            conn.execute(insert(Location), locations)
            conn.execute(insert(ClinicFact), facts)
            log(f"  {min(start + batch, count):,} clinics")
    # A directory in service has table statistics (and, on PostgreSQL, a visibility map for
    # index-only scans) from autovacuum; give the fresh one the same.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql" else "ANALYZE"))


def naive_search(session: Session, query: SearchQuery) -> SearchPage:
    """The same search without any prefilter: every distance computed in Python."""
    assert isinstance(query.where, Place)
    place = query.where
    rows = session.exec(
        select(Location.clinic_id, Location.lat, Location.lon, Clinic.overall_score, Clinic.name)
        .join(Clinic, col(Clinic.id) == col(Location.clinic_id))
        .where(*filter_clauses(query.filters), col(Location.lat).is_not(None))
    )
    nearest: dict[int, Candidate] = {}
    for clinic_id, lat, lon, score, name in rows:
        distance = haversine_miles(place.lat, place.lon, lat, lon)
        if clinic_id not in nearest or distance < nearest[clinic_id].distance:
            nearest[clinic_id] = Candidate(distance, score, name, clinic_id, lat, lon)
    found = sorted((c for c in nearest.values() if c.distance <= query.radius_mi), key=sort_key(query.sort))
    start = (query.page - 1) * query.per_page
    page = SearchPage(query, load_hits(session, found[start:start + query.per_page]), total=len(found))
    if not found:
        page.beyond = load_hits(session, sorted(nearest.values(), key=sort_key("distance"))[:BEYOND_COUNT])
    return page


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return (time.perf_counter() - started) * 1000, result


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def signature(page: SearchPage) -> tuple[Any, ...]:
    return (page.total, [h.clinic.id for h in page.hits], [h.clinic.id for h in page.beyond])


@contextmanager
def fresh_database(database_url: str | None) -> Iterator[str]:
    """A new SQLite file, or a new database on the PostgreSQL server of `database_url`; removed after."""
    if not database_url or make_url(database_url).get_backend_name() == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
            yield url
            get_engine(url).dispose()
        return
    import psycopg

    server = make_url(database_url)
    name = f"clinics_bench_{uuid.uuid4().hex[:10]}"
    admin_dsn = server.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        url = server.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
        try:
            yield url
        finally:
            get_engine(url).dispose()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(database_url: str | None, clinics: int, searches: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with fresh_database(database_url) as url:
        backend = make_url(url).get_backend_name()
        log(f"building {clinics:,} clinics in a fresh {backend} database")
        build_ms, _ = timed(lambda: build(url, clinics, rng))
        zips = sorted(gazetteer().zips.items())
        plan = [(zips[rng.randrange(len(zips))], SEARCH_FILTERS[rng.randrange(len(SEARCH_FILTERS))])
                for _ in range(searches)]
        queries = [SearchQuery(where=place, radius_mi=RADIUS_MI, filters=filters)
                   for (_zip, place), (_args, filters) in plan]
        engine = get_engine(url)

        def ours(query: SearchQuery) -> SearchPage:
            with Session(engine) as session:
                return search_clinics(query, session=session)

        def naive(query: SearchQuery) -> SearchPage:
            with Session(engine) as session:
                return naive_search(session, query)

        for query in queries[:20]:  # warm the caches of both databases and of Python
            ours(query)
        log(f"timing {searches:,} searches in-process")
        in_process = [timed(lambda q=q: ours(q)) for q in queries]

        from web import create_app

        client = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench-only", "TESTING": True}).test_client()
        log(f"timing {searches:,} searches over HTTP (Flask test client)")
        http_ms = []
        for (zip_code, _place), (args, _filters) in plan:
            path = "/api/v1/clinics?" + urlencode({"near": zip_code, "radius": int(RADIUS_MI), **args})
            elapsed, response = timed(lambda p=path: client.get(p))
            assert response.status_code == 200, response.get_data(as_text=True)
            http_ms.append(elapsed)
        log(f"timing {searches:,} naive full scans")
        naive_runs = []
        for n, query in enumerate(queries, 1):
            naive_runs.append(timed(lambda q=query: naive(q)))
            if n % 100 == 0:
                log(f"  {n:,} naive searches")
        identical = all(signature(a[1]) == signature(b[1]) for a, b in zip(in_process, naive_runs, strict=True))
        ours_ms = [ms for ms, _ in in_process]
        naive_ms = [ms for ms, _ in naive_runs]
        totals = [page.total for _ms, page in in_process]
    speedup = statistics.mean(naive_ms) / statistics.mean(ours_ms)
    return {
        "backend": backend, "clinics": clinics, "searches": searches, "radius_mi": RADIUS_MI,
        "build_s": round(build_ms / 1000, 1),
        "mean_hits": round(statistics.mean(totals), 1),
        "empty_radius_share": round(sum(1 for t in totals if t == 0) / len(totals), 3),
        "identical_results": identical,
        "p50_ms": round(percentile(ours_ms, 0.50), 2), "p95_ms": round(percentile(ours_ms, 0.95), 2),
        "mean_ms": round(statistics.mean(ours_ms), 2),
        "http_p50_ms": round(percentile(http_ms, 0.50), 2), "http_p95_ms": round(percentile(http_ms, 0.95), 2),
        "naive_p50_ms": round(percentile(naive_ms, 0.50), 2), "naive_p95_ms": round(percentile(naive_ms, 0.95), 2),
        "naive_mean_ms": round(statistics.mean(naive_ms), 2),
        "speedup_vs_naive": round(speedup, 1),
        "targets_met": percentile(ours_ms, 0.95) <= TARGET_P95_MS and speedup >= TARGET_SPEEDUP,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="a postgresql:// URL runs on a new database on that server (default: $DATABASE_URL; "
                             "SQLite when unset or sqlite)")
    parser.add_argument("--clinics", type=int, default=100_000)
    parser.add_argument("--searches", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args(argv)
    figures = run(options.database_url, options.clinics, options.searches, options.seed)
    print(json.dumps(figures))
    return figures


if __name__ == "__main__":
    main()
