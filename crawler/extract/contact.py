"""Phones and postal addresses found in a page's visible text, and template placeholders."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import phonenumbers
import usaddress

from directory.geo import gazetteer, state_code
from scoring.placeholders import PLACEHOLDER_TEXT

_STREET_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Boulevard|Blvd|Road|Rd|Drive|Dr|Lane|Ln|Way|Parkway|Pkwy|Court|Ct"
    r"|Place|Pl|Highway|Hwy|Loop|Circle|Cir|Trail|Trl|Square|Sq|Plaza|Plz|Terrace|Ter|Pike|Row"
    r"|Freeway|Fwy|Expressway|Expy|Turnpike|Tpke|Crossing|Xing|Commons|Center|Ctr|Park|Run|Path"
    r"|Broadway|Alameda|Mall|Point|Pt|Landing|Ridge|Hill|Walk)"
)
_DIRECTION = r"(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West|Northeast|Northwest|Southeast|Southwest)\.?"
_UNIT = r"(?:Suite|Ste\.?|Unit|Apt\.?|#|Floor|Fl\.?|Building|Bldg\.?|Room|Rm\.?)\s*[\w-]+"
STREET_RE = re.compile(
    rf"\b\d{{1,6}}[A-Z]?\s+(?:{_DIRECTION}\s+)?(?:[A-Z0-9][\w'’.-]*\s+){{0,4}}?{_STREET_SUFFIX}\b\.?"
    rf"(?:\s+{_DIRECTION}(?![\w']))?(?:\s*,?\s*{_UNIT})?"
)
_STATE_NAMES = (
    r"Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia"
    r"|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts"
    r"|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey"
    r"|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania"
    r"|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington"
    r"|West Virginia|Wisconsin|Wyoming|District of Columbia"
)
LOCALITY_RE = re.compile(
    rf"(?P<city>[A-Z][A-Za-z'’.\-]*(?:\s+(?:[A-Z]|d['’]|de\s|del\s|la\s|du\s)[A-Za-z'’.\-]*){{0,3}}),\s*"
    rf"(?P<state>[A-Z]{{2}}|{_STATE_NAMES})\b\.?(?:,?\s+(?P<zip>\d{{5}})(?:-\d{{4}})?)?"
)

@dataclass
class TextAddress:
    """An address read from text; `line` is the text it was read from."""

    street: str
    city: str | None
    state: str | None
    zip: str | None
    line: str
    line_index: int = 0
    placeholder: bool = False


def normalise_phone(raw: str) -> str | None:
    """E.164 form of a US phone number, or None when it is not a possible number."""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_COPYRIGHT_BEFORE = re.compile(r"(?:©|\(c\)|copyright|\d{4}\s*[-–])\s*$", re.I)
_FAX_BEFORE = re.compile(r"(?:\bfax|\bf)\s*[.:#]?\s*$", re.I)


#: A run of digits and separators with room for seven digits or more: a line without one holds no
#: phone number, so the (slow) matcher reads only the lines that have one.
_DIGIT_RUN = re.compile(r"\d[\d\s().\-+/]{5,}\d")


def _may_hold_phone(line: str) -> bool:
    return any(sum(c.isdigit() for c in run.group(0)) >= 7 for run in _DIGIT_RUN.finditer(line))


def find_phones(text: str) -> list[tuple[str, bool]]:
    """(E.164, is_fax) for every phone number in the text, in order."""
    found: list[tuple[str, bool]] = []
    offset = 0
    for line in text.split("\n"):
        if _may_hold_phone(line):
            for e164, start_in_line in _us_phones_in_line(line):
                start = offset + start_in_line
                before = text[max(0, start - 12) : start]  # may reach into the line above ("Fax:\n")
                found.append((e164, bool(_FAX_BEFORE.search(before))))
        offset += len(line) + 1
    return found


@functools.lru_cache(maxsize=4096)  # a site repeats its footer's numbers on every page
def _us_phones_in_line(line: str) -> tuple[tuple[str, int], ...]:
    """(E.164, start) of each North American number in one line."""
    found = []
    for match in phonenumbers.PhoneNumberMatcher(line, "US", leniency=phonenumbers.Leniency.POSSIBLE):
        e164 = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
        if e164.startswith("+1"):
            found.append((e164, match.start))
    return tuple(found)


def _locality(text: str) -> re.Match[str] | None:
    match = LOCALITY_RE.match(text.lstrip(" ,·-–—|"))
    return match


@functools.lru_cache(maxsize=4096)  # a site repeats its address on every page
def _valid_locality(city: str, state_raw: str, zip_code: str | None) -> tuple[str | None, str | None]:
    state = state_code(state_raw)
    if state is None:
        return None, None
    g = gazetteer()
    if zip_code and (place := g.zip_place(zip_code)) and place.state == state:
        return state, zip_code
    if g.city_place(city, state):
        return state, zip_code if zip_code and g.zip_place(zip_code) else None
    return None, None


def _clean_city(city: str) -> str:
    return city.replace("’", "'").strip(" .")


def _valid_localities(text: str) -> list[tuple[re.Match[str], str, str | None]]:
    """(match, state, zip) of every "City, ST [ZIP]" the gazetteer knows, placeholders left out.

    A match the gazetteer rejects ("Americas, New York") is retried one character on, so it
    cannot hide a valid one it overlaps ("New York, NY 10020").
    """
    found = []
    position = 0
    while (match := LOCALITY_RE.search(text, position)) is not None:
        state, zip_code = _valid_locality(match.group("city"), match.group("state"), match.group("zip"))
        if state is not None and not PLACEHOLDER_TEXT.search(match.group(0)):
            found.append((match, state, zip_code))
            position = match.end()
        else:
            position = match.start() + 1
    return found


def find_localities(text: str) -> list[tuple[str, str, str | None]]:
    """Every valid "City, ST [ZIP]" in the text, as (city, state, zip)."""
    return [(_clean_city(match.group("city")), state, zip_code) for match, state, zip_code in _valid_localities(text)]


#: usaddress labels that may make up a street line; anything else after the number ends it.
_STREET_LABELS = frozenset({
    "AddressNumber", "AddressNumberPrefix", "AddressNumberSuffix", "StreetNamePreDirectional",
    "StreetNamePreModifier", "StreetNamePreType", "StreetName", "StreetNamePostType",
    "StreetNamePostDirectional", "StreetNamePostModifier", "OccupancyType", "OccupancyIdentifier",
    "SubaddressType", "SubaddressIdentifier", "USPSBoxType", "USPSBoxID",
})
_STREET_TYPES = frozenset({"StreetNamePreType", "StreetNamePostType", "StreetNamePreDirectional", "USPSBoxType"})


@functools.lru_cache(maxsize=4096)  # the CRF parser is slow, and a site repeats its footer on every page
def parsed_street(segment: str) -> str | None:
    """The street line at the end of `segment`, as usaddress's CRF parser reads it, or None.

    The fallback for streets the suffix pattern does not know ("1 Avenue of the Americas",
    "210 Oak Bend Cove"): it starts at a house number, holds only street and unit labels,
    and names a street type or direction, so "call 555 today" is never a street.
    """
    segment = segment.strip(" ,;:|·-–—")
    if not segment or len(segment) > 120:
        return None
    try:
        tokens = usaddress.parse(segment)
    except Exception:  # the parser is a model: any failure of it means "no street here"
        return None
    start = next((i for i, (token, label) in enumerate(tokens) if label == "AddressNumber"), None)
    if start is None or not re.fullmatch(r"\d{1,6}[A-Z]?", tokens[start][0]):
        return None
    street_tokens = tokens[start:]
    labels = {label for _, label in street_tokens}
    if not labels <= _STREET_LABELS or not labels & _STREET_TYPES or "StreetName" not in labels:
        return None
    words = [token for token, _ in street_tokens]
    position = segment.rfind(words[0], 0, len(segment) - len(" ".join(words[1:])))
    if position < 0 or _COPYRIGHT_BEFORE.search(segment[:position]):
        return None
    return segment[position:].strip(" ,")


def find_addresses(text: str) -> list[TextAddress]:
    """Street addresses followed, on the same or the next line, by "City, ST [ZIP]".

    Streets with no locality are kept too (city None), so a page that repeats only the
    street can still be matched to a full address found elsewhere on the site.
    """
    lines = text.split("\n")
    found: list[TextAddress] = []
    for index, line in enumerate(lines):
        for street_match in STREET_RE.finditer(line):
            if _COPYRIGHT_BEFORE.search(line[: street_match.start()]):
                continue  # "© 2025 Bluebonnet Ketamine Center" is a year and a name
            street = street_match.group(0).strip(" ,")
            rest = line[street_match.end() :]
            locality = _locality(rest)
            source = line
            if locality is None and not rest.strip(" ,") and index + 1 < len(lines):
                locality = _locality(lines[index + 1])
                source = f"{line}\n{lines[index + 1]}"
            placeholder = bool(PLACEHOLDER_TEXT.search(source))
            city = state = zip_code = None
            if locality is not None:
                state, zip_code = _valid_locality(
                    locality.group("city"), locality.group("state"), locality.group("zip")
                )
                if state is not None:
                    city = _clean_city(locality.group("city"))
                else:
                    placeholder = placeholder or bool(PLACEHOLDER_TEXT.search(locality.group(0)))
            found.append(TextAddress(street, city, state, zip_code, source, index, placeholder))
        found.extend(_parsed_addresses(lines, index))
    return _without_cut_streets(found)


def _ends_with_street(text: str) -> bool:
    """Whether the suffix pattern finds a street right at the end of `text`."""
    text = text.rstrip(" ,")
    return any(match.end() >= len(text) for match in STREET_RE.finditer(text))


def _parsed_addresses(lines: list[str], index: int) -> list[TextAddress]:
    """Addresses whose street the suffix pattern missed or cut short, read by usaddress.

    Only before a locality that the pattern did not already pair with a street, so the two
    ways never report the same address twice.
    """
    line = lines[index]
    found = []
    previous_end = 0
    for match, state, zip_code in _valid_localities(line):
        before = line[previous_end : match.start()]
        previous_end = match.end()
        source = line
        if not before.strip(" ,") and index > 0:
            before = lines[index - 1]
            source = f"{before}\n{line}"
        if _ends_with_street(before):
            continue
        street = parsed_street(before)
        if street is not None:
            placeholder = bool(PLACEHOLDER_TEXT.search(source))
            found.append(TextAddress(street, _clean_city(match.group("city")), state, zip_code, source, index,
                                     placeholder))
    return found


def _without_cut_streets(found: list[TextAddress]) -> list[TextAddress]:
    """Drop street-only finds that a parsed address on the same text reads in full."""
    full = [address for address in found if address.city]
    return [
        address for address in found
        if address.city or not any(
            other.street.startswith(address.street) and other.street != address.street
            and address.line in other.line for other in full
        )
    ]
