"""Reading a page as sentences: where each sentence sits (heading, question and answer) and
a masked copy in which other people's words are blanked out.

Whether a phrase in a sentence is a claim about this clinic is decided in `scoring.reading`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from scoring.model import PageText

_ABBREVIATIONS = {
    "dr", "mr", "mrs", "ms", "st", "jr", "sr", "vs", "etc", "inc", "ste", "e.g", "i.e",
    "approx", "dept", "est", "ft", "mt", "blvd", "ave", "rd", "u.s", "a.m", "p.m", "lt", "col", "prof",
}
_CLOSERS = "\"'”’)"
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9$])")
_QUESTION_WORD = re.compile(
    r"^\W*(?:q[.:]\s*)?(?:do|does|did|is|are|was|were|can|could|will|would|should|shall|have|has|may|must"
    r"|am|isn['’]t|aren['’]t|don['’]t|doesn['’]t)\b",
    re.I,
)
# Other people's words: a quoted phrase, or a myth the page sets out to refute.
_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|(?<!\w)‘[^’]*(?:’(?!\w)|$)")
_QUOTE_MARK = re.compile("[\"“‘]")
_MYTH = re.compile(r"^\W*myth\b", re.I)
# Organisations whose names contain clinical titles ("... of Anesthesiologists", "... Psychotherapists").
_ASKP3_NAME = re.compile(
    r"American Society (?:for|of) Ketamine Physicians(?:,?\s+Psychotherapists,?\s+(?:&|and)\s+Practitioners)?", re.I
)
_ORGANISATION = re.compile(
    r"\bAmerican (?:Society|Association|College|Academy|Psychiatric Association)(?: of| for)?"
    r"(?:\s+(?:[A-Z][\w-]*|&|and|of),?)+",
)
# Another named practice the page hands care to: "a medical partner, Mesa Integrative Medicine",
# "our patients will be welcomed at Lakeview Infusion Partners".
_PARTNER_NAME = re.compile(
    r"\b(?:partner(?:ship)?(?:\s+with)?|collaboration with|collaborat\w+ with|moved to"
    r"|transferr(?:ed|ing) to|successor,?"
    r"|welcomed (?:at|by)|continue (?:your )?care (?:at|with)"
    r"|refer(?:red|ring)? (?:you|them|(?:our |former )?patients) to)"
    r"\s*(?:(?:a|an|our)\s+)?(?:[a-z-]+\s+)?(?:partner\s*)?,?\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,4})"
)
_NEGATIVE_LABEL = (
    r"^\W*(?:not (?:offered|available|provided)"
    r"|(?:services|treatments|what) we (?:do not|don['’]t) (?:offer|provide|do|treat)"
    r"|we (?:do not|don['’]t) (?:offer|provide|treat)|exclusions?|not covered)"
)
_NEGATIVE_HEADING = re.compile(_NEGATIVE_LABEL + r"\W*$", re.I)
# The same label opening a line ("Not offered: compounded nasal spray.") denies its first sentence.
_NEGATIVE_LEAD = re.compile(_NEGATIVE_LABEL + r"\s*[:–—-]\s*\w", re.I)


@dataclass(frozen=True, eq=False)
class Sentence:
    """One sentence of a page, with the page URL and its context.

    `masked` has the same length as `text`, with quoted speech, refuted myths and the names
    of professional bodies blanked, so that rules match only the page's own words while the
    quote stays exact. `answer` is, for a yes/no question, the sentence that answers it.
    """

    text: str
    url: str
    heading: str | None = None
    is_heading: bool = False
    line: str = ""
    line_no: int = 0
    offset: int = 0
    answer: Sentence | None = None
    negative_section: bool = False
    other_parties: tuple[str, ...] = ()
    masked: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.masked:
            object.__setattr__(self, "masked", mask(self.text))
        if not self.line:
            object.__setattr__(self, "line", self.text)

    @cached_property
    def lowered(self) -> str:
        """The masked text in lower case, for quick word tests before a regex."""
        return self.masked.lower()

    @property
    def is_question(self) -> bool:
        """A question asks, it does not claim."""
        return self.text.rstrip(" " + _CLOSERS).endswith("?")

    @property
    def is_yes_no_question(self) -> bool:
        """A question that a "yes" or "no" answers ("Do you accept insurance?")."""
        return self.is_question and bool(_QUESTION_WORD.match(self.text))

    def span_with_answer(self) -> str:
        """The question and its answer as one exact quote of the page's text ("Do you take
        insurance?\nNo. We are self-pay."); a bare "Yes." or "No." takes the sentence after it."""
        answer = self.answer
        if answer is None:
            return self.text
        end = _answer_end(answer)
        if answer.line_no == self.line_no and answer.offset >= self.offset:
            return self.line[self.offset : end]
        if answer.line_no == self.line_no + 1 and answer.offset == 0 and self.line.endswith(self.text):
            return f"{self.text}\n{answer.line[:end]}"
        return answer.line[answer.offset : end]


