"""Offline geography: ZIP and city centroids, geocoding order, what people type."""

from __future__ import annotations

import pytest

from directory.geo import bounding_box, city_key, distance_miles, geocode, state_code
from directory.places import PlaceNotFound, parse_where


def test_city_key_expands_abbreviations() -> None:
    assert city_key("St. Louis") == city_key("Saint Louis") == "saint louis"
    assert city_key("Coeur d’Alene") == city_key("Coeur D Alene".replace(" D ", " d'"))


def test_state_code_from_code_or_name() -> None:
    assert state_code("texas") == state_code("TX") == "TX"
    assert state_code("Narnia") is None


def test_geocode_prefers_published_then_zip_then_city() -> None:
    assert geocode(lat=1.0, lon=2.0, zip_code="80205", city="Denver", state="CO").source == "published"
    by_zip = geocode(lat=None, lon=None, zip_code="80205", city=None, state=None)
    assert by_zip is not None and by_zip.source == "zip" and 39.6 < by_zip.lat < 39.9
    by_city = geocode(lat=None, lon=None, zip_code=None, city="Tallahassee", state="FL")
    assert by_city is not None and by_city.source == "city"
    assert geocode(lat=None, lon=None, zip_code=None, city="Nowhere", state="ZZ") is None


def test_distance_and_bounding_box() -> None:
    denver, boulder = (39.7392, -104.9903), (40.0150, -105.2705)
    assert 23 < distance_miles(denver, boulder) < 26
    min_lat, max_lat, min_lon, max_lon = bounding_box(*denver, 25)
    assert min_lat < boulder[0] < max_lat and min_lon < boulder[1] < max_lon


@pytest.mark.parametrize(
    ("text", "label_part"),
    [("80205", "Denver"), ("80205-1234", "Denver"), ("Denver, CO", "Denver"), ("denver, colorado", "Denver"),
     ("St. Louis, MO", "Louis"), ("39.74,-104.99", "39.74")],
)
def test_parse_where(text: str, label_part: str) -> None:
    assert label_part in parse_where(text).label


@pytest.mark.parametrize("text", ["", "00000", "Denvr, CO", "Denver, Narnia", "91.0,0"])
def test_parse_where_rejects_with_a_message(text: str) -> None:
    with pytest.raises(PlaceNotFound) as info:
        parse_where(text)
    assert info.value.message


def test_unknown_city_gets_suggestions() -> None:
    with pytest.raises(PlaceNotFound) as info:
        parse_where("Denvr, CO")
    assert any("Denver" in s for s in info.value.suggestions)
