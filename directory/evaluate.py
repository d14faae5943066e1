"""`clinics evaluate`: score labelled pages the way `clinics inspect` does and measure the result.

Two corpora carry expected facts in the shape of VOCABULARY.md: the hand-labelled pages of
`tests/data/labelled/` (each page scored as a one-page site) and the fictional sample web of
`data/sample_web/` (each site scored from all its pages).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.extract.text import parse_html, visible_text
from directory.config import PROJECT_ROOT, SAMPLE_WEB_DIR
from directory.inspect import plain_text
from scoring.evaluation import FACTS, Evaluation, PageResult, evaluate_pages
from scoring.model import PageText
from scoring.run import Report, score_site

LABELLED_DIR = PROJECT_ROOT / "tests" / "data" / "labelled"
BASELINE_FILE = LABELLED_DIR / "baseline.json"
PAGE_SUFFIXES = (".html", ".htm", ".txt")


@dataclass(frozen=True)
class LabelledPage:
    """One labelled page: its text as scoring reads it, and what a human expects from it."""

    name: str
    page: PageText
    expected: dict[str, Any]
    evidence: dict[str, list[str]]


def page_text(path: Path, url: str) -> PageText:
    """A file's visible text, read as `clinics inspect` reads it (HTML or plain text)."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix.lower() == ".txt":
        return PageText(url=url, text=plain_text(raw))
    root = parse_html(raw)
    title = root.findtext(".//title") if root is not None else None
    return PageText(url=url, text=visible_text(root), title=title)


def measured_facts(report: Report) -> dict[str, Any]:
    """The vocabulary's facts plus the setting codes (a criterion's findings, not yet a vocabulary fact)."""
    return {**report.facts, "setting": sorted({f.code for f in report.findings if f.fact == "setting"})}


def load_corpus(folder: Path = LABELLED_DIR) -> list[LabelledPage]:
    """Every page of a labelled folder that has a `.json` label beside it, in name order."""
    pages = []
    for label in sorted(folder.glob("*.json")):
        source = next((label.with_suffix(s) for s in PAGE_SUFFIXES if label.with_suffix(s).exists()), None)
        if source is None:
            continue
        data = json.loads(label.read_text(encoding="utf-8"))
        if "expected" not in data:
            continue
        pages.append(LabelledPage(label.stem, page_text(source, data.get("url") or source.as_uri()),
                                  data["expected"], data.get("evidence", {})))
    return pages


def score_labelled(pages: list[LabelledPage]) -> list[PageResult]:
    """Score each labelled page on its own, as a one-page site."""
    results = []
    for labelled in pages:
        report = score_site([labelled.page])
        results.append(PageResult(labelled.name, labelled.page.text, labelled.expected, measured_facts(report),
                                  tuple(f.as_dict() for f in report.findings), labelled.evidence))
    return results


def evaluate_corpus(folder: Path = LABELLED_DIR) -> Evaluation:
    """Per-fact precision, recall and F1 of the labelled corpus."""
    return evaluate_pages(score_labelled(load_corpus(folder)))


def sample_site_pages(folder: Path) -> list[PageText]:
    """The HTML pages of one sample site, with the URLs the crawler would give them."""
    return [page_text(path, f"http://{folder.name}.example/{path.name}") for path in sorted(folder.glob("*.html"))]


def evaluate_sample_web(root: Path = SAMPLE_WEB_DIR) -> Evaluation:
    """Per-fact figures of the sample web: each site scored from all its pages."""
    results = []
    for entry in json.loads((root / "sites.json").read_text(encoding="utf-8")):
        pages = sample_site_pages(root / entry["slug"])
        report = score_site(pages)
        results.append(PageResult(entry["slug"], "\n".join(p.text for p in pages), entry["expected"],
                                  measured_facts(report), tuple(f.as_dict() for f in report.findings)))
    return evaluate_pages(results)


def baseline_figures(evaluation: Evaluation) -> dict[str, dict[str, float]]:
    """The F1 of every fact and every code, as recorded in the baseline file."""
    return {
        "facts": {fact: round(tally.f1, 4) for fact, tally in evaluation.measured().items()},
        "codes": {f"{fact}.{code}": round(tally.f1, 4) for (fact, code), tally in sorted(evaluation.codes.items())},
    }


