"""Maintainers' overrides as review actions: audited with the action, queued when their evidence changes."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from directory.audit import entries
from directory.db import session_scope
from directory.models import AuditLog, Clinic, Override, Page, Score
from directory.rescore import rescore
from directory.review_actions import ActionError, NotFound, confirm_override, override_score, withdraw_override
from directory.review_queue import build_queue
from tests.factories import add_clinic

TEXT = "We offer IV ketamine infusions.\nWe accept most insurance plans.\nEach infusion is $450."


@pytest.fixture
def clinic_id(db_url: str) -> int:
    add_clinic(db_url, name="Override Clinic", port=9211, zip_code="80205", city="Denver", state="CO", text=TEXT)
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        assert clinic.id is not None
        return clinic.id


def score_of(session: Session, clinic_id: int, criterion: str) -> int:
    clinic = session.get(Clinic, clinic_id)
    assert clinic is not None
    return session.exec(select(Score).where(Score.clinic_id == clinic_id, Score.criterion == criterion,
                                            Score.criteria_version == clinic.criteria_version)).one().score


def change_evidence(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        page = session.exec(select(Page).where(Page.clinic_id == clinic_id)).one()
        page.text = TEXT.replace("We accept most insurance plans.", "We do not accept insurance.")
        session.add(page)
        rescore(session)


def test_an_override_takes_effect_and_is_logged_with_the_scores_before_and_after(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        before = session.get(Clinic, clinic_id)
        assert before is not None
        overall_before, computed = before.overall_score, score_of(session, clinic_id, "credentials")
        override_score(session=session, clinic_id=clinic_id, criterion="credentials", score=90,
                       reason="Team page behind a script lists a board-certified anesthesiologist.", actor="ana")
    with session_scope(db_url) as session:
        assert score_of(session, clinic_id, "credentials") == 90
        clinic = session.get(Clinic, clinic_id)
        assert clinic is not None and clinic.overall_score is not None and overall_before is not None
        assert clinic.overall_score > overall_before
        [entry] = entries(session=session, clinic_id=clinic_id)
        assert (entry.actor, entry.action, entry.reason) == (
            "ana", "override", "Team page behind a script lists a board-certified anesthesiologist.")
        assert entry.details["criterion"] == "credentials" and entry.details["score"] == 90
        assert entry.details["computed_score"] == computed
        assert entry.details["before"]["overall_score"] == overall_before
        assert entry.details["after"]["overall_score"] == clinic.overall_score
        [override] = session.exec(select(Override)).all()
        assert entry.target == f"override:{override.id}"


def test_a_second_override_records_the_one_it_replaces(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        first = override_score(session=session, clinic_id=clinic_id, criterion="insurance", score=10, reason="a",
                               actor="ana")
        override_score(session=session, clinic_id=clinic_id, criterion="insurance", score=30, reason="b", actor="bo")
        assert entries(session=session, clinic_id=clinic_id)[0].details["replaces"] == first.id
        assert score_of(session, clinic_id, "insurance") == 30


def test_the_override_and_its_log_entry_roll_back_together(db_url: str, clinic_id: int) -> None:
    with pytest.raises(RuntimeError), session_scope(db_url) as session:
        override_score(session=session, clinic_id=clinic_id, criterion="insurance", score=5, reason="r", actor="ana")
        raise RuntimeError("the request failed after the action")
    with session_scope(db_url) as session:
        assert session.exec(select(Override)).all() == [] and session.exec(select(AuditLog)).all() == []


@pytest.mark.parametrize(("criterion", "score", "reason"), [("red_flags", 50, "r"), ("insurance", 101, "r"),
                                                            ("insurance", -1, "r"), ("insurance", 50, "  ")])
def test_bad_overrides_are_refused_and_not_logged(db_url: str, clinic_id: int, criterion: str, score: int,
                                                  reason: str) -> None:
    with session_scope(db_url) as session:
        with pytest.raises(ActionError):
            override_score(session=session, clinic_id=clinic_id, criterion=criterion, score=score, reason=reason,
                           actor="ana")
        assert entries(session=session) == []
    with session_scope(db_url) as session, pytest.raises(NotFound):
        override_score(session=session, clinic_id=99999, criterion="insurance", score=5, reason="r", actor="ana")


def test_changed_evidence_queues_the_override_until_a_maintainer_confirms_it(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        override = override_score(session=session, clinic_id=clinic_id, criterion="insurance", score=20,
                                  reason="Only one plan.", actor="ana")
        assert [s.items for s in build_queue(session=session, kinds=["overrides"])] == [[]]
        with pytest.raises(ActionError, match="only an override whose evidence changed"):
            confirm_override(session=session, override_id=override.id or 0, actor="bo")
    change_evidence(db_url, clinic_id)
    with session_scope(db_url) as session:
        [item] = [i for s in build_queue(session=session, kinds=["overrides"]) for i in s.items]
        assert (item.subject, item.clinic_id, item.anchor) == ("clinic", clinic_id, "overrides")
        assert "Insurance and cost" in item.summary and "ana" in item.summary
        assert [i.kind for s in build_queue(session=session, clinic_id=clinic_id) for i in s.items].count(
            "overrides") == 1
        computed = score_of(session, clinic_id, "insurance")
        assert computed != 20
        confirm_override(session=session, override_id=override.id or 0, actor="bo", note="Still true: one plan.")
    with session_scope(db_url) as session:
        assert score_of(session, clinic_id, "insurance") == 20
        assert [s.items for s in build_queue(session=session, kinds=["overrides"])] == [[]]
        entry = entries(session=session, action="confirm_override")[0]
        assert (entry.actor, entry.reason, entry.details["computed_score"]) == ("bo", "Still true: one plan.", computed)


def test_withdrawing_needs_a_reason_and_restores_the_computed_score(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        computed = score_of(session, clinic_id, "insurance")
        override = override_score(session=session, clinic_id=clinic_id, criterion="insurance", score=5, reason="r",
                                  actor="ana")
        with pytest.raises(ActionError, match="say why"):
            withdraw_override(session=session, override_id=override.id or 0, actor="bo", reason=" ")
        withdraw_override(session=session, override_id=override.id or 0, actor="bo", reason="Mistaken.")
        assert score_of(session, clinic_id, "insurance") == computed
        with pytest.raises(ActionError, match="already withdrawn"):
            withdraw_override(session=session, override_id=override.id or 0, actor="bo", reason="again")
        with pytest.raises(NotFound):
            withdraw_override(session=session, override_id=99999, actor="bo", reason="x")
        assert [e.action for e in entries(session=session)] == ["withdraw_override", "override"]
