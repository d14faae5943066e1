"""Search arguments from a query string: defaults, validation, and messages that say what to fix."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from directory.geo import Area, Place
from directory.search import SearchFilters
from directory.searchargs import SearchArgsError, parse_search_args


def parse(qs: str, **options: object) -> object:
    return parse_search_args(parse_qs(qs), **options).query  # type: ignore[arg-type]


def test_defaults() -> None:
    query = parse("near=80205")
    assert isinstance(query.where, Place) and query.radius_mi == 25
    assert (query.sort, query.page, query.per_page, query.filters) == ("distance", 1, 20, SearchFilters())
    assert parse("").where is None  # the whole directory
    assert isinstance(parse("near=Texas").where, Area)


def test_every_filter_is_read() -> None:
    query = parse("near=80205&radius=50&modalities=iv&modalities=esketamine_nasal,IM&psychotherapy=in_house"
                  "&insurance=hsa_fsa&pain_conditions=crps&credentials=crna&treats_pain=true&min_grade=b"
                  "&hide_inactive=on&no_red_flags=1&sort=grade&page=2&per_page=50")
    assert query.radius_mi == 50 and (query.sort, query.page, query.per_page) == ("grade", 2, 50)
    assert query.filters == SearchFilters(
        modalities=frozenset({"iv", "esketamine_nasal", "im"}), psychotherapy=frozenset({"in_house"}),
        insurance=frozenset({"hsa_fsa"}), pain_conditions=frozenset({"crps"}), credentials=frozenset({"crna"}),
        treats_pain=True, min_grade="B", hide_inactive=True, no_red_flags=True,
    )
    assert parse("treats_pain=false").filters.treats_pain is False
    assert parse("modalities=&treats_pain=").filters == SearchFilters()  # blank form fields mean "any"


@pytest.mark.parametrize(
    ("qs", "param", "in_message", "suggestion"),
    [
        ("near=Springfield", "near", "Springfield", "Springfield, IL"),
        ("near=80205&radius=0", "radius", "from 1 to 200", None),
        ("near=80205&radius=201", "radius", "from 1 to 200", None),
        ("near=80205&radius=ten", "radius", "from 1 to 200", None),
        ("near=80205&radius=nan", "radius", "from 1 to 200", None),
        ("modalities=ivv", "modalities", "Unknown modalities code 'ivv'", "iv"),
        ("insurance=medicare", "insurance", "Unknown insurance code", "accepts_insurance"),
        ("min_grade=E", "min_grade", "A, B, C, D or F", "A"),
        ("treats_pain=maybe", "treats_pain", "true or false", "true"),
        ("sort=price", "sort", "distance, grade, name", "distance"),
        ("page=0", "page", "1 or more", None),
        ("per_page=101", "per_page", "from 1 to 100", None),
        ("per_page=x", "per_page", "whole number", None),
        ("near=80205&near=Denver, CO", "near", "only once", None),
    ],
)
def test_bad_arguments_say_which_and_why(qs: str, param: str, in_message: str, suggestion: str | None) -> None:
    with pytest.raises(SearchArgsError) as info:
        parse(qs)
    assert info.value.param == param and in_message in info.value.message
    if suggestion:
        assert suggestion in info.value.suggestions


def test_strict_mode_rejects_unknown_parameters_with_a_suggestion() -> None:
    with pytest.raises(SearchArgsError) as info:
        parse("near=80205&modality=iv", strict=True)
    assert info.value.param == "modality" and info.value.suggestions[0] == "modalities"
    assert parse("near=80205&utm_source=x").where is not None  # the site ignores what it does not know
    assert parse("where=80205&format=csv", where_param="where", strict=True, extra_params=("format",)).where


def test_require_where() -> None:
    with pytest.raises(SearchArgsError) as info:
        parse("where=", where_param="where", require_where=True)
    assert info.value.param == "where" and "ZIP code" in info.value.message
