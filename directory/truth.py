"""Compare a real clinic site's facts with a human's `truth.json` (../shared/real_sites).

Every truth fact must be found, and found with its quote: a finding of the same code whose
quote overlaps one of the human's evidence quotes for that fact. Extra facts are reported too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any

from directory.evaluate import measured_facts, page_text
from scoring.evaluation import LIST_FACTS
from scoring.model import Finding
from scoring.run import Report, score_site


@dataclass(frozen=True)
class TruthCheck:
    """One truth item (or one extra item) and whether the extractor agrees."""

    site: str
    fact: str
    item: str
    ok: bool
    detail: str = ""

    @property
    def key(self) -> str:
        return f"{self.fact}:{self.item}"


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces, no surrounding punctuation."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').lower()
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"()")


def overlaps(quote: str, labelled: str) -> bool:
    """The finding's quote and the labelled quote share the labelled words (either contains
    the other, or most of the shorter one appears in the longer)."""
    a, b = normalise(quote), normalise(labelled)
    if not a or not b:
        return False
    if a in b or b in a:
        return True
    shorter = min(len(a), len(b))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= max(20, 0.6 * shorter)


@lru_cache(maxsize=8)
def site_report(folder: Path) -> Report:
    """Score every HTML page of a real site folder (its `site/` directory) as one site."""
    pages = [page_text(path, f"http://{folder.parent.name}/{path.name}") for path in sorted(folder.glob("*.html"))]
    return score_site(pages)


def load_truth(folder: Path) -> dict[str, Any]:
    """The truth.json beside a site folder."""
    return json.loads((folder.parent / "truth.json").read_text(encoding="utf-8"))


def check_site(folder: Path) -> list[TruthCheck]:
    """Every truth item of one real site, checked against the extractor, plus its extras."""
    truth, report = load_truth(folder), site_report(folder)
    name, facts, findings = folder.parent.name, measured_facts(report), report.findings
    evidence = {fact: [entry["quote"] for entry in entries] for fact, entries in truth.get("evidence", {}).items()}
    checks: list[TruthCheck] = []
    for fact in (fact for fact in LIST_FACTS if fact in truth):
        for code in truth[fact]:
            found = _of(findings, fact, code)
            checks.append(_quoted(name, fact, code, code in facts[fact], found, evidence.get(fact, [])))
        checks += [TruthCheck(name, fact, f"extra {code}", False, _quotes(_of(findings, fact, code)))
                   for code in facts[fact] if code not in truth.get(fact, [])]
    for fact in ("psychotherapy", "treats_pain", "screening"):
        want, got = truth.get(fact), facts[fact]
        if fact in evidence and want not in (None, "none", False):
            scalar = [f for f in findings if f.fact == fact or (fact == "treats_pain" and f.fact == "treats_pain")]
            checks.append(_quoted(name, fact, str(want).lower(), got == want, scalar, evidence[fact]))
        else:
            checks.append(TruthCheck(name, fact, str(want).lower(), got == want, f"got {got}"))
    got_prices = {price["usd"] for price in facts["prices"]}
    for price in truth.get("prices", []):
        checks.append(TruthCheck(name, "prices", str(price["usd"]), price["usd"] in got_prices, price["what"]))
    checks += [TruthCheck(name, "prices", f"extra {usd}", False) for usd in sorted(got_prices)
               if usd not in {price["usd"] for price in truth.get("prices", [])}]
    for entry in truth.get("experience", []):
        quote = _labelled_quote(entry)
        found = [f for f in findings if f.fact == "experience" and overlaps(f.quote, quote)]
        checks.append(TruthCheck(name, "experience", quote, bool(found), _quotes(found)))
    for flag in truth.get("red_flags", []):
        found = [f for f in _of(findings, "red_flags", flag["kind"]) if overlaps(f.quote, flag["quote"])]
        checks.append(TruthCheck(name, "red_flags", f"{flag['kind']}: {flag['quote']}", bool(found), _quotes(found)))
    wanted_kinds = {flag["kind"] for flag in truth.get("red_flags", [])}
    checks += [TruthCheck(name, "red_flags", f"extra {flag['kind']}: {flag['quote']}", False)
               for flag in facts["red_flags"] if flag["kind"] not in wanted_kinds]
    return checks


def _quoted(site: str, fact: str, item: str, found: bool, findings: list[Finding], labelled: list[str]) -> TruthCheck:
    if not found:
        return TruthCheck(site, fact, item, False, "not found")
    quoted = [f for f in findings if any(overlaps(f.quote, quote) for quote in labelled)]
    if labelled and not quoted:
        return TruthCheck(site, fact, item, False, f"found, but not with a labelled quote: {_quotes(findings)}")
    return TruthCheck(site, fact, item, True, _quotes(quoted))


def _of(findings: list[Finding], fact: str, code: str) -> list[Finding]:
    return [f for f in findings if f.fact == fact and f.code == code]


def _quotes(findings: list[Finding]) -> str:
    return " | ".join(dict.fromkeys(f.quote[:120] for f in findings))


def _labelled_quote(entry: str) -> str:
    """The quoted part of a truth experience entry ("'Founded in 2016' (note)")."""
    found = re.match(r"\s*'(.+?)'(?:\s|$)", entry)
    return found.group(1) if found else entry
