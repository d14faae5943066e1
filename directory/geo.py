"""Offline geography: a ZIP and city gazetteer from `zipcodes`, geocoding and distances."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import us
import zipcodes
from geopy.distance import great_circle

EARTH_RADIUS_MI = 3958.7613
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount"}


@dataclass(frozen=True)
class Place:
    """A point with a human-readable label."""

    label: str
    lat: float
    lon: float
    state: str | None = None


def city_key(city: str) -> str:
    """Normalise a city name for lookups: lowercase, no punctuation, St./Ft./Mt. expanded."""
    words = re.sub(r"[^a-z0-9 ]+", " ", city.lower().replace("’", "'").replace("'", "")).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def state_code(text: str | None) -> str | None:
    """Two-letter code of a US state or territory given its code or name, else None."""
    if not text:
        return None
    found = us.states.lookup(text.strip())
    return found.abbr if found else None


class Gazetteer:
    """In-memory index of every US ZIP code and city centroid, built once from `zipcodes`."""

    def __init__(self) -> None:
        self.zips: dict[str, Place] = {}
        sums: dict[tuple[str, str], list[float]] = {}
        names: dict[tuple[str, str], str] = {}
        for row in zipcodes.list_all():
            try:
                lat, lon = float(row["lat"]), float(row["long"])
            except (TypeError, ValueError):
                continue
            label = f"{row['city']}, {row['state']} {row['zip_code']}"
            self.zips[row["zip_code"]] = Place(label, lat, lon, row["state"])
            for city in [row["city"], *row.get("acceptable_cities", [])]:
                key = (city_key(city), row["state"])
                acc = sums.setdefault(key, [0.0, 0.0, 0.0])
                acc[0] += lat
                acc[1] += lon
                acc[2] += 1
                names.setdefault(key, city.title() if city.isupper() else city)
        self.cities: dict[tuple[str, str], Place] = {
            key: Place(f"{names[key]}, {key[1]}", acc[0] / acc[2], acc[1] / acc[2], key[1])
            for key, acc in sums.items()
        }

    def zip_place(self, zip_code: str) -> Place | None:
        """Centroid of a five-digit ZIP code."""
        return self.zips.get(zip_code[:5])

    def city_place(self, city: str, state: str) -> Place | None:
        """Centroid of a city (mean of its ZIP centroids)."""
        return self.cities.get((city_key(city), state.upper()))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer (about 0.5 s to build on first use)."""
    return Gazetteer()


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


def distance_miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in miles."""
    return great_circle(a, b).miles


def bounding_box(lat: float, lon: float, radius_mi: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing a circle, for an indexed prefilter."""
    dlat = math.degrees(radius_mi / EARTH_RADIUS_MI)
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(180.0, math.degrees(radius_mi / (EARTH_RADIUS_MI * cos_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
