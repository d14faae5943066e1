"""Maintainers' overrides survive re-scoring while the evidence holds, and are flagged when it changes."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from directory.db import session_scope
from directory.models import Clinic, Finding, Override, Page, Score
from directory.overrides import (
    OverrideError,
    confirm_override,
    create_override,
    open_overrides,
    withdraw_override,
)
from directory.rescore import rescore
from tests.factories import add_clinic

TEXT = "We offer IV ketamine infusions.\nWe accept most insurance plans.\nEach infusion is $450."


@pytest.fixture
def clinic_id(db_url: str) -> int:
    add_clinic(db_url, name="Override Clinic", port=9201, zip_code="80205", city="Denver", state="CO", text=TEXT)
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        assert clinic.id is not None
        return clinic.id


def _score(session: Session, clinic_id: int, criterion: str) -> int:
    clinic = session.get(Clinic, clinic_id)
    assert clinic is not None
    return session.exec(select(Score).where(Score.clinic_id == clinic_id, Score.criterion == criterion,
                                            Score.criteria_version == clinic.criteria_version)).one().score


def _set_page_text(session: Session, clinic_id: int, text: str) -> None:
    page = session.exec(select(Page).where(Page.clinic_id == clinic_id)).one()
    page.text = text
    session.add(page)


def test_an_override_sets_the_score_and_the_overall_follows(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        computed, overall_before = _score(session, clinic_id, "credentials"), _score(session, clinic_id, "overall")
        override = create_override(session=session, clinic_id=clinic_id, criterion="credentials", score=80,
                                   reason="Team page lists a board-certified anesthesiologist behind a script.",
                                   author="maintainer@example.com")
    with session_scope(db_url) as session:
        assert computed == 0 and _score(session, clinic_id, "credentials") == 80
        assert _score(session, clinic_id, "overall") > overall_before
        stored = session.get(Override, override.id)
        assert stored is not None and stored.status == "active" and stored.computed_score == 0


def test_the_override_survives_rescoring_while_the_evidence_is_unchanged(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        create_override(session=session, clinic_id=clinic_id, criterion="insurance", score=20,
                        reason="Only one plan is accepted.", author="m")
    for _ in range(2):
        with session_scope(db_url) as session:
            rescore(session)
    with session_scope(db_url) as session:
        assert _score(session, clinic_id, "insurance") == 20
        assert open_overrides(session=session, clinic_id=clinic_id)["insurance"].status == "active"


def test_changed_evidence_flags_the_override_and_restores_the_computed_score(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        create_override(session=session, clinic_id=clinic_id, criterion="insurance", score=20, reason="r", author="m")
    with session_scope(db_url) as session:
        _set_page_text(session, clinic_id, TEXT.replace("We accept most insurance plans.", "We do not accept insurance."))
        rescore(session)
    with session_scope(db_url) as session:
        flagged = open_overrides(session=session, clinic_id=clinic_id)["insurance"]
        assert flagged.status == "needs_review" and flagged.flagged_at is not None
        assert _score(session, clinic_id, "insurance") == flagged.computed_score != 20
        confirm_override(session=session, override_id=flagged.id or 0, author="m2")
    with session_scope(db_url) as session:
        assert _score(session, clinic_id, "insurance") == 20


def test_a_new_override_supersedes_and_a_withdrawn_one_stops_applying(db_url: str, clinic_id: int) -> None:
    with session_scope(db_url) as session:
        first = create_override(session=session, clinic_id=clinic_id, criterion="modalities", score=10, reason="a",
                                author="m")
        second = create_override(session=session, clinic_id=clinic_id, criterion="modalities", score=30, reason="b",
                                 author="m")
        assert session.get(Override, first.id).status == "superseded"  # type: ignore[union-attr]
        assert _score(session, clinic_id, "modalities") == 30
        withdraw_override(session=session, override_id=second.id or 0)
        assert _score(session, clinic_id, "modalities") == 50
        assert open_overrides(session=session, clinic_id=clinic_id) == {}


@pytest.mark.parametrize(
    ("criterion", "score", "reason", "message"),
    [("nope", 50, "r", "criterion"), ("red_flags", 50, "r", "criterion"), ("insurance", 120, "r", "between"),
     ("insurance", 50, " ", "reason")],
)
def test_bad_overrides_are_refused(db_url: str, clinic_id: int, criterion: str, score: int, reason: str,
                                   message: str) -> None:
    with session_scope(db_url) as session, pytest.raises(OverrideError, match=message):
        create_override(session=session, clinic_id=clinic_id, criterion=criterion, score=score, reason=reason,
                        author="m")


def test_rescoring_is_idempotent_per_criteria_version(db_url: str, clinic_id: int) -> None:
    def snapshot() -> tuple[list[tuple[str, int]], list[tuple[str, str, str]]]:
        with session_scope(db_url) as session:
            scores = sorted((s.criterion, s.score) for s in session.exec(select(Score)).all())
            findings = sorted((f.criterion, f.code, f.quote) for f in session.exec(select(Finding)).all())
            return scores, findings

    before = snapshot()
    with session_scope(db_url) as session:
        rescore(session)
        rescore(session)
    assert snapshot() == before
    with session_scope(db_url) as session:
        versions = {s.criteria_version for s in session.exec(select(Score)).all()}
        clinic = session.get(Clinic, clinic_id)
        assert clinic is not None and versions == {clinic.criteria_version}
