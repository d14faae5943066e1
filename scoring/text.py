"""Reading text as sentences, and telling whether a phrase is a claim about this clinic.

A phrase counts only when it is affirmative: not negated, not asked, not hedged where that
matters, not said of ketamine in general, and not said of other clinics.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from scoring.model import PageText

_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc", "inc", "ste", "e.g", "i.e",
    "approx", "dept", "ft", "mt", "blvd", "ave", "rd", "u.s", "a.m", "p.m", "lt", "col", "prof",
}
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]?\s+(?=[\"'“‘(]?[A-Z0-9$])")
_NEGATORS = re.compile(
    r"\b(?:not|no|never|cannot|can't|can’t|don't|don’t|doesn't|doesn’t|didn't|didn’t|won't|won’t"
    r"|isn't|isn’t|aren't|aren’t|wasn't|wasn’t|weren't|weren’t|without|neither|nor|none|unable"
    r"|nothing|nobody|refuse|decline|avoid|n't|n’t|unlike|instead of|rather than)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"[;:—–]|,\s*(?:but|however|although|though|while|yet)\b|\bbut\b|\bhowever\b"
    r"|,\s*(?=(?:we|our|you|your|they|it|i|she|he)\b)",
    re.I,
)
_OTHERS = re.compile(
    r"\b(?:some|other|many|most|few|certain|those|these|unscrupulous|less reputable)\s+"
    r"(?:other\s+)?(?:ketamine\s+)?(?:clinics?|providers?|practices?|centers?|companies|sites?"
    r"|websites?|places|businesses)\b|\bunlike\s+(?:other|some|many)\b|\bbeware\b|\bred flags?\b"
    r"|\bwatch out\b|\bbe wary\b|\bbe cautious\b|\bavoid (?:any )?(?:clinics?|providers?)\b",
    re.I,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could|can help|can provide|some patients|many patients|some people|for some"
    r"|in some cases|potentially|possibly|studies|research|evidence suggests|has been shown)\b",
    re.I,
)
_FIRST_PERSON = re.compile(r"\b(?:we|we're|we’re|we've|we’ve|our|ours|us|i|i'm|i’m|my)\b", re.I)
_GENERAL_SUBJECT = re.compile(
    r"^\s*(?:ketamine|esketamine|spravato|it|this (?:medication|medicine|drug|treatment)"
    r"|the (?:medication|medicine|drug)|studies|research|researchers|scientists|doctors|clinicians"
    r"|anesthesiologists|patients|the fda|in \d{4}|since (?:the )?\d{4}|for (?:over |more than )?\d+ years)\b",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a page, with the page URL and its heading context."""

    text: str
    url: str
    heading: str | None = None
    is_heading: bool = False

    @property
    def is_question(self) -> bool:
        """A question asks, it does not claim."""
        return self.text.rstrip(" \"'”’)").endswith("?")


def split_sentences(line: str) -> list[str]:
    """Split one line of text into sentences, not at abbreviations like "Dr." or "St."."""
    parts: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start()].rstrip("\"'”’)")
        last_word = before.rsplit(None, 1)[-1].rstrip(".!?").lower() if before.split() else ""
        if before.endswith(".") and (last_word in _ABBREVIATIONS or len(last_word) == 1):
            continue
        parts.append(line[start : match.start()].strip())
        start = match.end()
    parts.append(line[start:].strip())
    return [part for part in parts if part]


def _looks_like_heading(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 10 and not line.rstrip().endswith((".", ",", ";"))


def sentences(pages: Iterable[PageText]) -> Iterator[Sentence]:
    """Every sentence of every page, in reading order, with the nearest heading above it."""
    for page in pages:
        heading: str | None = None
        for line in page.text.split("\n"):
            line = line.strip()
            if not line:
                continue
            is_heading = _looks_like_heading(line)
            for text in split_sentences(line):
                yield Sentence(text, page.url, heading, is_heading)
            if is_heading:
                heading = line


def clause_before(sentence: str, start: int) -> str:
    """The part of the sentence's clause that precedes position `start`."""
    head = sentence[:start]
    breaks = list(_CLAUSE_BREAK.finditer(head))
    return head[breaks[-1].end() :] if breaks else head


def is_negated(sentence: str, start: int, end: int | None = None) -> bool:
    """Whether a negator governs the phrase at [start, end) of the sentence.

    Looks back within the clause, and just after the phrase ("insurance is not accepted").
    """
    if _NEGATORS.search(clause_before(sentence, start)):
        return True
    if end is not None:
        after = sentence[end : end + 25]
        return bool(re.match(r"\s*(?:is|are|was|were|will be)?\s*(?:not|never)\b", after, re.I))
    return False


def about_others(sentence: str) -> bool:
    """The sentence talks about other clinics, not this one."""
    return bool(_OTHERS.search(sentence))


def is_hedged(sentence: str) -> bool:
    """The sentence hedges ("may help some patients"), so it promises nothing."""
    return bool(_HEDGE.search(sentence))


def is_general(sentence: str) -> bool:
    """The sentence speaks of ketamine, research or patients in general, not of this clinic."""
    return bool(_GENERAL_SUBJECT.search(sentence)) and not _FIRST_PERSON.search(sentence)


def has_first_person(sentence: str) -> bool:
    """The clinic speaks of itself ("we", "our", "I")."""
    return bool(_FIRST_PERSON.search(sentence))
