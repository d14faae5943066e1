"""Helpers for posting forms the way a browser does: fetch the page, take its CSRF token, send."""

from __future__ import annotations

from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

PASSWORD = "a long test password"


def parse(response: TestResponse) -> BeautifulSoup:
    """The response body as HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def form_token(client: FlaskClient, page_url: str, action: str) -> tuple[str, str]:
    """Name and value of the CSRF token in the form on `page_url` that posts to `action`."""
    form = parse(client.get(page_url)).find("form", {"action": action})
    assert form is not None, f"no form posting to {action} on {page_url}"
    token = form.find("input", {"name": lambda name: bool(name) and name.endswith("csrf_token")})
    assert token is not None, f"the form posting to {action} has no CSRF token"
    return str(token["name"]), str(token["value"])


def post_form(client: FlaskClient, page_url: str, action: str, data: dict[str, str]) -> TestResponse:
    """Submit the form on `page_url` that posts to `action`, with its CSRF token."""
    name, value = form_token(client, page_url, action)
    return client.post(action, data={name: value, **data})


def sign_in(client: FlaskClient, name: str, password: str) -> TestResponse:
    """Submit the sign-in form."""
    return post_form(client, "/login", "/login", {"name": name, "password": password})
