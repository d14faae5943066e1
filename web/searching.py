"""The search both the HTML page and the API run: read the arguments, query, return one page or every match."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app

from directory.search import AllMatches, SearchPage, search_all, search_clinics
from directory.searchargs import Args, ParsedSearch, SearchArgsError, parse_search_args
from web.db import get_session

__all__ = ["SearchArgsError", "SearchExport", "SearchResult", "run_export", "run_search"]


@dataclass
class SearchResult:
    """The search as typed and as understood, and the page of results."""

    parsed: ParsedSearch
    page: SearchPage


@dataclass
class SearchExport:
    """The search as understood, and every clinic it matches, read while the download streams."""

    parsed: ParsedSearch
    matches: AllMatches


def run_search(
    args: Args, *, where_param: str, require_where: bool = False, strict: bool = False,
    extra_params: Sequence[str] = (),
) -> SearchResult:
    """Parse and run a search for one page of results (raises `SearchArgsError`)."""
    parsed = parse_search_args(args, where_param=where_param, require_where=require_where, strict=strict,
                               extra_params=extra_params)
    return SearchResult(parsed, search_clinics(parsed.query, session=get_session()))


def run_export(args: Args, *, where_param: str, strict: bool = False, extra_params: Sequence[str] = ()) -> SearchExport:
    """Parse a search and find every match, however many (raises `SearchArgsError`); page arguments are ignored."""
    parsed = parse_search_args(args, where_param=where_param, strict=strict, extra_params=extra_params)
    # clinics loaded at a time while a download streams: search_all's own batch size, unless configured
    batch_size = current_app.config.get("EXPORT_BATCH_SIZE")
    options = {"batch_size": int(batch_size)} if batch_size else {}
    return SearchExport(parsed, search_all(parsed.query, session=get_session(), **options))
