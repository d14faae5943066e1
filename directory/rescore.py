"""Score stored clinics: read their pages, run the criteria, store findings and scores."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import Session, col, delete, select

from directory.models import Clinic, ClinicFact, Finding, Page, Score, utcnow
from directory.overrides import open_overrides, reconcile
from scoring.model import CriterionResult, PageText
from scoring.run import Report, overall_score, score_site


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


def apply_overrides(session: Session, *, clinic_id: int, report: Report) -> tuple[dict[str, CriterionResult], int, str]:
    """The criteria results with maintainers' overrides applied where their evidence is unchanged
    (flagging the others for review), and the overall score and grade that follow."""
    results = dict(report.results)
    fingerprints = report.fingerprints()
    for criterion, override in open_overrides(session=session, clinic_id=clinic_id).items():
        result = results.get(criterion)
        if result is None:
            continue
        shown = reconcile(override, fingerprint=fingerprints[criterion], computed=result.score)
        results[criterion] = replace(result, score=shown, stated=result.stated or shown != result.score)
        session.add(override)
    if results == report.results:
        return results, report.overall, report.grade
    overall, grade = overall_score(results)
    return results, overall, grade


def save_report(session: Session, *, clinic_id: int, report: Report) -> None:
    """Replace the clinic's findings and scores for this criteria version (idempotent), with
    maintainers' overrides applied while the evidence they were made on is unchanged."""
    version = report.criteria_version
    results, overall, grade = apply_overrides(session, clinic_id=clinic_id, report=report)
    session.exec(delete(Finding).where(col(Finding.clinic_id) == clinic_id, col(Finding.criteria_version) == version))
    session.exec(delete(Score).where(col(Score.clinic_id) == clinic_id, col(Score.criteria_version) == version))
    session.exec(delete(ClinicFact).where(col(ClinicFact.clinic_id) == clinic_id))
    now = utcnow()
    for f in report.findings:
        session.add(Finding(clinic_id=clinic_id, criteria_version=version, criterion=f.criterion,
                            fact=f.fact, code=f.code, value=f.value, quote=f.quote, page_url=f.url))
    for key, result in results.items():
        session.add(Score(clinic_id=clinic_id, criteria_version=version, criterion=key, score=result.score,
                          confidence=result.confidence, stated=result.stated, computed_at=now))
    session.add(Score(clinic_id=clinic_id, criteria_version=version, criterion="overall",
                      score=overall, computed_at=now))
    facts = report.facts
    codes = {(fact, code) for fact in ("modalities", "credentials", "insurance", "pain_conditions")
             for code in facts[fact]}
    codes.add(("psychotherapy", facts["psychotherapy"]))
    codes.update(("setting", f.code) for f in report.findings if f.fact == "setting")
    codes.update(("red_flags", flag["kind"]) for flag in facts["red_flags"])
    if facts["treats_pain"] is not None:
        codes.add(("treats_pain", str(facts["treats_pain"]).lower()))
    for fact, code in sorted(codes):
        session.add(ClinicFact(clinic_id=clinic_id, fact=fact, code=code))
    clinic = session.get(Clinic, clinic_id)
    assert clinic is not None
    clinic.overall_score = overall
    clinic.grade = grade
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
