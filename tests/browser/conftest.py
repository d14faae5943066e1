"""Browser-test fixtures: Debian's chromium through Playwright, the site on a live local server, axe-core.

The browser tests run for real in CI (CI=true). Elsewhere they are skipped, saying why, only
when chromium is not installed (`make test` installs it through scripts/ensure-system-deps.sh).

Every tab they open is watched: a test fails if any page asked for something from another
origin (the request is recorded, then aborted) or broke the site's Content-Security-Policy.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from directory.candidates import CandidateIn, add_candidates, list_candidates
from directory.config import PROJECT_ROOT
from directory.db import session_scope
from directory.overrides import create_override
from directory.page_store import PageIn, upsert_pages
from directory.queries import clinic_by_slug
from directory.rescore import pages_for_scoring, rescore
from directory.users import create_user
from tests.conftest import IN_CI
from web import create_app

CHROMIUM_PATHS = (Path("/usr/lib/chromium/chromium"), Path("/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
MAINTAINER, PASSWORD = "maria", "a long browser-test password"


def chromium_path() -> Path:
    """Debian's chromium; fails in CI and skips elsewhere (with the reason) when it is absent."""
    for path in CHROMIUM_PATHS:
        if path.exists():
            return path
    message = "Debian's chromium is not installed (apt-get install chromium; `make test` does it)"
    if IN_CI:
        pytest.fail(message + ", and CI must run the browser tests")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless chromium for the session."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core as installed from the npm registry by `npm ci` (make test runs it)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(PROJECT_ROOT)} is missing: run `npm ci` (`make test` runs it)")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass
class LiveSite:
    """The site served on 127.0.0.1 for one test, and the database behind it."""

    url: str
    database_url: str


def _copy_sqlite(source_url: str, target: Path) -> str:
    source = make_url(source_url).database
    assert source
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    return f"sqlite:///{target}"


@pytest.fixture
def live_site(crawled_sample: str, tmp_path: Path) -> Iterator[LiveSite]:
    """The site on a free 127.0.0.1 port, on a private copy of the crawled sample web, with a maintainer."""
    database_url = _copy_sqlite(crawled_sample, tmp_path / "clinics.db")
    with session_scope(database_url) as session:
        create_user(session=session, name=MAINTAINER, password=PASSWORD)
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "browser-tests-only"})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveSite(f"http://127.0.0.1:{server.server_port}", database_url)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# URLs that name no server (inline data, the empty page); anything else must be local.
NO_SERVER = ("data", "blob", "about")
# Chromium logs most violations of the policy on its own; the event catches every one, in one format.
REPORT_CSP_VIOLATIONS = """document.addEventListener('securitypolicyviolation', e =>
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} on ${e.documentURI}`));"""


def is_local(url: str) -> bool:
    """True for a URL served from this machine (or naming no server at all)."""
    parts = urlsplit(url)
    return parts.scheme in NO_SERVER or parts.hostname in LOCAL_HOSTS


@dataclass
class Traffic:
    """Every request a browser context's pages made, and every console message about the security policy."""

    requests: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        """Requests to another machine: there should be none, every asset is served by the site."""
        return [url for url in self.requests if not is_local(url)]

    def problems(self) -> list[str]:
        """Everything that should fail a test, as readable lines."""
        return [f"request to another origin: {url}" for url in self.elsewhere()] + self.violations


def watch(context: Any) -> Traffic:
    """Record the context's requests and CSP violations; requests to other machines are aborted, never sent."""
    traffic = Traffic()
    context.on("request", lambda request: traffic.requests.append(request.url))

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("CSP violation"):
            traffic.violations.append(message.text)

    context.on("console", console)
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    return traffic


@pytest.fixture
def new_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Opens desktop-sized tabs, each in a fresh context (options as for `browser.new_context`), all watched:
    the test fails if any of them asked another origin for anything or violated the security policy."""
    opened: list[tuple[Any, Traffic]] = []

    def open_tab(**options: Any) -> Any:
        context = browser.new_context(**{"viewport": VIEWPORTS["desktop"], **options})
        context.set_default_timeout(15_000)
        opened.append((context, watch(context)))
        return context.new_page()

    yield open_tab
    from playwright.sync_api import Error

    for context, _traffic in opened:
        for tab in context.pages:  # a round trip, so console messages still in flight arrive first
            with contextlib.suppress(Error):  # a tab mid-navigation has nothing more to report
                tab.evaluate("0")
    problems = [problem for _context, traffic in opened for problem in traffic.problems()]
    for context, _traffic in opened:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    """A fresh desktop-sized browser tab with its own cookies, watched like every tab."""
    return new_page()


def clinic_by_slug_id(database_url: str, slug: str) -> int:
    """The id of a stored clinic."""
    with session_scope(database_url) as session:
        clinic = clinic_by_slug(session=session, slug=slug)
        assert clinic is not None and clinic.id is not None
        return clinic.id


def recrawl_with_change(database_url: str, slug: str, url_part: str, added: str) -> None:
    """Store a new version of one of the clinic's pages, one line added, and re-score it (as a re-crawl would)."""
    clinic_id = clinic_by_slug_id(database_url, slug)
    with session_scope(database_url) as session:
        [page] = [p for p in pages_for_scoring(session, clinic_id=clinic_id) if url_part in p.url]
        text = page.text + "\n" + added
        upsert_pages(session, clinic_id, [PageIn(page.url, page.title, text, text.encode(), {}, f"changed {text!r}"[:60],
                                                 200, datetime.now(UTC) + timedelta(minutes=1))])
        rescore(session, ids=[clinic_id])


def override_then_change_evidence(database_url: str, slug: str) -> None:
    """An insurance override whose evidence then changes, so it waits for review, and a page diff to show."""
    clinic_id = clinic_by_slug_id(database_url, slug)
    with session_scope(database_url) as session:
        create_override(session=session, clinic_id=clinic_id, criterion="insurance", score=60,
                        reason="Only two plans are accepted, by phone.", author=MAINTAINER)
    recrawl_with_change(database_url, slug, "pricing", "We are now in network with Aetna insurance.")


def add_candidate(database_url: str) -> int:
    """A discovery candidate waiting for review; returns its id."""
    with session_scope(database_url) as session:
        add_candidates(session, candidates=[CandidateIn("https://front-range-ketamine.example/",
                                                        "front-range-ketamine.example", "Front Range Ketamine",
                                                        "https://listing.example/colorado")])
    with session_scope(database_url) as session:
        return next(c.id for c in list_candidates(session) if c.id is not None)


def sign_in(page: Any, site: LiveSite) -> None:
    """Sign in as the maintainer through the form, as a person would."""
    page.goto(f"{site.url}/login")
    page.get_by_label("User name").fill(MAINTAINER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site.url}/review/")


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the current page."""
    # Evaluated through the DevTools protocol: an injected <script> would break the site's own policy.
    page.evaluate(axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as readable lines for an assertion message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} -> " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    )
