"""The search page: filters kept in the URL, pages, states, ambiguous places, the nearest beyond."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from directory.config import PROJECT_ROOT
from directory.vocabulary import CREDENTIAL_CHOICES, FILTER_FACTS


def soup(client: FlaskClient, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return BeautifulSoup(response.data, "html.parser")


def names(page: BeautifulSoup, selector: str = "ol.results .result-name a") -> list[str]:
    return [a.get_text() for a in page.select(selector)]


def test_every_form_control_has_a_label(listed: FlaskClient) -> None:
    page = soup(listed, "/")
    for control in page.select("form.search input, form.search select"):
        if control.get("type") == "checkbox":
            assert control.find_parent("label") is not None, control
        else:
            assert page.find("label", {"for": control["id"]}) is not None, control
    for fact in ("modalities", "insurance", "pain_conditions"):
        assert len(page.select(f'input[name="{fact}"]')) == len(FILTER_FACTS[fact])
    assert page.select_one('input[name="psychotherapy"][value="in_house"]') is not None
    assert page.select_one('input[name="treats_pain"][value="true"]') is not None
    assert page.select_one('select[name="min_grade"]') is not None
    assert page.select_one('input[name="hide_inactive"]') is not None


def test_use_my_location_is_progressive_enhancement(listed: FlaskClient) -> None:
    page = soup(listed, "/")
    button = page.select_one("button[data-locate]")
    assert button is not None and button.has_attr("hidden") and button["type"] == "button"
    scripts = page.find_all("script")
    assert [s.get("src") for s in scripts] == ["/static/locate.js"] and not any(s.string for s in scripts)
    script = (PROJECT_ROOT / "web" / "static" / "locate.js").read_text()
    assert "geolocation" in script and "button.hidden = false" in script and "http" not in script
    with listed.get("/static/locate.js") as response:
        assert response.status_code == 200


def test_filters_stay_checked_in_the_results(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=80205&radius=50&modalities=iv&psychotherapy=in_house&min_grade=D&sort=grade")
    assert names(page) == ["Denver Clinic 07"]
    assert page.select_one('input[name="modalities"][value="iv"]').has_attr("checked")
    assert not page.select_one('input[name="modalities"][value="im"]').has_attr("checked")
    assert page.select_one('input[name="psychotherapy"][value="in_house"]').has_attr("checked")
    assert page.select_one('select[name="min_grade"] option[selected]')["value"] == "D"
    assert page.select_one('select[name="sort"] option[selected]')["value"] == "grade"
    assert page.select_one('select[name="radius"] option[selected]')["value"] == "50"
    assert page.select_one("details.filters").has_attr("open")
    assert "matching your filters" in page.get_text()


def test_results_come_in_pages_that_keep_the_search(listed: FlaskClient) -> None:
    first = soup(listed, "/search?where=80205&radius=50&treats_pain=true")
    assert len(names(first)) == 13 and "13 clinics matching your filters, nearest first." in first.get_text()
    listed_all = soup(listed, "/search?where=80205&radius=50")
    assert len(names(listed_all)) == 20 and "Page 1 of 2" in listed_all.get_text()
    next_link = listed_all.select_one('nav.pagination a[rel="next"]')
    args = parse_qs(urlparse(next_link["href"]).query)
    assert args == {"where": ["80205"], "radius": ["50"], "page": ["2"]}
    second = soup(listed, next_link["href"])
    assert len(names(second)) == 5 and second.select_one("ol.results")["start"] == "21"
    assert set(names(listed_all)).isdisjoint(names(second))


def test_a_state_lists_its_clinics_by_grade(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=Texas")
    assert page.find("h1").get_text() == "Clinics in Texas" and names(page) == ["Austin Clinic"]
    assert "best grade first" in page.get_text()
    new_york = soup(listed, "/search?where=New York")
    assert "Looking for a city instead?" in new_york.get_text()
    assert "New York, NY" in [a.get_text() for a in new_york.select("a")]


def test_ambiguous_place_lists_each_city_as_a_link(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=Springfield&modalities=iv", status=400)
    alert = page.select_one('[role="alert"]')
    assert "Add the state" in alert.get_text()
    links = {a.get_text(): parse_qs(urlparse(a["href"]).query) for a in alert.select("a")}
    assert links["Springfield, IL"] == {"where": ["Springfield, IL"], "modalities": ["iv"]}
    assert page.select_one('input[name="modalities"][value="iv"]').has_attr("checked")  # the form keeps them


def test_bad_filter_values_are_a_clear_400(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=80205&radius=999", status=400)
    assert "from 1 to 200" in page.select_one('[role="alert"]').get_text()
    page = soup(listed, "/search?where=", status=400)
    assert "Enter a ZIP code" in page.select_one('[role="alert"]').get_text()


def test_nothing_within_the_radius_shows_the_nearest_beyond(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=Miami, FL&radius=25")
    text = " ".join(page.get_text().split())
    assert "No clinic in our directory is within 25 miles of Miami, FL." in text
    assert "Nearest clinics beyond 25 miles" in text
    beyond = page.select(".beyond .result")
    assert len(beyond) == 5 and "Austin Clinic" in beyond[0].get_text() and "miles" in beyond[0].get_text()


def test_download_links_run_the_same_search_in_the_api(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=80205&radius=50&modalities=iv&page=2")
    link = page.find("a", string="CSV")
    args = parse_qs(urlparse(link["href"]).query)
    assert urlparse(link["href"]).path == "/api/v1/clinics"
    assert args == {"near": ["80205"], "radius": ["50"], "modalities": ["iv"], "format": ["csv"]}
    assert listed.get(link["href"]).mimetype == "text/csv"


def test_hidden_and_closed_clinics(listed: FlaskClient) -> None:
    everyone = names(soup(listed, "/search?where=80205&radius=50&per_page=100"))
    assert "Hidden Clinic" not in everyone and "Denver Clinic 05" in everyone
    assert "Denver Clinic 05" not in names(soup(listed, "/search?where=80205&radius=50&per_page=100&hide_inactive=true"))


def test_blank_fields_sent_by_the_form_are_not_filters(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=80205&radius=50&sort=distance&min_grade=")
    assert not page.select_one("details.filters").has_attr("open")
    assert "matching your filters" not in page.select_one("p.summary").get_text()
    assert all("min_grade" not in a["href"] for a in page.select(".pagination a"))


def submitted(page: BeautifulSoup) -> str:
    """The query string a browser sends when the search form on `page` is submitted as it stands."""
    form = page.select_one("form.search")
    pairs = [(i["name"], i.get("value", "")) for i in form.select("input") if i.get("type") != "checkbox"]
    pairs += [(i["name"], i["value"]) for i in form.select("input[type=checkbox][checked]")]
    pairs += [(s["name"], (s.select_one("option[selected]") or s.select_one("option"))["value"])
              for s in form.select("select")]
    return urlencode(pairs)


def credential_boxes(page: BeautifulSoup) -> dict[str, tuple[str, bool]]:
    """The credentials checkboxes: label -> (value, checked)."""
    fieldset = page.find("legend", string="Who treats you (any of)").find_parent("fieldset")
    return {" ".join(label.get_text().split()): (label.input["value"], label.input.has_attr("checked"))
            for label in fieldset.select("label.check")}


def test_the_form_offers_credentials_in_plain_words(listed: FlaskClient) -> None:
    boxes = credential_boxes(soup(listed, "/"))
    assert boxes == {label: (",".join(codes), False) for label, codes in CREDENTIAL_CHOICES}


@pytest.mark.parametrize(("query", "checked", "found"), [
    ("credentials=anesthesiologist", "An anesthesiologist", [1, 7, 13, 19]),
    ("credentials=emergency_physician,pain_physician,physician",
     "Another physician (emergency, pain or general medicine)", [4]),
    ("credentials=crna&credentials=psychiatrist", "A nurse anesthetist (CRNA)", [2, 10]),
])
def test_credentials_filter_and_stay_checked_through_the_url(
    listed: FlaskClient, query: str, checked: str, found: list[int]
) -> None:
    page = soup(listed, f"/search?where=80205&radius=50&{query}")
    assert sorted(names(page)) == [f"Denver Clinic {n:02d}" for n in found]
    boxes = credential_boxes(page)
    assert boxes[checked][1] and len(boxes) == len(CREDENTIAL_CHOICES)  # no extra box: every code has its own
    assert page.select_one("details.filters").has_attr("open")
    again = soup(listed, "/search?" + submitted(page))  # submitting the form again keeps the same search
    assert names(again) == names(page) and credential_boxes(again) == boxes


def test_a_credential_the_form_does_not_offer_alone_still_shows_and_can_be_removed(listed: FlaskClient) -> None:
    page = soup(listed, "/search?where=80205&radius=50&credentials=emergency_physician")
    assert names(page) == ["Denver Clinic 04"]
    boxes = credential_boxes(page)
    assert not boxes["Another physician (emergency, pain or general medicine)"][1]
    assert boxes["Emergency physician"] == ("emergency_physician", True)
    unchecked = page.find("input", {"name": "credentials", "value": "emergency_physician"})
    del unchecked["checked"]
    assert len(names(soup(listed, "/search?" + submitted(page)))) == 20  # unfiltered again, one page of 25
