"""Page history diffs for maintainers: the approved version against the latest, line by line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from directory.db import session_scope
from directory.models import Clinic, PageVersion
from directory.page_diff import CONTEXT, line_diff, page_changes
from directory.page_store import PageIn, upsert_pages
from tests.factories import add_clinic

HOME = "http://127.0.0.1:9401/"
TEXT = "\n".join(["Welcome to Diff Clinic.", "We offer IV ketamine.", "Line three.", "Line four.",
                  "Line five.", "Line six.", "Line seven.", "Call us today."])
START = datetime(2025, 1, 1, tzinfo=UTC)


def kinds(hunks: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(line.kind, line.text) for hunk in hunks for line in hunk]


def test_line_diff_marks_added_and_removed_lines_with_a_little_context() -> None:
    after = TEXT.replace("We offer IV ketamine.", "We offer IV and IM ketamine.").replace("Call us today.",
                                                                                         "New closing line.")
    hunks, added, removed, truncated = line_diff(TEXT, after)
    assert (added, removed, truncated) == (2, 2, False)
    assert kinds(hunks)[:4] == [("same", "Welcome to Diff Clinic."), ("removed", "We offer IV ketamine."),
                                ("added", "We offer IV and IM ketamine."), ("same", "Line three.")]
    assert ("same", "Line five.") not in kinds(hunks)  # more than CONTEXT lines away from any change
    assert len(hunks) == 2 and CONTEXT == 2


def test_line_diff_of_identical_texts_is_empty_and_long_diffs_are_cut() -> None:
    assert line_diff(TEXT, TEXT) == ([], 0, 0, False)
    hunks, added, removed, truncated = line_diff("", "\n".join(f"line {n}" for n in range(500)), max_lines=50)
    assert (added, removed, truncated) == (500, 0, True) and sum(len(h) for h in hunks) == 50


@pytest.fixture
def site(db_url: str) -> int:
    add_clinic(db_url, name="Diff Clinic", port=9401, zip_code="80205", city="Denver", state="CO", text=TEXT)
    with session_scope(db_url) as session:
        clinic = session.exec(select(Clinic)).one()
        assert clinic.id is not None
        for version in session.exec(select(PageVersion)).all():
            version.fetched_at = START  # the first crawl
            session.add(version)
        return clinic.id


def crawl(db_url: str, clinic_id: int, text: str, when: datetime, url: str = HOME) -> None:
    with session_scope(db_url) as session:
        upsert_pages(session, clinic_id, [PageIn(url, "Diff Clinic", text, text.encode(), {}, str(hash(text)), 200,
                                                 when)])


def test_a_clinic_never_approved_compares_its_last_two_versions(db_url: str, site: int) -> None:
    with session_scope(db_url) as session:
        assert page_changes(session=session, clinic_id=site, since=None) == []
    crawl(db_url, site, TEXT.replace("IV ketamine", "IV ketamine and Spravato"), START + timedelta(days=7))
    with session_scope(db_url) as session:
        [change] = page_changes(session=session, clinic_id=site, since=None)
    assert change.url == HOME and change.before is not None and change.after.fetched_at == START + timedelta(days=7)
    assert ("added", "We offer IV ketamine and Spravato.") in kinds(change.hunks)
    assert (change.added, change.removed) == (1, 1)


def test_since_an_approval_the_approved_version_is_compared_with_the_latest(db_url: str, site: int) -> None:
    approved = START + timedelta(days=1)
    crawl(db_url, site, TEXT + "\nA first new line.", START + timedelta(days=7))
    crawl(db_url, site, TEXT + "\nA second new line.", START + timedelta(days=14))
    with session_scope(db_url) as session:
        [change] = page_changes(session=session, clinic_id=site, since=approved)
        assert change.before is not None and change.before.fetched_at == START  # what the maintainer approved
        assert kinds(change.hunks)[-1] == ("added", "A second new line.")
        assert ("added", "A first new line.") not in kinds(change.hunks)
        # approved after the latest crawl: nothing changed since
        assert page_changes(session=session, clinic_id=site, since=START + timedelta(days=15)) == []


def test_a_page_back_to_its_approved_text_is_not_a_change(db_url: str, site: int) -> None:
    crawl(db_url, site, TEXT + "\nBriefly different.", START + timedelta(days=7))
    crawl(db_url, site, TEXT, START + timedelta(days=14))
    with session_scope(db_url) as session:
        assert page_changes(session=session, clinic_id=site, since=START + timedelta(days=1)) == []
        assert len(page_changes(session=session, clinic_id=site, since=None)) == 1


def test_a_page_new_since_the_approval_is_all_added(db_url: str, site: int) -> None:
    crawl(db_url, site, "Prices\nIV infusion: $450", START + timedelta(days=7), url=HOME + "prices.html")
    with session_scope(db_url) as session:
        [change] = page_changes(session=session, clinic_id=site, since=START + timedelta(days=1))
    assert change.url == HOME + "prices.html" and change.before is None
    assert kinds(change.hunks) == [("added", "Prices"), ("added", "IV infusion: $450")]


def test_a_version_without_its_text_is_reported_not_diffed(db_url: str, site: int) -> None:
    crawl(db_url, site, TEXT + "\nMore.", START + timedelta(days=7))
    with session_scope(db_url) as session:
        first = session.exec(select(PageVersion).where(PageVersion.fetched_at == START)).one()
        first.text = None
        session.add(first)
    with session_scope(db_url) as session:
        [change] = page_changes(session=session, clinic_id=site, since=None)
    assert change.text_missing and change.hunks == []
