"""JSON API: the same search as the site, with errors as JSON."""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from directory.overrides import criteria_json, open_overrides
from directory.queries import clinic_detail, clinic_json
from web.db import get_session
from web.searching import SearchError, run_search

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/clinics")
def clinics() -> ResponseReturnValue:
    """Clinics near `near` (ZIP, "City, ST" or "lat,lon") within `radius` miles."""
    try:
        result = run_search(request.args.get("near"), request.args.get("radius"))
    except SearchError as exc:
        return jsonify(error={"message": exc.message, "suggestions": exc.suggestions}), 400
    session = get_session()
    items = []
    for hit in result.hits:
        detail = clinic_detail(session=session, clinic_id=hit.clinic.id or 0)
        items.append(clinic_json(hit.clinic, detail.locations if detail else [hit.location], hit.distance_mi))
    return jsonify(
        near={"label": result.place.label, "lat": result.place.lat, "lon": result.place.lon},
        radius_mi=result.radius,
        count=len(items),
        clinics=items,
    )


@bp.get("/clinics/<int:clinic_id>")
def clinic(clinic_id: int) -> ResponseReturnValue:
    """One clinic with its scores and the findings behind them."""
    detail = clinic_detail(session=get_session(), clinic_id=clinic_id)
    if detail is None or detail.clinic.hidden:
        return jsonify(error={"message": f"No clinic with id {clinic_id}."}), 404
    data = clinic_json(detail.clinic, detail.locations)
    data["scores"] = {key: score.score for key, score in detail.scores.items()}
    data["criteria"] = criteria_json(detail, open_overrides(session=get_session(), clinic_id=clinic_id))
    data["findings"] = [
        {"criterion": f.criterion, "fact": f.fact, "code": f.code, "value": f.value, "quote": f.quote,
         "url": f.page_url}
        for findings in detail.findings.values() for f in findings
    ]
    return jsonify(data)
