"""Static-ish pages: how we grade (generated from the criteria themselves), about."""

from __future__ import annotations

from flask import Blueprint, render_template

from scoring.config import weights
from scoring.criteria import CRITERIA
from scoring.run import criteria_version

bp = Blueprint("pages", __name__)


@bp.get("/how-we-grade")
def how_we_grade() -> str:
    """Each criterion's description, sources and weight, straight from the code."""
    return render_template(
        "pages/how_we_grade.html", criteria=CRITERIA, weights=weights(), version=criteria_version()
    )
