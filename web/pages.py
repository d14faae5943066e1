"""Static-ish pages: how we grade (generated from the criteria themselves), about."""

from __future__ import annotations

from flask import Blueprint, render_template

from scoring.docs import INTRO, grade_scale, sections
from scoring.run import criteria_version

bp = Blueprint("pages", __name__)


@bp.get("/how-we-grade")
def how_we_grade() -> str:
    """Each criterion's description, sources, weight and points, generated like the README's section."""
    return render_template("pages/how_we_grade.html", intro=INTRO, sections=sections(), grade_scale=grade_scale(),
                           version=criteria_version())
