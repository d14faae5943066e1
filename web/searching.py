"""The search both the HTML page and the API run: parse the place, query, shape the result."""

from __future__ import annotations

from dataclasses import dataclass, field

from directory.geo import Place
from directory.places import PlaceNotFound, parse_where
from directory.queries import ClinicHit, search_nearby
from web.db import get_session

DEFAULT_RADIUS = 25
MAX_RADIUS = 200


class SearchError(ValueError):
    """A search the user needs to correct; carries suggestions when we have them."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []


@dataclass
class SearchResult:
    """Where we searched, how far, and what we found."""

    place: Place
    radius: float
    hits: list[ClinicHit] = field(default_factory=list)


def parse_radius(raw: str | None) -> float:
    """Radius in miles from 1 to 200; 25 when not given."""
    if raw in (None, ""):
        return DEFAULT_RADIUS
    try:
        radius = float(raw)
    except ValueError as exc:
        raise SearchError("The radius must be a number of miles, from 1 to 200.") from exc
    if not 1 <= radius <= MAX_RADIUS:
        raise SearchError("The radius must be from 1 to 200 miles.")
    return radius


def run_search(where: str | None, radius_raw: str | None) -> SearchResult:
    """Resolve the place and find clinics within the radius."""
    radius = parse_radius(radius_raw)
    try:
        place = parse_where(where or "")
    except PlaceNotFound as exc:
        raise SearchError(exc.message, exc.suggestions) from exc
    hits = search_nearby(session=get_session(), lat=place.lat, lon=place.lon, radius_mi=radius)
    return SearchResult(place=place, radius=radius, hits=hits)
