"""What a maintainer approved: snapshots of a clinic's listing, and how the listing changed since."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from directory.models import Clinic, ClinicReview

#: The facts a change in which sends an approved clinic back to the queue, in display order.
WATCHED_FACTS = ("modalities", "psychotherapy", "credentials", "insurance", "prices", "pain_conditions",
                 "treats_pain", "screening", "experience", "red_flags")


@dataclass(frozen=True)
class Change:
    """One field of the listing that differs from the approved snapshot."""

    field: str
    before: str
    after: str


def snapshot(clinic: Clinic) -> dict[str, Any]:
    """What patients are shown for a clinic right now, in the form approvals store."""
    return {
        "overall_score": clinic.overall_score,
        "grade": clinic.grade,
        "status": clinic.status,
        "criteria_version": clinic.criteria_version,
        "facts": dict(clinic.facts or {}),
    }


def _item(fact: str, value: Any) -> str:
    if isinstance(value, dict):
        if fact == "prices":
            return f"{value.get('what', '?')} ${value.get('usd', '?')}"
        if fact == "experience":
            return f"{value.get('kind', '?')} {value.get('value', '?')}"
        if "kind" in value:  # red flags: the kind is the finding, the quote is its evidence
            return str(value["kind"])
        return json.dumps(value, sort_keys=True)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _show(fact: str, value: Any) -> str:
    """A fact's value as maintainers read it: lists as sorted, de-duplicated items."""
    if value is None or value == []:
        return "not stated"
    if isinstance(value, list):
        return ", ".join(sorted({_item(fact, v) for v in value}))
    return _item(fact, value)


def normalised(snap: dict[str, Any]) -> dict[str, str]:
    """The snapshot as compared: display strings, so reworded quotes alone change nothing."""
    facts = snap.get("facts") or {}
    shown = {
        "overall score": "none" if snap.get("overall_score") is None else str(snap["overall_score"]),
        "grade": snap.get("grade") or "none",
        "status": snap.get("status") or "active",
    }
    shown.update({fact.replace("_", " "): _show(fact, facts.get(fact)) for fact in WATCHED_FACTS})
    return shown


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """The fields that differ between two snapshots, in display order."""
    old, new = normalised(before), normalised(after)
    return [Change(name, old[name], new[name]) for name in new if old.get(name) != new[name]]


def approve(*, session: Session, clinic: Clinic, reviewer: str, note: str | None = None) -> ClinicReview:
    """Record that `reviewer` approved the clinic's listing as it is now."""
    assert clinic.id is not None
    review = ClinicReview(clinic_id=clinic.id, reviewer=reviewer, note=(note or "").strip() or None,
                          snapshot=snapshot(clinic))
    session.add(review)
    session.flush()
    return review


def latest_approvals(*, session: Session, clinic_ids: list[int] | None = None) -> dict[int, ClinicReview]:
    """Each clinic's most recent approval, by clinic id."""
    newest = select(func.max(ClinicReview.id)).group_by(col(ClinicReview.clinic_id))
    if clinic_ids is not None:
        newest = newest.where(col(ClinicReview.clinic_id).in_(clinic_ids))
    rows = session.exec(select(ClinicReview).where(col(ClinicReview.id).in_(newest))).all()
    return {row.clinic_id: row for row in rows}


def approval_history(*, session: Session, clinic_id: int) -> list[ClinicReview]:
    """A clinic's approvals, newest first."""
    query = select(ClinicReview).where(ClinicReview.clinic_id == clinic_id).order_by(col(ClinicReview.id).desc())
    return list(session.exec(query).all())