def _answer_end(answer: Sentence) -> int:
    """Where an answer ends in its line: after the next sentence when it is only "Yes." or "No."."""
    end = answer.offset + len(answer.text)
    if len(answer.text.split()) <= 2:
        following = [span for span in _sentence_spans(answer.line) if span[0] >= end]
        if following:
            end = following[0][1]
    return end


def mask(text: str) -> str:
    """Blank quoted speech, refuted myths and professional bodies' names (same length)."""
    if _MYTH.match(text):
        return " " * len(text)
    masked = _ASKP3_NAME.sub(lambda m: "ASKP3".ljust(len(m.group(0))), text)
    masked = _ORGANISATION.sub(lambda m: " " * len(m.group(0)), masked)
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), masked)


def split_sentences(line: str) -> list[str]:
    """Split one line of text into sentences, not at abbreviations like "Dr." or "St."."""
    return [line[start:end] for start, end in _sentence_spans(line)]


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start()].rstrip(_CLOSERS)
        last_word = before.rsplit(None, 1)[-1].rstrip(".!?").lower() if before.split() else ""
        if before.endswith(".") and (last_word in _ABBREVIATIONS or len(last_word) == 1):
            continue
        end = match.start() + len(match.group(0)) - len(match.group(0).lstrip(_CLOSERS))
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(line)))
    return [_strip(line, a, b) for a, b in spans if line[a:b].strip()]


def _strip(line: str, start: int, end: int) -> tuple[int, int]:
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    return start, end


def looks_like_heading(line: str) -> bool:
    """A short line without closing punctuation: a heading, a label or a list item."""
    words = line.split()
    return 0 < len(words) <= 10 and not line.rstrip().endswith((".", ",", ";"))


