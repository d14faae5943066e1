"""What a response holds: HTML or not, binary in disguise, and its text in the right charset."""

from __future__ import annotations

import codecs

from w3lib.encoding import html_to_unicode

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13))


def media_type(content_type: bytes | str | None) -> str:
    """'text/html' from 'text/html; charset=utf-8' (empty when absent)."""
    if isinstance(content_type, bytes):
        content_type = content_type.decode("latin-1")
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_html_type(content_type: bytes | str | None) -> bool:
    """Whether a Content-Type announces HTML; a missing one is given the benefit of the doubt."""
    kind = media_type(content_type)
    return not kind or kind in _HTML_TYPES


def looks_binary(body: bytes) -> bool:
    """Whether a body is binary data (NUL or many control bytes) whatever its Content-Type says."""
    sample = body[:4096]
    if not sample or sample.startswith(_BOMS):
        return False
    if b"\x00" in sample:
        return True
    return sum(sample.count(bytes([b])) for b in _CONTROL) > len(sample) * 0.05


def decode_html(body: bytes, content_type: bytes | str | None) -> str:
    """The text of an HTML body, surviving a wrong or missing charset.

    Valid UTF-8 is taken as UTF-8 even when the server claims Latin-1 (a byte sequence that
    decodes as UTF-8 is almost never meant as anything else); a page that claims UTF-8 but is
    not falls back to Windows-1252, the usual real encoding of such pages.
    """
    if not body.startswith(_BOMS):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    header = content_type.decode("latin-1") if isinstance(content_type, bytes) else content_type
    encoding, text = html_to_unicode(header, body)
    if encoding.replace("-", "").lower() in {"utf8", "utf8sig"} and "\ufffd" in text:
        return body.decode("cp1252", errors="replace")
    return text
