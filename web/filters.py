"""Jinja filters the templates share: distances, dates, phone numbers, fact labels, source pages, inline markdown."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

import phonenumbers
from flask import Flask
from markupsafe import Markup, escape

from directory.vocabulary import STATUSES, label


def miles(value: float) -> str:
    """A distance to one decimal."""
    return f"{value:.1f}"


def plain_number(value: float) -> str:
    """A number without a needless decimal point (25, 12.5)."""
    return f"{value:g}"


def long_date(value: datetime | None, missing: str = "never") -> str:
    """A date as patients read it: March 4, 2025."""
    return missing if value is None else f"{value:%B} {value.day}, {value.year}"


def phone(value: str | None) -> str:
    """An E.164 number as dialled at home: (303) 555-0142 in the US, international elsewhere."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "US")
    except phonenumbers.NumberParseException:
        return value
    style = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(number, style.NATIONAL if number.country_code == 1 else style.INTERNATIONAL)


def fact_label(code: str, fact: str) -> str:
    """The plain-language label of a fact's code."""
    return label(fact, str(code))


def page_name(url: str, titles: dict[str, str | None] | None = None, site_name: str | None = None) -> str:
    """A source page by its title when known (without the site's name), else by its path ("home page"
    for the root)."""
    title = ((titles or {}).get(url) or "").strip()
    if site_name and title.lower().endswith(site_name.lower()):
        title = title[: -len(site_name)].rstrip(" |-–—·:")
    if title:
        return title
    parts = urlsplit(url)
    path = parts.path.strip("/") + (f"?{parts.query}" if parts.query else "")
    return path or "home page"


_CODE = re.compile(r"`([^`]+)`")
_EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")


def inline_markdown(text: str) -> Markup:
    """`code` and *emphasis* as HTML, everything else escaped (the README and the site share these texts)."""
    parts = _CODE.split(str(text))  # odd items are code spans, where an asterisk is literal
    return Markup("").join(
        Markup("<code>%s</code>") % part if i % 2 else Markup(_EMPHASIS.sub(r"<em>\1</em>", str(escape(part))))
        for i, part in enumerate(parts)
    )


def init_app(app: Flask) -> None:
    """Register the filters, and what clinic statuses mean (for macros imported without context)."""
    app.jinja_env.globals["clinic_statuses"] = STATUSES
    for name, function in [("miles", miles), ("plain_number", plain_number), ("long_date", long_date),
                           ("phone", phone), ("fact_label", fact_label), ("page_name", page_name),
                           ("inline_markdown", inline_markdown)]:
        app.jinja_env.filters[name] = function
