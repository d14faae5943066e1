"""Turn what a patient types ("80205", "Denver, CO", "39.7,-104.9") into a point."""

from __future__ import annotations

import re

from rapidfuzz import process

from directory.geo import Place, city_key, gazetteer, state_code

_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
_LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_CITY_STATE = re.compile(r"^\s*(?P<city>[^,]+?)\s*,\s*(?P<state>[A-Za-z .]+?)\s*(?:\d{5})?\s*$")


class PlaceNotFound(ValueError):
    """The text names no known place; carries a message and close suggestions."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []


def parse_where(text: str) -> Place:
    """Resolve a ZIP code, ZIP+4, "City, ST", "City, State" or "lat,lon" to a place."""
    text = (text or "").strip()
    if not text:
        raise PlaceNotFound("Enter a ZIP code or a city and state, for example 80205 or Denver, CO.")
    g = gazetteer()
    if m := _ZIP.match(text):
        if place := g.zip_place(m.group(1)):
            return place
        raise PlaceNotFound(f"We don't know the ZIP code {m.group(1)}. Check the digits.")
    if m := _LATLON.match(text):
        lat, lon = float(m.group(1)), float(m.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return Place(f"{lat:.4f}, {lon:.4f}", lat, lon)
        raise PlaceNotFound("Those coordinates are out of range.")
    if m := _CITY_STATE.match(text):
        state = state_code(m.group("state"))
        if state is None:
            raise PlaceNotFound(f"'{m.group('state')}' is not a US state. Try 'Denver, CO'.")
        if place := g.city_place(m.group("city"), state):
            return place
        raise PlaceNotFound(
            f"We couldn't find {m.group('city')} in {state}.",
            suggest_cities(m.group("city"), state),
        )
    raise PlaceNotFound(
        "Enter a ZIP code or a city and state, for example 80205 or Denver, CO.",
        suggest_cities(text, None),
    )


def suggest_cities(city: str, state: str | None, limit: int = 5) -> list[str]:
    """Closest known city names, optionally within one state."""
    g = gazetteer()
    choices = {key: place.label for key, place in g.cities.items() if state is None or key[1] == state}
    by_name = {key[0] + " " + key[1].lower(): label for key, label in choices.items()}
    matches = process.extract(city_key(city), list(by_name), limit=limit)
    return [by_name[name] for name, _score, _ in matches]
