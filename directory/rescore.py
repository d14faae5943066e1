"""Score stored clinics: read their pages, run the criteria, store findings and scores."""

from __future__ import annotations

from sqlmodel import Session, col, delete, select

from directory.models import Clinic, ClinicFact, Finding, Page, Score, utcnow
from scoring.model import PageText
from scoring.run import Report, score_site


def clinic_ids(session: Session) -> list[int]:
    """Every clinic that has at least one stored page."""
    rows = session.exec(select(Page.clinic_id).distinct()).all()
    return sorted(rows)


def pages_for_scoring(session: Session, *, clinic_id: int) -> list[PageText]:
    """A clinic's stored pages as scoring input, in a stable order."""
    rows = session.exec(
        select(Page.url, Page.text, Page.title).where(Page.clinic_id == clinic_id).order_by(col(Page.url))
    ).all()
    return [PageText(url=url, text=text, title=title) for url, text, title in rows]


def save_report(session: Session, *, clinic_id: int, report: Report) -> None:
    """Replace the clinic's findings and scores for this criteria version (idempotent)."""
    version = report.criteria_version
    session.exec(delete(Finding).where(col(Finding.clinic_id) == clinic_id, col(Finding.criteria_version) == version))
    session.exec(delete(Score).where(col(Score.clinic_id) == clinic_id, col(Score.criteria_version) == version))
    session.exec(delete(ClinicFact).where(col(ClinicFact.clinic_id) == clinic_id))
    now = utcnow()
    for f in report.findings:
        session.add(Finding(clinic_id=clinic_id, criteria_version=version, criterion=f.criterion,
                            fact=f.fact, code=f.code, value=f.value, quote=f.quote, page_url=f.url))
    for key, result in report.results.items():
        session.add(Score(clinic_id=clinic_id, criteria_version=version, criterion=key, score=result.score,
                          confidence=result.confidence, stated=result.stated, computed_at=now))
    session.add(Score(clinic_id=clinic_id, criteria_version=version, criterion="overall",
                      score=report.overall, computed_at=now))
    facts = report.facts
    codes = {(fact, code) for fact in ("modalities", "credentials", "insurance", "pain_conditions")
             for code in facts[fact]}
    codes.add(("psychotherapy", facts["psychotherapy"]))
    codes.update(("red_flags", flag["kind"]) for flag in facts["red_flags"])
    if facts["treats_pain"] is not None:
        codes.add(("treats_pain", str(facts["treats_pain"]).lower()))
    for fact, code in sorted(codes):
        session.add(ClinicFact(clinic_id=clinic_id, fact=fact, code=code))
    clinic = session.get(Clinic, clinic_id)
    assert clinic is not None
    clinic.overall_score = report.overall
    clinic.grade = report.grade
    clinic.treats_pain = facts["treats_pain"]
    clinic.criteria_version = version
    clinic.facts = facts
    if any(flag["kind"] == "closed" for flag in facts["red_flags"]):
        clinic.status = "closed"
    session.add(clinic)


def rescore(session: Session, *, ids: list[int] | None = None) -> int:
    """Score the given clinics (default: all with pages); returns how many were scored."""
    targets = ids if ids is not None else clinic_ids(session)
    for clinic_id in targets:
        pages = pages_for_scoring(session, clinic_id=clinic_id)
        if pages:
            save_report(session, clinic_id=clinic_id, report=score_site(pages))
    return len(targets)
