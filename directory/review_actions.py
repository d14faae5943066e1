"""Maintainers' actions on clinics, their scores and discovery candidates.

Each one lands in the audit log in the caller's transaction, so the action and its record
commit (or roll back) together.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from directory import candidates, overrides
from directory.approvals import approve, changes, latest_approvals, snapshot
from directory.audit import record
from directory.models import Candidate, Clinic, ClinicReview, Override


class ActionError(ValueError):
    """An action that cannot be done as asked (missing reason, nothing to change)."""


class NotFound(ActionError):
    """No clinic, override or candidate has that id."""


class ClinicNotFound(NotFound):
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


def _scores(clinic: Clinic) -> dict[str, Any]:
    return {"overall_score": clinic.overall_score, "grade": clinic.grade}


def override_score(
    *, session: Session, clinic_id: int, criterion: str, score: int, reason: str, actor: str
) -> Override:
    """Set a criterion's score by hand on the evidence it has now, with a reason; the clinic is re-scored."""
    clinic = _clinic(session, clinic_id)
    before = _scores(clinic)
    replaced = overrides.open_overrides(session=session, clinic_id=clinic_id).get(criterion)
    try:
        override = overrides.create_override(session=session, clinic_id=clinic_id, criterion=criterion,
                                             score=score, reason=reason, author=actor)
    except overrides.OverrideError as exc:
        raise ActionError(str(exc)) from exc
    record(session=session, actor=actor, action="override", target=f"override:{override.id}", clinic_id=clinic_id,
           reason=reason, details={
               "criterion": criterion, "score": score, "computed_score": override.computed_score,
               "replaces": replaced.id if replaced else None, "before": before, "after": _scores(clinic),
           })
    return override


def _open_override(session: Session, override_id: int) -> Override:
    override = session.get(Override, override_id)
    if override is None:
        raise NotFound(f"no override {override_id}")
    if override.status not in overrides.OPEN:
        raise ActionError(f"this override is already {override.status.replace('_', ' ')}")
    return override


def confirm_override(*, session: Session, override_id: int, actor: str, note: str | None = None) -> Override:
    """Keep an override flagged for review: it is made again on the clinic's current evidence."""
    override = _open_override(session, override_id)
    if override.status != "needs_review":
        raise ActionError("only an override whose evidence changed needs confirming")
    clinic = _clinic(session, override.clinic_id)
    before = _scores(clinic)
    overrides.confirm_override(session=session, override_id=override_id, author=actor)
    record(session=session, actor=actor, action="confirm_override", target=f"override:{override_id}",
           clinic_id=override.clinic_id, reason=note, details={
               "criterion": override.criterion, "score": override.score, "computed_score": override.computed_score,
               "before": before, "after": _scores(clinic),
           })
    return override


def withdraw_override(*, session: Session, override_id: int, actor: str, reason: str) -> Override:
    """Remove an override, with a reason; the computed score applies again."""
    override = _open_override(session, override_id)
    if not reason.strip():
        raise ActionError("say why the override is withdrawn")
    clinic = _clinic(session, override.clinic_id)
    before = _scores(clinic)
    overrides.withdraw_override(session=session, override_id=override_id)
    record(session=session, actor=actor, action="withdraw_override", target=f"override:{override_id}",
           clinic_id=override.clinic_id, reason=reason, details={
               "criterion": override.criterion, "score": override.score, "computed_score": override.computed_score,
               "before": before, "after": _scores(clinic),
           })
    return override


def decide_candidate(
    *, session: Session, candidate_id: int, accept: bool, actor: str, note: str | None = None
) -> Candidate:
    """Accept a discovery candidate (it joins the sites to crawl; nothing is listed) or reject it (with a reason)."""
    status = "accepted" if accept else "rejected"
    found = session.get(Candidate, candidate_id)
    if found is None:
        raise NotFound(f"no candidate {candidate_id}")
    if not accept and not (note or "").strip():
        raise ActionError("say why this site is rejected")
    if found.status == status:
        raise ActionError(f"this candidate is already {status}")
    previous = found.status
    candidate = candidates.review(session, candidate_id=candidate_id, status=status)
    record(session=session, actor=actor, action=f"{'accept' if accept else 'reject'}_candidate",
           target=f"candidate:{candidate_id}", reason=note, details={
               "homepage": candidate.homepage, "domain": candidate.domain, "name": candidate.name,
               "source_url": candidate.source_url, "previous_status": previous,
           })
    return candidate
