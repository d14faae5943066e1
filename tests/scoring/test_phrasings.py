"""General phrasing rules found by the held-out pages (201-220): each rule on several natural
phrasings, the ones it must read and the look-alikes it must leave alone."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.model import PageText
from scoring.run import score_site


def report_of(*lines: str, url: str = "http://h/page") -> Any:
    return score_site([PageText(url, "\n".join(lines))])


def facts_of(*lines: str) -> dict[str, Any]:
    return report_of(*lines).facts



@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Stillwater is not contracted with any insurance plan.", ["cash_only"]),
        ("We are not contracted with Aetna or any other insurer.", ["cash_only"]),
        ("Insurance doesn't cover our program, and we don't submit claims on your behalf.", ["cash_only"]),
        ("Health plans won't pay for our infusions.", ["cash_only"]),
        ("We don't file claims for you.", ["cash_only"]),
        ("We are contracted with most major insurance plans.", ["accepts_insurance"]),
        ("Our billing team submits claims for you.", ["accepts_insurance"]),
        ("Insurance usually does not cover ketamine.", []),
        ("Use our superbill to file a claim yourself.", ["superbill"]),
    ],
)
def test_contracts_and_claims_say_whether_insurance_is_taken(text: str, codes: list[str]) -> None:
    assert facts_of(text)["insurance"] == codes


@pytest.mark.parametrize(
    ("lines", "codes"),
    [
        (["Spravato® (esketamine) nasal spray session", "—", "Billed to your insurance"], ["spravato_covered"]),
        (["Esketamine treatment session", "Billed to your insurance"], ["spravato_covered"]),
        (["IV ketamine infusion", "—", "Billed to your insurance"], ["accepts_insurance"]),
        (["Certified Spravato REMS treatment center", "In network with most major insurance plans"], ["accepts_insurance"]),
    ],
)
def test_a_table_cell_under_a_spravato_row_is_spravato_coverage(lines: list[str], codes: list[str]) -> None:
    assert facts_of(*lines)["insurance"] == codes


@pytest.mark.parametrize(
    ("lines", "amounts"),
    [
        (["The consultation fee is 150 dollars."], [150]),
        (["Mood series", "USD 2,100"], [2100]),
        (["A series of six costs 2,400 USD."], [2400]),
        (["New-patient consultation with our medical director", "—", "Complimentary"], [0]),
        (["Initial consult", "$550", "Free"], [0, 550]),
        (["Save 50 dollars when you prepay a series."], []),
        (["Get 100 dollars off your second infusion."], []),
        (["The founders spent 2 million dollars on the new building."], []),
    ],
)
def test_prices_with_the_currency_in_words_or_a_free_cell(lines: list[str], amounts: list[int]) -> None:
    assert sorted(price["usd"] for price in facts_of(*lines)["prices"]) == amounts


def test_a_worded_price_in_a_table_is_quoted_with_its_label() -> None:
    prices = facts_of("Mood series", "USD 2,100", "Six infusions over two weeks.")["prices"]
    assert prices == [{"what": "Mood series\nUSD 2,100", "usd": 2100}]
