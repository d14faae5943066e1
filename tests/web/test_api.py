"""The JSON API: search, filters, pages, exports, errors, and the OpenAPI document checked live."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from flask.testing import FlaskClient
from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_spec_validator import validate as validate_spec
from werkzeug.test import TestResponse

from web.openapi import openapi_document


def _text(body: bytes | str) -> str:
    return body.decode() if isinstance(body, bytes) else body


@pytest.fixture(scope="module")
def openapi() -> OpenAPI:
    # openapi-core reads JSON bodies only; teach it our two download types.
    config = Config(extra_media_type_deserializers={
        "application/geo+json": lambda body: json.loads(body), "text/csv": _text,
    })
    return OpenAPI.from_dict(openapi_document(), config=config)


def checked(client: FlaskClient, openapi: OpenAPI, url: str, status: int = 200) -> TestResponse:
    """GET the URL, then check the request and the live response against the OpenAPI document."""
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.request is not None
    request = WerkzeugOpenAPIRequest(response.request)
    if status < 400:  # the document describes valid requests; error responses are checked below
        openapi.validate_request(request)
    openapi.validate_response(request, WerkzeugOpenAPIResponse(response))
    return response


def test_the_document_is_valid_openapi_and_served(listed: FlaskClient) -> None:
    document = listed.get("/api/v1/openapi.json").get_json()
    validate_spec(document)
    assert document["openapi"].startswith("3.") and "/api/v1/clinics" in document["paths"]
    params = {p["name"] for p in document["paths"]["/api/v1/clinics"]["get"]["parameters"]}
    from directory.searchargs import SEARCH_PARAMS

    assert params == {"near", "format", *SEARCH_PARAMS}  # every argument the search reads is documented


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/clinics?near=80205&radius=10",
        "/api/v1/clinics?near=Denver,%20CO&radius=50&modalities=iv&modalities=esketamine_nasal&sort=grade",
        "/api/v1/clinics?near=39.74,-104.99&psychotherapy=in_house&treats_pain=true&min_grade=C",
        "/api/v1/clinics?near=Colorado&per_page=5&page=2",
        "/api/v1/clinics?near=Texas&sort=name",
        "/api/v1/clinics?near=New%20York",
        "/api/v1/clinics?near=Miami,%20FL&radius=10",
        "/api/v1/clinics?per_page=100&hide_inactive=true&no_red_flags=true&insurance=hsa_fsa&pain_conditions=crps",
        "/api/v1/clinics?near=80205&credentials=crna",
    ],
)
def test_live_search_responses_match_the_document(listed: FlaskClient, openapi: OpenAPI, url: str) -> None:
    checked(listed, openapi, url)


def test_search_near_a_point(listed: FlaskClient, openapi: OpenAPI) -> None:
    data = checked(listed, openapi, "/api/v1/clinics?near=80205&radius=50&per_page=5").get_json()
    assert data["near"]["kind"] == "point" and data["near"]["label"] == "Denver, CO 80205"
    assert data["radius_mi"] == 50 and data["sort"] == "distance" and data["total"] == 25 and data["pages"] == 5
    assert data["count"] == 5 and data["nearest_beyond"] == []
    distances = [c["distance_mi"] for c in data["clinics"]]
    assert distances == sorted(distances)
    first = data["clinics"][0]
    assert first["location"]["zip"] is None and first["location"]["lat"] == pytest.approx(39.7592)
    assert first["url"].endswith(f"/clinics/{first['slug']}")


def test_filters_and_sort(listed: FlaskClient) -> None:
    data = listed.get("/api/v1/clinics?near=80205&radius=50&psychotherapy=in_house").get_json()
    assert [c["name"] for c in data["clinics"]] == ["Denver Clinic 07"]
    data = listed.get("/api/v1/clinics?near=80205&radius=50&min_grade=A&sort=grade").get_json()
    assert [c["name"] for c in data["clinics"]] == ["Denver Clinic 24", "Denver Clinic 23"]
    assert data["filters"]["min_grade"] == "A" and data["sort"] == "grade"
    data = listed.get("/api/v1/clinics?near=80205&radius=50&modalities=esketamine_nasal,iv&per_page=100").get_json()
    assert data["total"] == 25 and data["filters"]["modalities"] == ["esketamine_nasal", "iv"]
    hidden = listed.get("/api/v1/clinics?near=80205&radius=50&hide_inactive=true&no_red_flags=true").get_json()
    assert hidden["total"] == 23


def test_state_search_is_a_filter_by_grade(listed: FlaskClient) -> None:
    data = listed.get("/api/v1/clinics?near=TX").get_json()
    assert data["near"] == {"kind": "state", "label": "Texas", "state": "TX", "cities": []}
    assert data["radius_mi"] is None and data["sort"] == "grade"
    assert [c["name"] for c in data["clinics"]] == ["Austin Clinic"] and data["clinics"][0]["distance_mi"] is None


def test_nothing_within_the_radius_gives_the_nearest_beyond(listed: FlaskClient) -> None:
    data = listed.get("/api/v1/clinics?near=Miami,%20FL&radius=10&treats_pain=true").get_json()
    assert data["total"] == 0 and data["clinics"] == []
    beyond = data["nearest_beyond"]
    assert len(beyond) == 5 and beyond[0]["name"] == "Austin Clinic"
    assert all(c["distance_mi"] > 10 for c in beyond) and all(c["treats_pain"] for c in beyond)


@pytest.mark.parametrize(
    ("url", "param", "in_message"),
    [
        ("/api/v1/clinics?near=nowhere-at-all", "near", "couldn't find"),
        ("/api/v1/clinics?near=Springfield", "near", "Add the state"),
        ("/api/v1/clinics?near=80205&radius=500", "radius", "from 1 to 200"),
        ("/api/v1/clinics?near=80205&modalities=laser", "modalities", "Unknown modalities code"),
        ("/api/v1/clinics?near=80205&modality=iv", "modality", "Unknown parameter"),
        ("/api/v1/clinics?near=80205&per_page=1000", "per_page", "from 1 to 100"),
        ("/api/v1/clinics?near=80205&format=xml", "format", "format must be one of"),
    ],
)
def test_errors_are_json_400_with_message_and_suggestions(
    listed: FlaskClient, openapi: OpenAPI, url: str, param: str, in_message: str
) -> None:
    error = checked(listed, openapi, url, status=400).get_json()["error"]
    assert error["param"] == param and in_message in error["message"] and isinstance(error["suggestions"], list)


def test_ambiguous_place_suggests_each_city_and_state(listed: FlaskClient) -> None:
    error = listed.get("/api/v1/clinics?near=Portland").get_json()["error"]
    assert {"Portland, OR", "Portland, ME"} <= set(error["suggestions"])


def test_clinic_detail_has_scores_findings_and_matches_the_document(
    listed: FlaskClient, openapi: OpenAPI, client: FlaskClient
) -> None:
    [first] = client.get("/api/v1/clinics?near=78701&radius=5").get_json()["clinics"]
    data = checked(client, openapi, f"/api/v1/clinics/{first['id']}").get_json()
    assert data["findings"] and all(f["quote"] and f["url"] for f in data["findings"])
    assert data["scores"]["overall"]["score"] == data["overall_score"]
    assert set(data["scores"]["overall"]) == {"score", "stated", "confidence"}


def test_not_found_is_json(listed: FlaskClient, openapi: OpenAPI) -> None:
    error = checked(listed, openapi, "/api/v1/clinics/999999", status=404).get_json()["error"]
    assert "999999" in error["message"]
    hidden = listed.get("/api/v1/clinics?per_page=100").get_json()
    assert "Hidden Clinic" not in [c["name"] for c in hidden["clinics"]]
    for url in ("/api/v1/nothing-here", "/api/v1/clinics/abc"):
        response = listed.get(url)
        assert response.status_code == 404 and response.is_json and response.get_json()["error"]["message"]
    assert listed.post("/api/v1/clinics").get_json()["error"]["message"]
    assert not listed.get("/no-such-page").is_json  # the site's own 404 stays HTML


def _csv(response: TestResponse) -> list[dict[str, Any]]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_csv_export_of_a_search_has_every_match(listed: FlaskClient, openapi: OpenAPI) -> None:
    response = checked(listed, openapi, "/api/v1/clinics?near=80205&radius=50&modalities=iv&format=csv&per_page=2")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = _csv(response)
    assert len(rows) == int(response.headers["X-Total-Count"]) == 16  # all matches, not one page
    assert all(row["modalities"] == "iv" for row in rows)
    assert [float(r["distance_mi"]) for r in rows] == sorted(float(r["distance_mi"]) for r in rows)


def test_csv_export_defuses_spreadsheet_formulas(listed: FlaskClient) -> None:
    [row] = _csv(listed.get("/api/v1/clinics?near=New%20Mexico&format=csv"))
    assert row["name"] == "'=HYPERLINK(\"x\") Clinic" and row["distance_mi"] == ""


def test_geojson_export_of_a_search(listed: FlaskClient, openapi: OpenAPI) -> None:
    response = checked(listed, openapi, "/api/v1/clinics?near=Colorado&format=geojson&min_grade=A")
    assert response.mimetype == "application/geo+json"
    data = response.get_json(force=True)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    feature = data["features"][0]
    assert feature["geometry"]["type"] == "Point" and len(feature["geometry"]["coordinates"]) == 2
    lon, lat = feature["geometry"]["coordinates"]
    assert -105 < lon < -104 and 39 < lat < 41 and feature["properties"]["grade"] == "A"
