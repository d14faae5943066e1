"""The correction or removal request form on clinic pages."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from directory.db import session_scope
from directory.models import Clinic, CorrectionRequest
from tests.web.helpers import form_token, parse, post_form
from web import create_app

PAGE = "/clinics/denver-test-clinic"
ACTION = "/clinics/denver-test-clinic/correction"
VALID = {
    "correction-name": "Dana Roe",
    "correction-email": "dana@clinic.example",
    "correction-relationship": "owner_staff",
    "correction-kind": "removal",
    "correction-message": "We closed this location in May; please remove the listing.",
}


def stored(db_url: str) -> list[CorrectionRequest]:
    with session_scope(db_url) as session:
        return list(session.exec(select(CorrectionRequest)).all())


def test_clinic_page_has_the_labelled_request_form(anon: FlaskClient) -> None:
    page = parse(anon.get(PAGE))
    form = page.find("form", {"action": ACTION})
    assert form is not None
    for control in form.select("input:not([type=hidden]), textarea"):
        assert page.find("label", {"for": control["id"]}) is not None, control["name"]
    legends = [legend.get_text(strip=True) for legend in form.select("fieldset legend")]
    assert legends == ["Your connection to this clinic", "What would you like?"]
    assert page.find(id="correction-heading").get_text() == "Request a correction or removal"
    assert form.find("input", {"name": "correction-csrf_token"})["value"]


def test_a_valid_request_is_stored_and_thanked(anon: FlaskClient, directory_db: str) -> None:
    response = post_form(anon, PAGE, ACTION, VALID)
    assert response.status_code == 302 and response.headers["Location"] == ACTION + "/sent"
    thanks = anon.get(response.headers["Location"])
    assert "your request was received" in thanks.get_data(as_text=True)
    [request] = stored(directory_db)
    assert (request.name, request.email, request.relationship, request.kind, request.status) == (
        "Dana Roe", "dana@clinic.example", "owner_staff", "removal", "open")


def test_a_removal_request_never_hides_the_clinic_by_itself(anon: FlaskClient, directory_db: str) -> None:
    post_form(anon, PAGE, ACTION, VALID)
    with session_scope(directory_db) as session:
        clinic = session.exec(select(Clinic).where(Clinic.slug == "denver-test-clinic")).one()
        assert clinic.hidden is False
    assert anon.get(PAGE).status_code == 200


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"correction-name": ""}, "correction-name", "Enter your name."),
        ({"correction-email": "not an email"}, "correction-email", "Enter an email address like"),
        ({"correction-relationship": ""}, "correction-relationship", "Choose your connection"),
        ({"correction-relationship": "ceo"}, "correction-relationship", "Not a valid choice"),
        ({"correction-kind": ""}, "correction-kind", "Choose a correction or a removal."),
        ({"correction-message": "short"}, "correction-message", "between 10 and 5,000"),
        ({"correction-name": "Dana\x00"}, "correction-name", "unusual characters"),
    ],
)
def test_invalid_requests_explain_each_error_and_store_nothing(
    anon: FlaskClient, directory_db: str, changes: dict[str, str], field: str, message: str
) -> None:
    response = post_form(anon, PAGE, ACTION, {**VALID, **changes})
    assert response.status_code == 400
    page = parse(response)
    error = page.find(id=f"{field}-error")
    assert error is not None and message in error.get_text()
    assert page.select_one("#error-summary a")["href"] == f"#{field}"
    kept = page.find(id="correction-message").get_text().strip()
    assert kept == {**VALID, **changes}["correction-message"]  # what was typed is not lost
    assert stored(directory_db) == []


def test_errors_are_tied_to_their_fields_for_screen_readers(anon: FlaskClient) -> None:
    page = parse(post_form(anon, PAGE, ACTION, {**VALID, "correction-email": "x"}))
    field = page.find("input", {"name": "correction-email"})
    assert field["aria-invalid"] == "true" and "correction-email-error" in field["aria-describedby"]


def test_requests_need_a_csrf_token(anon: FlaskClient, directory_db: str) -> None:
    response = anon.post(ACTION, data=VALID)
    assert response.status_code == 400 and stored(directory_db) == []


def test_requests_are_rate_limited(directory_db: str) -> None:
    client = create_app({"DATABASE_URL": directory_db, "SECRET_KEY": "test-only",
                         "CORRECTION_RATE_LIMIT": "2 per hour"}).test_client()
    assert post_form(client, PAGE, ACTION, {**VALID, "correction-email": "x"}).status_code == 400  # not counted
    assert [post_form(client, PAGE, ACTION, VALID).status_code for _ in range(2)] == [302, 302]
    assert post_form(client, PAGE, ACTION, VALID).status_code == 429
    assert len(stored(directory_db)) == 2


def test_hidden_or_unknown_clinics_take_no_requests(anon: FlaskClient, directory_db: str) -> None:
    token = dict([form_token(anon, PAGE, ACTION)])
    with session_scope(directory_db) as session:
        clinic = session.exec(select(Clinic).where(Clinic.slug == "denver-test-clinic")).one()
        clinic.hidden = True
        session.add(clinic)
    assert anon.post(ACTION, data={**VALID, **token}).status_code == 404
    assert anon.get("/clinics/nope/correction").status_code == 404
    assert stored(directory_db) == []
