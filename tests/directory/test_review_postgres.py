"""The review area's tables and queries on PostgreSQL (DATABASE_URL switches the engine)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from directory.audit import entries
from directory.corrections import open_requests, resolve_request, submit_request
from directory.dashboard import clinics_per_state, grade_distribution
from directory.db import session_scope
from directory.models import Clinic
from directory.review_actions import approve_clinic, set_hidden
from directory.review_queue import build_queue
from directory.users import authenticate, create_user
from tests.factories import add_clinic

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
