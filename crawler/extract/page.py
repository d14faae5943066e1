"""Everything read from one HTML page, in one pass over its markup."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

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


def extract_page(html: str, url: str) -> PageExtract:
    """Parse a page once and read all it says about the clinic's identity."""
    root = parse_html(html)
    text = visible_text(root)
    structured = extract_structured(html, url) if root is not None else {"json-ld": [], "microdata": []}
    return PageExtract(
        url=url,
        title=page_title(root),
        text=text,
        structured=structured,
        entities=clinic_entities(structured),
        addresses=find_addresses(text),
        phones=find_phones(text),
        tel_links=_tel_links(root) if root is not None else [],
        site_name=meta_content(root, "og:site_name", "application-name"),
    )
