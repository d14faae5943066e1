"""A clinic's name and locations, consolidated from all the pages read on its site."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crawler.extract.contact import find_localities, normalise_phone
from crawler.extract.page import PageExtract
from directory.geo import gazetteer, state_code
from scoring.placeholders import PLACEHOLDER_TEXT, is_placeholder_phone

_TITLE_SPLIT = re.compile(r"\s+(?:\||::|[-–—·•:]|[^\w\s&'’.,()!?]{1,3})\s+")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*[|,.·-]?\s*"
    r"(?P<name>[A-Z][^|©\n.,;:()—–]{2,80}?)\s*(?=[|.,;:(—–]|all rights reserved|$)",
    re.I,
)
_GENERIC = re.compile(
    r"^(?:home|homepage|welcome|about(?: us)?|contact(?: us)?|faqs?|services|pricing|blog|team"
    r"|our team|treatments?|locations?|insurance|news|resources|book now|page not found)$",
    re.I,
)
_ORG_WORDS = (
    r"(?:Psychological Services|Psychiatric Services|Therapeutics|Clinic|Center|Centre|Institute"
    r"|Wellness|Health|Medical|Group|Associates|Psychiatry|Infusions?|Therapy|LLC|PLLC|Inc\.?"
    r"|Partners|Care|Spa|Ketamine|TMS|Practice|Services|Medicine|Lounge|Collective|Collaborative"
    r"|Specialists|Solutions|Institute|Infusion Center)"
)


@dataclass
class LocationRecord:
    """One location of a clinic as published."""

    street: str | None
    city: str | None
    state: str | None
    zip: str | None
    phone: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class ClinicIdentity:
    """Who the clinic is and where: the consolidated reading of its site."""

    name: str | None
    locations: list[LocationRecord] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)


def street_key(street: str) -> str:
    """A comparison key for street lines: case, punctuation and common abbreviations ignored."""
    words = re.sub(r"[^a-z0-9 ]+", " ", street.lower()).split()
    short = {"street": "st", "avenue": "ave", "boulevard": "blvd", "road": "rd", "drive": "dr",
             "suite": "ste", "north": "n", "south": "s", "east": "e", "west": "w", "lane": "ln",
             "parkway": "pkwy", "highway": "hwy", "court": "ct", "place": "pl", "floor": "fl"}
    return " ".join(short.get(w, w) for w in words)


def _title_segments(title: str) -> list[str]:
    segments = []
    for part in _TITLE_SPLIT.split(title):
        part = part.strip(" |")
        # "Powers of Mind, Tallahassee" -> "Powers of Mind": a trailing city or state is not the name
        head, _, tail = part.rpartition(",")
        if head and tail.strip() and (state_code(tail) or _is_city(tail.strip())):
            part = head.strip()
        if part and not _GENERIC.match(part):
            segments.append(part)
    return segments


def _is_city(text: str) -> bool:
    g = gazetteer()
    return any(g.city_place(text, state) for state in ("FL", "TX", "CA", "NY", "ID", "CO"))


def _candidates(pages: list[PageExtract]) -> Counter[str]:
    weights: Counter[str] = Counter()
    for page in pages:
        for entity in page.entities:
            if entity.name:
                weights[entity.name] += 3
        if page.site_name:
            weights[page.site_name] += 3
        for line in page.text.split("\n")[-40:]:
            if (m := _COPYRIGHT.search(line)) and not _GENERIC.match(m.group("name")):
                weights[m.group("name").strip(" .,|")] += 3
                break
    titles = [_title_segments(p.title) for p in pages if p.title]
    counts = Counter(seg.lower() for segs in titles for seg in set(segs))
    spelled = {seg.lower(): seg for segs in titles for seg in segs}
    for key, count in counts.items():
        if len(titles) == 1 or count >= max(2, 0.6 * len(titles)):
            weights[spelled[key]] += 2
    return weights


#: one or two organisation words right after a name ("Summit Ketamine" + " Infusion Center")
_ORG_WORD_TAIL = re.compile(rf"(?:[ ]+{_ORG_WORDS}){{1,2}}\b")


def _org_word_tails(corpus: str, name: str) -> Iterator[str]:
    """The organisation words that follow each occurrence of `name` in `corpus` (non-overlapping,
    as `re.finditer(escape(name) + tail)` finds them, without compiling a pattern per name)."""
    start = corpus.find(name) if name else -1
    while start != -1:
        tail = _ORG_WORD_TAIL.match(corpus, start + len(name))
        if tail:
            yield tail.group(0)
        start = corpus.find(name, tail.end() if tail else start + 1)


def choose_name(pages: list[PageExtract]) -> str | None:
    """The clinic's name: markup, site name, copyright line and recurring title parts, weighed
    by how often the visible text repeats them; extended when the text names it in full."""
    weights = _candidates(pages)
    if not weights:
        return None
    corpus = "\n".join(page.text for page in pages)
    titles = "\n".join(page.title or "" for page in pages)

    def support(name: str) -> tuple[float, int]:
        seen = corpus.count(name) + titles.count(name)
        # a name only the markup knows is weaker than one the reader sees
        return (weights[name] * (1.0 if seen else 0.5) + 0.3 * min(seen, 10), -len(name))

    best = max(weights, key=support)
    longer = Counter(best + tail for tail in _org_word_tails(corpus, best))
    if longer:
        full, count = longer.most_common(1)[0]
        if count >= 2:
            return full
    return best


def _merge(target: LocationRecord, other: LocationRecord) -> None:
    for attr in ("city", "state", "zip", "phone", "lat", "lon"):
        if getattr(target, attr) is None and getattr(other, attr) is not None:
            setattr(target, attr, getattr(other, attr))
    if other.street and target.street and len(other.street) > len(target.street):
        target.street = other.street


def _phone_near(page: PageExtract, line_index: int) -> str | None:
    lines = page.text.split("\n")[line_index : line_index + 4]
    for e164, is_fax in page.phones:
        if not is_fax and not is_placeholder_phone(e164) and any(
            e164[-4:] in re.sub(r"\D", "", line) for line in lines
        ):
            return e164
    return None


def _structured_locations(pages: list[PageExtract]) -> list[LocationRecord]:
    found = []
    for page in pages:
        for entity in page.entities:
            for address in entity.addresses:
                phone = normalise_phone(address.phone) if address.phone else None
                zip_code = (address.zip or "")[:5] or None
                found.append(
                    LocationRecord(
                        street=address.street,
                        city=address.city,
                        state=state_code(address.state) if address.state else None,
                        zip=zip_code if zip_code and zip_code.isdigit() else None,
                        phone=None if phone and is_placeholder_phone(phone) else phone,
                        lat=address.lat,
                        lon=address.lon,
                    )
                )
    return found


def _city_only(pages: list[PageExtract]) -> list[LocationRecord]:
    """When no street address is published, the city the site names most often, if any."""
    counts = Counter(loc for page in pages for loc in find_localities(page.text))
    if not counts:
        return []
    (city, state, zip_code), _ = counts.most_common(1)[0]
    return [LocationRecord(street=None, city=city, state=state, zip=zip_code)]


def consolidate(pages: list[PageExtract]) -> ClinicIdentity:
    """Name, deduplicated locations, phones and placeholder leftovers of a site."""
    identity = ClinicIdentity(name=choose_name(pages))
    candidates: list[LocationRecord] = []
    bare_streets: list[LocationRecord] = []
    for record in _structured_locations(pages):
        if record.street and PLACEHOLDER_TEXT.search(record.street):
            identity.placeholders.append(record.street)
        elif record.street or record.lat is not None:
            candidates.append(record)
    for page in pages:
        for address in page.addresses:
            if address.placeholder:
                identity.placeholders.append(address.line)
                continue
            record = LocationRecord(
                address.street, address.city, address.state, address.zip,
                phone=_phone_near(page, address.line_index),
            )
            (candidates if address.state else bare_streets).append(record)
    by_key: dict[str, LocationRecord] = {}
    for record in candidates + bare_streets:
        key = street_key(record.street) if record.street else f"geo:{record.lat},{record.lon}"
        match = next((k for k in by_key if k.startswith(key) or key.startswith(k)), None)
        if match is not None:
            _merge(by_key[match], record)
        elif record.state or record.lat is not None:
            by_key[key] = record
    identity.locations = list(by_key.values()) or _city_only(pages)

    phone_counts: Counter[str] = Counter()
    for page in pages:
        phone_counts.update(p for p in page.tel_links if not is_placeholder_phone(p))
        phone_counts.update(e for e, fax in page.phones if not fax and not is_placeholder_phone(e))
    identity.phones = [phone for phone, _ in phone_counts.most_common()]
    if len(identity.locations) == 1 and identity.locations[0].phone is None and identity.phones:
        identity.locations[0].phone = identity.phones[0]
    return identity


@functools.lru_cache(maxsize=65536)  # asked of every link and every request
def site_key(url: str) -> str:
    """host[:port] of a URL, lowercased, without a leading 'www.'."""
    netloc = urlsplit(url).netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc
