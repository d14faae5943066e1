"""The review queue's sources, approvals and the maintainers' actions, on a stored directory."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from sqlmodel import Session, select

from directory.approvals import approve, changes, snapshot
from directory.audit import entries
from directory.corrections import CorrectionError, open_requests, resolve_request, submit_request
from directory.db import session_scope
from directory.models import Clinic, CorrectionRequest, Score
from directory.review_actions import ActionError, ClinicNotFound, approve_clinic, set_hidden
from directory.review_queue import QUEUE_SOURCES, QueueContext, QueueItem, QueueSource, build_queue
from tests.factories import add_clinic


@pytest.fixture
def queue_db(db_url: str) -> str:
    add_clinic(db_url, name="Calm Clinic", port=9101, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions for CRPS.\nDr. Roe is a board-certified anesthesiologist.")
    add_clinic(db_url, name="Loud Clinic", port=9102, zip_code="80302", city="Boulder", state="CO",
               text="We offer Spravato. Guaranteed relief or your money back.")
    return db_url


def clinic_id(session: Session, name: str) -> int:
    clinic = session.exec(select(Clinic).where(Clinic.name == name)).one()
    assert clinic.id is not None
    return clinic.id


def queue(session: Session, **kwargs: object) -> dict[str, set[str]]:
    """Kind -> the titles of its items."""
    return {s.source.kind: {i.title for i in s.items} for s in build_queue(session=session, **kwargs)}  # type: ignore[arg-type]


def test_new_clinics_wait_until_approved(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        assert queue(session)["new"] == {"Calm Clinic", "Loud Clinic"}
        approve_clinic(session=session, clinic_id=clinic_id(session, "Calm Clinic"), actor="ana", note="looks right")
        found = queue(session)
        assert found["new"] == {"Loud Clinic"} and found["changed"] == set()


def test_red_flags_and_low_confidence_come_from_the_scoring(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        found = queue(session)
        assert found["red_flags"] == {"Loud Clinic"}
        # one-page sites: criteria with nothing stated are scored with low confidence
        assert found["low_confidence"] == {"Calm Clinic", "Loud Clinic"}
        [item] = [i for s in build_queue(session=session, kinds=["red_flags"]) for i in s.items]
        assert "guarantee" in item.summary


def test_a_changed_score_returns_an_approved_clinic_to_the_queue(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        cid = clinic_id(session, "Calm Clinic")
        approve_clinic(session=session, clinic_id=cid, actor="ana")
        assert "Calm Clinic" not in queue(session)["red_flags"] | queue(session)["low_confidence"]
        clinic = session.get(Clinic, cid)
        assert clinic is not None
        before = clinic.overall_score
        assert clinic.grade != "A"
        clinic.overall_score = (before or 0) - 20
        clinic.grade = "A"
        clinic.facts = {**clinic.facts, "modalities": ["iv", "im"]}
        session.add(clinic)
        session.flush()
        [item] = [i for s in build_queue(session=session, kinds=["changed"]) for i in s.items]
        assert item.title == "Calm Clinic"
        assert f"overall score: {before} → {(before or 0) - 20}" in item.summary and "grade:" in item.summary
        assert "Calm Clinic" in queue(session)["low_confidence"]  # pending again, so its details show again


def test_reworded_quotes_alone_are_not_a_change(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        clinic = session.get(Clinic, clinic_id(session, "Loud Clinic"))
        assert clinic is not None
        old = snapshot(clinic)
        flags = [{**flag, "quote": flag["quote"] + "!"} for flag in clinic.facts["red_flags"]]
        clinic.facts = {**clinic.facts, "red_flags": flags}
        assert changes(old, snapshot(clinic)) == []
        clinic.facts = {**clinic.facts, "red_flags": [*flags, {"kind": "cure_claim", "quote": "It cures pain."}]}
        [change] = changes(old, snapshot(clinic))
        assert change.field == "red flags" and "cure_claim" in change.after and "cure_claim" not in change.before


@pytest.mark.parametrize("status", ["unreachable", "closed"])
def test_unreachable_and_closed_clinics_are_queued(queue_db: str, status: str) -> None:
    with session_scope(queue_db) as session:
        clinic = session.get(Clinic, clinic_id(session, "Calm Clinic"))
        assert clinic is not None
        clinic.status = status
        session.add(clinic)
        session.flush()
        assert queue(session)[status] == {"Calm Clinic"}


def test_correction_requests_stay_until_resolved_and_resolution_is_logged(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        cid = clinic_id(session, "Calm Clinic")
        approve_clinic(session=session, clinic_id=cid, actor="ana")
        request = submit_request(session=session, clinic_id=cid, name="Dana", email="d@x.example",
                                 relationship="owner_staff", kind="correction", message="Our phone changed.")
        assert queue(session)["corrections"] == {"Calm Clinic"}
        assert queue(session, clinic_id=cid)["corrections"] == {"Calm Clinic"}
        with pytest.raises(CorrectionError, match="note"):
            resolve_request(session=session, request_id=request.id or 0, actor="ana", note="  ")
        resolve_request(session=session, request_id=request.id or 0, actor="ana", note="Phone updated on recrawl.")
        assert queue(session)["corrections"] == set() and open_requests(session=session) == []
        with pytest.raises(CorrectionError, match="already resolved"):
            resolve_request(session=session, request_id=request.id or 0, actor="ana", note="again")
        [entry] = entries(session=session, action="resolve_correction")
        assert (entry.actor, entry.clinic_id, entry.reason) == ("ana", cid, "Phone updated on recrawl.")


def test_requests_are_checked_before_storing(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        cid = clinic_id(session, "Calm Clinic")
        for relationship, kind in [("boss", "correction"), ("patient", "delete")]:
            with pytest.raises(CorrectionError):
                submit_request(session=session, clinic_id=cid, name="D", email="d@x.example",
                               relationship=relationship, kind=kind, message="Please fix this.")
        with pytest.raises(CorrectionError):
            submit_request(session=session, clinic_id=99999, name="D", email="d@x.example",
                           relationship="patient", kind="removal", message="Please fix this.")
        assert session.exec(select(CorrectionRequest)).all() == []


def test_hiding_needs_a_reason_and_is_logged(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        cid = clinic_id(session, "Loud Clinic")
        with pytest.raises(ActionError, match="say why"):
            set_hidden(session=session, clinic_id=cid, hidden=True, actor="ana", reason=" ")
        set_hidden(session=session, clinic_id=cid, hidden=True, actor="ana", reason="Owner asked for removal.")
        with pytest.raises(ActionError, match="already hidden"):
            set_hidden(session=session, clinic_id=cid, hidden=True, actor="ana", reason="again")
        set_hidden(session=session, clinic_id=cid, hidden=False, actor="bo", reason="Request withdrawn.")
        with pytest.raises(ClinicNotFound):
            set_hidden(session=session, clinic_id=99999, hidden=True, actor="ana", reason="x")
        log = entries(session=session, clinic_id=cid)
        assert [(e.action, e.actor, e.reason) for e in log] == [
            ("unhide", "bo", "Request withdrawn."), ("hide", "ana", "Owner asked for removal.")]
        assert log[0].target == f"clinic:{cid}"


def test_approval_records_the_snapshot_and_what_changed(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        cid = clinic_id(session, "Calm Clinic")
        first = approve_clinic(session=session, clinic_id=cid, actor="ana")
        clinic = session.get(Clinic, cid)
        assert clinic is not None
        assert first.snapshot["overall_score"] == clinic.overall_score and first.snapshot["facts"] == clinic.facts
        clinic.grade = "D"
        session.add(clinic)
        approve_clinic(session=session, clinic_id=cid, actor="bo", note="grade checked")
        newest = entries(session=session, clinic_id=cid, action="approve")[0]
        assert newest.details["first_approval"] is False
        assert newest.details["changes"][0]["field"] == "grade" and newest.details["changes"][0]["after"] == "D"


def test_low_confidence_lists_the_weak_criteria(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        cid = clinic_id(session, "Calm Clinic")
        weak = session.exec(select(Score).where(Score.clinic_id == cid, Score.criterion != "overall",
                                                Score.confidence < 0.5)).all()
        assert weak
        [item] = [i for s in build_queue(session=session, kinds=["low_confidence"], clinic_id=cid) for i in s.items]
        for score in weak:
            assert score.criterion.replace("_", " ") in item.summary


def test_a_new_source_plugs_in_without_changing_the_queue(queue_db: str) -> None:
    def leads(ctx: QueueContext) -> Iterable[QueueItem]:
        yield QueueItem(kind="leads", subject="lead", subject_id=7, title="maybe-a-clinic.example",
                        summary="Suggested by a patient.")

    sources = [*QUEUE_SOURCES, QueueSource("leads", "Leads", "Sites patients suggested.", leads)]
    with session_scope(queue_db) as session:
        sections = build_queue(session=session, sources=sources)
        assert [s.source.kind for s in sections][-1] == "leads"
        assert sections[-1].items[0].subject == "lead"


def test_queue_kinds_are_unique() -> None:
    kinds = [source.kind for source in QUEUE_SOURCES]
    assert len(kinds) == len(set(kinds)) and {"overrides", "candidates"} <= set(kinds)


def test_approve_refuses_unknown_clinics(queue_db: str) -> None:
    with session_scope(queue_db) as session, pytest.raises(ClinicNotFound):
        approve_clinic(session=session, clinic_id=99999, actor="ana")


def test_approve_helper_keeps_the_note(queue_db: str) -> None:
    with session_scope(queue_db) as session:
        clinic = session.get(Clinic, clinic_id(session, "Calm Clinic"))
        assert clinic is not None
        assert approve(session=session, clinic=clinic, reviewer="ana", note="  ok  ").note == "ok"
