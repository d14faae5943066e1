"""The watch every browser test runs under: requests to other origins and CSP violations are caught."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import LiveSite, watch

pytestmark = pytest.mark.browser


def test_the_watch_catches_other_origins_and_policy_violations(browser: Any, live_site: LiveSite) -> None:
    context = browser.new_context()
    traffic = watch(context)
    try:
        site = context.new_page()
        response = site.goto(live_site.url + "/")
        assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
        site.evaluate("""document.querySelector('main').insertAdjacentHTML('beforeend',
            '<p style="color: red">styled</p><img alt="" src="https://cdn.example.com/a.png">')""")
        site.evaluate("new Promise(done => setTimeout(done, 200))")
        assert any("style-src" in v for v in traffic.violations), traffic.violations
        assert any("img-src" in v and "cdn.example.com" in v for v in traffic.violations), traffic.violations

        blank = context.new_page()  # a page without the policy: the request is recorded, and aborted
        blank.set_content('<img alt="" src="https://cdn.example.com/b.png">')
        assert "https://cdn.example.com/b.png" in traffic.elsewhere()
        assert "request to another origin: https://cdn.example.com/b.png" in traffic.problems()
    finally:
        context.close()
