"""Read queries for the web site, the API and exports. Callers pass `session=` by keyword."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from directory.geo import bounding_box, distance_miles
from directory.models import Clinic, CrawlRun, Finding, Location, Score


@dataclass
class ClinicHit:
    """A clinic found near a point: its nearest location and the distance to it."""

    clinic: Clinic
    location: Location
    distance_mi: float


@dataclass
class ClinicDetail:
    """Everything the clinic page shows."""

    clinic: Clinic
    locations: list[Location]
    scores: dict[str, Score]
    findings: dict[str, list[Finding]] = field(default_factory=dict)


def search_nearby(
    *, session: Session, lat: float, lon: float, radius_mi: float, limit: int = 50,
    include_hidden: bool = False,
) -> list[ClinicHit]:
    """Clinics with a location within the radius, nearest first.

    The bounding box runs on the indexed lat/lon columns; exact great-circle distances are
    then computed for the few rows inside it.
    """
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_mi)
    query = (
        select(Location, Clinic)
        .join(Clinic, col(Clinic.id) == col(Location.clinic_id))
        .where(col(Location.lat).between(min_lat, max_lat), col(Location.lon).between(min_lon, max_lon))
    )
    if not include_hidden:
        query = query.where(col(Clinic.hidden).is_(False))
    nearest: dict[int, ClinicHit] = {}
    for location, clinic in session.exec(query).all():
        assert location.lat is not None and location.lon is not None and clinic.id is not None
        distance = distance_miles((lat, lon), (location.lat, location.lon))
        if distance <= radius_mi and (clinic.id not in nearest or distance < nearest[clinic.id].distance_mi):
            nearest[clinic.id] = ClinicHit(clinic, location, distance)
    return sorted(nearest.values(), key=lambda hit: (hit.distance_mi, hit.clinic.name))[:limit]


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


def clinic_json(clinic: Clinic, locations: list[Location], distance_mi: float | None = None) -> dict[str, Any]:
    """The public JSON shape of a clinic (API and export share it)."""
    facts = clinic.facts or {}
    data: dict[str, Any] = {
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
        "red_flags": sorted({flag["kind"] for flag in facts.get("red_flags", [])}),
        "locations": [
            {"street": loc.street, "city": loc.city, "state": loc.state, "zip": loc.zip, "phone": loc.phone,
             "lat": loc.lat, "lon": loc.lon, "geo_source": loc.geo_source}
            for loc in locations
        ],
    }
    if distance_mi is not None:
        data["distance_mi"] = round(distance_mi, 1)
    return data
