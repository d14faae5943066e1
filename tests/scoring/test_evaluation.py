"""Measured, not assumed: the labelled corpus and the sample web against their recorded baseline."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from directory import evaluate as evaluation
from directory.evaluate import (
    BASELINE_FILE,
    LABELLED_DIR,
    BaselineDropError,
    LabelledPage,
    VocabularyFact,
    baseline_drops,
    baseline_figures,
    coverage,
    evaluate_corpus,
    evaluate_sample_web,
    load_corpus,
    parse_vocabulary,
    save_baseline,
)
from scoring.criteria.setting import Setting
from scoring.evaluation import FACTS, Evaluation, PageResult, Tally, evaluate_pages, fact_items
from tests.conftest import IN_CI, SHARED_DIR

TARGET_F1 = 0.9
#: positive labelled pages every code needs (tests/data/labelled/README.md promises at least 4)
MIN_POSITIVE_PAGES = 4
#: vocabulary values that mean "not stated": pages carry them, but they are no measured item
ABSENT_VALUES = {("psychotherapy", "none"), ("treats_pain", "null")}


@pytest.fixture(scope="module")
def corpus() -> Evaluation:
    return evaluate_corpus()


@pytest.fixture(scope="module")
def labelled_pages() -> list[LabelledPage]:
    return load_corpus()


@pytest.fixture(scope="module")
def vocabulary() -> dict[str, VocabularyFact]:
    """The fact table of ../shared/VOCABULARY.md (skipped outside CI when it is absent)."""
    path = SHARED_DIR / "VOCABULARY.md"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is missing, but CI must provide it")
        pytest.skip(f"{path} is absent (it sits beside the project in CI)")
    return parse_vocabulary(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_web() -> Evaluation:
    return evaluate_sample_web()


@pytest.fixture(scope="module")
def baseline() -> dict[str, dict[str, dict[str, float]]]:
    return json.loads(BASELINE_FILE.read_text(encoding="utf-8"))


def test_the_corpus_has_positive_pages_for_every_code_of_the_vocabulary(
        corpus: Evaluation, labelled_pages: list[LabelledPage], vocabulary: dict[str, VocabularyFact]) -> None:
    """Every code, scalar value (treats_pain true/false/null, screening true), experience kind,
    red-flag kind and prices: at least MIN_POSITIVE_PAGES labelled pages, each measured."""
    assert corpus.pages >= 60
    assert set(vocabulary) == set(FACTS) - {"setting"}
    required = {(fact, code) for fact, entry in vocabulary.items() for code in entry.codes}
    required |= {("setting", rule.code) for rule in Setting.rules}
    pages = coverage(labelled_pages)
    measured = {key: tally.tp + tally.fn for key, tally in corpus.codes.items()}
    few = [f"{fact}.{code}: {pages[(fact, code)]} pages" for fact, code in sorted(required)
           if pages[(fact, code)] < MIN_POSITIVE_PAGES]
    unmeasured = [f"{fact}.{code}: {measured.get((fact, code), 0)} items" for fact, code in sorted(required - ABSENT_VALUES)
                  if measured.get((fact, code), 0) < MIN_POSITIVE_PAGES]
    assert not few and not unmeasured, (few, unmeasured)


def test_every_labelled_value_is_a_vocabulary_code_with_its_fields(
        labelled_pages: list[LabelledPage], vocabulary: dict[str, VocabularyFact]) -> None:
    allowed = {(fact, code) for fact, entry in vocabulary.items() for code in entry.codes}
    allowed |= {("setting", rule.code) for rule in Setting.rules} | {("screening", "false")}
    unknown = sorted(f"{fact}.{code}" for fact, code in coverage(labelled_pages) if (fact, code) not in allowed)
    assert not unknown
    records = {fact: spec.fields for fact, spec in vocabulary.items() if spec.fields}
    incomplete = [f"{page.name}: {fact} {entry}" for page in labelled_pages for fact, fields in records.items()
                  for entry in page.expected[fact] if set(fields) - set(entry)]
    assert not incomplete
    assert all(set(page.expected) == set(FACTS) for page in labelled_pages)


def test_vocabulary_table_is_read_into_codes_records_and_scalars() -> None:
    table = parse_vocabulary(
        "| fact | codes |\n|---|---|\n| modalities | `iv` (drip), `im` |\n| treats_pain | `true`, `false`, `null` |\n"
        "| prices | list of `{what, usd}` as published |\n"
        "| experience | list of `{kind: founded | years, value: number, quote}`: ... |\n"
        "| red_flags | list of `{kind, quote}`, kinds: `closed`, `other` |\n| clinic | `name` |\n")
    assert table == {
        "modalities": VocabularyFact(frozenset({"iv", "im"})),
        "treats_pain": VocabularyFact(frozenset({"true", "false", "null"})),
        "prices": VocabularyFact(frozenset({"any"}), ("what", "usd")),
        "experience": VocabularyFact(frozenset({"founded", "years"}), ("kind", "value", "quote")),
        "red_flags": VocabularyFact(frozenset({"closed", "other"}), ("kind", "quote")),
    }


def test_the_readme_coverage_table_is_current(labelled_pages: list[LabelledPage]) -> None:
    readme = (LABELLED_DIR / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\w+) \| `(\w+)` \| (\d+) \|$", readme, flags=re.MULTILINE)
    assert {(fact, code): int(count) for fact, code, count in rows} == dict(coverage(labelled_pages))


@pytest.mark.parametrize("corpus_name", ["labelled", "sample_web"])
def test_no_figure_drops_below_the_recorded_baseline(corpus_name: str, corpus: Evaluation, sample_web: Evaluation,
                                                     baseline: dict[str, dict[str, dict[str, float]]]) -> None:
    now = baseline_figures(corpus if corpus_name == "labelled" else sample_web)
    recorded = baseline[corpus_name]
    dropped = [f"{key}: {now[part].get(key, 0.0)} < {value}" for part in ("facts", "codes")
               for key, value in recorded[part].items() if now[part].get(key, 0.0) < value - 1e-9]
    assert not dropped, "F1 fell below the baseline (clinics evaluate lists the misses):\n" + "\n".join(dropped)


def test_every_fact_and_every_code_meets_the_target_on_the_labelled_corpus(corpus: Evaluation) -> None:
    assert set(corpus.measured()) == set(corpus.facts)
    below = {fact: round(tally.f1, 3) for fact, tally in corpus.measured().items() if tally.f1 < TARGET_F1}
    below |= {f"{fact}.{code}": round(tally.f1, 3) for (fact, code), tally in corpus.codes.items()
              if tally.f1 < TARGET_F1}
    assert not below


def _figures(f1: float) -> dict[str, dict[str, float]]:
    return {"facts": {"insurance": f1}, "codes": {"insurance.cash_only": f1}}


def test_a_drop_or_a_figure_no_longer_measured_is_reported() -> None:
    recorded = {"about": "text", "labelled": _figures(0.95), "sample_web": _figures(0.9)}
    assert baseline_drops(recorded, {"labelled": _figures(0.95), "sample_web": _figures(1.0)}) == []
    assert baseline_drops(recorded, {"labelled": _figures(0.94), "sample_web": {"facts": {}, "codes": {}}}) == [
        "labelled insurance: 0.94 < 0.95", "labelled insurance.cash_only: 0.94 < 0.95",
        "sample_web insurance: 0.0 < 0.9", "sample_web insurance.cash_only: 0.0 < 0.9"]


@pytest.fixture
def higher_baseline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the recorded baseline with one figure above what the extractor reaches."""
    data = json.loads(BASELINE_FILE.read_text(encoding="utf-8"))
    data["labelled"]["codes"]["credentials.acls"] = 1.0001
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(evaluation, "BASELINE_FILE", path)
    return path


