"""How a clinic's pages changed: line diffs between stored page versions, for maintainers.

Compared are the version a maintainer last approved (the newest fetched before the approval)
and the latest one; a clinic never approved compares each page's last two versions.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from directory.models import Page, PageVersion, as_utc

#: Unchanged lines shown around each change.
CONTEXT = 2


@dataclass(frozen=True)
class DiffLine:
    """One line of a diff: `same`, `added` or `removed`, with its line number in the old or new text."""

    kind: str
    text: str
    number: int


@dataclass(frozen=True)
class VersionInfo:
    """A stored version of a page: when it was fetched and the hash of its visible text."""

    id: int
    content_hash: str
    fetched_at: datetime


@dataclass
class PageChange:
    """One page whose visible text changed between two versions (`before` None: a new page)."""

    url: str
    title: str | None
    before: VersionInfo | None
    after: VersionInfo
    hunks: list[list[DiffLine]] = field(default_factory=list)
    added: int = 0
    removed: int = 0
    truncated: bool = False
    text_missing: bool = False


def line_diff(before: str, after: str, *, max_lines: int = 200) -> tuple[list[list[DiffLine]], int, int, bool]:
    """Hunks of changed lines with a little context, the numbers of added and removed lines, and
    whether the hunks were cut at `max_lines` lines."""
    old, new = before.splitlines(), after.splitlines()
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    hunks: list[list[DiffLine]] = []
    added = removed = shown = 0
    truncated = False
    for group in matcher.get_grouped_opcodes(CONTEXT):
        hunk: list[DiffLine] = []
        for tag, i1, i2, j1, j2 in group:
            lines: list[DiffLine] = []
            if tag == "equal":
                lines = [DiffLine("same", new[j], j + 1) for j in range(j1, j2)]
            if tag in ("replace", "delete"):
                lines += [DiffLine("removed", old[i], i + 1) for i in range(i1, i2)]
                removed += i2 - i1
            if tag in ("replace", "insert"):
                lines += [DiffLine("added", new[j], j + 1) for j in range(j1, j2)]
                added += j2 - j1
            room = max_lines - shown
            if len(lines) > room:
                truncated = True
            hunk += lines[:room]
            shown += min(len(lines), room)
        if hunk:
            hunks.append(hunk)
    return hunks, added, removed, truncated


def _versions(session: Session, page_ids: list[int]) -> dict[int, list[VersionInfo]]:
    rows = session.exec(
        select(PageVersion.id, PageVersion.page_id, PageVersion.content_hash, PageVersion.fetched_at)
        .where(col(PageVersion.page_id).in_(page_ids))
        .order_by(col(PageVersion.page_id), col(PageVersion.fetched_at), col(PageVersion.id))
    ).all()
    versions: dict[int, list[VersionInfo]] = {}
    for version_id, page_id, content_hash, fetched_at in rows:
        versions.setdefault(page_id, []).append(VersionInfo(version_id, content_hash, as_utc(fetched_at)))
    return versions


def _pair(versions: list[VersionInfo], since: datetime | None) -> tuple[VersionInfo | None, VersionInfo] | None:
    """The versions to compare, or None when the page did not change."""
    latest = versions[-1]
    if since is None:
        return (versions[-2], latest) if len(versions) > 1 else None
    seen = [v for v in versions if v.fetched_at <= since]
    before = seen[-1] if seen else None
    if before is not None and before.content_hash == latest.content_hash:
        return None
    return before, latest


def page_changes(
    *, session: Session, clinic_id: int, since: datetime | None, max_pages: int = 10, max_lines: int = 200
) -> list[PageChange]:
    """The clinic's pages whose text changed since `since` (an approval), or between their last two
    versions when `since` is None; newest change first, at most `max_pages`."""
    pages = session.exec(select(Page.id, Page.url, Page.title).where(Page.clinic_id == clinic_id)).all()
    versions = _versions(session, [page_id for page_id, _, _ in pages if page_id is not None])
    moment = as_utc(since) if since else None
    pairs = []
    for page_id, url, title in pages:
        pair = _pair(versions[page_id], moment) if versions.get(page_id) else None
        if pair is not None:
            pairs.append((url, title, *pair))
    pairs.sort(key=lambda item: (-item[3].fetched_at.timestamp(), item[0]))
    pairs = pairs[:max_pages]
    wanted = [v.id for _, _, before, after in pairs for v in (before, after) if v is not None]
    texts = dict(session.exec(select(PageVersion.id, PageVersion.text).where(col(PageVersion.id).in_(wanted))).all())
    changes = []
    for url, title, before, after in pairs:
        change = PageChange(url=url, title=title, before=before, after=after)
        old = "" if before is None else texts.get(before.id)
        new = texts.get(after.id)
        if old is None or new is None:
            change.text_missing = True
        else:
            change.hunks, change.added, change.removed, change.truncated = line_diff(old, new, max_lines=max_lines)
        changes.append(change)
    return changes
