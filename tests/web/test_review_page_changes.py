"""The review page shows how a clinic's pages changed, linked from its 'changed' queue item."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlmodel import select

from directory.db import session_scope
from directory.models import Page
from directory.page_store import PageIn, upsert_pages
from directory.rescore import rescore
from tests.web.helpers import parse, post_form
from tests.web.test_review import clinic_id


def recrawl(db_url: str, cid: int, text: str) -> None:
    with session_scope(db_url) as session:
        page = session.exec(select(Page).where(Page.clinic_id == cid)).one()
        upsert_pages(session, cid, [PageIn(page.url, page.title, text, text.encode(), {}, str(hash(text)), 200,
                                           datetime.now(UTC) + timedelta(minutes=5))])
        rescore(session, ids=[cid])


def test_a_changed_listing_links_to_the_line_diff_of_its_pages(maintainer: FlaskClient, directory_db: str) -> None:
    cid = clinic_id(directory_db, "austin-test-clinic")
    url = f"/review/clinics/{cid}"
    post_form(maintainer, url, f"{url}/approve", {"approve-note": "Checked."})
    assert "No page changed since the approval" in parse(maintainer.get(url)).find(id="page-changes").parent.get_text()

    recrawl(directory_db, cid, "We offer IV ketamine.\nWe also treat <b>CRPS</b> and fibromyalgia with ketamine.")
    queue = parse(maintainer.get("/review/"))
    [link] = queue.find(id="q-changed").find_parent("section").select(".queue a")
    assert link["href"] == f"{url}#page-changes"

    section = parse(maintainer.get(link["href"])).find(id="page-changes").find_parent("section")
    [change] = section.select("article.page-change")
    assert change.select_one(".meta a")["href"] == "http://127.0.0.1:9003/"
    assert "1 line added, 0 removed" in change.get_text(" ", strip=True)
    quoting = {a.get_text(): a["href"] for a in change.select(".meta a[href^='#ev-']")}
    assert quoting["Chronic-pain focus"] == "#ev-pain_focus" and "How ketamine is given" in quoting
    lines = [(li["class"][0], li.select_one(".mark").get_text(), li.get_text(" ", strip=True)) for li in change.select(".hunk li")]
    assert lines[0] == ("line-same", "", "We offer IV ketamine.")
    kind, mark, text = lines[1]
    assert (kind, mark) == ("line-added", "added")  # marked in words, not colour alone
    assert text == "added We also treat <b>CRPS</b> and fibromyalgia with ketamine."  # escaped, as text
    assert change.select_one("ins").get_text() == "We also treat <b>CRPS</b> and fibromyalgia with ketamine."
    assert change.find("b") is None


def test_a_clinic_never_approved_shows_its_last_two_versions(maintainer: FlaskClient, directory_db: str) -> None:
    cid = clinic_id(directory_db, "austin-test-clinic")
    recrawl(directory_db, cid, "We no longer offer IV ketamine.")
    section = parse(maintainer.get(f"/review/clinics/{cid}")).find(id="page-changes").find_parent("section")
    assert "Never approved" in section.get_text()
    marks = [(li.select_one(".mark").get_text(), li.get_text(" ", strip=True)) for li in section.select(".hunk li")]
    assert marks == [("removed", "removed We offer IV ketamine."), ("added", "added We no longer offer IV ketamine.")]
    assert section.select_one("del").get_text() == "We offer IV ketamine."