def _is_section_break(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return (len(letters) > 3 and all(c.isupper() for c in letters)) or line.rstrip().endswith((".", "!", "?"))


# A table cell that refuses its row: "Not offered" in any column, a bare "No" or "None" under a
# column that asks whether the row is offered or treated ("Treated here?").
_REFUSING_CELL = re.compile(r"^(?:not (?:offered|available|provided|accepted)|unavailable)(?:\s*\([^)]*\))?$", re.I)
_BARE_NO_CELL = re.compile(r"^(?:no|none|n/a)(?:\s*\([^)]*\))?$", re.I)
_OFFER_COLUMN = re.compile(r"^[^.!]{0,40}\b(?:treat\w*|offer\w*|available|provided?)\b[^.!]{0,20}\?$", re.I)
# cells that close the row before: "Yes", a price, another refusal, a sentence
_ROW_END = re.compile(r"^(?:yes|✓|✔|no|none|n/a|not \w+)\b|\$\s?\d|[.!?]$", re.I)
_ROW_CELLS = 5
_LIST_ITEM = re.compile(r"^[-–•*·]\s")


def _refused_rows(lines: list[str]) -> set[int]:
    """Indices of the lines in a table row whose last cell refuses it."""
    refused: set[int] = set()
    offer_column = -100
    for index, line in enumerate(lines):
        if _OFFER_COLUMN.match(line):
            offer_column = index
        refuses = _REFUSING_CELL.match(line) or (_BARE_NO_CELL.match(line) and index - offer_column <= 40)
        if line.isupper() or not refuses:
            continue  # "NOT OFFERED" in capitals heads the list after it
        for back in range(index - 1, max(-1, index - 1 - _ROW_CELLS), -1):
            if _ROW_END.search(lines[back]) or _LIST_ITEM.match(lines[back]) or not looks_like_heading(lines[back]):
                break
            refused.add(back)
    return refused


@dataclass
class _Draft:
    text: str
    line: str
    line_no: int
    offset: int
    heading: str | None
    is_heading: bool
    negative_section: bool
    masked: str = ""


def sentences(pages: Iterable[PageText]) -> Iterator[Sentence]:
    """Every sentence of every page, in reading order, with its heading and, for a yes/no
    question, the sentence that answers it."""
    for page in pages:
        drafts = list(_drafts(page.text))
        others = partner_names(page.text)
        built: list[Sentence | None] = [None] * len(drafts)
        for index in range(len(drafts) - 1, -1, -1):
            draft = drafts[index]
            answer = built[index + 1] if index + 1 < len(drafts) else None
            if answer is not None and answer.is_question:
                answer = None
            is_question = draft.text.rstrip(" " + _CLOSERS).endswith("?")
            built[index] = Sentence(draft.text, page.url, draft.heading, draft.is_heading, draft.line,
                                    draft.line_no, draft.offset, answer if is_question else None,
                                    draft.negative_section, others, draft.masked)
        yield from (sentence for sentence in built if sentence is not None)


def _blank_where(masked: str, quoted: str) -> str:
    """`masked` with the characters blanked in `quoted` blanked too (both the same length)."""
    return "".join(" " if q == " " else m for m, q in zip(masked, quoted, strict=True))


def partner_names(text: str) -> tuple[str, ...]:
    """Other practices the page names as partners or successors, and their short names."""
    names: set[str] = set()
    for found in _PARTNER_NAME.finditer(text):
        name = found.group("name")
        names.add(name)
        first, second = name.split()[:2]
        # a first word the page also uses in other names ("Westbrook University Health") is a
        # place or a parent institution, not the partner's short name
        if not re.search(rf"\b{re.escape(first)}\s+(?!{re.escape(second)}\b)[A-Z]", text):
            names.add(first)
    return tuple(sorted(names))


def _drafts(text: str) -> Iterator[_Draft]:
    heading: str | None = None
    negative_lines = 0
    raw_lines = text.split("\n")
    stripped = [raw.strip() for raw in raw_lines]
    kept = [index for index, line in enumerate(stripped) if line]
    refused = {kept[i] for i in _refused_rows([stripped[index] for index in kept])}
    for line_no, line in enumerate(stripped):
        if not line:
            continue
        is_heading = looks_like_heading(line)
        if negative_lines and _is_section_break(line):
            negative_lines = 0
        lead = bool(_NEGATIVE_LEAD.match(line))
        # a quotation can run over several sentences ("“I was skeptical. ... It cured my depression.”")
        quoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), line) if _QUOTE_MARK.search(line) else line
        for start, end in _sentence_spans(line):
            denied = negative_lines > 0 or (lead and start == 0) or line_no in refused
            text = line[start:end]
            own = quoted[start:end]
            masked = mask(text) if own == text else _blank_where(mask(text), own)
            yield _Draft(text, line, line_no, start, heading, is_heading, denied, masked)
        if negative_lines:
            negative_lines -= 1
        if _NEGATIVE_HEADING.match(line):
            negative_lines = 12
        # a cell holding only a dash or an amount ("—", "$550") labels nothing: the row's label stays the heading
        if is_heading and any(c.isalpha() for c in line):
            heading = line
