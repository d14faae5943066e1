"""The clinic page: locations, key facts, red flags, the score breakdown, and the evidence behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask import Blueprint, abort, render_template, request
from markupsafe import Markup

from directory.models import Finding, Override
from directory.overrides import open_overrides
from directory.queries import ClinicDetail, clinic_by_slug, clinic_detail
from scoring.config import weights
from scoring.criteria import CRITERIA, Criterion
from web.charts import ScoreRow, score_bars
from web.db import get_session
from web.jsonld import clinic_jsonld

bp = Blueprint("clinics", __name__, url_prefix="/clinics")


@dataclass
class EvidenceGroup:
    """The findings of one fact code within a criterion: the first quote shown, the others folded."""

    fact: str
    code: str
    findings: list[Finding] = field(default_factory=list)


def evidence_groups(findings: Sequence[Finding]) -> list[EvidenceGroup]:
    """Findings grouped by (fact, code), in the order each was first found."""
    groups: dict[tuple[str, str], EvidenceGroup] = {}
    for finding in findings:
        groups.setdefault((finding.fact, finding.code), EvidenceGroup(finding.fact, finding.code)).findings.append(
            finding)
    return list(groups.values())


def weighted_criteria() -> list[Criterion]:
    """The criteria that make up the overall score, in display order (red flags are penalties)."""
    return [criterion for criterion in CRITERIA if criterion.key in weights()["overall"]]


def score_rows(detail: ClinicDetail, overrides: dict[str, Override]) -> list[ScoreRow]:
    """Each weighted criterion's score as patients see it: a maintainer's active override first,
    'not stated' when the site says nothing."""
    rows = []
    for criterion in weighted_criteria():
        override = overrides.get(criterion.key)
        score = detail.scores.get(criterion.key)
        if override is not None and override.status == "active":
            rows.append(ScoreRow(criterion.title, override.score, f"{override.score}, reviewed"))
        elif score is not None and score.stated:
            rows.append(ScoreRow(criterion.title, score.score, str(score.score)))
        else:
            rows.append(ScoreRow(criterion.title, None, "not stated"))
    return rows


def score_chart(detail: ClinicDetail, rows: list[ScoreRow]) -> Markup:
    """The score breakdown as a small SVG bar chart, described in words for screen readers."""
    clinic = detail.clinic
    graded = clinic.overall_score is not None
    overall = f"overall {clinic.overall_score}, grade {clinic.grade}" if graded else "not graded yet"
    return score_bars(
        chart_id="chart-scores", title=f"Scores of {clinic.name} by criterion, out of 100",
        description="; ".join(f"{row.label}: {row.shown}" for row in rows) + f". {overall.capitalize()}.",
        rows=rows,
    )


@bp.get("/<slug>")
def detail(slug: str) -> str:
    """One clinic, with the quoted evidence behind every score."""
    session = get_session()
    clinic = clinic_by_slug(session=session, slug=slug)
    if clinic is None or clinic.hidden or clinic.id is None:
        abort(404)
    found = clinic_detail(session=session, clinic_id=clinic.id)
    assert found is not None
    overrides = open_overrides(session=session, clinic_id=clinic.id)
    rows = score_rows(found, overrides)
    return render_template(
        "clinics/detail.html", detail=found, criteria=CRITERIA, overrides=overrides, rows=rows,
        chart=score_chart(found, rows) if clinic.criteria_version else None,
        score_table=[(row, weights()["overall"][c.key]) for c, row in zip(weighted_criteria(), rows, strict=True)],
        groups={key: evidence_groups(findings) for key, findings in found.findings.items()},
        jsonld=clinic_jsonld(found, request.base_url),
    )
