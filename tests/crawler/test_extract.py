"""Page extraction: visible text, structured data, phones, addresses, placeholders, names."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from crawler.extract.contact import find_addresses, find_phones, normalise_phone
from crawler.extract.identity import _ORG_WORDS, _org_word_tails, consolidate, street_key
from crawler.extract.page import _joiner, extract_page
from crawler.extract.text import parse_html, visible_text
from scoring.placeholders import is_placeholder_phone


def test_visible_text_skips_scripts_hidden_and_keeps_blocks_on_lines() -> None:
    html = """<html><head><title>T</title><style>p{}</style></head><body>
      <script>var x = "secret";</script>
      <p>First
         paragraph <b>bold</b>.</p><div hidden>hidden text</div>
      <ul><li>One</li><li>Two</li></ul></body></html>"""
    assert visible_text(parse_html(html)) == "First paragraph bold.\nOne\nTwo"


def test_visible_text_of_empty_or_broken_html_is_empty() -> None:
    assert visible_text(parse_html("")) == ""
    assert visible_text(parse_html("<<<>>>")) in {"", "<<<>>>"}


@pytest.mark.parametrize(
    ("raw", "e164"),
    [("(303) 555-0142", "+13035550142"), ("832.436.4055", "+18324364055"), ("2082157936", "+12082157936"),
     ("12", None)],
)
def test_normalise_phone(raw: str, e164: str | None) -> None:
    assert normalise_phone(raw) == e164


def test_fax_numbers_are_told_apart() -> None:
    assert find_phones("P. 832.436.4055, F. 888.402.2846") == [("+18324364055", False), ("+18884022846", True)]


@pytest.mark.parametrize("e164", ["+15555555555", "+11234567890", "+10000000000"])
def test_template_phones_are_placeholders(e164: str) -> None:
    assert is_placeholder_phone(e164)


def test_real_looking_phone_is_not_a_placeholder() -> None:
    assert not is_placeholder_phone("+13035550142")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6565 West Loop South, Suite 530\nBellaire, TX 77401", ("6565 West Loop South, Suite 530", "Bellaire", "TX", "77401")),
        ("250 Northwest Blvd, Suite 200\nCoeur d’Alene, ID 83814", ("250 Northwest Blvd, Suite 200", "Coeur d'Alene", "ID", "83814")),
        ("Visit 1420 Larimer St, Suite 300, Denver, CO 80205 today", ("1420 Larimer St, Suite 300", "Denver", "CO", "80205")),
        ("901 N. Gadsden Street, Tallahassee, FL", ("901 N. Gadsden Street", "Tallahassee", "FL", None)),
        ("815 W. Bannock Street\nBoise, Idaho 83702", ("815 W. Bannock Street", "Boise", "ID", "83702")),
    ],
)
def test_find_addresses(text: str, expected: tuple[str, str, str, str | None]) -> None:
    found = [a for a in find_addresses(text) if a.state]
    assert [(a.street, a.city, a.state, a.zip) for a in found] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Visit us at 1 Avenue of the Americas, New York, NY 10020",
         ("1 Avenue of the Americas", "New York", "NY", "10020")),
        ("1 Avenue of the Americas\nNew York, NY 10020", ("1 Avenue of the Americas", "New York", "NY", "10020")),
        ("Our office: 210 Oak Bend Cove, Suite 4\nAustin, TX 78701",
         ("210 Oak Bend Cove, Suite 4", "Austin", "TX", "78701")),
    ],
)
def test_streets_the_suffix_pattern_misses_are_read_by_usaddress(
    text: str, expected: tuple[str, str, str, str | None]
) -> None:
    assert [(a.street, a.city, a.state, a.zip) for a in find_addresses(text)] == [expected]


@pytest.mark.parametrize(
    "text",
    ["Call 555 today, Denver, CO", "© 2025 Best Clinic Award, Austin, TX", "Rated #1 by 300 patients, Boise, ID"],
)
def test_numbers_before_a_city_are_not_streets(text: str) -> None:
    assert [a for a in find_addresses(text) if a.state] == []


def test_placeholder_address_is_marked_and_copyright_years_are_not_streets() -> None:
    placeholder = find_addresses("123 Main Street, Anytown, ST 12345")
    assert placeholder and all(a.placeholder for a in placeholder)
    assert find_addresses("© 2025 Bluebonnet Ketamine Center, Austin, Texas.") == []


def test_street_key_ignores_abbreviations() -> None:
    assert street_key("250 Northwest Boulevard, Suite 200") == street_key("250 Northwest Blvd Ste 200")


def test_json_ld_clinic_gives_name_address_geo_and_phone() -> None:
    html = """<html><head><title>Home | Example Clinic</title><script type="application/ld+json">
    {"@context": "https://schema.org", "@type": "MedicalClinic", "name": "Example Ketamine Clinic",
     "telephone": "(720) 555-0101", "geo": {"@type": "GeoCoordinates", "latitude": 39.7, "longitude": -104.9},
     "address": {"@type": "PostalAddress", "streetAddress": "1 Main St", "addressLocality": "Denver",
                 "addressRegion": "CO", "postalCode": "80202"}}</script></head>
    <body><p>Example Ketamine Clinic offers infusions.</p></body></html>"""
    identity = consolidate([extract_page(html, "http://127.0.0.1:1/")])
    assert identity.name == "Example Ketamine Clinic"
    [location] = identity.locations
    assert (location.street, location.city, location.state, location.zip) == ("1 Main St", "Denver", "CO", "80202")
    assert (location.lat, location.lon, location.phone) == (39.7, -104.9, "+17205550101")


def test_broken_json_ld_does_not_break_extraction() -> None:
    html = '<html><head><script type="application/ld+json">{"@type": "MedicalClinic", broken</script></head><body><p>Hi</p></body></html>'
    page = extract_page(html, "http://127.0.0.1:1/")
    assert page.text == "Hi" and page.entities == []


def test_name_from_recurring_title_part_and_full_name_in_text() -> None:
    pages = [
        extract_page(f"<html><head><title>{t} | Powers of Mind, Tallahassee</title></head><body><p>{b}</p></body></html>", f"http://h/{i}")
        for i, (t, b) in enumerate([
            ("Home", "Welcome to Powers of Mind Psychological Services."),
            ("About", "Powers of Mind Psychological Services is a practice."),
            ("Contact", "Call us."),
        ])
    ]
    assert consolidate(pages).name == "Powers of Mind Psychological Services"


@pytest.mark.parametrize(
    ("corpus", "tails"),
    [
        ("Summit Ketamine Clinic and Summit Ketamine Infusion Center LLC.", [" Clinic", " Infusion Center"]),
        ("Summit Ketamine\nSummit KetamineX Clinic Summit Ketamine  Health", ["  Health"]),
        ("Summit Ketamine Clinic Clinic Clinic Summit Ketamine", [" Clinic Clinic"]),
        ("no name here", []),
    ],
)
def test_org_word_tails_find_what_the_name_pattern_finds(corpus: str, tails: list[str]) -> None:
    """The words after each occurrence of the name, as `finditer(escape(name) + tail)` finds them."""
    name = "Summit Ketamine"
    pattern = re.compile(rf"{re.escape(name)}(?:[ ]+{_ORG_WORDS}){{1,2}}\b")
    assert [name + tail for tail in tails] == [m.group(0) for m in pattern.finditer(corpus)]
    assert list(_org_word_tails(corpus, name)) == tails


@pytest.mark.parametrize("base", ["http://127.0.0.1:8101/a/b.html?x=1#f", "https://clinic.example/dir/sub/",
                                  "https://clinic.example", "http://h/a/../b/", "http://[::1]:80/p/", "not a url"])
@pytest.mark.parametrize("href", ["/", "/about.html", "/a/../b?q=1#f", "//", "//other.example/x", "about.html",
                                  "../up", "?q=1", "#top", "", "https://Other.example/x", "HTTP://x/", "http:rel",
                                  "https://", "http:///x", "ftp://files.example/p", ";p", "/%2e%2e/x"])
def test_links_join_as_urljoin_does(base: str, href: str) -> None:
    """The origin shortcut for root-relative and absolute links never changes a joined URL."""
    assert _joiner(base)(href) == urljoin(base, href)


def test_city_only_location_when_no_street_is_published() -> None:
    page = extract_page("<html><body><p>Proudly serving Albuquerque, NM and the valley. Call (505) 555-0176.</p>"
                        "<p>123 Main Street, Anytown, ST 12345 · (555) 555-5555</p></body></html>", "http://h/")
    identity = consolidate([page])
    [location] = identity.locations
    assert (location.street, location.city, location.state, location.phone) == (None, "Albuquerque", "NM", "+15055550176")
    assert identity.placeholders
