"""Candidate clinics from listing pages: stored for review, accepted or rejected by a maintainer.

A candidate is never a clinic: only an accepted candidate, exported as a seed and crawled,
can become one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from directory.audit import entries
from directory.models import AuditLog, Candidate, Clinic, utcnow

STATUSES = ("new", "accepted", "rejected")


@dataclass(frozen=True)
class CandidateIn:
    """A candidate as the listing spider found it."""

    homepage: str
    domain: str
    name: str | None
    source_url: str


def add_candidates(session: Session, *, candidates: list[CandidateIn]) -> int:
    """Store new candidates (one per domain; known clinics skipped) and return how many were new."""
    domains = list({c.domain for c in candidates})
    known = set(session.exec(select(Candidate.domain).where(col(Candidate.domain).in_(domains))).all())
    known |= set(session.exec(select(Clinic.domain).where(col(Clinic.domain).in_(domains))).all())
    added = 0
    for candidate in candidates:
        if candidate.domain in known:
            continue
        known.add(candidate.domain)
        session.add(Candidate(domain=candidate.domain, homepage=candidate.homepage, name=candidate.name,
                              source_url=candidate.source_url))
        added += 1
    return added


def list_candidates(session: Session, *, status: str | None = None) -> list[Candidate]:
    """Candidates, oldest first, optionally of one status."""
    query = select(Candidate).order_by(col(Candidate.id))
    if status:
        query = query.where(Candidate.status == status)
    return list(session.exec(query).all())


def review(session: Session, *, candidate_id: int, status: str) -> Candidate:
    """Accept or reject a candidate."""
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        raise LookupError(f"no candidate {candidate_id}")
    candidate.status = status
    candidate.reviewed_at = utcnow()
    session.add(candidate)
    return candidate


@dataclass
class CandidateDetail:
    """A candidate as its review page shows it: the clinic it became, if crawled, and its log."""

    candidate: Candidate
    clinic: Clinic | None
    audit: list[AuditLog] = field(default_factory=list)


def candidate_detail(*, session: Session, candidate_id: int) -> CandidateDetail | None:
    """A candidate with the clinic now stored at its domain (after a crawl) and its audit entries."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None:
        return None
    clinic = session.exec(select(Clinic).where(Clinic.domain == candidate.domain)).first()
    return CandidateDetail(candidate, clinic, entries(session=session, target=f"candidate:{candidate_id}"))
