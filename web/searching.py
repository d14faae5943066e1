"""The search both the HTML page and the API run: read the arguments, query, return one page."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from directory.search import SearchPage, search_clinics
from directory.searchargs import Args, ParsedSearch, SearchArgsError, parse_search_args
from web.db import get_session

__all__ = ["EXPORT_LIMIT", "SearchArgsError", "SearchResult", "run_search"]

#: Most clinics one CSV or GeoJSON download of a search holds (the CLI export has no limit).
EXPORT_LIMIT = 10_000


@dataclass
class SearchResult:
    """The search as typed and as understood, and the page of results."""

    parsed: ParsedSearch
    page: SearchPage


def run_search(
    args: Args, *, where_param: str, require_where: bool = False, strict: bool = False,
    extra_params: Sequence[str] = (), export: bool = False,
) -> SearchResult:
    """Parse and run a search (raises `SearchArgsError`); `export` returns every match, not one page."""
    parsed = parse_search_args(args, where_param=where_param, require_where=require_where, strict=strict,
                               extra_params=extra_params)
    query = dataclasses.replace(parsed.query, page=1, per_page=EXPORT_LIMIT) if export else parsed.query
    return SearchResult(parsed, search_clinics(query, session=get_session()))
