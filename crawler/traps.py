"""Link traps: calendars, endless query strings and looping paths, bounded per site."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qsl, urlsplit

_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b", re.I)
MAX_URL_LENGTH = 300
MAX_PATH_SEGMENTS = 8
MAX_QUERY_PARAMS = 4
MAX_QUERY_LENGTH = 150


def url_pattern(url: str) -> str:
    """The shape of a URL: numbers and month names blanked, query values dropped."""
    parts = urlsplit(url)
    path = _MONTHS.sub("M", re.sub(r"\d+", "N", parts.path.lower()))
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return f"{path}?{'&'.join(keys)}" if keys else path


class TrapGuard:
    """Refuses URLs that look like traps, and more than `per_pattern` URLs of one shape."""

    def __init__(self, per_pattern: int = 10) -> None:
        self.per_pattern = per_pattern
        self.counts: Counter[str] = Counter()

    def refuse(self, url: str) -> str | None:
        """Why the URL is refused, or None (and it is counted) when it may be crawled."""
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(url) > MAX_URL_LENGTH:
            return "URL too long"
        if len(segments) > MAX_PATH_SEGMENTS or (segments and Counter(segments).most_common(1)[0][1] >= 3):
            return "path too deep or repeating"
        params = parse_qsl(parts.query, keep_blank_values=True)
        if len(params) > MAX_QUERY_PARAMS or len(parts.query) > MAX_QUERY_LENGTH:
            return "query string too long"
        pattern = url_pattern(url)
        if self.counts[pattern] >= self.per_pattern:
            return f"more than {self.per_pattern} URLs shaped {pattern}"
        self.counts[pattern] += 1
        return None
