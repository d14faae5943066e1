"""Discovery candidates in the review area: queued, reviewed on their own page, accepted or rejected."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlmodel import select

from directory.candidates import CandidateIn, add_candidates
from directory.db import session_scope
from directory.models import Candidate, Clinic
from tests.web.helpers import parse, post_form


@pytest.fixture
def candidate_id(directory_db: str) -> int:
    with session_scope(directory_db) as session:
        add_candidates(session, candidates=[CandidateIn(
            "https://front-range.example/", "front-range.example", "Front Range <script>x</script> Ketamine",
            "https://listing.example/colorado")])
    with session_scope(directory_db) as session:
        return session.exec(select(Candidate.id)).one() or 0


def test_the_queue_links_each_candidate_to_its_review_page(maintainer: FlaskClient, candidate_id: int) -> None:
    queue = parse(maintainer.get("/review/"))
    [link] = queue.find(id="q-candidates").find_parent("section").select(".queue a")
    assert link["href"] == f"/review/candidates/{candidate_id}"
    assert link.get_text() == "Front Range <script>x</script> Ketamine"  # escaped: shown as text
    page = parse(maintainer.get(link["href"]))
    assert page.h1.get_text() == "Front Range <script>x</script> Ketamine" and page.find("script") is None
    where = page.find(id="where").find_parent("section")
    hrefs = [a["href"] for a in where.select("a")]
    assert hrefs == ["https://front-range.example/", "https://listing.example/colorado"]
    assert all("nofollow" in a["rel"] for a in where.select("a"))
    assert "Accepting publishes nothing" in page.get_text()


def test_accepting_queues_for_crawling_only_and_is_logged(
    maintainer: FlaskClient, anon: FlaskClient, candidate_id: int, directory_db: str
) -> None:
    url = f"/review/candidates/{candidate_id}"
    response = post_form(maintainer, url, f"{url}/accept", {"accept-note": "A real infusion clinic."})
    assert response.status_code == 302
    page = parse(maintainer.get(url))
    assert "queued for crawling" in page.select_one(".flashes").get_text()
    assert "waiting for the next crawl" in page.get_text()
    assert page.find("form", {"action": f"{url}/accept"}) is None and page.find("form", {"action": f"{url}/reject"})
    [row] = page.select("table.audit tbody tr")
    assert "accept candidate" in row.get_text() and "A real infusion clinic." in row.get_text()
    with session_scope(directory_db) as session:
        assert session.exec(select(Clinic).where(Clinic.domain == "front-range.example")).first() is None
    assert "Front Range" not in anon.get("/search?where=80205&radius=200").get_data(as_text=True)
    assert parse(maintainer.get("/review/")).find(id="q-candidates").find_parent("section").select(".queue a") == []
    assert "accept candidate" in maintainer.get("/review/log").get_data(as_text=True)


def test_rejecting_needs_a_reason(maintainer: FlaskClient, candidate_id: int) -> None:
    url = f"/review/candidates/{candidate_id}"
    refused = post_form(maintainer, url, f"{url}/reject", {"reject-reason": ""})
    assert refused.status_code == 400 and parse(refused).find(id="reject-reason-error") is not None
    assert post_form(maintainer, url, f"{url}/reject", {"reject-reason": "A directory, not a clinic."}).status_code == 302
    page = parse(maintainer.get(url))
    assert "rejected" in page.select_one(".tag").get_text() and page.find("form", {"action": f"{url}/reject"}) is None
    assert "A directory, not a clinic." in page.select_one("table.audit").get_text()


def test_candidate_pages_are_for_maintainers(anon: FlaskClient, maintainer: FlaskClient, candidate_id: int) -> None:
    response = anon.get(f"/review/candidates/{candidate_id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert maintainer.get("/review/candidates/99999").status_code == 404
    assert maintainer.get(f"/review/candidates/{candidate_id}").headers["Cache-Control"] == "no-store"
