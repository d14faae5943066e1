"""The audit log: every maintainer action, with who, when, what and why."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from directory.models import AuditLog, Clinic


def record(
    *, session: Session, actor: str, action: str, target: str, clinic_id: int | None = None,
    reason: str | None = None, details: dict[str, Any] | None = None,
) -> AuditLog:
    """Add one entry in the caller's transaction, so the action and its record commit together."""
    entry = AuditLog(actor=actor, action=action, target=target, clinic_id=clinic_id,
                     reason=(reason or "").strip() or None, details=details or {})
    session.add(entry)
    session.flush()
    return entry


def entries(
    *, session: Session, clinic_id: int | None = None, action: str | None = None, actor: str | None = None,
    target: str | None = None, limit: int = 100, offset: int = 0,
) -> list[AuditLog]:
    """Entries, newest first, optionally for one clinic, action, actor or target (`candidate:3`)."""
    query = select(AuditLog)
    if clinic_id is not None:
        query = query.where(AuditLog.clinic_id == clinic_id)
    if target:
        query = query.where(AuditLog.target == target)
    if action:
        query = query.where(AuditLog.action == action)
    if actor:
        query = query.where(AuditLog.actor == actor)
    query = query.order_by(col(AuditLog.at).desc(), col(AuditLog.id).desc()).offset(offset).limit(limit)
    return list(session.exec(query).all())


def actions_in_use(*, session: Session) -> list[str]:
    """The distinct actions recorded so far (for the log's filter)."""
    return sorted(session.exec(select(AuditLog.action).distinct()).all())


def count(*, session: Session, clinic_id: int | None = None) -> int:
    """How many entries there are (for one clinic, or all)."""
    query = select(func.count()).select_from(AuditLog)
    if clinic_id is not None:
        query = query.where(AuditLog.clinic_id == clinic_id)
    return session.exec(query).one()


def clinic_names(*, session: Session, ids: list[int]) -> dict[int, str]:
    """Names of the clinics log entries refer to (entries keep only the id)."""
    if not ids:
        return {}
    rows = session.exec(select(Clinic.id, Clinic.name).where(col(Clinic.id).in_(set(ids)))).all()
    return {cid: name for cid, name in rows if cid is not None}
