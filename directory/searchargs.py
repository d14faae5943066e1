"""Read a search from query-string arguments: the site's form, the API and `clinics export --query`.

Pure: takes a mapping of argument name to values (Flask's `request.args.to_dict(flat=False)` or
`urllib.parse.parse_qs`), returns a `SearchQuery`, or raises `SearchArgsError` saying what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import process

from directory.places import PlaceNotFound, parse_where
from directory.search import DEFAULT_PER_PAGE, DEFAULT_RADIUS_MI, SORTS, SearchFilters, SearchQuery
from directory.vocabulary import FILTER_FACTS, GRADES

MIN_RADIUS_MI = 1
MAX_RADIUS_MI = 200
MAX_PER_PAGE = 100
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
#: Every argument a search understands, besides the place (`near` in the API, `where` on the site).
SEARCH_PARAMS = ("radius", *FILTER_FACTS, "treats_pain", "min_grade", "hide_inactive", "no_red_flags", "sort",
                 "page", "per_page")

Args = Mapping[str, Sequence[str]]


class SearchArgsError(ValueError):
    """An argument the user needs to correct: which one, why, and suggestions when we have them."""

    def __init__(self, message: str, suggestions: list[str] | None = None, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []
        self.param = param


@dataclass(frozen=True)
class ParsedSearch:
    """The search, and the place as typed (echoed back in forms and responses)."""

    query: SearchQuery
    where_text: str


def parse_search_args(
    args: Args, *, where_param: str = "near", require_where: bool = False, strict: bool = False,
    extra_params: Sequence[str] = (),
) -> ParsedSearch:
    """Validate every argument and resolve the place; `strict` rejects unknown argument names."""
    if strict:
        known = {where_param, *SEARCH_PARAMS, *extra_params}
        for name in args:
            if name not in known:
                close = [m for m, _s, _i in process.extract(name, sorted(known), limit=2, score_cutoff=60)]
                raise SearchArgsError(f"Unknown parameter '{name}'.", close, name)
    where_text = _one(args, where_param) or ""
    if not where_text and require_where:
        raise SearchArgsError("Enter a ZIP code, a city and state, or a state, for example 80205, Denver, CO or "
                              "Colorado.", param=where_param)
    try:
        where = parse_where(where_text) if where_text else None
    except PlaceNotFound as exc:
        raise SearchArgsError(exc.message, exc.suggestions, where_param) from exc
    query = SearchQuery(
        where=where,
        radius_mi=_radius(_one(args, "radius")),
        filters=parse_filters(args),
        sort=_choice(args, "sort", SORTS) or "distance",
        page=_integer(args, "page", 1, None, 1),
        per_page=_integer(args, "per_page", 1, MAX_PER_PAGE, DEFAULT_PER_PAGE),
    )
    return ParsedSearch(query, where_text)


def parse_filters(args: Args) -> SearchFilters:
    """The filters alone (every argument is optional)."""
    facts = {fact: _codes(args, fact) for fact in FILTER_FACTS}
    min_grade = _one(args, "min_grade")
    if min_grade and min_grade.upper() not in GRADES:
        raise SearchArgsError("min_grade must be one of A, B, C, D or F.", list(GRADES), "min_grade")
    return SearchFilters(
        **facts, treats_pain=_boolean(args, "treats_pain"), min_grade=min_grade.upper() if min_grade else None,
        hide_inactive=bool(_boolean(args, "hide_inactive")), no_red_flags=bool(_boolean(args, "no_red_flags")),
    )


def _values(args: Args, name: str) -> list[str]:
    """Every value of an argument, repeated (`a=x&a=y`) or comma-separated (`a=x,y`), blanks dropped."""
    return [part.strip() for value in args.get(name, []) for part in value.split(",") if part.strip()]


def _one(args: Args, name: str) -> str | None:
    values = [v.strip() for v in args.get(name, []) if v.strip()]
    if len(set(values)) > 1:
        raise SearchArgsError(f"Give '{name}' only once.", param=name)
    return values[0] if values else None


def _codes(args: Args, fact: str) -> frozenset[str]:
    known = FILTER_FACTS[fact]
    codes = frozenset(v.lower() for v in _values(args, fact))
    if unknown := sorted(codes - set(known)):
        raise SearchArgsError(f"Unknown {fact} code '{unknown[0]}'. Known codes: {', '.join(known)}.", list(known),
                              fact)
    return codes


def _boolean(args: Args, name: str) -> bool | None:
    value = _one(args, name)
    if value is None:
        return None
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SearchArgsError(f"{name} must be true or false.", ["true", "false"], name)


def _choice(args: Args, name: str, choices: Sequence[str]) -> str | None:
    value = _one(args, name)
    if value is not None and value.lower() not in choices:
        raise SearchArgsError(f"{name} must be one of {', '.join(choices)}.", list(choices), name)
    return value.lower() if value else None


def _integer(args: Args, name: str, low: int, high: int | None, default: int) -> int:
    value = _one(args, name)
    if value is None:
        return default
    limits = f"from {low} to {high}" if high else f"{low} or more"
    try:
        number = int(value)
    except ValueError:
        raise SearchArgsError(f"{name} must be a whole number {limits}.", param=name) from None
    if number < low or (high is not None and number > high):
        raise SearchArgsError(f"{name} must be {limits}.", param=name)
    return number


def _radius(value: str | None) -> float:
    if value is None:
        return DEFAULT_RADIUS_MI
    try:
        radius = float(value)
    except ValueError:
        radius = float("nan")
    if not MIN_RADIUS_MI <= radius <= MAX_RADIUS_MI:  # also false for nan and inf
        raise SearchArgsError(f"The radius must be a number of miles from {MIN_RADIUS_MI} to {MAX_RADIUS_MI}.",
                              param="radius")
    return radius
