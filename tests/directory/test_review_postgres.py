"""The review area's tables and queries on PostgreSQL (DATABASE_URL switches the engine)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from sqlmodel import select

from directory.audit import entries
from directory.candidates import CandidateIn, add_candidates, candidate_detail
from directory.corrections import open_requests, resolve_request, submit_request
from directory.dashboard import clinics_per_state, grade_distribution
from directory.db import session_scope
from directory.models import Clinic, Page
from directory.page_diff import page_changes
from directory.page_store import PageIn, upsert_pages
from directory.rescore import rescore
from directory.review_actions import approve_clinic, decide_candidate, override_score, set_hidden
from directory.review_queue import build_queue
from directory.users import authenticate, create_user
from tests.factories import add_clinic
from tests.web.helpers import sign_in
from web import create_app

pytestmark = pytest.mark.postgres


def test_review_workflow_on_postgres(pg_url: str) -> None:
    add_clinic(pg_url, name="PG Review Clinic", port=9301, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions. Guaranteed relief or your money back.")
    with session_scope(pg_url) as session:
        create_user(session=session, name="ana", password="a long test password")
        clinic = session.exec(select(Clinic)).one()
        assert clinic.id is not None
        queued = {s.source.kind: [i.title for i in s.items] for s in build_queue(session=session)}
        assert queued["new"] == ["PG Review Clinic"] and queued["red_flags"] == ["PG Review Clinic"]
        request = submit_request(session=session, clinic_id=clinic.id, name="D", email="d@x.example",
                                 relationship="patient", kind="correction", message="The phone changed.")
        approve_clinic(session=session, clinic_id=clinic.id, actor="ana", note="ok")
        set_hidden(session=session, clinic_id=clinic.id, hidden=True, actor="ana", reason="Duplicate.")
        resolve_request(session=session, request_id=request.id or 0, actor="ana", note="Fixed.")
    with session_scope(pg_url) as session:
        assert authenticate(session=session, name="ana", password="a long test password") is not None
        queued = {s.source.kind: s.items for s in build_queue(session=session)}
        assert all(not items for items in queued.values())
        assert open_requests(session=session) == []
        assert [e.action for e in entries(session=session)] == ["resolve_correction", "hide", "approve"]
        assert grade_distribution(session=session)[-1] == ("Not graded", 0)
        assert clinics_per_state(session=session) == []  # the only clinic is hidden


def test_overrides_candidates_and_page_diffs_on_postgres(pg_url: str) -> None:
    add_clinic(pg_url, name="PG Diff Clinic", port=9302, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions.\nWe accept most insurance plans.")
    with session_scope(pg_url) as session:
        create_user(session=session, name="ana", password="a long test password")
        clinic = session.exec(select(Clinic)).one()
        assert clinic.id is not None
        cid = clinic.id
        approve_clinic(session=session, clinic_id=cid, actor="ana")
        override_score(session=session, clinic_id=cid, criterion="insurance", score=10, reason="One plan.", actor="ana")
        add_candidates(session, candidates=[CandidateIn("https://pg-candidate.example/", "pg-candidate.example",
                                                        None, "https://listing.example/")])
    with session_scope(pg_url) as session:
        page = session.exec(select(Page)).one()
        text = "We offer IV ketamine infusions.\nWe do not accept insurance."
        upsert_pages(session, cid, [PageIn(page.url, page.title, text, text.encode(), {}, "v2", 200,
                                           datetime.now(UTC) + timedelta(minutes=1))])
        rescore(session, ids=[cid])
    with session_scope(pg_url) as session:
        queued = {s.source.kind: s.items for s in build_queue(session=session)}
        [candidate] = queued["candidates"]
        assert [i.anchor for i in queued["overrides"]] == ["overrides"] and queued["changed"][0].clinic_id == cid
        [change] = page_changes(session=session, clinic_id=cid, since=entries(session=session, action="approve")[0].at)
        assert (change.added, change.removed) == (1, 1)
        decide_candidate(session=session, candidate_id=candidate.subject_id, accept=True, actor="ana")
        found = candidate_detail(session=session, candidate_id=candidate.subject_id)
        assert found is not None and found.candidate.status == "accepted" and len(found.audit) == 1
    client = create_app({"DATABASE_URL": pg_url, "SECRET_KEY": "test-only", "TESTING": True}).test_client()
    sign_in(client, "ana", "a long test password")
    review = BeautifulSoup(client.get(f"/review/clinics/{cid}").data, "html.parser")
    assert review.select("#page-changes ~ article .line-added") and "needs review" in review.select_one(
        "ul.overrides").get_text()
    assert client.get(f"/review/candidates/{candidate.subject_id}").status_code == 200
    assert client.get("/review/dashboard").status_code == 200
