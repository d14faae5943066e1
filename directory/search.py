"""Clinic search: around a point or within a state, with fact filters, sorting and pages.

Queries start from an indexed prefilter (the lat/lon bounding box, or the state column) and
compute exact great-circle distances only for the rows inside it. The clinic rows themselves
are loaded for one page at a time, in two queries whatever the page size.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, and_, exists, func, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from directory.geo import EARTH_RADIUS_MI, Area, Place, bounding_boxes, haversine_miles
from directory.models import Clinic, ClinicFact, Location
from directory.vocabulary import FILTER_FACTS, GRADES

SORTS = ("distance", "grade", "name")
DEFAULT_RADIUS_MI = 25.0
DEFAULT_PER_PAGE = 20
BEYOND_COUNT = 5
_CHUNK = 500
_HALF_EARTH_MI = math.pi * EARTH_RADIUS_MI  # no two points on Earth are farther apart
T = TypeVar("T")


@dataclass(frozen=True)
class SearchFilters:
    """What a clinic must offer. Codes within one fact are alternatives (any of); filters combine (all of)."""

    modalities: frozenset[str] = frozenset()
    psychotherapy: frozenset[str] = frozenset()
    insurance: frozenset[str] = frozenset()
    pain_conditions: frozenset[str] = frozenset()
    credentials: frozenset[str] = frozenset()
    treats_pain: bool | None = None
    min_grade: str | None = None
    hide_inactive: bool = False  # hide clinics whose status is closed or unreachable
    no_red_flags: bool = False

    def fact_codes(self) -> dict[str, frozenset[str]]:
        """The fact filters in use: fact -> accepted codes."""
        return {fact: codes for fact in FILTER_FACTS if (codes := getattr(self, fact))}

    def is_empty(self) -> bool:
        """True when no filter is set."""
        return self == SearchFilters()


@dataclass(frozen=True)
class SearchQuery:
    """A whole search: where (a point, a state, or everywhere), filters, order and page."""

    where: Place | Area | None = None
    radius_mi: float = DEFAULT_RADIUS_MI
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "distance"  # distance | grade | name; distance needs a point
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @property
    def effective_sort(self) -> str:
        """The order actually used: by grade when there is no point to measure from."""
        return "grade" if self.sort == "distance" and not isinstance(self.where, Place) else self.sort


@dataclass
class SearchHit:
    """A clinic in the results, with its nearest (or in-state) location and the distance to it."""

    clinic: Clinic
    locations: list[Location]
    location: Location | None
    distance_mi: float | None = None


@dataclass
class SearchPage:
    """One page of results, the total across pages, and the nearest clinics beyond an empty radius."""

    query: SearchQuery
    hits: list[SearchHit]
    total: int
    beyond: list[SearchHit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, math.ceil(self.total / self.query.per_page))


class Candidate(NamedTuple):
    """A matching clinic's nearest location and the few fields results are sorted on."""

    distance: float
    score: int | None
    name: str
    clinic_id: int
    lat: float  # of the nearest location, which identifies it among the clinic's locations
    lon: float


def search_clinics(query: SearchQuery, *, session: Session) -> SearchPage:
    """Run a search; when a radius holds nothing, also return the nearest clinics beyond it."""
    if isinstance(query.where, Place):
        return _search_point(query, query.where, session)
    return _search_area(query, query.where, session)


def filter_clauses(filters: SearchFilters) -> list[ColumnElement[bool]]:
    """SQL conditions on Clinic for the filters; hidden clinics are always left out."""
    clauses: list[ColumnElement[bool]] = [col(Clinic.hidden).is_(False)]
    for fact, codes in filters.fact_codes().items():
        clauses.append(exists().where(
            col(ClinicFact.clinic_id) == col(Clinic.id), col(ClinicFact.fact) == fact,
            col(ClinicFact.code).in_(sorted(codes)),
        ))
    if filters.treats_pain is not None:
        clauses.append(col(Clinic.treats_pain) == filters.treats_pain)
    if filters.min_grade:
        clauses.append(col(Clinic.grade).in_(GRADES[: GRADES.index(filters.min_grade) + 1]))
    if filters.hide_inactive:
        clauses.append(col(Clinic.status) == "active")
    if filters.no_red_flags:
        clauses.append(~exists().where(
            col(ClinicFact.clinic_id) == col(Clinic.id), col(ClinicFact.fact) == "red_flags"))
    return clauses