def test_save_baseline_refuses_a_lower_figure_unless_forced(higher_baseline: Path) -> None:
    before = higher_baseline.read_text(encoding="utf-8")
    with pytest.raises(BaselineDropError) as refused:
        save_baseline()
    assert refused.value.drops == ["labelled credentials.acls: 1.0 < 1.0001"]
    assert higher_baseline.read_text(encoding="utf-8") == before
    written = save_baseline(force=True)
    assert json.loads(higher_baseline.read_text(encoding="utf-8")) == written
    assert written["labelled"]["codes"]["credentials.acls"] == 1.0
    save_baseline()  # the same figures again: nothing dropped


def test_clinics_evaluate_save_baseline_refuses_a_drop_and_force_records_it(higher_baseline: Path) -> None:
    from directory.cli import main

    before = higher_baseline.read_text(encoding="utf-8")
    refused = CliRunner().invoke(main, ["evaluate", "--save-baseline"])
    assert refused.exit_code == 1 and "credentials.acls: 1.0 < 1.0001" in refused.output
    assert "--force" in refused.output and higher_baseline.read_text(encoding="utf-8") == before
    forced = CliRunner().invoke(main, ["evaluate", "--save-baseline", "--force"])
    assert forced.exit_code == 0 and f"baseline written to {higher_baseline}" in forced.output
    assert json.loads(higher_baseline.read_text(encoding="utf-8"))["labelled"]["codes"]["credentials.acls"] == 1.0


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
