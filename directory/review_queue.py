"""The maintainers' review queue, built from a list of small sources.

Each source is a `QueueSource`: a kind, a heading, and a function that turns a `QueueContext`
into `QueueItem`s. To add one, write its function and append a `QueueSource` to `QUEUE_SOURCES`;
nothing else changes. Items about something other than a stored clinic set their own `subject`
(discovery candidates are "candidate"), and the web maps each subject to its review page; an
item's `anchor` points at the part of that page it is about (page changes, overrides).

"Pending" clinics are those whose listing differs from what a maintainer last approved (or was
never approved); clinic-state sources only report pending clinics, so approving clears them
until the listing changes again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from sqlmodel import Session, col, select

from directory.approvals import changes, latest_approvals, normalised, snapshot
from directory.corrections import KINDS, RELATIONSHIPS
from directory.models import Candidate, Clinic, ClinicFact, ClinicReview, CorrectionRequest, Override, Score
from scoring.criteria import CRITERIA

#: Criteria scored with less confidence than this (nothing stated on a small site) need a look.
LOW_CONFIDENCE = 0.5
#: Where the clinic review page shows how the site's pages changed, and the open overrides.
PAGE_CHANGES_ANCHOR, OVERRIDES_ANCHOR = "page-changes", "overrides"
CRITERION_TITLES = {criterion.key: criterion.title for criterion in CRITERIA}


@dataclass(frozen=True)
class QueueItem:
    """One thing for a maintainer to look at."""

    kind: str
    subject: str  # what the item is about: "clinic" here; other sources may add their own
    subject_id: int
    title: str
    summary: str
    since: datetime | None = None
    clinic_id: int | None = None
    hidden: bool = False
    anchor: str | None = None  # the part of the review page that shows what the item is about


@dataclass
class QueueContext:
    """What the sources share, loaded once per queue build."""

    session: Session
    clinics: dict[int, Clinic]
    approved: dict[int, ClinicReview]
    only_clinic: int | None = None

    @cached_property
    def pending(self) -> set[int]:
        """Clinics never approved, or whose listing changed since the last approval."""
        return {
            cid for cid, clinic in self.clinics.items()
            if cid not in self.approved or normalised(self.approved[cid].snapshot) != normalised(snapshot(clinic))
        }

    def clinic_item(
        self, kind: str, clinic: Clinic, summary: str, since: datetime | None, anchor: str | None = None
    ) -> QueueItem:
        """An item about a stored clinic."""
        assert clinic.id is not None
        return QueueItem(kind=kind, subject="clinic", subject_id=clinic.id, title=clinic.name, summary=summary,
                         since=since, clinic_id=clinic.id, hidden=clinic.hidden, anchor=anchor)


@dataclass(frozen=True)
class QueueSource:
    """One kind of queue item and how to find them."""

    kind: str
    label: str
    description: str
    collect: Callable[[QueueContext], Iterable[QueueItem]]


@dataclass
class QueueSection:
    """A source with the items it found."""

    source: QueueSource
    items: list[QueueItem] = field(default_factory=list)


def _grade(clinic: Clinic) -> str:
    return "not graded" if clinic.grade is None else f"grade {clinic.grade} ({clinic.overall_score})"


def new_clinics(ctx: QueueContext) -> Iterable[QueueItem]:
    """Clinics no maintainer has approved yet."""
    for cid, clinic in ctx.clinics.items():
        if cid not in ctx.approved:
            yield ctx.clinic_item("new", clinic, f"Never reviewed; {_grade(clinic)}.", clinic.first_seen_at)


def changed_listings(ctx: QueueContext) -> Iterable[QueueItem]:
    """Approved clinics whose score, grade, status or facts changed since the approval."""
    for cid in sorted(ctx.pending):
        approval = ctx.approved.get(cid)
        if approval is None:
            continue
        clinic = ctx.clinics[cid]
        diff = changes(approval.snapshot, snapshot(clinic))
        summary = "; ".join(f"{c.field}: {c.before} → {c.after}" for c in diff[:3])
        if len(diff) > 3:
            summary += f"; and {len(diff) - 3} more"
        yield ctx.clinic_item("changed", clinic, f"Since approval on {approval.reviewed_at:%Y-%m-%d}: {summary}.",
                              clinic.last_checked_at, anchor=PAGE_CHANGES_ANCHOR)


def _pending_ids(ctx: QueueContext) -> list[int]:
    return sorted(ctx.pending)


def low_confidence(ctx: QueueContext) -> Iterable[QueueItem]:
    """Pending clinics with criteria scored on too little of their site to trust a 'not stated'."""
    ids = _pending_ids(ctx)
    if not ids:
        return
    query = (
        select(Score).join(Clinic, col(Clinic.id) == col(Score.clinic_id))
        .where(col(Score.clinic_id).in_(ids), col(Score.criteria_version) == col(Clinic.criteria_version),
               Score.criterion != "overall", col(Score.confidence) < LOW_CONFIDENCE)
        .order_by(col(Score.clinic_id), col(Score.criterion))
    )
    weak: dict[int, list[Score]] = {}
    for score in ctx.session.exec(query).all():
        weak.setdefault(score.clinic_id, []).append(score)
    for cid, scores in weak.items():
        listed = ", ".join(
            f"{s.criterion.replace('_', ' ')} ({'not stated' if not s.stated else s.score}, {s.confidence:.2f})"
            for s in scores
        )
        yield ctx.clinic_item("low_confidence", ctx.clinics[cid], f"Low confidence: {listed}.",
                              ctx.clinics[cid].last_checked_at)


def red_flags(ctx: QueueContext) -> Iterable[QueueItem]:
    """Pending clinics whose pages raised red flags."""
    ids = _pending_ids(ctx)
    if not ids:
        return
    query = (
        select(ClinicFact).where(col(ClinicFact.clinic_id).in_(ids), ClinicFact.fact == "red_flags")
        .order_by(col(ClinicFact.clinic_id), col(ClinicFact.code))
    )
    kinds: dict[int, list[str]] = {}
    for row in ctx.session.exec(query).all():
        kinds.setdefault(row.clinic_id, []).append(row.code.replace("_", " "))
    for cid, codes in kinds.items():
        yield ctx.clinic_item("red_flags", ctx.clinics[cid], f"Red flags: {', '.join(codes)}.",
                              ctx.clinics[cid].last_checked_at)


def correction_requests(ctx: QueueContext) -> Iterable[QueueItem]:
    """Open correction and removal requests, oldest first."""
    query = select(CorrectionRequest).where(CorrectionRequest.status == "open")
    if ctx.only_clinic is not None:
        query = query.where(CorrectionRequest.clinic_id == ctx.only_clinic)
    for request in ctx.session.exec(query.order_by(col(CorrectionRequest.created_at))).all():
        clinic = ctx.clinics.get(request.clinic_id)
        if clinic is None:
            continue
        excerpt = request.message if len(request.message) <= 90 else request.message[:87] + "…"
        who = RELATIONSHIPS.get(request.relationship, request.relationship).lower()
        summary = f"{KINDS.get(request.kind, request.kind)} — from {request.name} ({who}): {excerpt}"
        yield ctx.clinic_item("corrections", clinic, summary, request.created_at)


def overrides_to_review(ctx: QueueContext) -> Iterable[QueueItem]:
    """Maintainers' overrides whose evidence changed: the computed score applies until one is confirmed."""
    query = select(Override).where(Override.status == "needs_review")
    if ctx.only_clinic is not None:
        query = query.where(Override.clinic_id == ctx.only_clinic)
    for override in ctx.session.exec(query.order_by(col(Override.flagged_at), col(Override.id))).all():
        clinic = ctx.clinics.get(override.clinic_id)
        if clinic is None:
            continue
        computed = "no score" if override.computed_score is None else override.computed_score
        title = CRITERION_TITLES.get(override.criterion, override.criterion)
        summary = (f"Override of “{title}” to {override.score} by {override.author}: "
                   f"the evidence changed, so the computed score ({computed}) applies until confirmed or withdrawn.")
        yield ctx.clinic_item("overrides", clinic, summary, override.flagged_at, anchor=OVERRIDES_ANCHOR)


