"""The grading configuration (`weights.toml`) and the criteria version derived from it."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

WEIGHTS_FILE = Path(__file__).with_name("weights.toml")


@lru_cache(maxsize=1)
def weights() -> dict[str, Any]:
    """The parsed weights file."""
    with WEIGHTS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def points(table: str) -> dict[str, Any]:
    """Points per code for one criterion (a number, or [threshold, points] tiers)."""
    return dict(weights()["points"][table])


def grade_for(score: int) -> str:
    """Letter grade of an overall score."""
    for letter, minimum in sorted(weights()["grades"].items(), key=lambda kv: -kv[1]):
        if score >= minimum:
            return letter
    return "F"
