"""The review area in a client: queue, clinic review page, actions, audit log, dashboard."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from directory.corrections import submit_request
from directory.db import session_scope
from directory.ingest import SiteSnapshot, finish_run, start_run, store_site
from directory.models import Clinic
from tests.web.helpers import parse, post_form


def clinic_id(db_url: str, slug: str) -> int:
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic).where(Clinic.slug == slug)).one()
        assert clinic.id is not None
        return clinic.id


def test_queue_lists_new_clinics_and_red_flags_with_links(maintainer: FlaskClient, directory_db: str) -> None:
    page = parse(maintainer.get("/review/"))
    new = page.find(id="q-new").find_parent("section")
    assert {a.get_text() for a in new.select(".queue a")} == {"Denver Test Clinic", "Boulder Test Clinic",
                                                               "Austin Test Clinic"}
    flags = page.find(id="q-red_flags").find_parent("section")
    [link] = flags.select(".queue a")
    assert link.get_text() == "Boulder Test Clinic"
    assert link["href"] == f"/review/clinics/{clinic_id(directory_db, 'boulder-test-clinic')}"


def test_queue_filters_by_kind(maintainer: FlaskClient) -> None:
    page = parse(maintainer.get("/review/?kind=red_flags"))
    assert [h.get_text(" ", strip=True) for h in page.select("main h2")] == ["Red flags (1)"]
    assert maintainer.get("/review/?kind=nonsense").status_code == 404


def test_review_page_shows_evidence_scores_and_crawls(maintainer: FlaskClient, directory_db: str) -> None:
    page = parse(maintainer.get(f"/review/clinics/{clinic_id(directory_db, 'boulder-test-clinic')}"))
    flags = page.find(id="flags").find_parent("section")
    assert "guarantee" in flags.get_text() and flags.select_one("a.source")["href"] == "http://127.0.0.1:9002/"
    scores = page.find(id="scores").find_parent("section")
    assert "Confidence" in scores.get_text() and scores.select("tbody tr")
    assert "not stated" in scores.get_text()
    crawls = page.find(id="crawls").find_parent("section")
    assert crawls.select_one("tbody td:nth-of-type(3)").get_text() == "ok"
    assert "Never reviewed" in page.find(id="why").find_parent("section").get_text()


def test_approving_clears_the_clinic_from_the_queue(maintainer: FlaskClient, directory_db: str) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    url = f"/review/clinics/{cid}"
    response = post_form(maintainer, url, f"{url}/approve", {"approve-note": "Evidence checked."})
    assert response.status_code == 302
    page = parse(maintainer.get(url))
    assert "Approved." in page.select_one(".flashes").get_text()
    assert "approved by ana" in page.find(id="why").find_parent("section").get_text()
    queue = parse(maintainer.get("/review/"))
    assert "Denver Test Clinic" not in queue.find(id="q-new").find_parent("section").get_text()


def test_hiding_needs_a_reason_then_removes_the_clinic_everywhere_public(
    maintainer: FlaskClient, anon: FlaskClient, directory_db: str
) -> None:
    cid = clinic_id(directory_db, "denver-test-clinic")
    url = f"/review/clinics/{cid}"
    refused = post_form(maintainer, url, f"{url}/hide", {"visibility-reason": ""})
    assert refused.status_code == 400
    assert "Say why" in parse(refused).find(id="visibility-reason-error").get_text()
    assert anon.get("/clinics/denver-test-clinic").status_code == 200

    assert post_form(maintainer, url, f"{url}/hide", {"visibility-reason": "Owner asked; verified by phone."}).status_code == 302
    assert anon.get("/clinics/denver-test-clinic").status_code == 404
    assert "Denver Test Clinic" not in anon.get("/search?where=80205&radius=50").get_data(as_text=True)
    assert all(c["name"] != "Denver Test Clinic"
               for c in anon.get("/api/v1/clinics?near=80205&radius=50").get_json()["clinics"])
    assert anon.get(f"/api/v1/clinics/{cid}").status_code == 404
    review = parse(maintainer.get(url))
    assert "hidden from patients" in review.get_text()
    assert review.find("form", {"action": f"{url}/unhide"}) is not None

    log = parse(maintainer.get(f"/review/log?clinic={cid}"))
    [row] = log.select("table.audit tbody tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[1:5] == ["ana", "hide", "Denver Test Clinic", "Owner asked; verified by phone."]

    post_form(maintainer, url, f"{url}/unhide", {"visibility-reason": "Request withdrawn."})
    assert anon.get("/clinics/denver-test-clinic").status_code == 200


def test_correction_requests_are_resolved_with_a_note(maintainer: FlaskClient, directory_db: str) -> None:
    cid = clinic_id(directory_db, "austin-test-clinic")
    with session_scope(directory_db) as session:
        request = submit_request(session=session, clinic_id=cid, name="Dana <b>Roe</b>", email="dana@x.example",
                                 relationship="owner_staff", kind="removal", message="Please remove us.")
        request_id = request.id
    queue = parse(maintainer.get("/review/"))
    assert "Dana <b>Roe</b>" in queue.find(id="q-corrections").find_parent("section").get_text()  # escaped, as text
    url = f"/review/clinics/{cid}"
    action = f"/review/corrections/{request_id}/resolve"
    refused = post_form(maintainer, url, action, {f"resolve-{request_id}-note": ""})
    assert refused.status_code == 400 and parse(refused).find(id=f"resolve-{request_id}-note-error") is not None
    assert post_form(maintainer, url, action, {f"resolve-{request_id}-note": "Hidden after a call."}).status_code == 302
    page = parse(maintainer.get(url))
    requests = page.find(id="requests").find_parent("section")
    assert "Resolved by ana" in requests.get_text() and "Hidden after a call." in requests.get_text()
    assert page.find("form", {"action": action}) is None
    assert "resolve correction" in maintainer.get("/review/log").get_data(as_text=True)


def test_audit_log_filters_by_action_and_clinic(maintainer: FlaskClient, directory_db: str) -> None:
    denver, austin = clinic_id(directory_db, "denver-test-clinic"), clinic_id(directory_db, "austin-test-clinic")
    for cid in (denver, austin):
        post_form(maintainer, f"/review/clinics/{cid}", f"/review/clinics/{cid}/approve", {})
    post_form(maintainer, f"/review/clinics/{austin}", f"/review/clinics/{austin}/hide",
              {"visibility-reason": "Duplicate listing."})
    rows = parse(maintainer.get("/review/log")).select("table.audit tbody tr")
    assert len(rows) == 3
    hides = parse(maintainer.get("/review/log?action=hide")).select("table.audit tbody tr")
    assert len(hides) == 1 and "Duplicate listing." in hides[0].get_text()
    denver_rows = parse(maintainer.get(f"/review/log?clinic={denver}")).select("table.audit tbody tr")
    assert len(denver_rows) == 1 and "approve" in denver_rows[0].get_text()


def test_dashboard_draws_accessible_charts_with_tables(
    maintainer: FlaskClient, directory_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLINICS_UNREACHABLE_AFTER", "1")  # the dashboard counts by the configured rule
    with session_scope(directory_db) as session:
        run_id = start_run(session, seeds=3)
        for port, status in [(9001, "ok"), (9002, "failed"), (9003, "failed")]:
            store_site(session, run_id=run_id, unreachable_after=1, snapshot=SiteSnapshot(
                domain=f"127.0.0.1:{port}", homepage=f"http://127.0.0.1:{port}/", status=status, identity_known=False))
        finish_run(session, run_id=run_id)
    page = parse(maintainer.get("/review/dashboard"))
    charts = page.select("svg.chart")
    assert len(charts) == 3
    for chart in charts:
        assert chart["role"] == "img"
        title, desc = chart.find("title"), chart.find("desc")
        assert title.get_text() and desc.get_text()
        assert chart["aria-labelledby"] == f"{title['id']} {desc['id']}"
    states = {row.th.get_text(): row.td.get_text() for row in page.find(id="fig-states").find_parent("section").select("tbody tr")}
    assert states == {"CO": "2", "TX": "1"}
    crawls = page.find(id="fig-crawls").find_parent("section")
    [started] = [row.td.get_text() for row in crawls.select("tbody tr") if row.th.get_text() == "4"]  # in UTC
    day = datetime.strptime(started, "%Y-%m-%d %H:%M")
    assert f"{day:%B} {day.day}, {day.year} at {day:%H:%M} UTC (run 4): 1 ok, 0 failed, 2 unreachable" in (
        crawls.find("desc").get_text())
    axis = [" ".join(t.stripped_strings) for t in crawls.select("svg text[text-anchor=middle]")]
    assert axis[-1].startswith(f"{day:%b} {day.day}") and not any(label.startswith("#") for label in axis)
    [latest] = [row for row in crawls.select("tbody tr") if row.th.get_text() == "4"]
    assert [td.get_text() for td in latest.find_all("td")][1:] == ["1", "0", "2", "finished"]
    assert page.find("script") is None


def test_review_pages_are_never_cached(maintainer: FlaskClient) -> None:
    assert maintainer.get("/review/").headers["Cache-Control"] == "no-store"


def test_unknown_clinic_review_is_404(maintainer: FlaskClient) -> None:
    assert maintainer.get("/review/clinics/99999").status_code == 404
