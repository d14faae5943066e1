"""Offline geography: a ZIP and city gazetteer from `zipcodes`, geocoding and distances."""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import us
import zipcodes

EARTH_RADIUS_MI = 6371.009 / 1.609344  # mean radius in miles, as geopy's great_circle uses
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}
# APO/FPO "states" have no place on a map (their ZIPs carry 0,0 coordinates).
_MILITARY_STATES = {"AA", "AE", "AP"}


@dataclass(frozen=True)
class Place:
    """A point with a human-readable label."""

    label: str
    lat: float
    lon: float
    state: str | None = None


@dataclass(frozen=True)
class Area:
    """A whole state or territory, searched as a filter rather than around a point."""

    state: str  # two-letter code
    label: str  # "Texas"
    cities: tuple[str, ...] = ()  # same-named cities ("New York, NY" for "New York")


def city_key(city: str) -> str:
    """Normalise a city name for lookups: lowercase, no punctuation, St./Ft./Mt. expanded."""
    words = re.sub(r"[^a-z0-9 ]+", " ", city.lower().replace("’", "'").replace("'", "")).split()
    # "Mc Lean" (as USPS writes it) and "McLean" (as people type it) are one name.
    return re.sub(r"\bmc ", "mc", " ".join(_ABBREVIATIONS.get(word, word) for word in words))


def state_code(text: str | None) -> str | None:
    """Two-letter code of a US state or territory given its code or name, else None."""
    if not text:
        return None
    found = us.states.lookup(text.strip())
    return found.abbr if found else None


def state_name(code: str) -> str:
    """Full name of a state or territory code ("TX" -> "Texas"); the code itself if unknown."""
    found = us.states.lookup(code)
    return found.name if found else code


def _pretty(city: str) -> str:
    name = city.title() if city.isupper() else city
    return re.sub(r"-([a-z])", lambda m: "-" + m.group(1).upper(), name)


class _CityTally:
    """Running sum of ZIP centroids for one city name in one state."""

    __slots__ = ("lat", "lon", "name", "zips")

    def __init__(self, name: str) -> None:
        self.name, self.lat, self.lon, self.zips = name, 0.0, 0.0, 0

    def add(self, lat: float, lon: float) -> None:
        self.lat += lat
        self.lon += lon
        self.zips += 1


class Gazetteer:
    """In-memory index of every US ZIP code and city centroid, built once from `zipcodes`."""

    def __init__(self) -> None:
        self.zips: dict[str, Place] = {}
        primary: dict[tuple[str, str], _CityTally] = {}
        aliases: dict[tuple[str, str], _CityTally] = {}
        for row in zipcodes.list_all():
            try:
                lat, lon = float(row["lat"]), float(row["long"])
            except (TypeError, ValueError):
                continue
            if row["state"] in _MILITARY_STATES or (lat == 0 and lon == 0):
                continue
            city = _pretty(row["city"])
            self.zips[row["zip_code"]] = Place(f"{city}, {row['state']} {row['zip_code']}", lat, lon, row["state"])
            primary.setdefault((city_key(city), row["state"]), _CityTally(city)).add(lat, lon)
            for alias in row.get("acceptable_cities") or []:
                aliases.setdefault((city_key(alias), row["state"]), _CityTally(_pretty(alias))).add(lat, lon)
        # A city's centroid is the mean of the ZIPs it is the primary name of; names that are only
        # "acceptable" aliases elsewhere ("Denver" on Aurora's ZIPs) do not drag it away.
        tallies = {**{k: v for k, v in aliases.items() if k not in primary}, **primary}
        self.cities: dict[tuple[str, str], Place] = {
            key: Place(f"{t.name}, {key[1]}", t.lat / t.zips, t.lon / t.zips, key[1]) for key, t in tallies.items()
        }
        #: ZIP codes per city: a rough stand-in for size, used to order suggestions.
        self.zip_counts: dict[tuple[str, str], int] = {key: t.zips for key, t in tallies.items()}
        self.primary_names: frozenset[tuple[str, str]] = frozenset(primary)
        self.states_by_city: dict[str, list[str]] = {}
        for name, state in sorted(tallies, key=lambda k: -self.zip_counts[k]):
            self.states_by_city.setdefault(name, []).append(state)
        self._grid: dict[tuple[int, int], list[Place]] = {}
        for key in primary:
            place = self.cities[key]
            self._grid.setdefault((math.floor(place.lat), math.floor(place.lon)), []).append(place)

    def zip_place(self, zip_code: str) -> Place | None:
        """Centroid of a five-digit ZIP code."""
        return self.zips.get(zip_code[:5])

    def city_place(self, city: str, state: str) -> Place | None:
        """Centroid of a city (mean of its ZIP centroids)."""
        return self.cities.get((city_key(city), state.upper()))

    def cities_named(self, city: str) -> list[Place]:
        """Every state's city of this name, the one with most ZIP codes first.

        Primary USPS names win: when any state has the name as a primary name, alias-only
        matches ("Denver" as an acceptable name of Aurora's ZIPs) are left out.
        """
        key = city_key(city)
        states = self.states_by_city.get(key, [])
        primary = [s for s in states if (key, s) in self.primary_names]
        return [self.cities[(key, s)] for s in (primary or states)]

    def nearest_city(self, lat: float, lon: float, within_mi: float = 50.0) -> Place | None:
        """The closest city centroid within `within_mi` miles, for labelling coordinates."""
        cell_lat, cell_lon = math.floor(lat), math.floor(lon)
        best: tuple[float, Place] | None = None
        for dlat in (-1, 0, 1):
            for dlon in (-1, 0, 1):
                for place in self._grid.get((cell_lat + dlat, cell_lon + dlon), []):
                    distance = haversine_miles(lat, lon, place.lat, place.lon)
                    if distance <= within_mi and (best is None or distance < best[0]):
                        best = (distance, place)
        return best[1] if best else None


