"""Reading text: sentences, questions, negation, other clinics, ketamine in general."""

from __future__ import annotations

import pytest

from scoring.model import PageText
from scoring.reading import about_others, is_general, is_negated
from scoring.text import sentences, split_sentences


def test_sentences_do_not_split_at_abbreviations() -> None:
    assert split_sentences("Dr. Roe is here. We are at 12 Main St. in Denver. Is it addictive? No.") == [
        "Dr. Roe is here.", "We are at 12 Main St. in Denver.", "Is it addictive?", "No.",
    ]


def test_sentences_carry_url_heading_and_question() -> None:
    found = list(sentences([PageText("http://h/faq", "FAQ\nIs ketamine addictive?\nNot when used as we use it.")]))
    assert [s.text for s in found] == ["FAQ", "Is ketamine addictive?", "Not when used as we use it."]
    assert found[1].is_question and not found[2].is_question
    assert found[2].heading == "Is ketamine addictive?" and found[2].url == "http://h/faq"


@pytest.mark.parametrize(
    ("sentence", "phrase", "negated"),
    [
        ("We do not accept insurance.", "accept insurance", True),
        ("Insurance is not accepted at this time.", "Insurance", True),
        ("Ketamine is not a cure for depression.", "cure", True),
        ("We cannot guarantee results.", "guarantee", True),
        ("We accept most major insurance plans.", "accept most", False),
        ("There is no cure for CRPS, but we can help manage it.", "cure", True),
        ("We never offer at-home ketamine; all treatment is in our office.", "at-home", True),
        ("While we don't take walk-ins, we accept insurance.", "accept insurance", False),
    ],
)
def test_is_negated(sentence: str, phrase: str, negated: bool) -> None:
    start = sentence.index(phrase)
    assert is_negated(sentence, start, start + len(phrase)) is negated


def test_about_other_clinics() -> None:
    assert about_others("Some clinics promise guaranteed results; we don't.")
    assert not about_others("Our clinic offers IV infusions.")


def test_general_statements_about_ketamine() -> None:
    assert is_general("Ketamine has been used safely in anesthesia for over 50 years.")
    assert not is_general("We have used ketamine for 12 years.")
