"""Maintainers' actions on a clinic; each one lands in the audit log in the same transaction."""

from __future__ import annotations

from sqlmodel import Session

from directory.approvals import approve, changes, latest_approvals, snapshot
from directory.audit import record
from directory.models import Clinic, ClinicReview


class ActionError(ValueError):
    """An action that cannot be done as asked (missing reason, nothing to change)."""


class ClinicNotFound(ActionError):
    """No clinic has that id."""


def _clinic(session: Session, clinic_id: int) -> Clinic:
    clinic = session.get(Clinic, clinic_id)
    if clinic is None:
        raise ClinicNotFound(f"no clinic {clinic_id}")
    return clinic


def approve_clinic(*, session: Session, clinic_id: int, actor: str, note: str | None = None) -> ClinicReview:
    """Approve the listing as patients see it now; the queue compares later changes with it."""
    clinic = _clinic(session, clinic_id)
    previous = latest_approvals(session=session, clinic_ids=[clinic_id]).get(clinic_id)
    changed = changes(previous.snapshot, snapshot(clinic)) if previous else []
    review = approve(session=session, clinic=clinic, reviewer=actor, note=note)
    record(session=session, actor=actor, action="approve", target=f"clinic:{clinic_id}", clinic_id=clinic_id,
           reason=note, details={
               "overall_score": clinic.overall_score, "grade": clinic.grade, "first_approval": previous is None,
               "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in changed],
           })
    return review


def set_hidden(*, session: Session, clinic_id: int, hidden: bool, actor: str, reason: str) -> Clinic:
    """Hide a clinic from search, pages, API and exports (or show it again); a reason is required."""
    if not reason.strip():
        raise ActionError("say why: patients will no longer see this clinic" if hidden
                          else "say why: patients will see this clinic again")
    clinic = _clinic(session, clinic_id)
    if clinic.hidden == hidden:
        raise ActionError("this clinic is already hidden" if hidden else "this clinic is already shown")
    clinic.hidden = hidden
    session.add(clinic)
    record(session=session, actor=actor, action="hide" if hidden else "unhide", target=f"clinic:{clinic_id}",
           clinic_id=clinic_id, reason=reason, details={"name": clinic.name})
    return clinic