def discovery_candidates(ctx: QueueContext) -> Iterable[QueueItem]:
    """Possible clinic sites found on listing pages, not yet accepted or rejected."""
    if ctx.only_clinic is not None:
        return
    query = select(Candidate).where(Candidate.status == "new").order_by(col(Candidate.found_at), col(Candidate.id))
    for candidate in ctx.session.exec(query).all():
        assert candidate.id is not None
        yield QueueItem(kind="candidates", subject="candidate", subject_id=candidate.id,
                        title=candidate.name or candidate.domain,
                        summary=f"{candidate.homepage}, linked from {candidate.source_url}.", since=candidate.found_at)


def _with_status(status: str, summary: str) -> Callable[[QueueContext], Iterable[QueueItem]]:
    def collect(ctx: QueueContext) -> Iterable[QueueItem]:
        for cid in _pending_ids(ctx):
            clinic = ctx.clinics[cid]
            if clinic.status == status:
                yield ctx.clinic_item(status, clinic, summary, clinic.last_crawled_at)

    collect.__doc__ = f"Pending clinics whose status is {status}."
    return collect


#: The queue's sources, in the order the queue shows them. Append new sources here.
QUEUE_SOURCES: list[QueueSource] = [
    QueueSource("corrections", "Correction and removal requests",
                "Sent by clinics and patients from clinic pages. Removal is never automatic: hide the clinic "
                "if the request is justified, then resolve it.", correction_requests),
    QueueSource("new", "New clinics", "Clinics no maintainer has approved yet.", new_clinics),
    QueueSource("candidates", "Discovery candidates",
                "Sites found on directory and association listings. Accepting one only queues it for crawling; "
                "nothing is listed before a crawl and a review.", discovery_candidates),
    QueueSource("changed", "Changed listings",
                "Score, grade, status or facts differ from what a maintainer last approved.", changed_listings),
    QueueSource("red_flags", "Red flags", "Pages promise cures, guarantees or safety, or look closed or "
                "templated.", red_flags),
    QueueSource("overrides", "Overrides to review",
                "Maintainers' scores whose evidence changed since they were made: confirm them on the new evidence "
                "or withdraw them.", overrides_to_review),
    QueueSource("low_confidence", "Low-confidence criteria",
                f"Criteria scored with confidence below {LOW_CONFIDENCE}: too little of the site was read to "
                "trust a 'not stated'.", low_confidence),
    QueueSource("unreachable", "Unreachable clinics", "The clinic's site could not be crawled.",
                _with_status("unreachable", "The site could not be reached on recent crawls.")),
    QueueSource("closed", "Closed clinics", "The clinic's own site says it has closed.",
                _with_status("closed", "The site says the clinic has closed.")),
]


def source_kinds(sources: list[QueueSource] | None = None) -> list[str]:
    """The kinds of items the queue can hold."""
    return [source.kind for source in (sources if sources is not None else QUEUE_SOURCES)]


def _context(session: Session, clinic_id: int | None) -> QueueContext:
    query = select(Clinic)
    if clinic_id is not None:
        query = query.where(Clinic.id == clinic_id)
    clinics = {c.id: c for c in session.exec(query).all() if c.id is not None}
    approved = latest_approvals(session=session, clinic_ids=None if clinic_id is None else [clinic_id])
    return QueueContext(session=session, clinics=clinics, approved=approved, only_clinic=clinic_id)


def build_queue(
    *, session: Session, kinds: list[str] | None = None, clinic_id: int | None = None,
    sources: list[QueueSource] | None = None,
) -> list[QueueSection]:
    """The queue, one section per source (optionally only some kinds, or one clinic's items)."""
    ctx = _context(session, clinic_id)
    sections = []
    for source in sources if sources is not None else QUEUE_SOURCES:
        if kinds and source.kind not in kinds:
            continue
        sections.append(QueueSection(source, list(source.collect(ctx))))
    return sections
