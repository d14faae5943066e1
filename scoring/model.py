"""The values scoring passes around: pages in, findings and results out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageText:
    """A page's visible text (one block per line) and where it came from."""

    url: str
    text: str
    title: str | None = None


@dataclass(frozen=True)
class Finding:
    """One fact read from one sentence: the quote is an exact substring of the page's text."""

    criterion: str
    fact: str
    code: str
    quote: str
    url: str
    value: Any = None

    def as_dict(self) -> dict[str, Any]:
        """The finding in the shape of the `inspect` JSON."""
        data = {"criterion": self.criterion, "fact": self.fact, "code": self.code,
                "quote": self.quote, "url": self.url}
        if self.value is not None:
            data["value"] = self.value
        return data


@dataclass
class CriterionResult:
    """A criterion's verdict on a site: score, evidence, and how sure we are."""

    key: str
    score: int
    findings: list[Finding] = field(default_factory=list)
    stated: bool = True
    confidence: float = 1.0
    negative: bool = False

    @property
    def verdict(self) -> str:
        """'stated', 'negative' (the site says no, e.g. "we do not treat pain") or 'not_stated'."""
        return "not_stated" if not self.stated else "negative" if self.negative else "stated"
