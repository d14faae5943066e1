"""The OpenAPI 3.1 document of the JSON API, built from the same vocabulary the search uses.

Schemas forbid undocumented fields, so the tests that validate live responses against this
document fail when a field is added to a response without being documented here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from directory.exporting import CSV_COLUMNS
from directory.search import DEFAULT_PER_PAGE, DEFAULT_RADIUS_MI, SORTS
from directory.searchargs import MAX_PER_PAGE, MAX_RADIUS_MI, MIN_RADIUS_MI
from directory.vocabulary import CLINIC_STATUSES, FILTER_FACTS, GRADES, RED_FLAGS

API_VERSION = "1.0.0"
REF = "#/components/schemas/"


def _nullable(schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    kind = schema.get("type")
    result = {**schema, "type": [kind, "null"]} if isinstance(kind, str) else {"anyOf": [schema, {"type": "null"}]}
    if "enum" in result:
        result["enum"] = [*result["enum"], None]
    return {**result, "description": description} if description else result


def _object(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    schema = {"type": "object", "required": list(properties), "properties": properties,
              "additionalProperties": False}
    return {**schema, "description": description} if description else schema


def _codes(fact: str, description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "enum": list(FILTER_FACTS[fact])},
            "description": description}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": REF + name}


STRING = {"type": "string"}
NUMBER = {"type": "number"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}

LOCATION = _object({
    "street": _nullable(STRING), "city": _nullable(STRING),
    "state": _nullable(STRING, "Two-letter state or territory code."),
    "zip": _nullable(STRING, "Five-digit ZIP code."),
    "phone": _nullable(STRING, "E.164, for example +13035550100."),
    "lat": _nullable(NUMBER), "lon": _nullable(NUMBER),
    "geo_source": _nullable({"type": "string", "enum": ["published", "zip", "city"]},
                            "Where the coordinates came from: the site itself, the ZIP centroid or the city centroid."),
}, "One published address of a clinic.")

OVERRIDE = _object({
    "status": {"type": "string", "enum": ["active", "needs_review"],
               "description": "needs_review: the evidence changed since, so the computed score is shown."},
    "score": {"type": "integer", "minimum": 0, "maximum": 100},
    "reason": {**STRING, "description": "Why the maintainer overrode the computed score."},
    "author": STRING,
    "created_at": {**STRING, "format": "date-time"},
    "computed_score": _nullable(INTEGER, "The criterion's own score at the last scoring."),
})

CLINIC_PROPERTIES: dict[str, Any] = {
    "id": {**INTEGER, "description": "Stable identifier; GET /api/v1/clinics/{id} returns the details."},
    "slug": {**STRING, "description": "URL name of the clinic's page on this site."},
    "name": STRING,
    "homepage": {**STRING, "description": "The clinic's own website."},
    "status": {"type": "string", "enum": list(CLINIC_STATUSES),
               "description": "closed: the site says so; unreachable: the last crawl failed."},
    "fictional": {**BOOLEAN, "description": "A bundled sample clinic that does not exist."},
    "grade": _nullable({"type": "string", "enum": list(GRADES)}, "Letter grade; null until scored."),
    "overall_score": _nullable({"type": "integer", "minimum": 0, "maximum": 100}),
    "criteria_version": _nullable(STRING, "Version of the grading criteria the scores come from."),
    "last_checked_at": _nullable({"type": "string", "format": "date-time"}, "Last successful crawl."),
    "treats_pain": _nullable(BOOLEAN, "Offers ketamine for chronic pain; null when the site does not say."),
    "modalities": _codes("modalities", "How ketamine is given."),
    "psychotherapy": _nullable({"type": "string", "enum": list(FILTER_FACTS["psychotherapy"])}),
    "insurance": _codes("insurance", "Insurance and payment options."),
    "pain_conditions": _codes("pain_conditions", "Pain conditions the clinic says it treats."),
    "credentials": _codes("credentials", "Qualifications of the clinic's staff."),
    "screening": _nullable(BOOLEAN, "Describes screening, contraindications or monitoring."),
    "prices": {"type": "array", "description": "Prices as published; `what` is the quoted sentence.",
               "items": _object({"what": STRING, "usd": NUMBER})},
    "red_flags": {"type": "array", "items": {"type": "string", "enum": list(RED_FLAGS)},
                  "description": "Kinds of red flag found on the clinic's pages."},
    "locations": {"type": "array", "items": _ref("Location")},
}

HIT_PROPERTIES: dict[str, Any] = {
    **CLINIC_PROPERTIES,
    "distance_mi": _nullable(NUMBER, "Miles to the location matched, to 0.1; null when the search has no point."),
    "location": _nullable(_ref("Location"), "The location matched: the nearest one, or the first in the state."),
    "url": {**STRING, "description": "The clinic's page on this site."},
}

PLACE = {
    "oneOf": [
        _object({"kind": {"const": "point"}, "label": STRING, "lat": NUMBER, "lon": NUMBER,
                 "state": _nullable(STRING)}, "A point: ZIP or city centroid, or coordinates."),
        _object({"kind": {"const": "state"}, "label": STRING, "state": STRING,
                 "cities": {"type": "array", "items": STRING,
                            "description": "Cities with the same name as the state, as 'City, ST'."}},
                "A whole state, searched as a filter."),
        {"type": "null", "description": "No place given: the whole directory."},
    ],
}

FILTERS = _object({
    **{fact: {"type": "array", "items": {"type": "string"}} for fact in FILTER_FACTS},
    "treats_pain": _nullable(BOOLEAN), "min_grade": _nullable({"type": "string", "enum": list(GRADES)}),
    "hide_inactive": BOOLEAN, "no_red_flags": BOOLEAN,
}, "The filters as understood.")

SEARCH_RESPONSE = _object({
    "near": _ref("Place"),
    "radius_mi": _nullable(NUMBER, "Radius used; null unless searching around a point."),
    "sort": {"type": "string", "enum": list(SORTS)},
    "filters": _ref("Filters"),
    "total": {**INTEGER, "description": "Matches on all pages."},
    "page": INTEGER, "per_page": INTEGER, "pages": INTEGER,
    "count": {**INTEGER, "description": "Clinics on this page."},
    "clinics": {"type": "array", "items": _ref("SearchHit")},
    "nearest_beyond": {"type": "array", "items": _ref("SearchHit"),
                       "description": "When nothing lies within the radius: the nearest matching clinics beyond "
                                      "it, nearest first (at most 5). Empty otherwise."},
})

CLINIC_DETAIL = _object({
    **CLINIC_PROPERTIES,
    "url": {**STRING, "description": "The clinic's page on this site."},
    "scores": {"type": "object", "description": "Per criterion, and 'overall'.",
               "additionalProperties": {
                   "type": "object", "required": ["score", "stated", "confidence"], "additionalProperties": False,
                   "properties": {
                       "score": {"type": "integer", "minimum": 0, "maximum": 100,
                                 "description": "The score shown, a maintainer's override included."},
                       "stated": {**BOOLEAN, "description": "False when the site says nothing on it."},
                       "confidence": NUMBER,
                       "override": {**OVERRIDE, "description": "Present when a maintainer overrode the score."},
                   }}},
    "findings": {"type": "array", "items": _object({
        "criterion": STRING, "fact": STRING, "code": STRING,
        "value": {"description": "A number for prices and experience, else null."},
        "quote": {**STRING, "description": "The sentence on the clinic's page."},
        "url": {**STRING, "description": "The page it is on."},
    })},
})

ERROR = _object({"error": _object({
    "message": {**STRING, "description": "What went wrong, in plain language."},
    "suggestions": {"type": "array", "items": STRING,
                    "description": "Values to try instead, for example 'City, ST' for an ambiguous place."},
    "param": _nullable(STRING, "The query parameter at fault."),
})})

FEATURE_COLLECTION = {
    "type": "object", "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {
            "type": "object", "required": ["type", "geometry", "properties"],
            "properties": {"type": {"const": "Feature"}, "id": STRING,
                           "geometry": _nullable({"type": "object"}), "properties": {"type": "object"}},
        }},
    },
}


def _query(name: str, schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description, **extra}


def _code_param(fact: str, what: str) -> dict[str, Any]:
    return _query(fact, {"type": "array", "items": {"type": "string", "enum": list(FILTER_FACTS[fact])}},
                  f"{what} Any of the codes (repeat the parameter or separate codes with commas).",
                  style="form", explode=True)


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SEARCH_PARAMETERS = [
    _query("near", STRING, "ZIP (80205), ZIP+4, 'City, ST', 'City, State', a state alone ('Texas', 'TX': a state "
           "filter), or 'lat,lon'. Leave out to search the whole directory."),
    _query("radius", {"type": "number", "minimum": MIN_RADIUS_MI, "maximum": MAX_RADIUS_MI,
                      "default": DEFAULT_RADIUS_MI}, "Miles around the point."),
    _code_param("modalities", "How ketamine is given."),
    _code_param("psychotherapy", "Therapy offered; in_house is the clinic's own therapists."),
    _code_param("insurance", "Insurance and payment options."),
    _code_param("pain_conditions", "Pain conditions treated."),
    _code_param("credentials", "Staff qualifications."),
    _query("treats_pain", BOOLEAN, "true: offers ketamine for chronic pain; false: says it does not."),
    _query("min_grade", {"type": "string", "enum": list(GRADES)}, "Lowest letter grade shown."),
    _query("hide_inactive", {"type": "boolean", "default": False}, "Leave out closed and unreachable clinics."),
    _query("no_red_flags", {"type": "boolean", "default": False}, "Leave out clinics with any red flag."),
    _query("sort", {"type": "string", "enum": list(SORTS), "default": "distance"},
           "distance (nearest first; only around a point, else grade), grade (best first) or name."),
    _query("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number."),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
           "Clinics per page."),
    _query("format", {"type": "string", "enum": ["json", "csv", "geojson"], "default": "json"},
           "json: one page of results. csv or geojson: every match, however many, streamed as a download, one row or "
           "feature per location; X-Total-Count gives the number of matching clinics."),
]


@lru_cache(maxsize=1)
def openapi_document() -> dict[str, Any]:
    """The whole document (built once)."""
    error_responses = {"400": _json(_ref("Error"), "A parameter needs correcting; see error.message.")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Ketamine Clinic Directory API", "version": API_VERSION,
            "description": "Search ketamine clinics by place and by what they offer, with the quoted evidence "
                           "behind every grade. Field names are stable within v1; new fields may be added. "
                           "Not medical advice.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/api/v1/clinics": {"get": {
                "operationId": "searchClinics", "summary": "Search clinics",
                "parameters": SEARCH_PARAMETERS,
                "responses": {
                    "200": {
                        "description": "A page of results (JSON), or every match (CSV, GeoJSON).",
                        "headers": {"X-Total-Count": {"schema": INTEGER,
                                                      "description": "Matching clinics (downloads only)."}},
                        "content": {
                            "application/json": {"schema": _ref("SearchResponse")},
                            "text/csv": {"schema": {"type": "string",
                                                    "description": "Columns: " + ", ".join(CSV_COLUMNS)}},
                            "application/geo+json": {"schema": _ref("FeatureCollection")},
                        },
                    },
                    **error_responses,
                },
            }},
            "/api/v1/clinics/{clinic_id}": {"get": {
                "operationId": "getClinic", "summary": "One clinic, its scores and the evidence behind them",
                "parameters": [{"name": "clinic_id", "in": "path", "required": True, "schema": INTEGER}],
                "responses": {"200": _json(_ref("ClinicDetail"), "The clinic."),
                              "404": _json(_ref("Error"), "No such clinic.")},
            }},
            "/api/v1/openapi.json": {"get": {
                "operationId": "getOpenAPI", "summary": "This document",
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document.")},
            }},
        },
        "components": {"schemas": {
            "Location": LOCATION, "SearchHit": _object(HIT_PROPERTIES), "Place": PLACE, "Filters": FILTERS,
            "SearchResponse": SEARCH_RESPONSE, "ClinicDetail": CLINIC_DETAIL, "Error": ERROR,
            "FeatureCollection": FEATURE_COLLECTION,
        }},
    }
