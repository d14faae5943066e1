"""Compare a real clinic site's facts with a human's `truth.json` (../shared/real_sites).

Every truth fact must be found, and found with its quote: a finding of the same code (or the
same dollar amount) whose quote overlaps one of the human's evidence quotes for that fact. A
truth fact the human gave no evidence quote for is checked by value and reported as unevidenced.
Extra facts are reported too, and so is every extra red-flag quote, even of an expected kind.
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
    #: False when the truth gives no evidence quote for this fact: only its value was compared
    evidenced: bool = True

    @property
    def key(self) -> str:
        return f"{self.fact}:{self.item}"


def normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces, no surrounding punctuation."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').lower()
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"()")


#: the fewest characters a finding's quote must share with a labelled quote, unless it holds
#: the whole labelled quote: a word such as "Spravato" inside a long labelled sentence is no match
MIN_OVERLAP = 20


def overlaps(quote: str, labelled: str) -> bool:
    """The finding's quote holds the whole labelled quote, or shares a run of at least
    MIN_OVERLAP characters with it that is most of the shorter of the two."""
    a, b = normalise(quote), normalise(labelled)
    if not a or not b:
        return False
    if b in a:
        return True
    shorter = min(len(a), len(b))
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= max(MIN_OVERLAP, 0.6 * shorter)


@lru_cache(maxsize=8)
def site_report(folder: Path) -> Report:
    """Score every HTML page of a real site folder (its `site/` directory) as one site."""
    pages = [page_text(path, f"http://{folder.parent.name}/{path.name}") for path in sorted(folder.glob("*.html"))]
    return score_site(pages)


def load_truth(folder: Path) -> dict[str, Any]:
    """The truth.json beside a site folder."""
    return json.loads((folder.parent / "truth.json").read_text(encoding="utf-8"))


#: the value of a scalar fact that means "not stated": nothing to quote, compared by value
ABSENT = {"psychotherapy": "none", "treats_pain": None, "screening": False}


def check_site(folder: Path) -> list[TruthCheck]:
    """Every truth item of one real site, checked against the extractor, plus its extras."""
    truth, report = load_truth(folder), site_report(folder)
    name, facts, findings = folder.parent.name, measured_facts(report), report.findings
    evidence = {fact: [entry["quote"] for entry in entries] for fact, entries in truth.get("evidence", {}).items()}
    checks: list[TruthCheck] = []
    for fact in (fact for fact in LIST_FACTS if fact in truth):
        for code in truth[fact]:
            checks.append(_quoted(name, fact, code, code in facts[fact], _of(findings, fact, code), evidence.get(fact)))
        checks += [TruthCheck(name, fact, f"extra {code}", False, _quotes(_of(findings, fact, code)))
                   for code in facts[fact] if code not in truth.get(fact, [])]
    for fact, absent in ABSENT.items():
        want, got = truth.get(fact), facts[fact]
        if want == absent or (fact == "psychotherapy" and want is None):
            checks.append(TruthCheck(name, fact, str(want).lower(), got == want, f"got {got}"))
        else:
            scalar = [f for f in findings if f.fact == fact]
            checks.append(_quoted(name, fact, str(want).lower(), got == want, scalar, evidence.get(fact), f"got {got}"))
    checks += _price_checks(name, truth, facts, findings, evidence.get("prices"))
    for entry in truth.get("experience", []):
        quote = _labelled_quote(entry)
        found = [f for f in findings if f.fact == "experience" and overlaps(f.quote, quote)]
        checks.append(TruthCheck(name, "experience", quote, bool(found), _quotes(found)))
    checks += _red_flag_checks(name, truth.get("red_flags", []), findings)
    return checks


def _price_checks(site: str, truth: dict[str, Any], facts: dict[str, Any], findings: list[Finding],
                  labelled: list[str] | None) -> list[TruthCheck]:
    """Each truth price found with its amount and a quote that matches the truth's: the price's
    own `quote` if it has one, else the evidence quotes that name the amount, else all of them."""
    checks = []
    for price in truth.get("prices", []):
        usd = price["usd"]
        found = [f for f in findings if f.fact == "prices" and f.value == usd]
        quotes = [price["quote"]] if price.get("quote") else labelled
        if quotes and not price.get("quote"):
            quotes = [quote for quote in quotes if usd in _amounts(quote)] or quotes
        checks.append(_quoted(site, "prices", str(usd), bool(found), found, quotes, price["what"]))
    wanted = {price["usd"] for price in truth.get("prices", [])}
    checks += [TruthCheck(site, "prices", f"extra {usd}", False)
               for usd in sorted({price["usd"] for price in facts["prices"]}) if usd not in wanted]
    return checks


def _red_flag_checks(site: str, flags: list[dict[str, str]], findings: list[Finding]) -> list[TruthCheck]:
    """Each truth red flag found with its quote, and every extracted red-flag quote that matches
    no truth flag of its kind (an extra "other" is reported even when another "other" is expected)."""
    found_flags = _of_fact(findings, "red_flags")
    checks = []
    for flag in flags:
        found = [f for f in found_flags if f.code == flag["kind"] and overlaps(f.quote, flag["quote"])]
        checks.append(TruthCheck(site, "red_flags", f"{flag['kind']}: {flag['quote']}", bool(found), _quotes(found)))
    extras = dict.fromkeys((f.code, f.quote) for f in found_flags
                           if not any(f.code == flag["kind"] and overlaps(f.quote, flag["quote"]) for flag in flags))
    checks += [TruthCheck(site, "red_flags", f"extra {kind}: {quote}", False) for kind, quote in extras]
    return checks


def _quoted(site: str, fact: str, item: str, found: bool, findings: list[Finding], labelled: list[str] | None,
            missing: str = "not found") -> TruthCheck:
    if not labelled:
        detail = "the truth gives no evidence quote: value compared only"
        return TruthCheck(site, fact, item, found, detail if found else f"{missing}; {detail}", evidenced=False)
    if not found:
        return TruthCheck(site, fact, item, False, missing)
    quoted = [f for f in findings if any(overlaps(f.quote, quote) for quote in labelled)]
    if not quoted:
        return TruthCheck(site, fact, item, False, f"found, but not with a labelled quote: {_quotes(findings)}")
    return TruthCheck(site, fact, item, True, _quotes(quoted))


def _of(findings: list[Finding], fact: str, code: str) -> list[Finding]:
    return [f for f in findings if f.fact == fact and f.code == code]


def _of_fact(findings: list[Finding], fact: str) -> list[Finding]:
    return [f for f in findings if f.fact == fact]


def _amounts(quote: str) -> set[float]:
    """The dollar amounts a quote names ("$4,800", "$650.00", "$12,000–$14,000")."""
    return {float(amount.replace(",", "")) for amount in re.findall(r"\$\s?(\d[\d,]*(?:\.\d+)?)", quote)}


def _quotes(findings: list[Finding]) -> str:
    return " | ".join(dict.fromkeys(f.quote[:120] for f in findings))


def format_checks(checks: list[TruthCheck]) -> str:
    """One line per check (ok, DIFF, or NOEV for a value the truth gives no quote for) and a summary."""
    lines = []
    for check in checks:
        status = "DIFF" if not check.ok else "ok  " if check.evidenced else "NOEV"
        detail = f"  [{check.detail}]" if (not check.ok or not check.evidenced) and check.detail else ""
        lines.append(f"{status} {check.site}: {check.key}{detail}")
    differing = sum(not check.ok for check in checks)
    unevidenced = sum(check.ok and not check.evidenced for check in checks)
    lines.append(f"{len(checks) - differing - unevidenced} of {len(checks)} truth items found with their quotes; "
                 f"{unevidenced} agree in value but the truth gives no quote; {differing} differ")
    return "\n".join(lines)


def _labelled_quote(entry: str) -> str:
    """The quoted part of a truth experience entry ("'Founded in 2016' (note)")."""
    found = re.match(r"\s*'(.+?)'(?:\s|$)", entry)
    return found.group(1) if found else entry
