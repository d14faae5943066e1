"""Patients' search: the home page and the results page."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from web.searching import DEFAULT_RADIUS, SearchError, run_search

bp = Blueprint("search", __name__)


@bp.get("/")
def home() -> str:
    """One search box: ZIP code or city and state, and a radius."""
    return render_template("search/home.html", radius=DEFAULT_RADIUS)


@bp.get("/search")
def results() -> tuple[str, int] | str:
    """Clinics near the place, nearest first."""
    where = request.args.get("where", "").strip()
    radius_raw = request.args.get("radius")
    try:
        result = run_search(where, radius_raw)
    except SearchError as exc:
        return render_template(
            "search/home.html", error=exc.message, suggestions=exc.suggestions, where=where,
            radius=radius_raw or DEFAULT_RADIUS,
        ), 400
    return render_template("search/results.html", result=result, where=where)
