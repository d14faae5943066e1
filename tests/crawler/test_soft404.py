"""Soft-404 fingerprints: a made-up URL's answer, unless a redirect landed on a real page."""

from __future__ import annotations

import pytest

from crawler.soft404 import NotFound, comparable_text, probe_url, read_probe

HOME = "Mountain Peak Ketamine. Pricing. Our team. Welcome. Relief starts here. 2100 Broadway, Boulder, CO 80302."
PRICING = "Mountain Peak Ketamine. Pricing. Our team. Pricing. Each infusion is $450. 2100 Broadway, Boulder, CO 80302."
NOT_FOUND = "Sorry, we could not find that page. Try our homepage."


def test_the_probe_is_a_made_up_url_on_the_same_site() -> None:
    url = probe_url("http://127.0.0.1:8101/about/team")
    assert url.startswith("http://127.0.0.1:8101/") and url.endswith("-no-such-page") and url != probe_url(url)


def test_a_200_answer_without_redirect_is_the_fingerprint() -> None:
    found = read_probe("http://h/x1-no-such-page", NOT_FOUND, redirected=False, real_urls={"http://h/"},
                       real_pages=[("http://h/", HOME)])
    assert found.text == NOT_FOUND and found.landing is None
    assert found.matches("Sorry, we could not find /gone. Try our homepage.", "http://h/gone", redirected=False)
    assert not found.matches(PRICING, "http://h/pricing", redirected=False)
    assert found.note() == "soft 404: the site answers 200 for pages that do not exist"


@pytest.mark.parametrize(("landing", "real_urls"), [
    ("http://h/", {"http://h/"}),  # the homepage, by URL
    ("http://h/index.php", set()),  # a copy of the homepage under another URL
])
def test_a_redirect_onto_a_real_page_is_no_fingerprint(landing: str, real_urls: set[str]) -> None:
    found = read_probe(landing, HOME, redirected=True, real_urls=real_urls, real_pages=[("http://h/", HOME)])
    assert found.text is None and found.landing == landing
    # a page sharing the homepage's navigation and footer is not taken for a "not found" page...
    assert not found.matches(PRICING, "http://h/pricing", redirected=False)
    # ...but a link redirected where made-up URLs go is
    assert found.matches(HOME, landing, redirected=True)
    assert not found.matches(HOME, landing, redirected=False)  # the page itself, linked directly
    assert found.note() == f"soft 404: the site redirects pages that do not exist to {landing[8:]}"


def test_a_redirect_onto_a_not_found_page_keeps_its_fingerprint() -> None:
    found = read_probe("http://h/not-found", NOT_FOUND, redirected=True, real_urls={"http://h/"},
                       real_pages=[("http://h/", HOME)])
    assert found.text == NOT_FOUND and found.landing == "http://h/not-found"
    assert found.matches(NOT_FOUND, "http://h/not-found", redirected=True)


def test_a_site_with_real_404s_has_no_fingerprint() -> None:
    assert NotFound().note() is None and not NotFound().matches(HOME, "http://h/", redirected=True)


def test_comparable_text_drops_the_pages_own_url_and_path() -> None:
    assert comparable_text("No page at http://h/gone (/gone).", "http://h/gone") == "No page at  ()."
