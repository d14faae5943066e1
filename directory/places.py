"""Turn what a patient types ("80205", "Denver, CO", "Texas", "39.7,-104.9") into a place.

Pure and offline: the `zipcodes` gazetteer and the `us` state list, no database, no Flask.
"""

from __future__ import annotations

import re
from functools import lru_cache

import us
from rapidfuzz import fuzz, process

from directory.geo import Area, Place, city_key, gazetteer, state_code

HINT = "Enter a ZIP code, a city and state, or a state, for example 80205, Denver, CO or Colorado."
MAX_SUGGESTIONS = 12
MAX_LENGTH = 120  # longer than any US street address with city, state and ZIP

_ZIP = re.compile(r"^(\d{5})(?:[-\s]?\d{4})?$")
_LATLON = re.compile(r"^\(?\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*\)?$")
_TRAILING_ZIP = re.compile(r"^(?P<rest>.*?)[,\s]+(?P<zip>\d{5})(?:-\d{4})?$")
_COUNTRY = re.compile(r"[,\s]+(?:u\.?s\.?a?\.?|united states(?: of america)?)$", re.IGNORECASE)


class PlaceNotFound(ValueError):
    """The text names no single known place; carries a message and close suggestions."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []


@lru_cache(maxsize=1)
def _states() -> dict[str, us.states.State]:
    """Exact spellings of every state and territory: name, code and AP abbreviation."""
    table: dict[str, us.states.State] = {}
    for state in us.states.STATES_AND_TERRITORIES:
        for spelling in (state.name, state.abbr, state.ap_abbr or ""):
            if spelling:
                table[spelling.lower()] = state
                table[spelling.lower().rstrip(".")] = state
    return table


def exact_state(text: str) -> str | None:
    """The code of a state written exactly (name, code or AP abbreviation), else None.

    Unlike `geo.state_code` this never guesses by sound, so "Main" is not Maine.
    """
    found = _states().get(" ".join(text.lower().split()))
    return found.abbr if found else None


def parse_where(text: str | None) -> Place | Area:
    """Resolve a ZIP, ZIP+4, "City, ST", "City, State", "City ST", a state, a bare city or "lat,lon"."""
    text = _COUNTRY.sub("", " ".join((text or "").split())).strip(" ,")
    if not text:
        raise PlaceNotFound(HINT)
    if len(text) > MAX_LENGTH:
        raise PlaceNotFound(f"That is too long for a place. {HINT}")
    g = gazetteer()
    if m := _ZIP.match(text):
        if place := g.zip_place(m.group(1)):
            return place
        raise PlaceNotFound(f"We don't know the ZIP code {m.group(1)}. Check the digits, or enter a city and state.")
    if (m := _LATLON.match(text)) and ("," in text or ";" in text or text.count(".") == 2):
        return _coordinates(float(m.group(1)), float(m.group(2)))
    if state := exact_state(text):
        return _area(state, text)
    if (m := _TRAILING_ZIP.match(text)) and (place := g.zip_place(m.group("zip"))):
        return place  # "Denver, CO 80205" or a full street address: the ZIP is the most precise part
    if "," in text:
        return _city_and_state(*[part.strip() for part in text.rsplit(",", 1)])
    return _city_with_state_suffix(text) or _bare_city(text)


def _coordinates(lat: float, lon: float) -> Place:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise PlaceNotFound("Those coordinates are out of range: latitude goes from -90 to 90, longitude -180 to 180.")
    label = f"{lat:.4f}, {lon:.4f}"
    if near := gazetteer().nearest_city(lat, lon):
        label += f" (near {near.label})"
    return Place(label, lat, lon, near.state if near else None)


def _area(state: str, typed: str) -> Area:
    same_named = gazetteer().cities_named(typed)
    return Area(state, us.states.lookup(state).name, tuple(p.label for p in same_named[:MAX_SUGGESTIONS]))


def _city_and_state(city: str, state_text: str) -> Place:
    if "," in city:  # "1 Main St, Denver, CO": the part before the state is the city
        city = city.rsplit(",", 1)[1].strip()
    state = exact_state(state_text) or state_code(state_text)
    if state is None:
        raise PlaceNotFound(f"'{state_text}' is not a US state. Try 'Denver, CO'.", suggest_cities(city, None))
    if not city:
        raise PlaceNotFound(HINT)
    if place := gazetteer().city_place(city, state):
        return place
    raise PlaceNotFound(f"We couldn't find {city} in {state}.", suggest_cities(city, state))


def _city_with_state_suffix(text: str) -> Place | None:
    """ "Denver CO", "Kansas City Kansas", "Charleston West Virginia": the state is the last words."""
    words = text.split()
    missed: tuple[str, str] | None = None
    for size in (3, 2, 1):
        if len(words) <= size or not (state := exact_state(" ".join(words[-size:]))):
            continue
        city = " ".join(words[:-size])
        if place := gazetteer().city_place(city, state):
            return place
        missed = missed or (city, state)
    if missed and not gazetteer().cities_named(text):
        raise PlaceNotFound(f"We couldn't find {missed[0]} in {missed[1]}.", suggest_cities(*missed))
    return None


def _bare_city(text: str) -> Place:
    places = gazetteer().cities_named(text)
    if len(places) == 1:
        return places[0]
    if places:
        more = f" (the {MAX_SUGGESTIONS} with most ZIP codes are listed)" if len(places) > MAX_SUGGESTIONS else ""
        raise PlaceNotFound(
            f"{len(places)} states have a place called {text}{more}. Add the state, for example '{places[0].label}'.",
            [p.label for p in places[:MAX_SUGGESTIONS]],
        )
    raise PlaceNotFound(f"We couldn't find '{text}'. {HINT}", suggest_states(text) + suggest_cities(text, None))


def suggest_states(text: str) -> list[str]:
    """State names spelt like the text ("Main" -> Maine, "Pensylvania" -> Pennsylvania)."""
    names = [state.name for state in us.states.STATES_AND_TERRITORIES]
    return [name for name, _score, _ in process.extract(text, names, scorer=fuzz.ratio, score_cutoff=80, limit=2)]


@lru_cache(maxsize=64)
def _city_names(state: str | None) -> list[str]:
    """Every primary city name (lookup key), within one state when given."""
    return sorted({key for key, st in gazetteer().primary_names if state is None or st == state})


def suggest_cities(city: str, state: str | None, limit: int = 5) -> list[str]:
    """Closest known city names ("City, ST"), optionally within one state; larger places first on ties."""
    g = gazetteer()
    matches = process.extract(city_key(city), _city_names(state), scorer=fuzz.ratio, limit=limit)
    places = [
        (-round(score), -g.zip_counts[(key, st)], g.cities[(key, st)].label)
        for key, score, _ in matches for st in g.states_by_city[key]
        if (key, st) in g.primary_names and (state is None or st == state)
    ]
    return [label for *_, label in sorted(places)[:limit]]
