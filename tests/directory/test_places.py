"""What people type in the search box, resolved offline to a point or a state."""

from __future__ import annotations

import pytest

from directory.geo import Area, Place
from directory.places import PlaceNotFound, exact_state, parse_where, suggest_cities


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("80205", "Denver, CO 80205"),
        (" 80205 ", "Denver, CO 80205"),
        ("80205-1234", "Denver, CO 80205"),
        ("80205 1234", "Denver, CO 80205"),
        ("802051234", "Denver, CO 80205"),
        ("Denver, CO", "Denver, CO"),
        ("denver, co", "Denver, CO"),
        ("Denver, Colorado", "Denver, CO"),
        ("Denver, Colo.", "Denver, CO"),
        ("Denver CO", "Denver, CO"),
        ("denver colorado", "Denver, CO"),
        ("Denver, CO, USA", "Denver, CO"),
        ("Denver, CO 80205", "Denver, CO 80205"),
        ("1600 Grant St, Denver, CO 80203", "Denver, CO 80203"),
        ("St. Louis, MO", "Saint Louis, MO"),
        ("St Louis MO", "Saint Louis, MO"),
        ("Saint Louis, Missouri", "Saint Louis, MO"),
        ("Ft. Worth, TX", "Fort Worth, TX"),
        ("Ft Lauderdale FL", "Fort Lauderdale, FL"),
        ("Mt. Pleasant, SC", "Mount Pleasant, SC"),
        ("Mt Shasta, CA", "Mount Shasta, CA"),
        ("Ste. Genevieve, MO", "Sainte Genevieve, MO"),
        ("McLean, VA", "Mc Lean, VA"),
        ("Kansas City, KS", "Kansas City, KS"),
        ("Kansas City Missouri", "Kansas City, MO"),
        ("Charleston West Virginia", "Charleston, WV"),
        ("Washington, DC", "Washington, DC"),
        ("Washington DC", "Washington, DC"),
        ("New York NY", "New York, NY"),
        ("San Juan, PR", "San Juan, PR"),
        ("Winston-Salem, NC", "Winston Salem, NC"),
        ("Albuquerque", "Albuquerque, NM"),  # a bare city in one state only resolves directly
        ("Virginia Beach", "Virginia Beach, VA"),
    ],
)
def test_places_resolve_to_a_point(text: str, label: str) -> None:
    place = parse_where(text)
    assert isinstance(place, Place)
    assert place.label == label


@pytest.mark.parametrize(
    ("text", "state", "label"),
    [("Texas", "TX", "Texas"), ("TX", "TX", "Texas"), ("tx", "TX", "Texas"), ("  texas ", "TX", "Texas"),
     ("New York", "NY", "New York"), ("West Virginia", "WV", "West Virginia"), ("DC", "DC", "District of Columbia"),
     ("Puerto Rico", "PR", "Puerto Rico"), ("Calif.", "CA", "California")],
)
def test_a_state_alone_is_a_state_filter(text: str, state: str, label: str) -> None:
    area = parse_where(text)
    assert area == Area(state, label, area.cities)


def test_a_state_that_is_also_a_city_offers_the_city() -> None:
    area = parse_where("New York")
    assert isinstance(area, Area) and "New York, NY" in area.cities


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [("39.74,-104.99", 39.74, -104.99), ("39.74, -104.99", 39.74, -104.99), ("39.74 -104.99", 39.74, -104.99),
     ("(39.74, -104.99)", 39.74, -104.99), ("-33.9,151.2", -33.9, 151.2), ("40,-74", 40.0, -74.0)],
)
def test_coordinates(text: str, lat: float, lon: float) -> None:
    place = parse_where(text)
    assert isinstance(place, Place) and (place.lat, place.lon) == (lat, lon)


def test_coordinates_are_labelled_with_the_nearest_city() -> None:
    assert parse_where("39.7392,-104.9903").label == "39.7392, -104.9903 (near Denver, CO)"
    assert parse_where("51.5,-0.12").label == "51.5000, -0.1200"  # London: no US city near


@pytest.mark.parametrize(
    ("text", "in_message", "first_suggestion"),
    [
        ("Springfield", "24 states have a place called Springfield", "Springfield, IL"),
        ("Portland", "states have a place called Portland", "Portland, OR"),
        ("Kansas City", "2 states have a place called Kansas City", "Kansas City, MO"),
        ("Denvr, CO", "couldn't find Denvr in CO", "Denver, CO"),
        ("Denvr CO", "couldn't find Denvr in CO", "Denver, CO"),
        ("San Fransisco, CA", "couldn't find San Fransisco in CA", "San Francisco, CA"),
        ("Los Angelas", "couldn't find 'Los Angelas'", "Los Angeles, CA"),
        ("Pensylvania", "couldn't find", "Pennsylvania"),
        ("Denver, Narnia", "'Narnia' is not a US state", "Denver, CO"),
        ("00000", "don't know the ZIP code 00000", None),
        ("91.0,0", "out of range", None),
        ("45,200", "out of range", None),
        ("", "Enter a ZIP code", None),
        ("   ", "Enter a ZIP code", None),
    ],
)
def test_unknown_or_ambiguous_places_explain_and_suggest(text: str, in_message: str, first_suggestion: str | None) -> None:
    with pytest.raises(PlaceNotFound) as info:
        parse_where(text)
    assert in_message in info.value.message
    if first_suggestion:
        assert info.value.suggestions[0] == first_suggestion
    assert len(info.value.suggestions) <= 12


def test_ambiguous_city_suggestions_name_each_state() -> None:
    with pytest.raises(PlaceNotFound) as info:
        parse_where("Portland")
    assert {"Portland, OR", "Portland, ME"} <= set(info.value.suggestions)
    assert all(isinstance(parse_where(s), Place) for s in info.value.suggestions)  # each one resolves


def test_exact_state_never_guesses_by_sound() -> None:
    assert exact_state("Maine") == "ME" and exact_state("Main") is None and exact_state("Texs") is None
    assert exact_state("Ore.") == "OR"  # AP style


def test_suggest_cities_within_a_state() -> None:
    assert suggest_cities("Pittsburg", "PA")[0] == "Pittsburgh, PA"
    assert all(s.endswith(", PA") for s in suggest_cities("Pittsburg", "PA"))


def test_any_text_resolves_or_explains_itself() -> None:
    import random
    import string

    rng = random.Random(5)
    texts = ["x" * 10_000, "\x00", "🙂", ",", ", CO", "Denver,", "nan,nan", "1e5,2", "<script>", "'; DROP TABLE clinic;--",
             *("".join(rng.choice(string.printable) for _ in range(rng.randint(0, 40))) for _ in range(300))]
    for text in texts:
        try:
            assert isinstance(parse_where(text), Place | Area)
        except PlaceNotFound as exc:
            assert exc.message and len(exc.message) < 300, text
