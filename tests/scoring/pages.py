"""Score lines of text as one page, for tests that read what the criteria make of a phrasing."""

from __future__ import annotations

from typing import Any

from scoring.model import PageText
from scoring.run import score_site


def report_of(*lines: str, url: str = "http://h/page") -> Any:
    """The scoring report of one page holding the lines."""
    return score_site([PageText(url, "\n".join(lines))])


def facts_of(*lines: str, url: str = "http://h/page") -> dict[str, Any]:
    """Facts scored from one page holding the lines."""
    return report_of(*lines, url=url).facts


def codes_of(fact: str, *lines: str) -> list[str]:
    """The codes found for one fact (e.g. the setting criterion's), sorted."""
    return sorted({f.code for f in report_of(*lines).findings if f.fact == fact})
