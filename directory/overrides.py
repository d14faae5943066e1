"""Maintainers' overrides of a criterion's score: made on evidence, kept while it holds.

An override records the evidence fingerprint of the criterion when it was made. Re-scoring
applies it while the fingerprint is unchanged; when the evidence changes, the computed score
stands and the override is flagged `needs_review` until a maintainer confirms or withdraws it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from directory.models import Clinic, Finding, Override, utcnow
from scoring.config import weights
from scoring.run import evidence_fingerprint

OPEN = ("active", "needs_review")


class OverrideError(ValueError):
    """An override that cannot be made (unknown clinic or criterion, bad score, no reason)."""


def overridable_criteria() -> list[str]:
    """The criteria with a weight in the overall score (red flags are penalties, not scores)."""
    return list(weights()["overall"])


def current_fingerprint(*, session: Session, clinic_id: int, criterion: str) -> str:
    """The fingerprint of the criterion's stored evidence under the clinic's criteria version."""
    clinic = session.get(Clinic, clinic_id)
    if clinic is None:
        raise OverrideError(f"no clinic with id {clinic_id}")
    rows = session.exec(select(Finding).where(
        Finding.clinic_id == clinic_id, Finding.criteria_version == (clinic.criteria_version or ""),
        Finding.criterion == criterion)).all()
    return evidence_fingerprint((f.fact, f.code, f.quote, f.page_url, f.value) for f in rows)


def open_overrides(*, session: Session, clinic_id: int) -> dict[str, Override]:
    """The clinic's active or flagged override per criterion (the newest if several)."""
    rows = session.exec(select(Override).where(
        Override.clinic_id == clinic_id, col(Override.status).in_(OPEN)).order_by(col(Override.id))).all()
    return {row.criterion: row for row in rows}


def get_override(*, session: Session, override_id: int) -> Override | None:
    """One override by id, whatever its status."""
    return session.get(Override, override_id)


def create_override(*, session: Session, clinic_id: int, criterion: str, score: int, reason: str,
                    author: str) -> Override:
    """Record a maintainer's score for a criterion on the evidence it has now, replacing any
    open override of that criterion, and re-score the clinic so that it takes effect."""
    from directory.rescore import rescore

    if criterion not in overridable_criteria():
        raise OverrideError(f"unknown or non-overridable criterion {criterion!r}")
    if not 0 <= score <= 100:
        raise OverrideError("the score must be between 0 and 100")
    if not reason.strip() or not author.strip():
        raise OverrideError("an override needs a reason and an author")
    fingerprint = current_fingerprint(session=session, clinic_id=clinic_id, criterion=criterion)
    for previous in session.exec(select(Override).where(
            Override.clinic_id == clinic_id, Override.criterion == criterion, col(Override.status).in_(OPEN))).all():
        previous.status = "superseded"
        session.add(previous)
    override = Override(clinic_id=clinic_id, criterion=criterion, score=score, reason=reason.strip(),
                        author=author.strip(), evidence_fingerprint=fingerprint)
    session.add(override)
    session.flush()
    rescore(session, ids=[clinic_id])
    return override


def confirm_override(*, session: Session, override_id: int, author: str) -> Override:
    """A maintainer re-reviewed a flagged override and keeps it on the current evidence."""
    from directory.rescore import rescore

    override = _get(session, override_id)
    override.evidence_fingerprint = current_fingerprint(
        session=session, clinic_id=override.clinic_id, criterion=override.criterion)
    override.status, override.flagged_at = "active", None
    override.author = author.strip() or override.author
    session.add(override)
    session.flush()
    rescore(session, ids=[override.clinic_id])
    return override


def withdraw_override(*, session: Session, override_id: int) -> Override:
    """Remove an override; the computed score applies again."""
    from directory.rescore import rescore

    override = _get(session, override_id)
    override.status = "withdrawn"
    session.add(override)
    session.flush()
    rescore(session, ids=[override.clinic_id])
    return override


def reconcile(override: Override, *, fingerprint: str, computed: int) -> int:
    """The score to show for a criterion with an open override, flagging it when its
    evidence has changed (then the computed score shows)."""
    override.computed_score = computed
    if override.status == "active" and override.evidence_fingerprint != fingerprint:
        override.status, override.flagged_at = "needs_review", utcnow()
    return override.score if override.status == "active" else computed


def override_json(override: Override) -> dict[str, Any]:
    """The public view of a maintainer's override: score, reason, who, when, status."""
    return {"status": override.status, "score": override.score, "reason": override.reason,
            "author": override.author, "created_at": override.created_at.isoformat(),
            "computed_score": override.computed_score}


def _get(session: Session, override_id: int) -> Override:
    override = session.get(Override, override_id)
    if override is None:
        raise OverrideError(f"no override with id {override_id}")
    return override
