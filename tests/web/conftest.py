"""Fixtures for the maintainers' side of the site: a small directory, a maintainer, signed-in clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.db import session_scope
from directory.users import create_user
from tests.factories import add_clinic
from tests.web.helpers import PASSWORD, sign_in
from web import create_app


@pytest.fixture
def directory_db(db_url: str) -> str:
    """Three clinics: Denver (graded, with evidence), Boulder (red flags), Austin; and maintainer 'ana'."""
    add_clinic(db_url, name="Denver Test Clinic", port=9001, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions for CRPS.\nDr. Roe is a board-certified anesthesiologist.")
    add_clinic(db_url, name="Boulder Test Clinic", port=9002, zip_code="80302", city="Boulder", state="CO",
               text="We offer Spravato. Guaranteed relief or your money back. Ketamine is not addictive.")
    add_clinic(db_url, name="Austin Test Clinic", port=9003, zip_code="78701", city="Austin", state="TX",
               text="We offer IV ketamine.")
    with session_scope(db_url) as session:
        create_user(session=session, name="ana", password=PASSWORD)
    return db_url


@pytest.fixture
def review_app(directory_db: str) -> Iterator[Flask]:
    """The site on that directory, with CSRF and rate limits on, as in production."""
    yield create_app({"DATABASE_URL": directory_db, "SECRET_KEY": "test-only", "TESTING": True})


@pytest.fixture
def anon(review_app: Flask) -> FlaskClient:
    """A visitor who is not signed in."""
    return review_app.test_client()


@pytest.fixture
def maintainer(review_app: Flask) -> FlaskClient:
    """A client signed in as the maintainer 'ana'."""
    client = review_app.test_client()
    response = sign_in(client, "ana", PASSWORD)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return client