def candidates_within(
    session: Session, place: Place, radius_mi: float, filters: SearchFilters
) -> dict[int, Candidate]:
    """Each matching clinic's nearest location within the radius, by clinic id."""
    # Only columns of the (lat, lon, clinic_id) index, so the box is read from the index alone.
    box = select(Location.clinic_id, Location.lat, Location.lon)
    if radius_mi < _HALF_EARTH_MI:
        box = box.where(or_(*(
            and_(col(Location.lat).between(min_lat, max_lat), col(Location.lon).between(min_lon, max_lon))
            for min_lat, max_lat, min_lon, max_lon in bounding_boxes(place.lat, place.lon, radius_mi)
        )))
    else:
        box = box.where(col(Location.lat).is_not(None), col(Location.lon).is_not(None))
    # MATERIALIZED makes the bounding box on the lat/lon index run first: without table statistics,
    # SQLite would otherwise start from an equality on an indexed clinic column (hidden, status)
    # and visit every clinic.
    rows = box.cte("box").prefix_with("MATERIALIZED")
    query = (
        select(rows.c.clinic_id, rows.c.lat, rows.c.lon, Clinic.overall_score, Clinic.name)
        .join(Clinic, col(Clinic.id) == rows.c.clinic_id)
        .where(*filter_clauses(filters))
    )
    nearest: dict[int, Candidate] = {}
    for clinic_id, lat, lon, score, name in session.exec(query):
        distance = haversine_miles(place.lat, place.lon, lat, lon)
        if distance <= radius_mi and (clinic_id not in nearest or distance < nearest[clinic_id].distance):
            nearest[clinic_id] = Candidate(distance, score, name, clinic_id, lat, lon)
    return nearest


def sort_key(sort: str) -> Callable[[Candidate], tuple[Any, ...]]:
    """The order of candidates for a sort: distance, grade or name, ties broken by the others."""
    if sort == "grade":  # best first, ungraded last, then nearest
        return lambda c: (-(c.score if c.score is not None else -1), c.distance, c.name.lower(), c.clinic_id)
    if sort == "name":
        return lambda c: (c.name.lower(), c.distance, c.clinic_id)
    return lambda c: (c.distance, c.name.lower(), c.clinic_id)


def _search_point(query: SearchQuery, place: Place, session: Session) -> SearchPage:
    found = sorted(candidates_within(session, place, query.radius_mi, query.filters).values(),
                   key=sort_key(query.effective_sort))
    start = (query.page - 1) * query.per_page
    page = found[start:start + query.per_page]
    result = SearchPage(query, load_hits(session, page), total=len(found))
    if not found:
        beyond = nearest_beyond(session=session, place=place, radius_mi=query.radius_mi, filters=query.filters)
        result.beyond = load_hits(session, beyond)
    return result


def nearest_beyond(
    *, session: Session, place: Place, radius_mi: float, filters: SearchFilters, count: int = BEYOND_COUNT
) -> list[Candidate]:
    """The `count` nearest matching clinics, searching ever wider circles from `radius_mi` out.

    The nearest k clinics within a circle that holds at least k are the nearest k overall, so
    each widening stops as soon as enough are found.
    """
    radius = radius_mi
    found: dict[int, Candidate] = {}
    while len(found) < count and radius < _HALF_EARTH_MI:
        radius = min(radius * 4, _HALF_EARTH_MI)
        found = candidates_within(session, place, radius, filters)
    return sorted(found.values(), key=sort_key("distance"))[:count]


