"""Patients' search: the home page and the results page, with filters kept in the query string."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from flask import Blueprint, render_template, request, url_for

from directory.exporting import FORMATS
from directory.geo import Area
from directory.searchargs import SEARCH_PARAMS
from directory.vocabulary import CREDENTIAL_CHOICES, FILTER_FACTS, GRADES
from web.searching import SearchArgsError, run_search

bp = Blueprint("search", __name__)

RADII = (5, 10, 25, 50, 100, 200)
_FORM_PARAMS = ("where", *SEARCH_PARAMS)


class Choice(NamedTuple):
    """A checkbox of the search form: the value it sends (codes, comma-separated), its label, its state."""

    value: str
    label: str
    checked: bool


class FormState:
    """The search form as the user last submitted it, read from the raw query string."""

    def __init__(self, args: Mapping[str, Sequence[str]]) -> None:
        # A blank field (the "Any grade" option) is no filter: it opens no filters and stays out of links.
        self.args = {name: values for name in _FORM_PARAMS
                     if (values := [v for v in args.get(name, []) if v.strip()])}

    def value(self, name: str, default: str = "") -> str:
        """The first non-blank value of a field."""
        return next((v.strip() for v in self.args.get(name, []) if v.strip()), default)

    def checked(self, name: str, code: str) -> bool:
        """Whether a checkbox (or one of comma-separated codes) is on."""
        return code in {part.strip().lower() for v in self.args.get(name, []) for part in v.split(",")}

    def choices(self, name: str, offered: Sequence[tuple[str, Sequence[str]]],
                labels: Mapping[str, str]) -> list[Choice]:
        """Checkboxes that each stand for one or more codes (on when all its codes are set), then, checked,
        each code the URL sets that no checked box stands for, so every filter in use shows and can be removed."""
        wanted = {part.strip().lower() for v in self.args.get(name, []) for part in v.split(",") if part.strip()}
        boxes = [Choice(",".join(codes), label, set(codes) <= wanted) for label, codes in offered]
        shown = {code for box in boxes if box.checked for code in box.value.split(",")}
        return boxes + [Choice(code, labels.get(code, code), True) for code in sorted(wanted - shown)]

    @property
    def has_filters(self) -> bool:
        """True when any filter beyond place, radius and sort is set."""
        return any(name not in ("where", "radius", "sort", "page", "per_page") for name in self.args)

    def url(self, **changes: Any) -> str:
        """The results URL with some arguments changed (None removes one)."""
        args: dict[str, Any] = {**self.args, **changes}
        return url_for("search.results", **{k: v for k, v in args.items() if v is not None})

    def api_url(self, fmt: str) -> str:
        """The same search as an API download."""
        args: dict[str, Any] = {("near" if k == "where" else k): v for k, v in self.args.items()
                                if k not in ("page", "per_page")}
        return url_for("api.clinics", **args, format=fmt)


def _render(template: str, form: FormState, **context: Any) -> str:
    return render_template(template, form=form, facts=FILTER_FACTS, credential_choices=CREDENTIAL_CHOICES,
                           grades=GRADES, radii=RADII, formats=FORMATS, **context)


@bp.get("/")
def home() -> str:
    """One search box (ZIP, city and state, or state), a radius, and optional filters."""
    return _render("search/home.html", FormState({}))


@bp.get("/search")
def results() -> tuple[str, int] | str:
    """Clinics near the place (or in the state) that pass the filters, one page at a time."""
    args = request.args.to_dict(flat=False)
    form = FormState(args)
    try:
        result = run_search(args, where_param="where", require_where=True)
    except SearchArgsError as exc:
        return _render("search/home.html", form, error=exc.message, suggestions=exc.suggestions,
                       error_param=exc.param), 400
    where = result.page.query.where
    return _render("search/results.html", form, result=result, area=where if isinstance(where, Area) else None)
