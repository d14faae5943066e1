"""The search filters know exactly the codes of ../shared/VOCABULARY.md."""

from __future__ import annotations

import re

import pytest

from directory.vocabulary import FILTER_FACTS, RED_FLAGS
from tests.conftest import IN_CI, SHARED_DIR


def documented_codes() -> dict[str, set[str]]:
    path = SHARED_DIR / "VOCABULARY.md"
    if not path.is_file():
        if IN_CI:
            pytest.fail(f"{path} is missing, but CI must provide it")
        pytest.skip(f"{path} is absent (it sits beside the project in CI)")
    rows = re.findall(r"^\|\s*(\w+)\s*\|(.*)\|\s*$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {fact: set(re.findall(r"`([a-z0-9_]+)`", codes)) for fact, codes in rows}


@pytest.mark.parametrize("fact", [*FILTER_FACTS, "red_flags"])
def test_filter_codes_match_the_vocabulary(fact: str) -> None:
    ours = RED_FLAGS if fact == "red_flags" else FILTER_FACTS[fact]
    assert set(ours) == documented_codes()[fact]
    assert all(label and label[0].isupper() for label in ours.values())
