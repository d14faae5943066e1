"""A patient in a real browser: searches by ZIP or by their own position, filters, opens a clinic, follows evidence."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import LiveSite

pytestmark = pytest.mark.browser


def expect(target: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(target)


def result_names(page: Any) -> list[str]:
    return page.locator("ol.results .result-name a").all_inner_texts()


def test_patient_searches_by_zip_filters_by_modality_and_follows_the_evidence(page: Any, live_site: LiveSite) -> None:
    page.goto(live_site.url + "/")
    page.get_by_label("ZIP code, city and state, or state").fill("27101")
    page.get_by_label("Within (miles)").select_option("200")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"Clinics within 200 miles of .*27101"))
    assert result_names(page) == ["Piedmont Ketamine Partners", "Laurel Cove Ketamine & Mood Clinic",
                                  "James River Ketamine Institute"]

    expect(page.locator("p.summary")).to_have_text("3 clinics, nearest first.")  # the blank grade is no filter
    expect(page.locator("details.filters")).not_to_have_attribute("open", "")
    page.locator("summary", has_text="Filters").click()
    page.get_by_label("Spravato (esketamine nasal spray)").check()
    page.get_by_role("button", name="Search").click()
    expect(page.locator("p.summary")).to_contain_text("2 clinics matching your filters")
    assert result_names(page) == ["Piedmont Ketamine Partners", "James River Ketamine Institute"]
    query = parse_qs(urlsplit(page.url).query)
    assert query["where"] == ["27101"] and query["radius"] == ["200"] and query["modalities"] == ["esketamine_nasal"]
    page.reload()  # the filters live in the URL
    expect(page.get_by_label("Spravato (esketamine nasal spray)")).to_be_checked()
    first = page.locator("ol.results > li").first
    expect(first.locator("dl.facts")).to_contain_text("Spravato (esketamine nasal spray)")
    expect(first.locator(".checked")).to_contain_text("Site last checked")
    expect(first.locator(".meta")).to_contain_text("miles")

    page.get_by_role("link", name="Piedmont Ketamine Partners").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Piedmont Ketamine Partners")
    expect(page.locator("svg#chart-scores")).to_be_visible()
    expect(page.locator("ul.locations a[href^='tel:']").first).to_be_visible()
    evidence = page.locator("section.criterion", has=page.locator("#crit-modalities")).locator(".evidence > li").first
    quote = evidence.locator("blockquote").first.inner_text().strip("“”")
    link = evidence.locator(".source a").first
    href = link.get_attribute("href")
    assert href and href.startswith("http://127.0.0.1:") and not href.startswith(live_site.url)
    with page.expect_navigation() as navigation:
        link.click()
    response = navigation.value
    assert response is not None and response.ok and page.url == href
    visible = " ".join(page.locator("body").inner_text().split())
    assert " ".join(quote.split()) in visible  # the quote is on the page it came from


FOCUSED = """() => {
  const e = document.activeElement;
  const style = getComputedStyle(e);
  return {what: e.id || e.getAttribute('name') || e.textContent.trim(), outline: style.outlineStyle + ' ' + style.outlineWidth};
}"""


def test_a_patient_searches_and_opens_a_clinic_from_the_keyboard(page: Any, live_site: LiveSite) -> None:
    page.goto(live_site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["what"] == "Skip to content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["what"] == "where"
    page.keyboard.type("80205")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clinics within 25 miles")
    page.wait_for_load_state("load")  # keys pressed while the new page still loads can land on the old one

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["what"] == "Skip to content"
    page.keyboard.press("Enter")  # the skip link again, on the results page
    page.wait_for_function("location.hash === '#main'")
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["outline"] == "solid 3px", focused  # every stop shows where the focus is
        order.append(focused["what"])
        if focused["what"] == "Mile High Infusion Collective":
            break
    assert order == ["where", "radius", "sort", "Search", "Use my location", "Filters",
                     "Mile High Infusion Collective"]
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mile High Infusion Collective")


DURHAM = {"latitude": 35.9940, "longitude": -78.8986}  # downtown Durham, NC: one of Piedmont's two offices


def test_use_my_location_searches_around_where_the_browser_is(
    new_page: Callable[..., Any], live_site: LiveSite
) -> None:
    page = new_page(geolocation=DURHAM, permissions=["geolocation"])
    page.goto(live_site.url + "/")
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Clinics within 25 miles of 35\.994\d*, -78\.899\d* \(near Durham, NC\)"))
    assert parse_qs(urlsplit(page.url).query)["where"] == ["35.994,-78.899"]  # rounded to about 100 m
    assert result_names(page) == ["Piedmont Ketamine Partners"]
    meta = page.locator("ol.results > li .meta").first.inner_text()
    miles = float(re.search(r"([\d.]+) miles", meta).group(1))  # type: ignore[union-attr]
    assert miles < 1 and "Durham, NC" in meta  # its Durham office, not the one in Raleigh
    expect(page.get_by_label("ZIP code, city and state, or state")).to_have_value("35.994,-78.899")


def test_use_my_location_refused_says_so_and_returns_to_the_place_box(
    new_page: Callable[..., Any], live_site: LiveSite
) -> None:
    page = new_page(geolocation=DURHAM)  # a position, but no permission to share it
    page.goto(live_site.url + "/")
    button = page.get_by_role("button", name="Use my location")
    button.click()
    expect(page.locator("#locate-status")).to_have_text(
        "Your browser did not share your location. Type a ZIP code or a city instead.")
    expect(page.get_by_label("ZIP code, city and state, or state")).to_be_focused()
    expect(button).to_be_enabled()
    assert urlsplit(page.url).path == "/"  # no search was run
