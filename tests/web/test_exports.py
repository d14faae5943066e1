"""Downloads of a search (CSV, GeoJSON): every match however many, streamed in batches, never cut short."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from directory.db import get_engine
from web import create_app

BATCH = 3
_CLINIC_ROWS = re.compile(r"FROM clinic\s+WHERE clinic\.id IN", re.I)


@pytest.fixture(scope="module")
def small_batches(listed_app: Flask) -> Flask:
    """The listed directory served with exports loading 3 clinics at a time, so 25 take 9 batches."""
    return create_app({"DATABASE_URL": listed_app.config["DATABASE_URL"], "SECRET_KEY": "test-only", "TESTING": True,
                       "EXPORT_BATCH_SIZE": BATCH})


@pytest.fixture
def clinic_loads(listed_app: Flask) -> Iterator[list[str]]:
    """The statements that load clinic rows by id, as they run."""
    engine = get_engine(listed_app.config["DATABASE_URL"])
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if _CLINIC_ROWS.search(statement):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def _rows(body: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body)))


def test_a_csv_download_streams_every_match_batch_by_batch(
    small_batches: Flask, listed: FlaskClient, clinic_loads: list[str]
) -> None:
    url = "/api/v1/clinics?near=80205&radius=50&format=csv&per_page=1&page=2"  # page arguments do not apply
    response = small_batches.test_client().get(url)
    assert response.status_code == 200
    assert len(clinic_loads) <= 1  # the test client reads the first piece at once; the rest waits for the reader
    body = response.get_data(as_text=True)
    rows = _rows(body)
    assert len(rows) == len({r["id"] for r in rows}) == int(response.headers["X-Total-Count"]) == 25
    assert len(clinic_loads) == math.ceil(25 / BATCH)
    assert body == listed.get(url).get_data(as_text=True)  # the same download, whatever the batch size
    assert [float(r["distance_mi"]) for r in rows] == sorted(float(r["distance_mi"]) for r in rows)


def test_a_geojson_download_of_a_state_holds_every_clinic_in_order(small_batches: Flask, listed: FlaskClient) -> None:
    response = small_batches.test_client().get("/api/v1/clinics?near=Colorado&format=geojson&sort=grade")
    data = json.loads(response.get_data(as_text=True))
    names = [f["properties"]["name"] for f in data["features"]]
    by_grade = listed.get("/api/v1/clinics?near=Colorado&sort=grade&per_page=100").get_json()
    assert names == [c["name"] for c in by_grade["clinics"]] and len(names) == by_grade["total"] == 25


@pytest.mark.parametrize(("fmt", "empty"), [("csv", None), ("geojson", {"type": "FeatureCollection", "features": []})])
def test_a_download_with_no_match_is_still_well_formed(small_batches: Flask, fmt: str, empty: Any) -> None:
    response = small_batches.test_client().get(f"/api/v1/clinics?near=Miami,%20FL&radius=5&format={fmt}")
    body = response.get_data(as_text=True)
    assert response.headers["X-Total-Count"] == "0"
    if fmt == "csv":
        assert _rows(body) == [] and body.startswith("id,name,")
    else:
        assert json.loads(body) == empty


def test_a_bad_download_argument_is_a_json_400(small_batches: Flask) -> None:
    response = small_batches.test_client().get("/api/v1/clinics?near=80205&format=csv&radius=900")
    assert response.status_code == 400 and response.is_json
    assert response.get_json()["error"]["param"] == "radius"
