"""Correction and removal requests sent from clinic pages, and their resolution by maintainers.

A removal request never removes anything by itself: a maintainer decides and hides the clinic.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from directory.audit import record
from directory.models import Clinic, CorrectionRequest, utcnow

#: code -> label, in the order the form offers them.
RELATIONSHIPS = {"owner_staff": "I own or work at this clinic", "patient": "I am a patient", "other": "Other"}
KINDS = {"correction": "Correct something on this listing", "removal": "Remove this listing"}


class CorrectionError(ValueError):
    """A request that cannot be stored or resolved as asked."""


def submit_request(
    *, session: Session, clinic_id: int, name: str, email: str, relationship: str, kind: str, message: str,
) -> CorrectionRequest:
    """Store a request from the public form (already validated there; checked again here)."""
    if relationship not in RELATIONSHIPS or kind not in KINDS:
        raise CorrectionError("unknown relationship or kind of request")
    if session.get(Clinic, clinic_id) is None:
        raise CorrectionError(f"no clinic {clinic_id}")
    request = CorrectionRequest(clinic_id=clinic_id, name=name.strip(), email=email.strip(),
                                relationship=relationship, kind=kind, message=message.strip())
    session.add(request)
    session.flush()
    return request


def get_request(*, session: Session, request_id: int) -> CorrectionRequest | None:
    """One request by id."""
    return session.get(CorrectionRequest, request_id)


def requests_for_clinic(*, session: Session, clinic_id: int) -> list[CorrectionRequest]:
    """A clinic's requests, open ones first, newest first within each."""
    query = select(CorrectionRequest).where(CorrectionRequest.clinic_id == clinic_id)
    rows = session.exec(query.order_by(col(CorrectionRequest.created_at).desc())).all()
    return sorted(rows, key=lambda r: r.status != "open")


def open_requests(*, session: Session) -> list[tuple[CorrectionRequest, Clinic]]:
    """Every open request with its clinic, oldest first (first come, first served)."""
    query = (
        select(CorrectionRequest, Clinic)
        .join(Clinic, col(Clinic.id) == col(CorrectionRequest.clinic_id))
        .where(CorrectionRequest.status == "open")
        .order_by(col(CorrectionRequest.created_at), col(CorrectionRequest.id))
    )
    return [(request, clinic) for request, clinic in session.exec(query).all()]


def resolve_request(*, session: Session, request_id: int, actor: str, note: str) -> CorrectionRequest:
    """Close an open request with the maintainer's note, and log it."""
    request = session.get(CorrectionRequest, request_id)
    if request is None:
        raise CorrectionError(f"no correction request {request_id}")
    if request.status != "open":
        raise CorrectionError("this request is already resolved")
    if not note.strip():
        raise CorrectionError("a note saying how the request was handled is required")
    request.status = "resolved"
    request.resolved_at = utcnow()
    request.resolved_by = actor
    request.resolution_note = note.strip()
    session.add(request)
    record(session=session, actor=actor, action="resolve_correction", target=f"correction:{request_id}",
           clinic_id=request.clinic_id, reason=request.resolution_note, details={"kind": request.kind})
    return request
