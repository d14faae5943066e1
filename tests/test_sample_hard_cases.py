"""The hard cases of the bundled sample web come out right after a crawl."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from directory.db import session_scope
from directory.models import Clinic, Location

pytestmark = pytest.mark.slow


def clinic_named(db_url: str, name: str) -> tuple[Clinic, list[Location]]:
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic).where(Clinic.name == name)).one()
        locations = session.exec(select(Location).where(Location.clinic_id == clinic.id)).all()
        return clinic, list(locations)


def entries_with(manifest: dict[str, Any], case: str) -> list[dict[str, Any]]:
    found = [entry for entry in manifest.values() if case in entry["hard_cases"]]
    assert found, f"the sample web has no '{case}' site"
    return found


def test_every_clinic_name_and_location_matches_the_manifest(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in sample_manifest.values():
        _clinic, locations = clinic_named(crawled_sample, entry["name"])
        got = sorted((loc.street, loc.city, loc.state, loc.zip, loc.phone) for loc in locations)
        want = sorted((loc["street"], loc["city"], loc["state"], loc["zip"], loc["phone"]) for loc in entry["locations"])
        assert got == want, entry["slug"]
        assert all(loc.lat is not None and loc.geo_source for loc in locations), entry["slug"]


def test_mental_health_only_practice_does_not_treat_pain(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "mental_health_only"):
        clinic, _ = clinic_named(crawled_sample, entry["name"])
        assert clinic.treats_pain is False and clinic.facts["pain_conditions"] == []


def test_no_insurance_clinic_is_cash_only(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "cash_only"):
        clinic, _ = clinic_named(crawled_sample, entry["name"])
        assert "cash_only" in clinic.facts["insurance"]
        assert "accepts_insurance" not in clinic.facts["insurance"]


def test_overclaims_are_red_flags_that_cap_the_grade(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "overclaims"):
        clinic, _ = clinic_named(crawled_sample, entry["name"])
        kinds = {flag["kind"] for flag in clinic.facts["red_flags"]}
        assert {"cure_claim", "guarantee", "not_addictive", "no_side_effects"} <= kinds
        assert clinic.grade in {"D", "F"}


def test_negation_traps_raise_no_red_flags(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "negation_traps"):
        clinic, _ = clinic_named(crawled_sample, entry["name"])
        expected = {flag["kind"] for flag in entry["expected"]["red_flags"]}
        got = {flag["kind"] for flag in clinic.facts["red_flags"]}
        assert got <= expected | {"other"}, (entry["slug"], clinic.facts["red_flags"])


def test_both_locations_are_found(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "two_locations"):
        _clinic, locations = clinic_named(crawled_sample, entry["name"])
        assert len(locations) == 2 and len({loc.city for loc in locations}) == 2


def test_placeholder_contact_is_not_presented_as_real(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "placeholder_contact"):
        clinic, locations = clinic_named(crawled_sample, entry["name"])
        for location in locations:
            assert "Anytown" not in (location.city or "") and "Main Street" not in (location.street or "")
            assert location.phone not in {"+15555555555", "+11234567890"}
        assert "placeholder_contact" in {flag["kind"] for flag in clinic.facts["red_flags"]}


def test_closed_clinic_is_flagged(crawled_sample: str, sample_manifest: dict[str, Any]) -> None:
    for entry in entries_with(sample_manifest, "closed"):
        clinic, _ = clinic_named(crawled_sample, entry["name"])
        assert clinic.status == "closed" and clinic.grade == "F"
