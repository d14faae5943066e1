"""Template leftovers in contact details: "123 Main Street, Anytown", "(555) 555-5555"."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

PLACEHOLDER_TEXT = re.compile(
    r"\b(?:anytown|any town|your city|your street|your address|city,\s*state\s*(?:zip|\d{5})"
    r"|street address here|123 (?:main|fake|any)\b|1234 (?:main|street)\b"
    r"|yourdomain|yoursite|your-?website|domain\.com|email@example)",
    re.I,
)


_PHONE_SHAPE = re.compile(r"(?:\+?1[-. ]?)?\(?\d{3}\)?[-. ]?\d{3}[-. ]\d{4}")


@lru_cache(maxsize=4096)  # a site repeats its few numbers on every page; parsing one costs ~0.1 ms
def is_placeholder_phone(e164: str) -> bool:
    """Template numbers: invalid in the North American plan, or runs like 555-555-5555."""
    try:
        number = phonenumbers.parse(e164, "US")
    except phonenumbers.NumberParseException:
        return True
    digits = e164[-10:]
    return (
        not phonenumbers.is_valid_number(number)
        or len(set(digits)) <= 2
        or digits in {"1234567890", "0123456789"}
        or digits[3:] == "5555555"
    )


def placeholder_phones(text: str) -> list[str]:
    """The raw spellings of placeholder phone numbers in a text."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(text, "US", leniency=phonenumbers.Leniency.POSSIBLE):
        if not _PHONE_SHAPE.fullmatch(match.raw_string.strip()):
            continue
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if is_placeholder_phone(e164):
            found.append(match.raw_string)
    return found
