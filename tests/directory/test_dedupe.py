"""Duplicate clinics (one practice under several seeds or domains) are merged and recorded."""

from __future__ import annotations

import pytest
from sqlmodel import select

from directory.db import session_scope
from directory.dedupe import name_similarity
from directory.models import Clinic, ClinicMerge
from tests.directory.test_ingest import crawl, snapshot


def test_same_practice_on_two_domains_is_merged_with_a_record(db_url: str) -> None:
    crawl(db_url, snapshot(domain="mindspa.example", homepage="http://mindspa.example/", name="Mind Spa Denver"))
    crawl(db_url, snapshot(domain="mindspadenver.example", homepage="http://mindspadenver.example/",
                           name="Mind Spa Denver Ketamine Clinic"))
    with session_scope(db_url) as session:
        first, second = session.exec(select(Clinic).order_by(Clinic.id)).all()
        assert (first.hidden, first.merged_into_id) == (False, None)
        assert (second.hidden, second.merged_into_id) == (True, first.id)
        merge = session.exec(select(ClinicMerge)).one()
        assert (merge.kept_id, merge.merged_id) == (first.id, second.id)
        assert "+13035550142" in merge.reason and "1420 Larimer St" in merge.reason


@pytest.mark.parametrize(("other_name", "phone", "street"), [
    ("Boulder Ketamine Clinic", "+13035550142", "99 Pearl St"),      # shared phone, different name
    ("Rocky Mountain Spravato", "+13035550999", "1420 Larimer St"),  # shared building, different practice
])
def test_different_practices_are_not_merged(db_url: str, other_name: str, phone: str, street: str) -> None:
    from directory.ingest import LocationIn

    crawl(db_url, snapshot(name="Denver Ketamine Clinic"))
    crawl(db_url, snapshot(domain="other.example", homepage="http://other.example/", name=other_name,
                           locations=[LocationIn(street, "Denver", "CO", "80205", phone)]))
    with session_scope(db_url) as session:
        assert not session.exec(select(ClinicMerge)).all()
        assert not any(c.hidden for c in session.exec(select(Clinic)).all())


def test_name_similarity_ignores_words_every_clinic_has() -> None:
    assert name_similarity("Mind Spa Denver", "Mind Spa Denver Ketamine Clinic") == 100
    assert name_similarity("Denver Ketamine Clinic", "Austin Ketamine Clinic") < 70


def test_a_clinic_that_moved_gives_way_to_its_new_domain(db_url: str) -> None:
    crawl(db_url, snapshot(name="Mind Spa Denver"))
    crawl(db_url, snapshot(status="moved", moved_to="mindspa.example", reason="moved", pages=[], locations=[]))
    crawl(db_url, snapshot(domain="mindspa.example", homepage="http://mindspa.example/", name="Mind Spa Denver"))
    with session_scope(db_url) as session:
        old, new = session.exec(select(Clinic).order_by(Clinic.id)).all()
        assert (old.hidden, old.merged_into_id, new.hidden) == (True, new.id, False)
        assert session.exec(select(ClinicMerge)).one().reason.startswith("moved to mindspa.example")
