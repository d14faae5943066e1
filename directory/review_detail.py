"""Everything the per-clinic review page shows, gathered in one call."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from directory.approvals import Change, approval_history, changes, snapshot
from directory.audit import entries
from directory.corrections import requests_for_clinic
from directory.models import AuditLog, ClinicReview, CorrectionRequest, Override, SiteCrawl
from directory.overrides import open_overrides
from directory.page_diff import PageChange, page_changes
from directory.queries import ClinicDetail, clinic_detail
from directory.review_queue import QueueItem, build_queue


@dataclass
class ReviewDetail:
    """A clinic as maintainers review it: the public detail plus the review trail."""

    detail: ClinicDetail
    queue_items: list[QueueItem]
    approvals: list[ClinicReview]
    changes: list[Change]
    corrections: list[CorrectionRequest]
    crawls: list[SiteCrawl]
    audit: list[AuditLog] = field(default_factory=list)
    overrides: dict[str, Override] = field(default_factory=dict)
    page_changes: list[PageChange] = field(default_factory=list)

    @property
    def criteria_by_page(self) -> dict[str, list[str]]:
        """For each page, the criteria whose current evidence quotes it."""
        found: dict[str, list[str]] = {}
        for criterion, findings in self.detail.findings.items():
            for url in dict.fromkeys(f.page_url for f in findings):
                found.setdefault(url, []).append(criterion)
        return found

    @property
    def open_corrections(self) -> list[CorrectionRequest]:
        """Requests still waiting for a maintainer."""
        return [r for r in self.corrections if r.status == "open"]


def site_crawls(*, session: Session, clinic_id: int, limit: int = 10) -> list[SiteCrawl]:
    """The clinic's most recent per-site crawl reports, newest first."""
    query = select(SiteCrawl).where(SiteCrawl.clinic_id == clinic_id)
    return list(session.exec(query.order_by(col(SiteCrawl.id).desc()).limit(limit)).all())


def review_detail(*, session: Session, clinic_id: int) -> ReviewDetail | None:
    """The review page's data for one clinic, hidden or not; None when there is no such clinic."""
    detail = clinic_detail(session=session, clinic_id=clinic_id)
    if detail is None:
        return None
    approvals = approval_history(session=session, clinic_id=clinic_id)
    since = approvals[0].reviewed_at if approvals else None
    return ReviewDetail(
        detail=detail,
        queue_items=[item for section in build_queue(session=session, clinic_id=clinic_id) for item in section.items],
        approvals=approvals,
        changes=changes(approvals[0].snapshot, snapshot(detail.clinic)) if approvals else [],
        corrections=requests_for_clinic(session=session, clinic_id=clinic_id),
        crawls=site_crawls(session=session, clinic_id=clinic_id),
        audit=entries(session=session, clinic_id=clinic_id, limit=20),
        overrides=open_overrides(session=session, clinic_id=clinic_id),
        page_changes=page_changes(session=session, clinic_id=clinic_id, since=since),
    )