def _cache_file() -> Path:
    """Where the built gazetteer is kept, named after what it was built from and by."""
    from directory.config import INSTANCE_DIR

    source = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
    version = getattr(zipcodes, "__version__", "0")
    return INSTANCE_DIR / "cache" / f"gazetteer-{version}-{source}.pickle"


def _load_or_build() -> Gazetteer:
    """The gazetteer from the cache this project wrote, else built from `zipcodes` and cached.

    Loading takes a third of the time building does, which every crawl and web process pays once.
    The cache is only ever read from the project's own instance folder; any problem with it
    (missing, unreadable, read-only folder) falls back to building.
    """
    path = _cache_file()
    try:
        with path.open("rb") as handle:
            loaded = pickle.load(handle)
        if isinstance(loaded, Gazetteer):
            return loaded
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        pass
    built = Gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        with partial.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    except OSError:
        pass
    return built


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (built once, then loaded from its cache in a third of a second)."""
    return _load_or_build()


@dataclass(frozen=True)
class Geocode:
    """Coordinates of a location and where they came from."""

    lat: float
    lon: float
    source: str  # published | zip | city


def geocode(
    *, lat: float | None, lon: float | None, zip_code: str | None, city: str | None, state: str | None
) -> Geocode | None:
    """Published coordinates first, else the ZIP centroid, else the city centroid."""
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        return Geocode(lat, lon, "published")
    g = gazetteer()
    if zip_code and (place := g.zip_place(zip_code)):
        return Geocode(place.lat, place.lon, "zip")
    if city and state and (place := g.city_place(city, state)):
        return Geocode(place.lat, place.lon, "city")
    return None


def haversine_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Exact great-circle distance in miles on the mean-radius sphere (geopy's `great_circle`)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_MI * math.asin(min(1.0, math.sqrt(a)))


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles between two (lat, lon) points."""
    return haversine_miles(a[0], a[1], b[0], b[1])


def bounding_box(lat: float, lon: float, radius_mi: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing a circle, for an indexed prefilter.

    Longitudes may run past ±180; `bounding_boxes` splits such a box in two.
    """
    dlat = math.degrees(radius_mi / EARTH_RADIUS_MI)
    min_lat, max_lat = lat - dlat, lat + dlat
    if min_lat <= -90 or max_lat >= 90:  # the circle holds a pole: every longitude
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    # The widest longitude span is at the latitude where the circle touches its meridians.
    sin_ratio = math.sin(radius_mi / EARTH_RADIUS_MI) / math.cos(math.radians(lat))
    dlon = 180.0 if sin_ratio >= 1 else math.degrees(math.asin(sin_ratio))
    return min_lat, max_lat, lon - dlon, lon + dlon


def bounding_boxes(lat: float, lon: float, radius_mi: float) -> list[tuple[float, float, float, float]]:
    """The bounding box of a circle as one or two boxes within -180..180 longitude."""
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius_mi)
    if max_lon - min_lon >= 360:
        return [(min_lat, max_lat, -180.0, 180.0)]
    if min_lon < -180:
        return [(min_lat, max_lat, -180.0, max_lon), (min_lat, max_lat, min_lon + 360, 180.0)]
    if max_lon > 180:
        return [(min_lat, max_lat, min_lon, 180.0), (min_lat, max_lat, -180.0, max_lon - 360)]
    return [(min_lat, max_lat, min_lon, max_lon)]
