"""Offline geography: ZIP and city centroids, geocoding order, what people type."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.distance import great_circle

from directory.geo import (
    EARTH_RADIUS_MI,
    bounding_box,
    bounding_boxes,
    city_key,
    distance_miles,
    gazetteer,
    geocode,
    haversine_miles,
    state_code,
)


def test_city_key_expands_abbreviations() -> None:
    assert city_key("St. Louis") == city_key("Saint Louis") == "saint louis"
    assert city_key("Ft. Myers") == "fort myers" and city_key("Mt Shasta") == "mount shasta"
    assert city_key("McLean") == city_key("Mc Lean") == "mclean"
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
    ("a", "b"),
    [((39.7392, -104.9903), (40.0150, -105.2705)), ((40.7128, -74.0060), (34.0522, -118.2437)),
     ((51.9, 179.9), (51.9, -179.9)), ((0.0, 0.0), (0.0, 180.0)), ((89.9, 10.0), (-89.9, -170.0)), ((1.0, 1.0), (1.0, 1.0))],
)
def test_haversine_is_the_exact_great_circle_distance(a: tuple[float, float], b: tuple[float, float]) -> None:
    assert haversine_miles(*a, *b) == pytest.approx(great_circle(a, b).miles, abs=1e-6)


@pytest.mark.parametrize(
    ("lat", "lon", "radius"),
    [(39.7, -104.9, 25), (39.7, -104.9, 200), (64.8, -147.7, 200), (21.3, -157.8, 5), (51.9, 179.8, 50),
     (51.9, -179.8, 50), (89.5, 0.0, 100), (-10.0, 30.0, 3000)],
)
def test_bounding_boxes_hold_every_point_of_the_circle(lat: float, lon: float, radius: float) -> None:
    import math

    boxes = bounding_boxes(lat, lon, radius)
    assert all(-90 <= b[0] <= b[1] <= 90 and -180 <= b[2] <= b[3] <= 180 for b in boxes)
    # points on the circle itself, every 5 degrees of bearing, must fall inside one of the boxes
    d = radius / EARTH_RADIUS_MI
    for bearing in range(0, 360, 5):
        t, p1 = math.radians(bearing), math.radians(lat)
        p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(t))
        l2 = math.radians(lon) + math.atan2(math.sin(t) * math.sin(d) * math.cos(p1),
                                            math.cos(d) - math.sin(p1) * math.sin(p2))
        plat, plon = math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180
        assert haversine_miles(lat, lon, plat, plon) == pytest.approx(radius, rel=1e-6)
        assert any(b[0] - 1e-9 <= plat <= b[1] + 1e-9 and b[2] - 1e-9 <= plon <= b[3] + 1e-9 for b in boxes), bearing


def test_bounding_box_across_the_antimeridian_is_split_in_two() -> None:
    boxes = bounding_boxes(51.9, 179.9, 30)
    assert sorted(boxes, key=lambda b: b[2]) == [(boxes[0][0], boxes[0][1], -180.0, pytest.approx(-179.396, abs=1e-3)),
                                                 (boxes[0][0], boxes[0][1], pytest.approx(179.196, abs=1e-3), 180.0)]
    assert bounding_box(51.9, 179.9, 30)[3] > 180


def test_gazetteer_leaves_out_places_without_coordinates() -> None:
    g = gazetteer()
    assert g.zip_place("09001") is None  # an APO ZIP code, at 0,0 in the data
    assert all(not (p.lat == 0 and p.lon == 0) for p in g.zips.values())


def test_city_centroid_ignores_other_cities_alias_names() -> None:
    # Aurora's ZIPs list "Denver" as an acceptable name; Denver's centroid is Denver's own ZIPs only.
    denver = gazetteer().city_place("Denver", "CO")
    assert denver is not None and distance_miles((denver.lat, denver.lon), (39.7392, -104.9903)) < 5
    assert gazetteer().city_place("Buckley AFB", "CO") is not None  # alias-only names still resolve


def test_nearest_city_labels_coordinates() -> None:
    near = gazetteer().nearest_city(39.74, -104.99)
    assert near is not None and near.label == "Denver, CO"
    assert gazetteer().nearest_city(51.5, -0.12) is None


def test_gazetteer_cache_is_written_loaded_and_survives_corruption(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from directory import geo

    cache = tmp_path / "cache" / "gazetteer.pickle"
    monkeypatch.setattr(geo, "_cache_file", lambda: cache)
    built = geo._load_or_build()
    assert cache.is_file()
    loaded = geo._load_or_build()
    assert loaded is not built
    assert loaded.city_place("Denver", "CO") == built.city_place("Denver", "CO")
    assert loaded.zip_place("80205") == built.zip_place("80205")
    cache.write_bytes(b"not a pickle")
    assert geo._load_or_build().zip_place("80205") == built.zip_place("80205")
