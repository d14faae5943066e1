"""Measured, not assumed: the labelled corpus and the sample web against their recorded baseline."""

from __future__ import annotations

import json

import pytest

from directory.evaluate import BASELINE_FILE, baseline_figures, evaluate_corpus, evaluate_sample_web
from scoring.evaluation import Evaluation, PageResult, Tally, evaluate_pages, fact_items

TARGET_F1 = 0.9


@pytest.fixture(scope="module")
def corpus() -> Evaluation:
    return evaluate_corpus()


@pytest.fixture(scope="module")
def sample_web() -> Evaluation:
    return evaluate_sample_web()


@pytest.fixture(scope="module")
def baseline() -> dict[str, dict[str, dict[str, float]]]:
    return json.loads(BASELINE_FILE.read_text(encoding="utf-8"))


def test_the_corpus_is_large_enough_and_covers_every_code(corpus: Evaluation) -> None:
    assert corpus.pages >= 60
    positives = {key for key, tally in corpus.codes.items() if tally.tp + tally.fn >= 4}
    for fact, codes in {
        "modalities": ["iv", "im", "esketamine_nasal", "ketamine_nasal", "oral", "at_home", "topical"],
        "red_flags": ["cure_claim", "guarantee", "not_addictive", "no_side_effects", "unqualified_safety",
                      "closed", "placeholder_contact", "other"],
        "setting": ["private_room", "observation"],
    }.items():
        for code in codes:
            assert (fact, code) in positives, (fact, code)


@pytest.mark.parametrize("corpus_name", ["labelled", "sample_web"])
def test_no_figure_drops_below_the_recorded_baseline(corpus_name: str, corpus: Evaluation, sample_web: Evaluation,
                                                     baseline: dict[str, dict[str, dict[str, float]]]) -> None:
    now = baseline_figures(corpus if corpus_name == "labelled" else sample_web)
    recorded = baseline[corpus_name]
    dropped = [f"{key}: {now[part].get(key, 0.0)} < {value}" for part in ("facts", "codes")
               for key, value in recorded[part].items() if now[part].get(key, 0.0) < value - 1e-9]
    assert not dropped, "F1 fell below the baseline (clinics evaluate lists the misses):\n" + "\n".join(dropped)


def test_every_fact_meets_the_target_on_the_labelled_corpus(corpus: Evaluation) -> None:
    assert set(corpus.measured()) == set(corpus.facts)
    below = {fact: round(tally.f1, 3) for fact, tally in corpus.measured().items() if tally.f1 < TARGET_F1}
    assert not below


def test_every_finding_quotes_its_page_exactly(corpus: Evaluation, sample_web: Evaluation) -> None:
    assert corpus.unquoted == [] and sample_web.unquoted == []


def test_no_red_flag_on_pages_labelled_without_any(corpus: Evaluation) -> None:
    """Negated, quoted, refuted and third-party claims raise nothing."""
    assert corpus.flags_on_clean_pages == []


def test_fact_items_compare_what_the_vocabulary_defines() -> None:
    assert fact_items("psychotherapy", "none") == set() and fact_items("treats_pain", False) == {"false"}
    assert fact_items("prices", [{"what": "x", "usd": 475}]) == {"475"}
    assert fact_items("experience", [{"kind": "founded", "value": 2014.0, "quote": "q"}]) == {"founded:2014"}
    assert fact_items("red_flags", [{"kind": "closed", "quote": "a"}, {"kind": "closed", "quote": "b"}]) == {"closed"}


def test_precision_recall_and_misses_with_their_sentences() -> None:
    page = PageResult(
        name="p", text="We offer IV ketamine.", evidence={"im": ["We offer IM ketamine."]},
        expected={"modalities": ["iv", "im"], "red_flags": []},
        got={"modalities": ["iv", "oral"], "red_flags": []},
        findings=({"criterion": "modalities", "fact": "modalities", "code": "oral", "quote": "troches", "url": "u"},),
    )
    result = evaluate_pages([page])
    tally = result.facts["modalities"]
    assert (tally.tp, tally.fp, tally.fn) == (1, 1, 1) and tally.f1 == pytest.approx(0.5)
    assert {(m.item, m.kind, m.sentences) for m in result.misses} == {
        ("im", "fn", ("We offer IM ketamine.",)), ("oral", "fp", ("troches",))}
    assert result.unquoted == ["p: modalities.oral: 'troches'"]


def test_an_empty_tally_is_perfect_not_a_division_by_zero() -> None:
    assert Tally().f1 == 1.0
