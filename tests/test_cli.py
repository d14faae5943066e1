"""The `clinics` command line: inspect, export, and its error messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from directory.config import SAMPLE_WEB_DIR
from tests.conftest import run_cli
from tests.factories import add_clinic

VOCABULARY_FACTS = {"modalities", "psychotherapy", "credentials", "insurance", "prices", "pain_conditions",
                    "treats_pain", "screening", "experience", "red_flags"}


def test_inspect_json_follows_the_vocabulary(tmp_path: Path) -> None:
    page = SAMPLE_WEB_DIR / "piedmont-ketamine-partners" / "index.html"
    result = run_cli("inspect", str(page), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"clinic", "facts", "findings", "scores"}
    assert set(data["facts"]) == VOCABULARY_FACTS
    assert data["clinic"]["name"] == "Piedmont Ketamine Partners"
    assert {loc["zip"] for loc in data["clinic"]["locations"]} == {"27601", "27701"}
    assert all(loc["phone"].startswith("+1") for loc in data["clinic"]["locations"])
    assert data["scores"]["grade"] in set("ABCDF")


def test_inspect_quotes_are_substrings_of_the_visible_text(tmp_path: Path) -> None:
    from crawler.extract.page import extract_page

    page = SAMPLE_WEB_DIR / "radiant-relief-ketamine-lounge" / "index.html"
    data = json.loads(run_cli("inspect", str(page), "--json").stdout)
    text = extract_page(page.read_text(), page.resolve().as_uri()).text
    assert data["findings"] and all(f["quote"] in text for f in data["findings"])
    assert data["facts"]["red_flags"]


def test_inspect_plain_text_and_readable_output(tmp_path: Path) -> None:
    note = tmp_path / "page.txt"
    note.write_text("We do not accept insurance.\nEach IV infusion is $450.\n")
    result = run_cli("inspect", str(note))
    assert result.returncode == 0
    assert ("cash_only" in result.stdout and "$450" not in result.stdout) or "450" in result.stdout


def test_inspect_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("inspect", str(tmp_path / "nope.html"))
    assert result.returncode != 0 and "cannot read" in result.stderr


def test_crawl_without_seeds_is_a_usage_error() -> None:
    result = run_cli("crawl")
    assert result.returncode == 2 and "seeds" in result.stderr


def test_export_json_and_csv(db_url: str) -> None:
    add_clinic(db_url, name="Export Clinic", port=9100, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions.")
    as_json = json.loads(run_cli("export", "--format", "json", "--db", db_url).stdout)
    assert [c["name"] for c in as_json] == ["Export Clinic"] and as_json[0]["locations"][0]["zip"] == "80205"
    rows = list(csv.DictReader(io.StringIO(run_cli("export", "--format", "csv", "--db", db_url).stdout)))
    assert rows[0]["name"] == "Export Clinic" and rows[0]["modalities"] == "iv"


def test_evaluate_prints_per_fact_figures_and_misses() -> None:
    result = run_cli("evaluate", "--per-fact")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith("red_flags") for line in lines) and "misses" in result.stdout
    assert "red flags on pages labelled without any: 0" in result.stdout


def test_evaluate_json_on_another_corpus(tmp_path: Path) -> None:
    (tmp_path / "001-x.txt").write_text("We do not accept insurance.\nEach IV infusion is $450.\n")
    (tmp_path / "001-x.json").write_text(json.dumps({"url": "https://x.example/", "expected": {
        "modalities": ["iv"], "psychotherapy": "none", "credentials": [], "insurance": ["cash_only"],
        "prices": [{"what": "infusion", "usd": 450}], "pain_conditions": [], "treats_pain": None, "screening": False,
        "experience": [], "red_flags": []}}))
    data = json.loads(run_cli("evaluate", "--corpus", str(tmp_path), "--json").stdout)
    assert data["pages"] == 1 and data["facts"]["insurance"]["f1"] == 1.0 and data["misses"] == []


def test_export_a_search_as_geojson_and_csv(db_url: str) -> None:
    from directory.db import session_scope
    from tests.factories import add_listed_clinic

    with session_scope(db_url) as session:
        add_listed_clinic(session, name="Near IV", lat=39.74, lon=-104.99, facts={"modalities": ["iv"]}, grade="B",
                          score=75)
        add_listed_clinic(session, name="Near Spravato", lat=39.75, lon=-104.98, facts={"modalities": ["esketamine_nasal"]})
        add_listed_clinic(session, name="Far IV", lat=30.27, lon=-97.74, state="TX", facts={"modalities": ["iv"]})
    result = run_cli("export", "--format", "geojson", "--near", "Denver, CO", "--radius", "50", "--query",
                     "modalities=iv", "--db", db_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [f["properties"]["name"] for f in data["features"]] == ["Near IV"]
    assert data["features"][0]["geometry"] == {"type": "Point", "coordinates": [-104.99, 39.74]}
    assert data["features"][0]["properties"]["distance_mi"] < 2
    rows = list(csv.DictReader(io.StringIO(run_cli("export", "--format", "csv", "--query", "modalities=iv",
                                                   "--db", db_url).stdout)))
    assert [r["name"] for r in rows] == ["Far IV", "Near IV"] and rows[0]["distance_mi"] == ""


def test_export_with_a_bad_search_says_what_to_fix(db_url: str) -> None:
    result = run_cli("export", "--near", "Springfield", "--db", db_url)
    assert result.returncode == 2 and "Springfield, IL" in result.stderr
    result = run_cli("export", "--query", "modality=iv", "--db", db_url)
    assert result.returncode == 2 and "Unknown parameter 'modality'" in result.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _free_port_range(count: int) -> int:
    """The first of `count` consecutive free ports (the demo serves one sample site on each)."""
    import socket

    for base in range(21000, 60000, 97):
        sockets = []
        try:
            for port in range(base, base + count):
                probe = socket.socket()
                sockets.append(probe)
                probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for probe in sockets:
                probe.close()
    raise RuntimeError("no range of free ports")


def test_demo_says_plainly_when_its_ports_are_taken(tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("demo", "--no-serve", "--db", f"sqlite:///{tmp_path / 'd.db'}",
                         env={"SAMPLE_WEB_BASE_PORT": str(port)})
        assert result.returncode == 1 and "SAMPLE_WEB_BASE_PORT" in result.stderr
        result = run_cli("demo", "--port", str(port), "--db", f"sqlite:///{tmp_path / 'd.db'}")
        assert result.returncode == 1 and f"127.0.0.1:{port} is already in use" in result.stderr


def test_demo_serves_the_scored_sample_web_and_stops_on_sigterm(tmp_path: Path) -> None:
    """What `make run` does: crawl and score the sample web, then serve it until told to stop."""
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.request

    from directory.config import PROJECT_ROOT

    web_port, base_port = _free_port(), _free_port_range(20)
    process = subprocess.Popen(
        [sys.executable, "-m", "directory.cli", "demo", "--port", str(web_port), "--db", f"sqlite:///{tmp_path / 'd.db'}"],
        cwd=PROJECT_ROOT, env={**os.environ, "SAMPLE_WEB_BASE_PORT": str(base_port)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline, body = time.monotonic() + 120, ""
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{web_port}/search?where=80205&radius=25", timeout=2) as r:
                    body = r.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Mile High Infusion Collective" in body
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) is not None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_report_lists_a_runs_sites_slowest_first_with_reasons_and_notes(db_url: str) -> None:
    from datetime import UTC, datetime

    from directory.db import session_scope
    from directory.ingest import PageIn, SiteSnapshot, finish_run, start_run, store_site

    result = run_cli("report", "--db", db_url)
    assert result.returncode == 1 and "no crawl run yet" in result.stderr
    home = "http://127.0.0.1:9101/"
    pages = [PageIn(home + path, "Report Clinic", f"Page {path}.", b"<p>x</p>", {}, f"hash-{path}", 200,
                    datetime.now(UTC)) for path in ["", "pricing"]]
    ok = SiteSnapshot(domain="127.0.0.1:9101", homepage=home, status="ok", name="Report Clinic", fictional=True,
                      pages=pages, bytes=5 * 1024, errors=1, duration_s=2.5,
                      notes=[f"HTTP 500 on {home}team", "skipped 3: links past the page cap"])
    timeout = "timed out after 3 s on http://127.0.0.1:9102/"
    failed = SiteSnapshot(domain="127.0.0.1:9102", homepage="http://127.0.0.1:9102/", status="failed",
                          reason=timeout, errors=2, duration_s=7.3, notes=[timeout])
    with session_scope(db_url) as session:
        run_id = start_run(session, seeds=2)
        store_site(session, run_id=run_id, snapshot=ok)
        store_site(session, run_id=run_id, snapshot=failed)
        finish_run(session, run_id=run_id)

    result = run_cli("report", "--db", db_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"crawl run {run_id} (finished), started ")
    assert lines[0].endswith("UTC: 1 ok, 1 failed of 2 seeds, 2 pages")
    assert lines[1].split() == ["status", "pages", "changed", "KB", "errors", "secs", "site"]
    # slowest site first; under each site its reason once, then its other notes
    assert [line.split() for line in lines[2:]] == [
        ["failed", "0", "0", "0", "2", "7.3", "http://127.0.0.1:9102/"],
        ["-", *timeout.split()],
        ["ok", "2", "2", "5", "1", "2.5", home],
        ["-", "HTTP", "500", "on", f"{home}team"],
        ["-", "skipped", "3:", "links", "past", "the", "page", "cap"],
    ]
    assert run_cli("report", str(run_id), "--db", db_url).stdout == result.stdout
    result = run_cli("report", str(run_id + 1), "--db", db_url)
    assert result.returncode == 1 and f"no crawl run {run_id + 1}" in result.stderr
