"""Web fixtures: a small crawled-and-scored directory, a larger listed one around Denver, a maintainer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from directory.db import get_engine, session_scope
from directory.users import create_user
from tests.factories import add_clinic, add_listed_clinic
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


@pytest.fixture
def app(db_url: str) -> Iterator[Flask]:
    add_clinic(db_url, name="Denver Test Clinic", port=9001, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions for CRPS.\nDr. Roe is a board-certified anesthesiologist.")
    add_clinic(db_url, name="Boulder Test Clinic", port=9002, zip_code="80302", city="Boulder", state="CO",
               text="We offer Spravato. We do not accept insurance.")
    add_clinic(db_url, name="Austin Test Clinic", port=9003, zip_code="78701", city="Austin", state="TX",
               text="We offer IV ketamine.")
    yield create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test-only", "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


# Denver Clinic n's credentials: 01, 07, 13 and 19 name a board-certified anesthesiologist (which also
# records the specialty, as scoring does); 02 a nurse anesthetist, 04 an emergency physician, 10 a psychiatrist.
CREDENTIALS_OF = {**{n: ["board_certified_anesthesiologist", "anesthesiologist"] for n in (1, 7, 13, 19)},
                  2: ["crna"], 4: ["emergency_physician"], 10: ["psychiatrist"]}


@pytest.fixture(scope="module")
def listed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """25 graded clinics in and around Denver, one in Austin, and a few special cases."""
    url = f"sqlite:///{tmp_path_factory.mktemp('listed') / 'clinics.db'}"
    with session_scope(url) as s:
        for n in range(25):
            add_listed_clinic(
                s, name=f"Denver Clinic {n:02d}", lat=39.7392 + n * 0.01, lon=-104.9903, score=40 + n * 2,
                grade="A" if n >= 23 else "B" if n >= 15 else "C" if n >= 8 else "D", treats_pain=n % 2 == 0,
                facts={"modalities": ["iv"] if n % 3 else ["esketamine_nasal"],
                       "psychotherapy": "in_house" if n == 7 else "mentioned",
                       "insurance": ["hsa_fsa"] if n % 5 == 0 else [],
                       "pain_conditions": ["crps"] if n % 4 == 0 else [],
                       "credentials": CREDENTIALS_OF.get(n, []),
                       "red_flags": ["guarantee"] if n == 3 else []},
                status="closed" if n == 5 else "active",
            )
        add_listed_clinic(s, name="Austin Clinic", lat=30.2672, lon=-97.7431, state="TX", score=88, grade="A",
                          treats_pain=True, facts={"modalities": ["iv"], "pain_conditions": ["crps"]})
        add_listed_clinic(s, name="Hidden Clinic", lat=39.7392, lon=-104.9903, score=99, grade="A", hidden=True)
        add_listed_clinic(s, name="=HYPERLINK(\"x\") Clinic", lat=35.0844, lon=-106.6504, state="NM", score=50,
                          grade="D")
    yield create_app({"DATABASE_URL": url, "SECRET_KEY": "test-only", "TESTING": True})
    get_engine(url).dispose()


@pytest.fixture
def listed(listed_app: Flask) -> FlaskClient:
    return listed_app.test_client()
