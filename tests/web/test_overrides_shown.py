"""The clinic page and the API show a maintainer's override with its reason, and tell
'not stated' from a negative finding."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlmodel import select

from directory.db import session_scope
from directory.models import Clinic
from directory.overrides import create_override
from tests.factories import add_clinic
from web import create_app


def _app_with_override(db_url: str):  # type: ignore[no-untyped-def]
    add_clinic(db_url, name="Shown Clinic", port=9301, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions.\nWe do not treat chronic pain.")
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        create_override(session=session, clinic_id=clinic.id or 0, criterion="credentials", score=70,
                        reason="Credentials confirmed by phone with the clinic.", author="reviewer")
        clinic_id = clinic.id
    return create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test-only", "TESTING": True}), clinic_id


def test_clinic_page_shows_the_override_with_its_reason(db_url: str) -> None:
    app, _ = _app_with_override(db_url)
    page = BeautifulSoup(app.test_client().get("/clinics/shown-clinic").data, "html.parser")
    section = page.select_one("#crit-credentials").find_parent("section")
    text = section.get_text(" ", strip=True)
    assert "70 / 100" in text and "Credentials confirmed by phone with the clinic." in text and "reviewer" in text
    pain = page.select_one("#crit-pain_focus").find_parent("section").get_text(" ", strip=True)
    assert "says no" in pain and "not stated" not in pain.lower()
    experience = page.select_one("#crit-experience").find_parent("section").get_text(" ", strip=True)
    assert "Not stated on the pages we read (confidence" in experience


def test_api_lists_each_criterion_with_its_confidence_and_override(db_url: str) -> None:
    app, clinic_id = _app_with_override(db_url)
    data = app.test_client().get(f"/api/v1/clinics/{clinic_id}").get_json()
    credentials = data["scores"]["credentials"]
    assert credentials["score"] == 70
    assert credentials["override"]["status"] == "active" and credentials["override"]["computed_score"] == 0
    assert credentials["override"]["reason"].startswith("Credentials confirmed")
    assert "override" not in data["scores"]["experience"]
    assert data["scores"]["experience"]["stated"] is False and 0 < data["scores"]["experience"]["confidence"] < 1
