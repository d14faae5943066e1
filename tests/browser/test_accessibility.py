"""axe-core on every page patients and maintainers use, at desktop and phone widths, with screenshots.

Screenshots go to test-artifacts/screenshots/<page>-<desktop|phone>.png.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import (
    SCREENSHOTS,
    VIEWPORTS,
    LiveSite,
    add_candidate,
    describe,
    override_then_change_evidence,
    run_axe,
    sign_in,
)

pytestmark = pytest.mark.browser

SLUG = "mile-high-infusion-collective"
PUBLIC = {
    "home": "/",
    "results": "/search?where=80205&radius=50",
    "results-filtered": "/search?where=27101&radius=200&modalities=esketamine_nasal&sort=grade",
    "clinic": f"/clinics/{SLUG}",
    "correction-form": f"/clinics/{SLUG}/correction",
    "login": "/login",
}
MAINTAINERS = {
    "review-queue": "/review/",
    "review-clinic": None,  # found by following the queue's link
    "candidate-review": None,
    "dashboard": "/review/dashboard",
    "audit-log": "/review/log",
}


#: Pages whose folded parts (forms, more quotes) are opened before checking, so axe checks them too.
OPEN_DETAILS = {"clinic", "review-clinic"}


def check_page(page: Any, axe_source: str, name: str, url: str) -> None:
    """Load `url` at each width, save a screenshot, and fail on serious or critical axe violations."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width_name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        response = page.goto(url)
        assert response is not None and response.ok, f"{name}: HTTP {response.status if response else '?'}"
        if name in OPEN_DETAILS:
            page.evaluate("document.querySelectorAll('main details').forEach(d => { d.open = true; })")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width_name}.png"), full_page=True)
        violations = run_axe(page, axe_source)
        assert not violations, f"{name} at {width_name} width:\n{describe(violations)}"
        if width_name == "phone":
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= viewport["width"], f"{name} scrolls sideways on a phone ({scroll}px wide)"


@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_pages_pass_axe(page: Any, live_site: LiveSite, axe_source: str, name: str) -> None:
    check_page(page, axe_source, name, live_site.url + PUBLIC[name])


@pytest.mark.parametrize("name", list(MAINTAINERS))
def test_review_pages_pass_axe(page: Any, live_site: LiveSite, axe_source: str, name: str) -> None:
    sign_in(page, live_site)
    if name == "candidate-review":
        url = f"{live_site.url}/review/candidates/{add_candidate(live_site.database_url)}"
    elif name == "review-clinic":
        override_then_change_evidence(live_site.database_url, SLUG)
        # an open request makes the page show its resolve form too
        page.goto(f"{live_site.url}/clinics/{SLUG}/correction")
        page.get_by_label("Your name").fill("Dana Roe")
        page.get_by_label("Your email address").fill("dana@mile-high.example")
        page.get_by_label("I am a patient").check()
        page.get_by_label("Correct something on this listing").check()
        page.get_by_label("What should change, and why?").fill("The IV price on the site is out of date.")
        page.get_by_role("button", name="Send the request").click()
        page.goto(f"{live_site.url}/review/")
        url = live_site.url + page.locator("#q-new ~ ul a[href^='/review/clinics/']", has_text="Mile High").get_attribute("href")
        page.goto(url)
        assert page.locator("details.override-form").count() >= 8  # a form per weighted criterion
        assert page.locator("#page-changes ~ article .line-added").count() >= 1  # a diff is shown
        assert page.locator("ul.overrides form").count() == 2  # confirm and withdraw
    else:
        url = live_site.url + MAINTAINERS[name]
    check_page(page, axe_source, name, url)


def test_axe_catches_a_real_violation(page: Any, live_site: LiveSite, axe_source: str) -> None:
    """The check itself works: an image without a text alternative is reported."""
    page.goto(live_site.url + "/")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/none.png\">')")
    assert [v["id"] for v in run_axe(page, axe_source)] == ["image-alt"]