class BaselineDropError(Exception):
    """Recording figures lower than the existing baseline was refused (a drop is a regression)."""

    def __init__(self, drops: list[str]) -> None:
        super().__init__("F1 would fall below the recorded baseline (use --force to record it anyway):\n"
                         + "\n".join(drops))
        self.drops = drops


def baseline_drops(recorded: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Every figure of `recorded` (corpus -> facts/codes -> F1) that `now` does not reach; a
    figure that is no longer measured at all counts as 0."""
    drops = []
    for corpus, parts in recorded.items():
        if not isinstance(parts, dict):
            continue
        for part in ("facts", "codes"):
            for key, value in parts.get(part, {}).items():
                figure = now.get(corpus, {}).get(part, {}).get(key, 0.0)
                if figure < value - 1e-9:
                    drops.append(f"{corpus} {key}: {figure} < {value}")
    return drops


def save_baseline(path: Path | None = None, *, force: bool = False) -> dict[str, Any]:
    """Record today's F1 figures of both corpora; tests fail when a figure drops below them.

    Refuses (BaselineDropError, nothing written) when any figure is lower than the one already
    recorded, unless `force`: the baseline only moves up."""
    path = path or BASELINE_FILE
    data = {
        "about": "F1 per fact and per code; a test fails when a figure drops below these. "
                 "Regenerate with `clinics evaluate --save-baseline` after an improvement "
                 "(it refuses to record a lower figure unless given --force).",
        "labelled": baseline_figures(evaluate_corpus()),
        "sample_web": baseline_figures(evaluate_sample_web()),
    }
    if path.exists() and not force:
        drops = baseline_drops(json.loads(path.read_text(encoding="utf-8")), data)
        if drops:
            raise BaselineDropError(drops)
    path.write_text(json.dumps(data, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return data


@dataclass(frozen=True)
class VocabularyFact:
    """One row of VOCABULARY.md's table: its codes (or `any` for a list of records with no
    code, such as prices) and the fields each of its records carries."""

    codes: frozenset[str]
    fields: tuple[str, ...] = ()


def parse_vocabulary(markdown: str) -> dict[str, VocabularyFact]:
    """The fact table of VOCABULARY.md: backticked codes (`iv`, `true`, `null`) and records
    (`{kind: founded | years | treatments, value: number, quote}`: fields, and a field's
    alternatives as codes)."""
    table: dict[str, VocabularyFact] = {}
    for fact, cell in re.findall(r"^\|\s*(\w+)\s*\|(.*)\|\s*$", markdown, flags=re.MULTILINE):
        if fact not in FACTS:
            continue
        codes: set[str] = set()
        fields: list[str] = []
        for token in re.findall(r"`([^`]+)`", cell):
            if re.fullmatch(r"[a-z0-9_]+", token):
                codes.add(token)
            elif token.startswith("{") and token.endswith("}"):
                for part in token[1:-1].split(","):
                    name, _, alternatives = part.partition(":")
                    fields.append(name.strip())
                    if "|" in alternatives:
                        codes.update(alt.strip() for alt in alternatives.split("|"))
        table[fact] = VocabularyFact(frozenset(codes or {"any"}), tuple(fields))
    return table


def label_values(value: Any) -> set[str]:
    """The vocabulary values one labelled fact gives an example of: its codes, `true`/`false`/
    `null` for a scalar, each record's `kind` (or `any` for records without one, as prices)."""
    if isinstance(value, list):
        return {str(entry.get("kind", "any")) if isinstance(entry, dict) else str(entry) for entry in value}
    if value is None or isinstance(value, bool):
        return {json.dumps(value)}
    return {str(value)}


def coverage(pages: list[LabelledPage]) -> Counter[tuple[str, str]]:
    """How many labelled pages give an example of each (fact, value)."""
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        for fact, value in page.expected.items():
            counts.update((fact, code) for code in label_values(value))
    return counts
