"""Search on SQLite and PostgreSQL: radius, filters, sorting, pages, states, and the nearest beyond."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlmodel import Session

from directory.db import get_engine, session_scope
from directory.geo import Area, Place, haversine_miles
from directory.search import SearchFilters, SearchPage, SearchQuery, search_clinics
from tests.conftest import fresh_postgres_database
from tests.factories import add_listed_clinic

DENVER = Place("Denver, CO", 39.7392, -104.9903, "CO")
KANSAS = Place("Middle of Kansas", 39.0, -98.0, "KS")


def _build(url: str) -> None:
    with session_scope(url) as s:
        add_listed_clinic(s, name="Alpha IV", lat=39.7392, lon=-104.9903, score=90, grade="A", treats_pain=True,
                          facts={"modalities": ["iv"], "insurance": ["accepts_insurance"], "psychotherapy": "in_house",
                                 "pain_conditions": ["crps"], "credentials": ["board_certified_anesthesiologist"]})
        add_listed_clinic(s, name="Bravo Spravato", lat=40.0150, lon=-105.2705, score=75, grade="B", treats_pain=False,
                          facts={"modalities": ["esketamine_nasal"], "insurance": ["spravato_covered"]})
        add_listed_clinic(s, name="Charlie Closed", lat=39.7294, lon=-104.8319, score=60, grade="C", status="closed",
                          facts={"modalities": ["iv"], "red_flags": ["closed"]})
        add_listed_clinic(s, name="Delta Flags", lat=39.7047, lon=-105.0814, score=45, grade="D", treats_pain=True,
                          facts={"modalities": ["iv"], "red_flags": ["cure_claim"], "pain_conditions": ["fibromyalgia"]})
        add_listed_clinic(s, name="Echo Hidden", lat=39.7392, lon=-104.9903, score=99, grade="A", hidden=True,
                          facts={"modalities": ["iv"]}, treats_pain=True)
        add_listed_clinic(s, name="Foxtrot Ungraded", lat=39.6133, lon=-105.0166)
        add_listed_clinic(s, name="Golf Two States", lat=38.8339, lon=-104.8214, score=80, grade="B",
                          facts={"modalities": ["im"]}, more_locations=[(40.5853, -105.0844, "CO"), (41.14, -104.82, "WY")])
        # inside the 25-mile bounding box around Denver, but 28.9 miles away: only the exact distance leaves it out
        add_listed_clinic(s, name="Hotel Corner", lat=39.7392 + 0.3, lon=-104.9903 + 0.38, score=50, grade="D")
        add_listed_clinic(s, name="India Austin", lat=30.2672, lon=-97.7431, state="TX", score=88, grade="A",
                          facts={"modalities": ["iv"]})
        add_listed_clinic(s, name="Juliet Unreachable", lat=39.75, lon=-105.0, score=70, grade="B", status="unreachable",
                          facts={"modalities": ["iv"]})
        add_listed_clinic(s, name="Kilo Aleutians", lat=51.88, lon=179.9, state="AK", score=55, grade="C")
        add_listed_clinic(s, name="Lima Nowhere", lat=None, lon=None, score=95, grade="A", state="CO")


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def search_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One small directory per backend, shared by the read-only tests of this module."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'clinics.db'}"
        _build(url)
        yield url
        get_engine(url).dispose()
        return
    with fresh_postgres_database() as url:
        _build(url)
        yield url


def search(url: str, **fields: object) -> SearchPage:
    with session_scope(url) as session:
        return search_clinics(SearchQuery(**fields), session=session)  # type: ignore[arg-type]


def names(page: SearchPage) -> list[str]:
    return [hit.clinic.name for hit in page.hits]


NEAR_DENVER = ["Alpha IV", "Juliet Unreachable", "Delta Flags", "Charlie Closed", "Foxtrot Ungraded", "Bravo Spravato"]


def test_radius_search_is_exact_and_nearest_first(search_db: str) -> None:
    page = search(search_db, where=DENVER, radius_mi=25)
    assert names(page) == NEAR_DENVER and page.total == 6 and page.beyond == []
    for hit in page.hits:
        assert hit.location is not None and hit.location.lat is not None and hit.location.lon is not None
        assert hit.distance_mi == pytest.approx(haversine_miles(DENVER.lat, DENVER.lon, hit.location.lat,
                                                                hit.location.lon))
        assert hit.distance_mi <= 25


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (SearchFilters(modalities=frozenset({"iv"})), ["Alpha IV", "Juliet Unreachable", "Delta Flags", "Charlie Closed"]),
        (SearchFilters(modalities=frozenset({"esketamine_nasal", "im"})), ["Bravo Spravato"]),
        (SearchFilters(psychotherapy=frozenset({"in_house"})), ["Alpha IV"]),
        (SearchFilters(insurance=frozenset({"accepts_insurance", "spravato_covered"})), ["Alpha IV", "Bravo Spravato"]),
        (SearchFilters(pain_conditions=frozenset({"fibromyalgia"})), ["Delta Flags"]),
        (SearchFilters(credentials=frozenset({"board_certified_anesthesiologist"})), ["Alpha IV"]),
        (SearchFilters(treats_pain=True), ["Alpha IV", "Delta Flags"]),
        (SearchFilters(treats_pain=False), ["Bravo Spravato"]),
        (SearchFilters(min_grade="B"), ["Alpha IV", "Juliet Unreachable", "Bravo Spravato"]),
        (SearchFilters(min_grade="F"), ["Alpha IV", "Juliet Unreachable", "Delta Flags", "Charlie Closed", "Bravo Spravato"]),
        (SearchFilters(hide_inactive=True), ["Alpha IV", "Delta Flags", "Foxtrot Ungraded", "Bravo Spravato"]),
        (SearchFilters(no_red_flags=True), ["Alpha IV", "Juliet Unreachable", "Foxtrot Ungraded", "Bravo Spravato"]),
        (SearchFilters(modalities=frozenset({"iv"}), treats_pain=True, no_red_flags=True), ["Alpha IV"]),
    ],
)
def test_filters(search_db: str, filters: SearchFilters, expected: list[str]) -> None:
    assert names(search(search_db, where=DENVER, radius_mi=25, filters=filters)) == expected


def test_sort_by_grade_puts_ungraded_last_and_by_name(search_db: str) -> None:
    by_grade = search(search_db, where=DENVER, radius_mi=25, sort="grade")
    assert names(by_grade) == ["Alpha IV", "Bravo Spravato", "Juliet Unreachable", "Charlie Closed", "Delta Flags",
                               "Foxtrot Ungraded"]
    assert names(search(search_db, where=DENVER, radius_mi=25, sort="name")) == sorted(NEAR_DENVER)


def test_pages_split_the_results_and_count_them_all(search_db: str) -> None:
    pages = [search(search_db, where=DENVER, radius_mi=25, per_page=4, page=n) for n in (1, 2, 3)]
    assert [names(p) for p in pages] == [NEAR_DENVER[:4], NEAR_DENVER[4:], []]
    assert {(p.total, p.pages) for p in pages} == {(6, 2)}


def test_hidden_clinics_are_never_shown(search_db: str) -> None:
    everything = search(search_db, per_page=100)
    assert "Echo Hidden" not in names(everything) and everything.total == 11
    assert "Echo Hidden" not in names(search(search_db, where=Area("CO", "Colorado"), per_page=100))
    assert all(h.clinic.name != "Echo Hidden" for h in search(search_db, where=KANSAS, radius_mi=5).beyond)


def test_nothing_within_the_radius_returns_the_nearest_beyond(search_db: str) -> None:
    page = search(search_db, where=KANSAS, radius_mi=25)
    assert page.total == 0 and page.hits == []
    distances = [hit.distance_mi for hit in page.beyond]
    assert len(page.beyond) == 5 and all(d is not None and d > 25 for d in distances)
    assert distances == sorted(distances)  # type: ignore[type-var]
    everything = search(search_db, per_page=100).hits
    by_distance = sorted(
        (min(haversine_miles(KANSAS.lat, KANSAS.lon, loc.lat, loc.lon) for loc in hit.locations), hit.clinic.name)
        for hit in everything if any(loc.lat is not None for loc in hit.locations)
    )
    assert [h.clinic.name for h in page.beyond] == [name for _d, name in by_distance[:5]]


def test_nearest_beyond_respects_the_filters(search_db: str) -> None:
    page = search(search_db, where=KANSAS, radius_mi=25, filters=SearchFilters(treats_pain=True))
    assert [h.clinic.name for h in page.beyond] == ["Delta Flags", "Alpha IV"] or \
        [h.clinic.name for h in page.beyond] == ["Alpha IV", "Delta Flags"]
    none = search(search_db, where=KANSAS, radius_mi=25, filters=SearchFilters(credentials=frozenset({"crna"})))
    assert none.beyond == []


def test_a_clinic_with_many_locations_appears_once_at_its_nearest(search_db: str) -> None:
    fort_collins = Place("Fort Collins, CO", 40.5853, -105.0844, "CO")
    [hit] = search(search_db, where=fort_collins, radius_mi=10).hits
    assert hit.clinic.name == "Golf Two States" and hit.location is not None and hit.location.lat == 40.5853
    assert len(hit.locations) == 3 and hit.distance_mi == pytest.approx(0, abs=0.01)
    assert names(search(search_db, where=DENVER, radius_mi=100)).count("Golf Two States") == 1


def test_a_state_is_a_filter_sorted_by_grade(search_db: str) -> None:
    colorado = search(search_db, where=Area("CO", "Colorado"), per_page=100)
    assert names(colorado)[:3] == ["Lima Nowhere", "Alpha IV", "Golf Two States"]
    assert names(colorado)[-1] == "Foxtrot Ungraded" and "India Austin" not in names(colorado)
    assert all(hit.distance_mi is None for hit in colorado.hits) and colorado.query.effective_sort == "grade"
    [golf] = search(search_db, where=Area("WY", "Wyoming")).hits
    assert golf.location is not None and golf.location.state == "WY"
    assert names(search(search_db, where=Area("TX", "Texas"), sort="name")) == ["India Austin"]
    paged = search(search_db, where=Area("CO", "Colorado"), per_page=3, page=2, sort="name")
    assert paged.total == 9 and names(paged) == ["Delta Flags", "Foxtrot Ungraded", "Golf Two States"]


def test_search_across_the_antimeridian(search_db: str) -> None:
    west_of_the_line = Place("Aleutians", 51.88, -179.95, "AK")
    assert names(search(search_db, where=west_of_the_line, radius_mi=25)) == ["Kilo Aleutians"]


def test_search_runs_a_fixed_number_of_queries(search_db: str) -> None:
    statements: list[str] = []
    engine = get_engine(search_db)

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        with Session(engine) as session:
            page = search_clinics(SearchQuery(where=DENVER, radius_mi=100), session=session)
            assert len(page.hits) == 8
            page_statements = len(statements)
            search_clinics(SearchQuery(where=KANSAS, radius_mi=5), session=session)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert page_statements == 3  # candidates, clinics, locations: no query per hit
    assert len(statements) - page_statements <= 3 + 6  # candidates and widening circles, then the 2 loads


def test_empty_filters_and_replace() -> None:
    assert SearchFilters().is_empty() and not SearchFilters(no_red_flags=True).is_empty()
    assert SearchFilters(modalities=frozenset({"iv"})).fact_codes() == {"modalities": frozenset({"iv"})}
    query = SearchQuery(where=Area("TX", "Texas"))
    assert query.effective_sort == "grade" and dataclasses.replace(query, sort="name").effective_sort == "name"


def test_sqlite_prefilter_uses_the_lat_lon_index(tmp_path: Path) -> None:
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'plan.db'}"
    _build(url)
    with session_scope(url) as session:
        from directory.search import candidates_within

        statements: list[tuple[str, object]] = []
        engine = get_engine(url)

        def keep(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
            statements.append((statement, parameters))

        event.listen(engine, "before_cursor_execute", keep)
        try:
            candidates_within(session, DENVER, 25, SearchFilters(modalities=frozenset({"iv"})))
        finally:
            event.remove(engine, "before_cursor_execute", keep)
        statement, parameters = statements[0]
        plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()  # type: ignore[arg-type]
        assert any("ix_location_lat_lon" in str(row) for row in plan), plan
        assert session.exec(text("SELECT 1")).one()  # type: ignore[call-overload]
