"""What patients read: results with the key facts in plain words, and clinic pages with the score breakdown,
address blocks, red flags first, 'not stated' said, and statuses labelled."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from directory.config import PROJECT_ROOT
from directory.db import session_scope
from directory.models import Clinic
from tests.web.helpers import parse
from tests.web.test_review import clinic_id
from web.filters import long_date, page_name, phone


def result(page: BeautifulSoup, name: str) -> BeautifulSoup:
    [link] = [a for a in page.select("ol.results .result-name a") if a.get_text() == name]
    return link.find_parent("li")


def facts(item: BeautifulSoup) -> dict[str, str]:
    return {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in item.select("dl.facts > div")}


def test_results_show_distance_grade_key_facts_and_when_the_site_was_checked(listed: FlaskClient) -> None:
    page = parse(listed.get("/search?where=80205&radius=50&sort=distance"))
    item = result(page, "Denver Clinic 00")
    assert item.select_one(".grade")["aria-label"].startswith("Grade D")
    assert "miles" in item.select_one(".meta strong").get_text()
    assert facts(item) == {"Ketamine:": "Spravato (esketamine nasal spray)", "Insurance:": "HSA or FSA",
                           "Therapy:": "mentions therapy or refers out", "Chronic pain:": "CRPS"}
    assert facts(result(page, "Denver Clinic 01"))["Insurance:"] == "not stated"
    assert facts(result(page, "Denver Clinic 07"))["Therapy:"] == "therapists on staff"
    assert facts(result(page, "Denver Clinic 01"))["Chronic pain:"] == "says it does not treat chronic pain"
    assert facts(result(page, "Denver Clinic 02"))["Chronic pain:"] == "treats chronic pain"
    assert "Site last checked never" in item.select_one(".checked").get_text()
    assert "1 red flag" in result(page, "Denver Clinic 03").select_one(".checked").get_text()


def test_closed_clinics_are_labelled_plainly_in_results(listed: FlaskClient) -> None:
    page = parse(listed.get("/search?where=80205&radius=50"))
    assert result(page, "Denver Clinic 05").select_one(".status-warn").get_text() == (
        "Closed: its website says the clinic has closed.")
    assert result(page, "Denver Clinic 04").select_one(".status-warn") is None


def test_the_clinic_page_draws_the_score_breakdown_with_a_table(anon: FlaskClient) -> None:
    page = parse(anon.get("/clinics/denver-test-clinic"))
    svg = page.find(id="breakdown").find_parent("section").select_one("svg.chart")
    assert svg["role"] == "img" and "by criterion, out of 100" in svg.find("title").get_text()
    rows = {tr.th.get_text(): tr.find("td").get_text() for tr in page.select("table.numbers tbody tr")}
    assert rows["Who treats you"] == "80" and rows["Experience"] == "not stated"
    assert "Who treats you: 80" in svg.find("desc").get_text() and "Experience: not stated" in svg.find("desc").get_text()
    assert [t.get_text() for t in svg.find_all("text")][:2] == ["Experience", "not stated"]


def test_the_clinic_page_has_address_blocks_tel_links_and_the_clinics_own_site(anon: FlaskClient) -> None:
    page = parse(anon.get("/clinics/denver-test-clinic"))
    [location] = page.select("ul.locations > li")
    assert location.address.get_text(" ", strip=True) == "1 Main St Denver, CO 80205"
    call = location.select_one('a[href^="tel:"]')
    assert call["href"] == "tel:+13035550100" and call.get_text() == "Call (303) 555-0100"
    header = page.select_one(".clinic-header")
    assert header.find("a", string="The clinic's own website")["href"] == "http://127.0.0.1:9001/"
    assert "Site last checked" in header.get_text() and "never" not in header.get_text()


def test_red_flags_come_first_with_their_quotes_and_sources(anon: FlaskClient) -> None:
    page = parse(anon.get("/clinics/boulder-test-clinic"))
    sections = [s.h2.get_text() for s in page.select("article.clinic > section")]
    assert sections[0] == "Red flags on this clinic's website"
    flags = page.select_one("section.red-flags")
    labels = [code.get_text() for code in flags.select(".code")]
    assert "Guarantees results" in labels and "Says ketamine is not addictive" in labels
    sources = flags.select(".source a")
    assert sources and all(a["href"] == "http://127.0.0.1:9002/" for a in sources)
    glance = {dt.get_text(): dd.get_text(" ", strip=True) for dt, dd in zip(
        page.select("dl.glance dt"), page.select("dl.glance dd"), strict=True)}
    assert glance["Red flags"] == "2 kinds, listed above"
    assert glance["Therapy"] == "Not stated" and glance["Prices"] == "Not published"
    assert glance["Chronic pain"] == "Not stated" and glance["Who treats you"] == "Not stated"
    assert "Spravato (esketamine nasal spray)" in glance["How ketamine is given"]


def test_a_clinic_without_red_flags_says_none_were_found(anon: FlaskClient) -> None:
    page = parse(anon.get("/clinics/denver-test-clinic"))
    assert page.select_one("section.red-flags") is None
    assert "No red flags found" in page.find(id="crit-red_flags").find_parent("section").get_text()


@pytest.mark.parametrize(("change", "notice"), [
    ({"status": "unreachable"}, "Website unreachable."),
    ({"status": "closed"}, "Closed."),
    ({"moved_to": "other-owner.example"}, "Website moved."),
])
def test_unreachable_closed_and_moved_clinics_are_labelled(
    anon: FlaskClient, directory_db: str, change: dict[str, str], notice: str
) -> None:
    with session_scope(directory_db) as session:
        clinic = session.get(Clinic, clinic_id(directory_db, "austin-test-clinic"))
        assert clinic is not None
        for key, value in change.items():
            setattr(clinic, key, value)
        session.add(clinic)
    page = parse(anon.get("/clinics/austin-test-clinic"))
    assert [p.strong.get_text() for p in page.select(".notice-warn")] == [notice]
    listed = parse(anon.get("/search?where=78701&radius=10"))
    warning = result(listed, "Austin Test Clinic").select_one(".status-warn")
    assert warning is not None and warning.get_text()


def test_evidence_is_grouped_by_fact_with_the_source_page_named(db_url: str) -> None:
    from tests.factories import add_clinic
    from web import create_app

    add_clinic(db_url, name="Repeat Clinic", port=9502, zip_code="80205", city="Denver", state="CO",
               text="We offer IV ketamine infusions.\nEach IV ketamine infusion lasts 45 minutes.\n"
                    "Our IV ketamine infusions are monitored by a nurse.")
    client = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test-only", "TESTING": True}).test_client()
    page = parse(client.get("/clinics/repeat-clinic"))
    modalities = page.find(id="crit-modalities").find_parent("section")
    [item] = modalities.select(".evidence > li")
    assert item.select_one(".code").get_text() == "IV infusion"
    assert item.select_one("blockquote").get_text() == "“We offer IV ketamine infusions.”"
    link = item.select_one(".source a")
    assert link["href"] == "http://127.0.0.1:9502/" and link.get_text() == "home page"  # the title is the site's name
    folded = item.select_one("details")
    assert folded.summary.get_text() == "2 more quotes" and len(folded.select("blockquote")) == 2


def test_crawled_titles_and_quotes_are_escaped(db_url: str) -> None:
    from tests.factories import add_clinic
    from web import create_app

    add_clinic(db_url, name="<img src=x onerror=alert(1)> Clinic", port=9501, zip_code="80205", city="Denver",
               state="CO", text="We offer IV ketamine <script>alert(1)</script> infusions.")
    client = create_app({"DATABASE_URL": db_url, "SECRET_KEY": "test-only", "TESTING": True}).test_client()
    html = client.get("/clinics/img-src-x-onerror-alert-1-clinic").get_data(as_text=True)
    assert "<img src=x" not in html and "<script>alert" not in html
    page = BeautifulSoup(html, "html.parser")
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    assert page.select_one(".evidence blockquote").get_text() == "“We offer IV ketamine <script>alert(1)</script> infusions.”"


def test_pages_stay_light_with_local_assets_only() -> None:
    static = PROJECT_ROOT / "web" / "static"
    css = [path.read_text() for path in static.glob("*.css")]
    assert sum(len(text.encode()) for text in css) < 20_000
    assert not any("@font-face" in text or "@import" in text or "url(" in text for text in css)
    assert {path.suffix for path in static.iterdir()} == {".css", ".js"}


def test_filters_format_for_people() -> None:
    assert phone("+13035550142") == "(303) 555-0142" and phone("+442079460000").startswith("+44")
    assert phone("not a number") == "not a number" and phone(None) == ""
    assert long_date(datetime(2025, 3, 4, tzinfo=UTC)) == "March 4, 2025" and long_date(None) == "never"
    titles = {"https://c.example/p": "Pricing | Calm Clinic", "https://c.example/": None}
    assert page_name("https://c.example/p", titles, "Calm Clinic") == "Pricing"
    assert page_name("https://c.example/", titles, "Calm Clinic") == "home page"
    assert page_name("https://c.example/team.html?x=1") == "team.html?x=1"
