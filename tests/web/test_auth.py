"""Signing in and out, the review area's access rule, CSRF, cookies and the sign-in rate limit."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.helpers import PASSWORD, form_token, parse, post_form, sign_in
from web import create_app


def test_login_form_is_labelled_and_carries_a_csrf_token(anon: FlaskClient) -> None:
    page = parse(anon.get("/login"))
    for name in ("name", "password"):
        field = page.find("input", {"name": name})
        assert field is not None and page.find("label", {"for": field["id"]}) is not None
    assert page.find("input", {"name": "password"})["type"] == "password"
    assert page.find("input", {"name": "csrf_token"})["value"]


def test_signing_in_opens_the_review_queue(anon: FlaskClient) -> None:
    response = sign_in(anon, "ana", PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == "/review/"
    page = anon.get("/review/")
    assert page.status_code == 200 and "Signed in as" in page.get_data(as_text=True)


@pytest.mark.parametrize(("name", "password"), [("ana", "wrong password here"), ("nobody", PASSWORD)])
def test_wrong_credentials_are_refused_with_one_message(anon: FlaskClient, name: str, password: str) -> None:
    response = sign_in(anon, name, password)
    assert response.status_code == 401
    assert parse(response).select_one("[role=alert]").get_text(strip=True) == "That user name and password do not match."
    assert anon.get("/review/").status_code == 302


def test_review_pages_need_a_maintainer(anon: FlaskClient, review_app: Flask) -> None:
    rules = [rule for rule in review_app.url_map.iter_rules() if rule.endpoint.startswith(("review.", "candidates."))]
    assert len(rules) >= 14
    for rule in rules:
        url = re.sub(r"<\w+>", "insurance", re.sub(r"<int:\w+>", "1", rule.rule))
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            response = anon.open(url, method=method, data=dict([form_token(anon, "/login", "/login")]))
            assert response.status_code == 302, (method, url)
            assert response.headers["Location"].startswith("/login?next="), (method, url)


def test_sign_in_returns_to_the_page_asked_for(anon: FlaskClient) -> None:
    target = anon.get("/review/dashboard").headers["Location"]
    assert target == "/login?next=/review/dashboard"
    response = post_form(anon, target, "/login", {"name": "ana", "password": PASSWORD, "next": "/review/dashboard"})
    assert response.headers["Location"] == "/review/dashboard"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_sign_in_never_sends_anyone_off_site(anon: FlaskClient, next_url: str) -> None:
    response = post_form(anon, "/login", "/login", {"name": "ana", "password": PASSWORD, "next": next_url})
    assert response.headers["Location"] == "/review/"


def test_posts_without_a_csrf_token_are_refused(anon: FlaskClient) -> None:
    response = anon.post("/login", data={"name": "ana", "password": PASSWORD})
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)
    assert anon.get("/review/").status_code == 302


def test_sign_out_is_a_protected_post(maintainer: FlaskClient) -> None:
    assert maintainer.get("/logout").status_code == 405
    assert maintainer.post("/logout").status_code == 400  # no CSRF token: still signed in
    assert maintainer.get("/review/").status_code == 200
    response = post_form(maintainer, "/review/", "/logout", {})
    assert response.status_code == 302
    assert maintainer.get("/review/").status_code == 302


def test_session_cookie_is_http_only_and_same_site(anon: FlaskClient) -> None:
    response = sign_in(anon, "ana", PASSWORD)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_are_a_setting(directory_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINICS_SECURE_COOKIES", "true")
    client = create_app({"DATABASE_URL": directory_db, "SECRET_KEY": "test-only"}).test_client()
    assert "Secure" in sign_in(client, "ana", PASSWORD).headers["Set-Cookie"]


def test_failed_sign_ins_are_rate_limited(directory_db: str) -> None:
    app = create_app({"DATABASE_URL": directory_db, "SECRET_KEY": "test-only", "LOGIN_RATE_LIMIT": "3 per minute"})
    client = app.test_client()
    assert sign_in(client, "ana", PASSWORD).status_code == 302  # successes do not count
    for _ in range(3):
        assert sign_in(client, "ana", "wrong password here").status_code == 401
    blocked = sign_in(client, "ana", PASSWORD)
    assert blocked.status_code == 429 and "Retry-After" in blocked.headers
    assert "Too many attempts" in blocked.get_data(as_text=True)
