"""The clinic page: locations, grade, each criterion's score and its evidence."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from directory.overrides import open_overrides
from directory.queries import clinic_by_slug, clinic_detail
from scoring.criteria import CRITERIA
from web.db import get_session
from web.jsonld import clinic_jsonld

bp = Blueprint("clinics", __name__, url_prefix="/clinics")


@bp.get("/<slug>")
def detail(slug: str) -> str:
    """One clinic, with the quoted evidence behind every score."""
    session = get_session()
    clinic = clinic_by_slug(session=session, slug=slug)
    if clinic is None or clinic.hidden or clinic.id is None:
        abort(404)
    found = clinic_detail(session=session, clinic_id=clinic.id)
    assert found is not None
    overrides = open_overrides(session=session, clinic_id=clinic.id)
    return render_template("clinics/detail.html", detail=found, criteria=CRITERIA, overrides=overrides,
                           jsonld=clinic_jsonld(found, request.base_url))