def _area_matches(query: SearchQuery, area: Area | None) -> SelectOfScalar[int | None]:
    """The ids of the clinics in the state (or anywhere) that pass the filters, in the query's order."""
    matching = select(Clinic.id).where(*filter_clauses(query.filters))
    if area is not None:
        matching = matching.where(exists().where(
            col(Location.clinic_id) == col(Clinic.id), col(Location.state) == area.state))
    if query.effective_sort == "name":
        return matching.order_by(func.lower(Clinic.name), col(Clinic.id))
    return matching.order_by(col(Clinic.overall_score).is_(None), col(Clinic.overall_score).desc(),
                             func.lower(Clinic.name), col(Clinic.id))


def _search_area(query: SearchQuery, area: Area | None, session: Session) -> SearchPage:
    matching = _area_matches(query, area)
    total = session.exec(select(func.count()).select_from(matching.order_by(None).subquery())).one()
    ids = session.exec(matching.offset((query.page - 1) * query.per_page).limit(query.per_page))
    return SearchPage(query, _area_hits(session, [i for i in ids if i is not None], area), total=total)


def _area_hits(session: Session, ids: list[int], area: Area | None) -> list[SearchHit]:
    """The result rows for clinic ids, in their order, each with its first location in the state."""
    clinics, locations = _load(session, ids)
    hits = []
    for clinic_id in clinics:
        here = locations.get(clinic_id, [])
        in_state = [loc for loc in here if area is None or loc.state == area.state]
        hits.append(SearchHit(clinics[clinic_id], here, (in_state or here or [None])[0]))
    return hits


@dataclass
class AllMatches:
    """Every match of a search: the count, known at once, and the hits, loaded batch by batch as they are read."""

    total: int
    hits: Iterator[SearchHit]


def search_all(query: SearchQuery, *, session: Session, batch_size: int = _CHUNK) -> AllMatches:
    """Every clinic a search matches, in its order, whatever its page (for exports of any size).

    Only the ids and sort keys of the matches are held at once; clinic rows are loaded `batch_size`
    at a time while `hits` is read, so the session must stay open until then.
    """
    if isinstance(query.where, Place):
        found = sorted(candidates_within(session, query.where, query.radius_mi, query.filters).values(),
                       key=sort_key(query.effective_sort))
        return AllMatches(len(found), _batched(found, batch_size, lambda chunk: load_hits(session, chunk)))
    area = query.where
    ids = [i for i in session.exec(_area_matches(query, area)) if i is not None]
    return AllMatches(len(ids), _batched(ids, batch_size, lambda chunk: _area_hits(session, chunk, area)))


def _batched(items: list[T], size: int, load: Callable[[list[T]], list[SearchHit]]) -> Iterator[SearchHit]:
    for start in range(0, len(items), size):
        yield from load(items[start:start + size])


def load_hits(session: Session, candidates: list[Candidate]) -> list[SearchHit]:
    """The result rows for candidates, in their order, loaded in two queries."""
    clinics, locations = _load(session, [c.clinic_id for c in candidates])
    hits = []
    for c in candidates:
        here = locations.get(c.clinic_id, [])
        nearest = next((loc for loc in here if (loc.lat, loc.lon) == (c.lat, c.lon)), None)
        hits.append(SearchHit(clinics[c.clinic_id], here, nearest, c.distance))
    return hits


def _load(session: Session, ids: list[int]) -> tuple[dict[int, Clinic], dict[int, list[Location]]]:
    """Clinics (in the order of `ids`) and their locations, in two queries."""
    by_id: dict[int | None, Clinic] = {}
    locations: dict[int, list[Location]] = {}
    # In chunks: exports load every match, and databases cap the parameters of one statement.
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        by_id.update((c.id, c) for c in session.exec(select(Clinic).where(col(Clinic.id).in_(chunk))))
        for location in session.exec(
            select(Location).where(col(Location.clinic_id).in_(chunk))
            .order_by(col(Location.clinic_id), col(Location.position))
        ):
            locations.setdefault(location.clinic_id, []).append(location)
    return {i: by_id[i] for i in ids if i in by_id}, locations
