"""`clinics inspect`: extract and score one page on its own, as a one-page site."""

from __future__ import annotations

import contextlib
import re
import urllib.request
import urllib.robotparser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from crawler.extract.contact import find_addresses, find_phones
from crawler.extract.identity import consolidate
from crawler.extract.page import PageExtract, extract_page
from directory.config import get_settings
from scoring.model import PageText
from scoring.run import score_site


class InspectError(RuntimeError):
    """The page could not be read."""


def _fetch(url: str) -> str:
    settings = get_settings()
    robots = urllib.robotparser.RobotFileParser(urljoin(url, "/robots.txt"))
    with contextlib.suppress(OSError):  # no robots.txt reachable: the page itself decides
        robots.read()
    if robots.last_checked and not robots.can_fetch(settings.user_agent, url):
        raise InspectError(f"robots.txt of {url} forbids fetching it")
    request = urllib.request.Request(url, headers={"User-Agent": settings.full_user_agent})
    try:
        with urllib.request.urlopen(request, timeout=settings.download_timeout) as response:
            body = response.read(settings.max_page_bytes)
            charset = response.headers.get_content_charset() or "utf-8"
    except OSError as exc:
        raise InspectError(f"could not fetch {url}: {exc}") from exc
    return body.decode(charset, errors="replace")


def _read(source: str) -> PageExtract:
    if source.startswith(("http://", "https://")):
        return extract_page(_fetch(source), source)
    path = Path(source)
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InspectError(f"cannot read {source}: {exc.strerror}") from exc
    url = path.resolve().as_uri()
    if path.suffix.lower() in {".txt", ".text", ".md"}:
        text = plain_text(raw)
        return PageExtract(url=url, title=None, text=text, structured={"json-ld": [], "microdata": []},
                           entities=[], addresses=find_addresses(text), phones=find_phones(text))
    return extract_page(raw, url)


_CONTINUES = re.compile(r"^[a-z(]")
_LIST_ITEM = re.compile(r"^(?:[-*•+=]|\d+[.)]\s|\*\*\*)")


def plain_text(raw: str) -> str:
    """The lines of a plain-text page, with paragraphs hard-wrapped by the author joined up again."""
    lines: list[str] = []
    previous = ""
    for raw_line in raw.splitlines():
        line = raw_line.strip()
        if not line:
            previous = ""
            continue
        if previous and _wrapped(previous, line):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
        previous = line
    return "\n".join(lines)


def _wrapped(previous: str, line: str) -> bool:
    if (_LIST_ITEM.match(line) or previous.isupper() or line.isupper() or "...." in previous
            or not re.search(r"[a-z]{2}", previous)):
        return False
    if _CONTINUES.match(line):
        return True
    ends_sentence = previous.endswith((".", "!", "?", ":")) and not re.search(r"\b[A-Z]\.$", previous)
    return len(previous) >= 60 and not ends_sentence and not previous[-1].isdigit()


def inspect_source(source: str) -> dict[str, Any]:
    """The `inspect` JSON of VOCABULARY.md for one file or URL."""
    page = _read(source)
    identity = consolidate([page])
    report = score_site([PageText(url=page.url, text=page.text, title=page.title)])
    return {
        "clinic": {
            "name": identity.name,
            "locations": [
                {"street": loc.street, "city": loc.city, "state": loc.state, "zip": loc.zip, "lat": loc.lat,
                 "lon": loc.lon, "phone": loc.phone}
                for loc in identity.locations
            ],
        },
        "facts": report.facts,
        "findings": [f.as_dict() for f in report.findings],
        "scores": report.scores(),
    }


def format_report(data: dict[str, Any]) -> str:
    """A readable text rendering of the inspect result."""
    lines = [f"Clinic: {data['clinic']['name'] or '(name not found)'}"]
    for loc in data["clinic"]["locations"]:
        parts = [loc["street"], loc["city"], loc["state"], loc["zip"], loc["phone"]]
        lines.append("  " + ", ".join(str(p) for p in parts if p))
    lines.append("")
    scores = data["scores"]
    lines.append(f"Grade {scores['grade']} (overall {scores['overall']}/100)")
    for key, value in scores.items():
        if key not in {"overall", "grade"}:
            lines.append(f"  {key:<14} {value:>3}")
    lines.append("")
    for finding in data["findings"]:
        value = f" = {finding['value']}" if "value" in finding else ""
        lines.append(f"[{finding['fact']}: {finding['code']}{value}] \"{finding['quote']}\"")
    return "\n".join(lines)
