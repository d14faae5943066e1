"""The same storage, scoring and search on PostgreSQL (DATABASE_URL switches the engine)."""

from __future__ import annotations

import pytest
from sqlmodel import select

from directory.db import session_scope
from directory.models import Clinic, Finding
from directory.places import parse_where
from directory.search import SearchQuery, search_clinics
from tests.factories import add_clinic

pytestmark = pytest.mark.postgres


def test_store_score_and_search_on_postgres(pg_url: str) -> None:
    assert pg_url.startswith("postgresql+psycopg://")
    add_clinic(pg_url, name="PG Denver Clinic", port=9201, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions.\nDr. Roe is a board-certified anesthesiologist.")
    add_clinic(pg_url, name="PG Austin Clinic", port=9202, zip_code="78701", city="Austin", state="TX",
               text="We do not accept insurance.")
    with session_scope(pg_url) as session:
        assert session.bind.dialect.name == "postgresql"  # type: ignore[union-attr]
        page = search_clinics(SearchQuery(where=parse_where("39.75,-104.99"), radius_mi=25), session=session)
        assert [h.clinic.name for h in page.hits] == ["PG Denver Clinic"]
        clinic = session.exec(select(Clinic).where(Clinic.name == "PG Austin Clinic")).one()
        assert clinic.facts["insurance"] == ["cash_only"]
        assert session.exec(select(Finding).where(Finding.clinic_id == clinic.id)).first() is not None
