"""Visible text of an HTML page, one block of text per line."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas"}
_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "option", "button", "label", "select",
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_NEWLINES = re.compile(r"[\r\n]+")


def parse_html(html: str | bytes) -> etree._Element | None:
    """Parse HTML leniently; None when there is nothing to parse."""
    if not html or not html.strip():
        return None
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _is_hidden(el: etree._Element) -> bool:
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _inline(text: str) -> str:
    """Source line breaks inside running text are spaces; only blocks break lines."""
    return _NEWLINES.sub(" ", text)


def _walk(el: etree._Element, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _SKIP or (tag and _is_hidden(el)):
        if el.tail:
            out.append(_inline(el.tail))
        return
    block = tag in _BLOCK
    if block:
        out.append("\n")
    if tag and el.text:
        out.append(el.text if tag == "pre" else _inline(el.text))
    for child in el:
        _walk(child, out)
    if block:
        out.append("\n")
    if el.tail:
        out.append(_inline(el.tail))


def visible_text(root: etree._Element | None) -> str:
    """The text a reader sees, with block elements on their own lines and spaces collapsed."""
    if root is None:
        return ""
    body = root.find(".//body")
    out: list[str] = []
    _walk(body if body is not None else root, out)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line)


def page_title(root: etree._Element | None) -> str | None:
    """The document title, whitespace-collapsed."""
    if root is None:
        return None
    title = root.findtext(".//title")
    return _SPACES.sub(" ", title).strip() or None if title else None


def meta_content(root: etree._Element | None, *names: str) -> str | None:
    """The content of the first <meta name|property=...> among names."""
    if root is None:
        return None
    for name in names:
        for el in root.iter("meta"):
            if name in (el.get("name"), el.get("property")) and (content := el.get("content")):
                return content.strip()
    return None
