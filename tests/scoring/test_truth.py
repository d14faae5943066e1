"""Matching a site's facts with a human's truth.json: quotes that really match, prices with
their quotes, unevidenced truth reported, every extra red flag reported."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from directory.truth import TruthCheck, check_site, format_checks, overlaps

PAGE = """<html><body>
<h1>Fictional Test Ketamine</h1>
<p>We offer IV ketamine infusions in a private room.</p>
<p>Ketamine is not addictive. At our doses, ketamine is never addictive.</p>
<h2>Pricing</h2>
<p>Consultation Fee</p>
<p>$350.00</p>
<p>Our monthly membership is $650.</p>
</body></html>"""


def _site(tmp_path: Path, truth: dict[str, Any]) -> Path:
    folder = tmp_path / "fictional-test" / "site"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(PAGE, encoding="utf-8")
    (folder.parent / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return folder


def _by_key(checks: list[TruthCheck]) -> dict[str, TruthCheck]:
    return {check.key: check for check in checks}


@pytest.mark.parametrize(
    ("quote", "labelled", "matches"),
    [
        ("Spravato", "We offer both IV ketamine and intranasal esketamine (Spravato).", False),
        ("IV", "We offer IV ketamine infusions.", False),
        ("We offer IV ketamine infusions in a private room.", "IV ketamine infusions", True),
        ("$5,500", "$5,500", True),
        ("Please note we do not accept insurance.", "Please note: we do not accept insurance.", True),
        ("Our infusions are monitored.", "We do not accept insurance of any kind.", False),
    ],
)
def test_a_quote_matches_only_with_enough_shared_words(quote: str, labelled: str, matches: bool) -> None:
    assert overlaps(quote, labelled) is matches


def test_a_price_must_match_the_truth_quote_that_names_it(tmp_path: Path) -> None:
    truth = {"prices": [{"what": "consultation", "usd": 350}, {"what": "infusion", "usd": 650}],
             "evidence": {"prices": [{"quote": "Consultation Fee $350.00"}, {"quote": "Each infusion is $650."}]}}
    checks = _by_key(check_site(_site(tmp_path, truth)))
    assert checks["prices:350"].ok and "Consultation Fee" in checks["prices:350"].detail
    # $650 is on the page, but as a membership fee, not the infusion price the truth quotes
    assert not checks["prices:650"].ok and "not with a labelled quote" in checks["prices:650"].detail


def test_a_truth_fact_without_evidence_is_reported_as_unevidenced(tmp_path: Path) -> None:
    truth = {"modalities": ["iv"], "treats_pain": True, "screening": False, "psychotherapy": "none",
             "prices": [{"what": "consultation", "usd": 350}], "evidence": {}}
    checks = _by_key(check_site(_site(tmp_path, truth)))
    assert checks["modalities:iv"].ok and not checks["modalities:iv"].evidenced
    assert not checks["treats_pain:true"].ok and not checks["treats_pain:true"].evidenced
    assert checks["prices:350"].ok and not checks["prices:350"].evidenced
    # "not stated" values have nothing to quote: compared by value, not reported
    assert checks["screening:false"].evidenced and checks["psychotherapy:none"].evidenced
    summary = format_checks(list(checks.values())).splitlines()
    assert "NOEV fictional-test: modalities:iv  [the truth gives no evidence quote: value compared only]" in summary
    assert "; 2 agree in value but the truth gives no quote; " in summary[-1]


def test_every_extra_red_flag_is_reported_even_of_an_expected_kind(tmp_path: Path) -> None:
    truth = {"red_flags": [{"kind": "not_addictive", "quote": "Ketamine is not addictive."}]}
    checks = check_site(_site(tmp_path, truth))
    flags = {check.item: check.ok for check in checks if check.fact == "red_flags"}
    assert flags == {"not_addictive: Ketamine is not addictive.": True,
                     "extra not_addictive: At our doses, ketamine is never addictive.": False}
