"""Exports of the directory or of any search: JSON, CSV (one row per location) and GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import textwrap
from collections.abc import Iterable, Iterator
from typing import Any

from directory.geo import Place, haversine_miles
from directory.models import Location
from directory.queries import clinic_json
from directory.search import SearchHit

FORMATS = ("json", "csv", "geojson")
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "geojson": "application/geo+json"}
LIST_FACTS = ("modalities", "insurance", "pain_conditions", "credentials", "red_flags")
LOCATION_FIELDS = ("street", "city", "state", "zip", "phone", "lat", "lon")
CSV_COLUMNS = [
    "id", "name", "homepage", "status", "fictional", "grade", "overall_score", "treats_pain",
    "modalities", "psychotherapy", "insurance", "pain_conditions", "red_flags", "street", "city",
    "state", "zip", "phone", "lat", "lon", "last_checked_at", "credentials", "distance_mi",
]
# Text that came from crawled pages; a spreadsheet would run it as a formula if it began with one of these.
_FREE_TEXT = ("name", "street", "city")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def export_chunks(hits: Iterable[SearchHit], fmt: str, *, origin: Place | None = None) -> Iterator[str]:
    """The hits in one of FORMATS, a piece per clinic as `hits` is read, so a download of any size streams.

    JSON is laid out as `json.dumps(..., indent=2)` lays it out; CSV has one row per clinic location
    (a clinic with no location gets one row); with an `origin`, distances in miles from it are included.
    """
    if fmt == "csv":
        return _csv_chunks(hits, origin)
    if fmt == "geojson":
        head = '{\n  "type": "FeatureCollection",\n  "features": '
        items = (feature for hit in hits for feature in _features(hit, origin))
        return _json_list(items, head=head, tail="\n}", depth=1)
    return _json_list((_clinic(hit, origin) for hit in hits), head="", tail="", depth=0)


def _csv_chunks(hits: Iterable[SearchHit], origin: Place | None) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for hit in hits:
        data = clinic_json(hit.clinic, hit.locations)
        row = {key: data.get(key) for key in CSV_COLUMNS}
        for key in LIST_FACTS:
            row[key] = ";".join(data[key])
        for location in hit.locations or [None]:
            place = {key: getattr(location, key) for key in LOCATION_FIELDS} if location else {}
            cells = {**row, **place, "distance_mi": _distance(origin, location)}
            writer.writerow({k: _defuse(v) if k in _FREE_TEXT else v for k, v in cells.items()})
        yield out.getvalue()
        out.seek(0)
        out.truncate()
    yield out.getvalue()  # the header alone when there were no hits


def _features(hit: SearchHit, origin: Place | None) -> list[dict[str, Any]]:
    """GeoJSON Point features, one per located location; none located: one with a null geometry (RFC 7946)."""
    data = _clinic(hit, None)
    data.pop("locations")
    located = [loc for loc in hit.locations if loc.lat is not None and loc.lon is not None]
    features = []
    for location in located or [None]:
        geometry = {"type": "Point", "coordinates": [location.lon, location.lat]} if location else None
        address = {key: getattr(location, key) for key in LOCATION_FIELDS[:5]} if location else {}
        features.append({
            "type": "Feature", "id": f"{hit.clinic.id}-{location.id if location else 0}", "geometry": geometry,
            "properties": {**data, **address, "distance_mi": _distance(origin, location)},
        })
    return features


def _json_list(items: Iterable[Any], *, head: str, tail: str, depth: int) -> Iterator[str]:
    """A JSON array, item by item, laid out as `json.dumps(..., indent=2)` lays it out `depth` levels deep."""
    outer = "  " * depth
    inner = outer + "  "
    first = True
    for item in items:
        # JSON text holds no raw newline inside a string, so indenting every line is safe.
        body = textwrap.indent(json.dumps(item, indent=2), inner)
        yield (head + "[\n" if first else ",\n") + body
        first = False
    yield (head + "[]" if first else "\n" + outer + "]") + tail


def _clinic(hit: SearchHit, origin: Place | None) -> dict[str, Any]:
    data = clinic_json(hit.clinic, hit.locations)
    if origin is not None:
        data["distance_mi"] = None if hit.distance_mi is None else round(hit.distance_mi, 1)
    return data


def _distance(origin: Place | None, location: Location | None) -> float | None:
    if origin is None or location is None or location.lat is None or location.lon is None:
        return None
    return round(haversine_miles(origin.lat, origin.lon, location.lat, location.lon), 1)


def _defuse(value: Any) -> Any:
    """Crawled text that a spreadsheet would read as a formula, prefixed with a quote (OWASP advice)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value
