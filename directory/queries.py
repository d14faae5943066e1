"""Read queries for the web site, the API and exports. Callers pass `session=` by keyword."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from directory.models import Clinic, CrawlRun, Finding, Location, Page, Score


@dataclass
class ClinicDetail:
    """Everything the clinic page shows."""

    clinic: Clinic
    locations: list[Location]
    scores: dict[str, Score]
    findings: dict[str, list[Finding]] = field(default_factory=dict)
    page_titles: dict[str, str | None] = field(default_factory=dict)


def clinic_detail(*, session: Session, clinic_id: int) -> ClinicDetail | None:
    """A clinic with its locations, latest scores and findings grouped by criterion."""
    clinic = session.get(Clinic, clinic_id)
    if clinic is None:
        return None
    locations = session.exec(
        select(Location).where(Location.clinic_id == clinic_id).order_by(col(Location.position))
    ).all()
    detail = ClinicDetail(clinic=clinic, locations=list(locations), scores={})
    if clinic.criteria_version:
        for score in session.exec(
            select(Score).where(Score.clinic_id == clinic_id, Score.criteria_version == clinic.criteria_version)
        ).all():
            detail.scores[score.criterion] = score
        for finding in session.exec(
            select(Finding)
            .where(Finding.clinic_id == clinic_id, Finding.criteria_version == clinic.criteria_version)
            .order_by(col(Finding.id))
        ).all():
            detail.findings.setdefault(finding.criterion, []).append(finding)
    detail.page_titles = dict(session.exec(select(Page.url, Page.title).where(Page.clinic_id == clinic_id)).all())
    return detail


def clinic_by_slug(*, session: Session, slug: str) -> Clinic | None:
    """A clinic by its URL slug."""
    return session.exec(select(Clinic).where(Clinic.slug == slug)).first()


def all_clinics(*, session: Session, include_hidden: bool = False) -> list[tuple[Clinic, list[Location]]]:
    """Every clinic with its locations, by name (for exports and summaries)."""
    query = select(Clinic).order_by(col(Clinic.name))
    if not include_hidden:
        query = query.where(col(Clinic.hidden).is_(False))
    clinics = session.exec(query).all()
    locations: dict[int, list[Location]] = {}
    for location in session.exec(select(Location).order_by(col(Location.clinic_id), col(Location.position))).all():
        locations.setdefault(location.clinic_id, []).append(location)
    return [(clinic, locations.get(clinic.id or 0, [])) for clinic in clinics]


def latest_run(*, session: Session) -> CrawlRun | None:
    """The most recent crawl run."""
    return session.exec(select(CrawlRun).order_by(col(CrawlRun.id).desc())).first()


def location_json(location: Location) -> dict[str, Any]:
    """The public JSON shape of a location."""
    return {"street": location.street, "city": location.city, "state": location.state, "zip": location.zip,
            "phone": location.phone, "lat": location.lat, "lon": location.lon, "geo_source": location.geo_source}


def clinic_json(clinic: Clinic, locations: list[Location]) -> dict[str, Any]:
    """The public JSON shape of a clinic (API and exports share it; field names are stable)."""
    facts = clinic.facts or {}
    return {
        "id": clinic.id,
        "slug": clinic.slug,
        "name": clinic.name,
        "homepage": clinic.homepage,
        "status": clinic.status,
        "fictional": clinic.fictional,
        "grade": clinic.grade,
        "overall_score": clinic.overall_score,
        "criteria_version": clinic.criteria_version,
        "last_checked_at": clinic.last_checked_at.isoformat() if clinic.last_checked_at else None,
        "treats_pain": clinic.treats_pain,
        "modalities": facts.get("modalities", []),
        "psychotherapy": facts.get("psychotherapy"),
        "insurance": facts.get("insurance", []),
        "pain_conditions": facts.get("pain_conditions", []),
        "credentials": facts.get("credentials", []),
        "screening": facts.get("screening"),
        "prices": facts.get("prices", []),
        "red_flags": sorted({flag["kind"] for flag in facts.get("red_flags", [])}),
        "locations": [location_json(loc) for loc in locations],
    }
