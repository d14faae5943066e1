"""Merging duplicate clinics: the same practice crawled under several seeds or domains.

Two clinics are the same when they share a phone or an address and their names agree
(rapidfuzz similarity). The later one is hidden and points at the first; nothing is deleted,
and every merge is recorded with its evidence for a maintainer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlmodel import Session, col, or_, select

from directory.models import Clinic, ClinicMerge, Location

NAME_WITH_CONTACT = 80  # name similarity that, with a shared phone or address, makes a duplicate
NAME_WITH_ADDRESS = 85
STREET_SAME = 85


#: words that every other clinic name has; left in, "Denver Ketamine Clinic" would match "Austin Ketamine Clinic"
_GENERIC_WORDS = re.compile(
    r"\b(?:the|and|of|ketamine|clinic|clinics|center|centre|centers|institute|wellness|health|medical|infusions?"
    r"|therapy|therapeutics|llc|pllc|inc|group|care|partners|associates|and|mental|treatment)\b"
)


def _norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", (text or "").lower()).split())


def name_similarity(a: str | None, b: str | None) -> float:
    """0-100: how alike two clinic names are once the words every clinic name has are ignored."""
    a_core, b_core = (" ".join(_GENERIC_WORDS.sub(" ", _norm(n)).split()) for n in (a, b))
    if not a_core or not b_core:
        return fuzz.token_sort_ratio(_norm(a), _norm(b))
    return fuzz.token_sort_ratio(a_core, b_core)


@dataclass(frozen=True)
class Place:
    """What dedupe compares of a location."""

    phone: str | None
    zip: str | None
    street: str | None


def duplicate_evidence(a_name: str, a_places: list[Place], b_name: str, b_places: list[Place]) -> str | None:
    """Why two clinics are the same practice, or None when they are not."""
    names = name_similarity(a_name, b_name)
    phones = {p.phone for p in a_places if p.phone} & {p.phone for p in b_places if p.phone}
    addresses = [
        (x.street, x.zip) for x in a_places for y in b_places
        if x.zip and x.zip == y.zip and x.street and y.street
        and fuzz.token_sort_ratio(_norm(x.street), _norm(y.street)) >= STREET_SAME
    ]
    if (phones and (addresses or names >= NAME_WITH_CONTACT)) or (addresses and names >= NAME_WITH_ADDRESS):
        evidence = [f"name similarity {names:.0f}"]
        if phones:
            evidence.append(f"same phone {sorted(phones)[0]}")
        if addresses:
            evidence.append(f"same address {addresses[0][0]}, {addresses[0][1]}")
        return "; ".join(evidence)
    return None


def find_duplicate(session: Session, clinic: Clinic) -> tuple[Clinic, str] | None:
    """An earlier, unmerged clinic that this one duplicates, with the evidence (one query)."""
    assert clinic.id is not None
    places = [Place(loc.phone, loc.zip, loc.street)
              for loc in session.exec(select(Location).where(Location.clinic_id == clinic.id)).all()]
    phones = [p.phone for p in places if p.phone]
    zips = [p.zip for p in places if p.zip]
    if not phones and not zips:
        return None
    sharing = select(Location.clinic_id).where(or_(col(Location.phone).in_(phones), col(Location.zip).in_(zips)))
    rows = session.exec(
        select(Clinic.id, Clinic.name, Location.phone, Location.zip, Location.street)
        .join(Location, col(Location.clinic_id) == col(Clinic.id))
        .where(col(Clinic.id) != clinic.id, col(Clinic.merged_into_id).is_(None), col(Clinic.id).in_(sharing))
    ).all()
    others: dict[int, tuple[str, list[Place]]] = {}
    for other_id, name, phone, zip_code, street in rows:
        others.setdefault(other_id, (name, []))[1].append(Place(phone, zip_code, street))
    for other_id in sorted(others):
        name, other_places = others[other_id]
        if evidence := duplicate_evidence(clinic.name, places, name, other_places):
            other = session.get(Clinic, other_id)
            assert other is not None
            return other, evidence
    return None


def merge_into(session: Session, *, duplicate: Clinic, kept: Clinic, reason: str) -> ClinicMerge:
    """Hide `duplicate` behind `kept` and record why."""
    assert duplicate.id is not None and kept.id is not None
    duplicate.merged_into_id = kept.id
    duplicate.hidden = True
    session.add(duplicate)
    merge = ClinicMerge(kept_id=kept.id, merged_id=duplicate.id, reason=reason)
    session.add(merge)
    return merge


def merge_if_duplicate(session: Session, clinic: Clinic) -> ClinicMerge | None:
    """Merge a clinic into the earlier clinic it duplicates, if any (the earlier one is kept)."""
    if clinic.merged_into_id is not None:
        return None
    found = find_duplicate(session, clinic)
    if found is None:
        return None
    other, reason = found
    assert other.id is not None and clinic.id is not None
    # keep the live site (a clinic that moved away or stopped answering gives way), else the first seen
    kept, duplicate = sorted((other, clinic), key=lambda c: (c.moved_to is not None, c.status == "unreachable", c.id))
    if duplicate.moved_to == kept.domain:
        reason = f"moved to {kept.domain}; {reason}"
    return merge_into(session, duplicate=duplicate, kept=kept, reason=reason)


def merges(session: Session) -> list[ClinicMerge]:
    """Every recorded merge, newest first."""
    return list(session.exec(select(ClinicMerge).order_by(col(ClinicMerge.merged_at).desc())).all())
