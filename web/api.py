"""JSON API v1: the site's search with stable field names, exports, and errors as JSON.

The OpenAPI document served at /api/v1/openapi.json (web/openapi.py) describes every field.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from directory.exporting import FORMATS, MEDIA_TYPES, export_chunks
from directory.geo import Area, Place
from directory.overrides import open_overrides, override_json
from directory.queries import clinic_detail, clinic_json, location_json
from directory.search import SearchFilters, SearchHit
from directory.vocabulary import FILTER_FACTS
from web.db import get_session
from web.openapi import openapi_document
from web.searching import SearchArgsError, SearchExport, SearchResult, run_export, run_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def error(status: int, message: str, suggestions: list[str] | None = None, param: str | None = None) -> Response:
    """A JSON error: {"error": {"message", "suggestions", "param"}}."""
    response = jsonify(error={"message": message, "suggestions": suggestions or [], "param": param})
    response.status_code = status
    return response


@bp.app_errorhandler(HTTPException)
def http_error(exc: HTTPException) -> ResponseReturnValue:
    """JSON for HTTP errors under /api/ (unknown URL, wrong method); the site keeps its HTML pages."""
    if request.path.startswith(bp.url_prefix or "/api/v1"):
        return error(exc.code or 500, exc.description or exc.name)
    return exc


@bp.get("/clinics")
def clinics() -> ResponseReturnValue:
    """Search: near a place within a radius, in a state, or everywhere; JSON, CSV or GeoJSON."""
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in FORMATS:
        return error(400, f"format must be one of {', '.join(FORMATS)}.", list(FORMATS), "format")
    args = request.args.to_dict(flat=False)
    try:
        if fmt != "json":
            return _download(run_export(args, where_param="near", strict=True, extra_params=("format",)), fmt)
        result = run_search(args, where_param="near", strict=True, extra_params=("format",))
    except SearchArgsError as exc:
        return error(400, exc.message, exc.suggestions, exc.param)
    return jsonify(search_json(result))


@bp.get("/clinics/<int:clinic_id>")
def clinic(clinic_id: int) -> ResponseReturnValue:
    """One clinic with its scores and the findings (quotes and source pages) behind them."""
    detail = clinic_detail(session=get_session(), clinic_id=clinic_id)
    if detail is None or detail.clinic.hidden:
        return error(404, f"No clinic with id {clinic_id}.")
    data = clinic_json(detail.clinic, detail.locations)
    data["url"] = url_for("clinics.detail", slug=detail.clinic.slug, _external=True)
    data["scores"] = {
        key: {"score": score.score, "stated": score.stated, "confidence": round(score.confidence, 2)}
        for key, score in detail.scores.items()
    }
    for criterion, override in open_overrides(session=get_session(), clinic_id=clinic_id).items():
        if criterion in data["scores"]:
            data["scores"][criterion]["override"] = override_json(override)
    data["findings"] = [
        {"criterion": f.criterion, "fact": f.fact, "code": f.code, "value": f.value, "quote": f.quote,
         "url": f.page_url}
        for findings in detail.findings.values() for f in findings
    ]
    return jsonify(data)


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 document of this API."""
    return jsonify(openapi_document())


def search_json(result: SearchResult) -> dict[str, Any]:
    """The search response; see the SearchResponse schema in web/openapi.py."""
    page, query = result.page, result.page.query
    return {
        "near": place_json(query.where),
        "radius_mi": query.radius_mi if isinstance(query.where, Place) else None,
        "sort": query.effective_sort,
        "filters": filters_json(query.filters),
        "total": page.total,
        "page": query.page,
        "per_page": query.per_page,
        "pages": page.pages,
        "count": len(page.hits),
        "clinics": [hit_json(hit) for hit in page.hits],
        "nearest_beyond": [hit_json(hit) for hit in page.beyond],
    }


def place_json(where: Place | Area | None) -> dict[str, Any] | None:
    """Where the search looked: a point, a whole state, or null for everywhere."""
    if isinstance(where, Place):
        return {"kind": "point", "label": where.label, "lat": where.lat, "lon": where.lon, "state": where.state}
    if isinstance(where, Area):
        return {"kind": "state", "label": where.label, "state": where.state, "cities": list(where.cities)}
    return None


def filters_json(filters: SearchFilters) -> dict[str, Any]:
    """The filters as understood, every key always present."""
    return {
        **{fact: sorted(getattr(filters, fact)) for fact in FILTER_FACTS},
        "treats_pain": filters.treats_pain, "min_grade": filters.min_grade,
        "hide_inactive": filters.hide_inactive, "no_red_flags": filters.no_red_flags,
    }


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """A clinic in search results: the clinic, the location matched, and the distance to it."""
    data = clinic_json(hit.clinic, hit.locations)
    data["distance_mi"] = None if hit.distance_mi is None else round(hit.distance_mi, 1)
    data["location"] = location_json(hit.location) if hit.location else None
    data["url"] = url_for("clinics.detail", slug=hit.clinic.slug, _external=True)
    return data


def _download(found: SearchExport, fmt: str) -> Response:
    """Every match, streamed as it is read from the database: complete however large, never truncated."""
    where = found.parsed.query.where
    body = export_chunks(found.matches.hits, fmt, origin=where if isinstance(where, Place) else None)
    # The request context (and with it the database session) stays open until the last clinic is sent.
    response = Response(stream_with_context(body), mimetype=MEDIA_TYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="clinics.{fmt}"'
    response.headers["X-Total-Count"] = str(found.matches.total)
    return response
