"""Stored scores: overrides on criteria whose findings carry values (years, counts, prices)
hold while that evidence holds; a criteria version bump adds scores and keeps the older ones."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session, func, select

from directory.db import session_scope
from directory.models import Clinic, Finding, Page, Score
from directory.overrides import create_override, open_overrides
from directory.rescore import rescore
from scoring.criteria.setting import Setting
from scoring.run import criteria_version
from tests.factories import add_clinic

TEXT = (
    "Founded in 2014, our clinic has given more than 5,000 ketamine infusions.\n"
    "Dr. Jane Roe has practiced anesthesiology for 12 years.\n"
    "We accept most insurance plans.\n"
    "Each infusion is $450."
)


@pytest.fixture
def clinic_id(db_url: str) -> int:
    add_clinic(db_url, name="Stored Scores Clinic", port=9301, zip_code="80205", city="Denver", state="CO", text=TEXT)
    with session_scope(db_url) as session:
        found = session.exec(select(Clinic.id)).one()
        assert found is not None
        return found


def _score(session: Session, clinic_id: int, criterion: str, version: str | None = None) -> int:
    clinic = session.get(Clinic, clinic_id)
    assert clinic is not None
    return session.exec(select(Score.score).where(
        Score.clinic_id == clinic_id, Score.criterion == criterion,
        Score.criteria_version == (version or clinic.criteria_version))).one()


def _set_text(session: Session, clinic_id: int, old: str, new: str) -> None:
    page = session.exec(select(Page).where(Page.clinic_id == clinic_id)).one()
    assert old in page.text
    page.text = page.text.replace(old, new)
    session.add(page)


@pytest.mark.parametrize(
    ("criterion", "values", "change"),
    [
        ("experience", {2014, 5000, 12}, ("Founded in 2014", "Founded in 2011")),
        ("experience", {2014, 5000, 12}, ("for 12 years", "for 15 years")),
        ("insurance", {450}, ("$450", "$475")),
    ],
    ids=["experience-founded", "experience-years", "insurance-price"],
)
def test_an_override_on_valued_evidence_holds_until_a_value_changes(
        db_url: str, clinic_id: int, criterion: str, values: set[int], change: tuple[str, str]) -> None:
    with session_scope(db_url) as session:
        stored = session.exec(select(Finding.value).where(
            Finding.clinic_id == clinic_id, Finding.criterion == criterion)).all()
        assert {value for value in stored if value is not None} == values  # the evidence really carries values
        computed = _score(session, clinic_id, criterion)
        override = create_override(session=session, clinic_id=clinic_id, criterion=criterion, score=computed // 2 + 1,
                                   reason="Checked by phone.", author="m")
    for _ in range(2):
        with session_scope(db_url) as session:
            rescore(session)
    with session_scope(db_url) as session:
        held = open_overrides(session=session, clinic_id=clinic_id)[criterion]
        assert held.id == override.id and held.status == "active" and held.flagged_at is None
        assert _score(session, clinic_id, criterion) == override.score != computed
        _set_text(session, clinic_id, *change)
        rescore(session)
    with session_scope(db_url) as session:
        flagged = open_overrides(session=session, clinic_id=clinic_id)[criterion]
        assert flagged.status == "needs_review" and flagged.flagged_at is not None
        assert _score(session, clinic_id, criterion) == flagged.computed_score


@pytest.fixture
def fresh_criteria_version() -> Iterator[None]:
    """criteria_version() is cached: clear it around a test that bumps a criterion's version."""
    criteria_version.cache_clear()
    yield
    criteria_version.cache_clear()


def _rows(session: Session, model: type[Score] | type[Finding], clinic_id: int) -> dict[str, int]:
    rows = session.exec(select(model.criteria_version, func.count()).where(model.clinic_id == clinic_id)
                        .group_by(model.criteria_version)).all()
    return dict(rows)


def test_a_criteria_version_bump_adds_scores_and_keeps_the_older_ones(
        db_url: str, clinic_id: int, monkeypatch: pytest.MonkeyPatch, fresh_criteria_version: None) -> None:
    old = criteria_version()
    with session_scope(db_url) as session:
        old_scores = {row.criterion: row.score for row in session.exec(select(Score).where(Score.criteria_version == old))}
        old_findings = _rows(session, Finding, clinic_id)[old]
    monkeypatch.setattr(Setting, "version", Setting.version + 1)
    criteria_version.cache_clear()
    new = criteria_version()
    assert new != old
    for _ in range(2):  # re-scoring under the new version is idempotent too
        with session_scope(db_url) as session:
            rescore(session)
    with session_scope(db_url) as session:
        clinic = session.get(Clinic, clinic_id)
        assert clinic is not None and clinic.criteria_version == new
        assert _rows(session, Score, clinic_id) == {old: len(old_scores), new: len(old_scores)}
        assert _rows(session, Finding, clinic_id) == {old: old_findings, new: old_findings}
        assert {row.criterion: row.score for row in session.exec(select(Score).where(Score.criteria_version == old))} \
            == old_scores
        assert _score(session, clinic_id, "experience", new) == old_scores["experience"]
