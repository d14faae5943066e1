"""Discovery candidates in the review queue: accepted or rejected by a maintainer, audited, never listed."""

from __future__ import annotations

import pytest
from sqlmodel import select

from directory.audit import entries
from directory.candidates import CandidateIn, add_candidates, list_candidates
from directory.db import session_scope
from directory.models import Candidate, Clinic
from directory.review_actions import ActionError, NotFound, decide_candidate
from directory.review_queue import build_queue

FOUND = [CandidateIn("https://front-range.example/", "front-range.example", "Front Range Ketamine",
                     "https://listing.example/colorado"),
         CandidateIn("https://rockies-kap.example/", "rockies-kap.example", None, "https://listing.example/colorado")]


@pytest.fixture
def candidate_ids(db_url: str) -> list[int]:
    with session_scope(db_url) as session:
        add_candidates(session, candidates=FOUND)
    with session_scope(db_url) as session:
        return [c.id or 0 for c in list_candidates(session)]


def queued(db_url: str) -> list[tuple[str, str, int]]:
    with session_scope(db_url) as session:
        return [(i.subject, i.title, i.subject_id) for s in build_queue(session=session, kinds=["candidates"])
                for i in s.items]


def test_new_candidates_wait_in_the_queue_under_their_name_or_domain(db_url: str, candidate_ids: list[int]) -> None:
    assert queued(db_url) == [("candidate", "Front Range Ketamine", candidate_ids[0]),
                              ("candidate", "rockies-kap.example", candidate_ids[1])]
    with session_scope(db_url) as session:
        [item] = [i for s in build_queue(session=session, kinds=["candidates"]) for i in s.items][:1]
        assert "https://front-range.example/" in item.summary and "https://listing.example/colorado" in item.summary


def test_accepting_queues_the_site_for_crawling_and_publishes_nothing(db_url: str, candidate_ids: list[int]) -> None:
    with session_scope(db_url) as session:
        decide_candidate(session=session, candidate_id=candidate_ids[0], accept=True, actor="ana", note="A clinic.")
    with session_scope(db_url) as session:
        assert [c.homepage for c in list_candidates(session, status="accepted")] == ["https://front-range.example/"]
        assert session.exec(select(Clinic)).all() == []
        [entry] = entries(session=session)
        assert (entry.actor, entry.action, entry.target, entry.reason, entry.clinic_id) == (
            "ana", "accept_candidate", f"candidate:{candidate_ids[0]}", "A clinic.", None)
        assert entry.details["homepage"] == "https://front-range.example/" and entry.details["previous_status"] == "new"
    assert [title for _, title, _ in queued(db_url)] == ["rockies-kap.example"]


def test_rejecting_needs_a_reason_and_is_logged(db_url: str, candidate_ids: list[int]) -> None:
    with session_scope(db_url) as session:
        with pytest.raises(ActionError, match="say why"):
            decide_candidate(session=session, candidate_id=candidate_ids[1], accept=False, actor="ana", note=" ")
        decide_candidate(session=session, candidate_id=candidate_ids[1], accept=False, actor="ana",
                         note="A marketing agency, not a clinic.")
        with pytest.raises(ActionError, match="already rejected"):
            decide_candidate(session=session, candidate_id=candidate_ids[1], accept=False, actor="ana", note="again")
        with pytest.raises(NotFound):
            decide_candidate(session=session, candidate_id=99999, accept=True, actor="ana")
        candidate = session.get(Candidate, candidate_ids[1])
        assert candidate is not None and candidate.status == "rejected" and candidate.reviewed_at is not None
        assert [(e.action, e.reason) for e in entries(session=session)] == [
            ("reject_candidate", "A marketing agency, not a clinic.")]


def test_candidates_stay_out_of_a_clinics_own_queue(db_url: str, candidate_ids: list[int]) -> None:
    with session_scope(db_url) as session:
        assert all(not s.items for s in build_queue(session=session, clinic_id=1))
