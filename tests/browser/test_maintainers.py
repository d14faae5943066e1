"""Maintainers and clinic owners in a real browser: hiding a clinic, a correction request resolved, a score overridden."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import LiveSite, sign_in

pytestmark = pytest.mark.browser

CLINIC = "Mile High Infusion Collective"


def expect(page: Any) -> Any:
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect(page)


def test_maintainer_hides_a_clinic_and_patients_no_longer_find_it(page: Any, live_site: LiveSite) -> None:
    page.goto(f"{live_site.url}/search?where=80205&radius=25")
    expect(page.get_by_role("link", name=CLINIC)).to_be_visible()

    sign_in(page, live_site)
    page.locator("section", has=page.locator("#q-new")).get_by_role("link", name=CLINIC).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(CLINIC)
    page.get_by_label("Reason").fill("The owner asked for removal; confirmed by phone.")
    page.get_by_role("button", name="Hide").click()
    expect(page.locator(".flashes")).to_contain_text(f"{CLINIC} is hidden from patients.")
    expect(page.get_by_role("button", name="Show again")).to_be_visible()

    page.goto(f"{live_site.url}/search?where=80205&radius=25")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Clinics within 25 miles")
    expect(page.get_by_role("link", name=CLINIC)).to_have_count(0)

    page.goto(f"{live_site.url}/review/")
    page.get_by_role("navigation", name="Review area").get_by_role("link", name="Audit log").click()
    row = page.locator("table.audit tbody tr").first
    expect(row).to_contain_text("maria")
    expect(row).to_contain_text("hide")
    expect(row).to_contain_text(CLINIC)
    expect(row).to_contain_text("The owner asked for removal; confirmed by phone.")


def test_clinic_owner_asks_for_a_correction_and_a_maintainer_resolves_it(
    browser: Any, page: Any, live_site: LiveSite
) -> None:
    page.goto(f"{live_site.url}/search?where=80205&radius=25")
    page.get_by_role("link", name=CLINIC).click()
    page.get_by_text("Open the request form").click()
    page.get_by_label("Your name").fill("Dana Roe")
    page.get_by_label("Your email address").fill("dana@mile-high.example")
    page.get_by_label("I own or work at this clinic").check()
    page.get_by_label("Correct something on this listing").check()
    page.get_by_label("What should change, and why?").fill("Our phone number changed to 303-555-0199 in June.")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your request was received")

    maintainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    try:
        sign_in(maintainer, live_site)
        requests = maintainer.locator("section", has=maintainer.locator("#q-corrections"))
        expect(requests).to_contain_text("from Dana Roe")
        requests.get_by_role("link", name=CLINIC).click()
        expect(maintainer.locator("#requests + ul")).to_contain_text("Our phone number changed")
        maintainer.get_by_label("How was this handled?").fill("Phone corrected after the next crawl.")
        maintainer.get_by_role("button", name="Resolve").click()
        expect(maintainer.locator(".flashes")).to_contain_text("The request is resolved.")
        expect(maintainer.locator("#requests").locator("xpath=..")).to_contain_text(
            re.compile(r"Resolved by maria on \d{4}-\d\d-\d\d: Phone corrected after the next crawl\."))
        maintainer.get_by_role("navigation", name="Review area").get_by_role("link", name="Audit log").click()
        expect(maintainer.locator("table.audit tbody tr").first).to_contain_text("resolve correction")
    finally:
        maintainer.context.close()


def test_sign_in_works_from_the_keyboard(page: Any, live_site: LiveSite) -> None:
    page.goto(f"{live_site.url}/login")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    page.get_by_label("User name").focus()
    page.keyboard.type("maria")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type("a long browser-test password")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_site.url}/review/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Review queue")


def overall_score(page: Any) -> int:
    match = re.search(r"Overall score: (\d+) / 100", page.locator(".clinic-header .meta").inner_text())
    assert match, page.locator(".clinic-header .meta").inner_text()
    return int(match.group(1))


def test_maintainer_overrides_a_score_and_patients_see_it_with_the_action_logged(
    page: Any, live_site: LiveSite
) -> None:
    public = f"{live_site.url}/clinics/mile-high-infusion-collective"
    page.goto(public)
    therapy = page.locator("section.criterion", has=page.locator("#crit-psychotherapy"))
    expect(therapy.locator("h3 .score")).to_have_text("40 / 100")
    before = overall_score(page)

    sign_in(page, live_site)
    page.locator("section", has=page.locator("#q-new")).get_by_role("link", name=CLINIC).click()
    form = page.locator("details.override-form", has_text="Psychotherapy alongside ketamine")
    form.locator("summary").click()
    form.get_by_label("New score for “Psychotherapy alongside ketamine” (0 to 100)").fill("90")
    form.get_by_label("Why “Psychotherapy alongside ketamine” gets this score").fill(
        "The clinic's own licensed therapists run the integration sessions (confirmed by phone).")
    form.get_by_role("button", name="Override the score").click()
    expect(page.locator(".flashes")).to_contain_text("“Psychotherapy alongside ketamine” is now scored 90")
    open_override = page.locator("ul.overrides > li")
    expect(open_override).to_have_count(1)
    expect(open_override.locator("h3")).to_contain_text("Psychotherapy alongside ketamine: 90")
    expect(open_override.locator("h3 .tag")).to_have_text("active")

    page.goto(public)
    expect(therapy.locator("h3 .score")).to_contain_text("90 / 100")
    expect(therapy.locator("h3 .score .tag")).to_have_text("reviewed")
    expect(therapy.locator(".override")).to_contain_text("the integration sessions (confirmed by phone)")
    expect(page.locator("svg#chart-scores desc")).to_contain_text("Psychotherapy alongside ketamine: 90, reviewed")
    assert overall_score(page) > before

    page.goto(f"{live_site.url}/review/log")
    row = page.locator("table.audit tbody tr").first
    expect(row).to_contain_text("maria")
    expect(row.locator("td.action")).to_have_text("override")
    expect(row).to_contain_text(CLINIC)
    expect(row).to_contain_text("The clinic's own licensed therapists run the integration sessions")
    expect(row).to_contain_text("criterion: psychotherapy")
