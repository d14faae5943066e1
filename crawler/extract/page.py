"""Everything read from one HTML page, in one pass over its markup."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from crawler.extract.contact import TextAddress, find_addresses, find_phones, normalise_phone
from crawler.extract.structured import StructuredEntity, clinic_entities, extract_structured
from crawler.extract.text import meta_content, page_title, parse_html, visible_text


@dataclass
class PageExtract:
    """A page's text, structured data and contact candidates."""

    url: str
    title: str | None
    text: str
    structured: dict[str, list[Any]]
    entities: list[StructuredEntity]
    addresses: list[TextAddress]
    phones: list[tuple[str, bool]]
    tel_links: list[str] = field(default_factory=list)
    site_name: str | None = None
    links: list[tuple[str, str]] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """SHA-256 of the visible text: unchanged text means an unchanged page."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _tel_links(root: Any) -> list[str]:
    phones = []
    for el in root.iter("a"):
        href = (el.get("href") or "").strip()
        if href.lower().startswith("tel:") and (e164 := normalise_phone(href[4:])):
            phones.append(e164)
    return phones


#: Links read per page: enough for any clinic's navigation, and a page of 100,000 links stays cheap.
MAX_LINKS_PER_PAGE = 1000
#: Contact details are read from the head and the tail (footer) of very long texts only.
CONTACT_HEAD, CONTACT_TAIL = 60_000, 20_000


_join = functools.lru_cache(maxsize=65536)(urljoin)  # navigation links repeat on every page of a site
#: a reference that keeps nothing of its base but the scheme and host: "/path" or "scheme://host..."
_BASE_PATH_FREE = re.compile(r"/(?!/)|[A-Za-z][A-Za-z0-9+.-]*://[^/?#]")


def _joiner(base_url: str) -> Callable[[str], str]:
    """urljoin against one base, memoised across the pages of a site: a root-relative or absolute
    link resolves the same from every page of the same origin, so it is joined against the origin."""
    try:
        parts = urlsplit(base_url)
    except ValueError:  # e.g. an invalid IPv6 host: every link then fails to join, as it would
        parts = None
    if parts is None or not (parts.scheme and parts.netloc):
        return functools.partial(_join, base_url)
    origin = f"{parts.scheme}://{parts.netloc}/"

    def join(href: str) -> str:
        return _join(origin if _BASE_PATH_FREE.match(href) else base_url, href)

    return join


def page_links(root: Any, url: str, limit: int = MAX_LINKS_PER_PAGE) -> list[tuple[str, str]]:
    """(absolute URL, anchor text) of the first `limit` links, in document order."""
    if root is None:
        return []
    base = root.find(".//base")
    base_url = urljoin(url, base.get("href") or "") if base is not None else url
    join = _joiner(base_url)
    links = []
    for el in root.iter("a", "area"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
            continue
        try:
            absolute = join(href)
        except ValueError:  # e.g. an invalid IPv6 host in a hostile page
            continue
        links.append((absolute, " ".join((el.text_content() if el.tag == "a" else el.get("alt") or "").split())[:200]))
        if len(links) >= limit:
            break
    return links


def _contact_text(text: str) -> str:
    if len(text) <= CONTACT_HEAD + CONTACT_TAIL:
        return text
    return text[:CONTACT_HEAD] + "\n" + text[-CONTACT_TAIL:]


def _has_structured_data(html: str) -> bool:
    lowered = html.lower()
    return "application/ld+json" in lowered or "itemscope" in lowered


def extract_page(html: str, url: str) -> PageExtract:
    """Parse a page once and read all it says about the clinic's identity, and its links."""
    root = parse_html(html)
    text = visible_text(root)
    structured: dict[str, list[Any]] = {"json-ld": [], "microdata": []}
    if root is not None and _has_structured_data(html):
        structured = extract_structured(html, url)
    contact = _contact_text(text)
    return PageExtract(
        url=url,
        title=page_title(root),
        text=text,
        structured=structured,
        entities=clinic_entities(structured),
        addresses=find_addresses(contact),
        phones=find_phones(contact),
        tel_links=_tel_links(root) if root is not None else [],
        site_name=meta_content(root, "og:site_name", "application-name"),
        links=page_links(root, url),
    )
