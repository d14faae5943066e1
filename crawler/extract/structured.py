"""Clinic entities from JSON-LD and microdata (schema.org), via extruct."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import extruct

log = logging.getLogger(__name__)

#: schema.org types that describe a practice or its practitioners.
CLINIC_TYPES = {
    "MedicalClinic", "MedicalBusiness", "MedicalOrganization", "LocalBusiness", "Physician",
    "HealthAndBeautyBusiness", "Organization", "Hospital", "DaySpa", "Psychiatric",
    "ProfessionalService", "MedicalSpecialty",
}


@dataclass
class StructuredAddress:
    """A postal address (and maybe coordinates and phone) as published in markup."""

    street: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    phone: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class StructuredEntity:
    """A schema.org clinic-like entity."""

    type: str
    name: str | None
    phone: str | None = None
    addresses: list[StructuredAddress] = field(default_factory=list)


def extract_structured(html: str, url: str) -> dict[str, list[Any]]:
    """Raw JSON-LD and microdata of a page; empty lists when the markup is broken."""
    try:
        data = extruct.extract(html, base_url=url, syntaxes=["json-ld", "microdata"], uniform=True)
    except Exception as exc:  # extruct raises many types on malformed markup
        log.debug("structured data unreadable on %s: %s", url, exc)
        return {"json-ld": [], "microdata": []}
    return {"json-ld": data.get("json-ld", []), "microdata": data.get("microdata", [])}


def _types(node: dict[str, Any]) -> list[str]:
    raw = node.get("@type") or []
    values = raw if isinstance(raw, list) else [raw]
    return [str(v).rsplit("/", 1)[-1] for v in values]


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON-LD / microdata tree, @graph and nested lists included."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list):
        for item in value:
            yield from _nodes(item)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _float(value: Any) -> float | None:
    try:
        return float(_text(value) or "")
    except ValueError:
        return None


def _address(node: dict[str, Any], phone: str | None) -> StructuredAddress | None:
    raw = node.get("address")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    geo = node.get("geo")
    if isinstance(geo, list):
        geo = geo[0] if geo else None
    lat = _float(geo.get("latitude")) if isinstance(geo, dict) else None
    lon = _float(geo.get("longitude")) if isinstance(geo, dict) else None
    if isinstance(raw, dict):
        address = StructuredAddress(
            street=_text(raw.get("streetAddress")),
            city=_text(raw.get("addressLocality")),
            state=_text(raw.get("addressRegion")),
            zip=_text(raw.get("postalCode")),
        )
    elif isinstance(raw, str) and raw.strip():
        address = StructuredAddress(street=" ".join(raw.split()))
    elif lat is not None:
        address = StructuredAddress()
    else:
        return None
    address.phone, address.lat, address.lon = phone, lat, lon
    return address


def clinic_entities(structured: dict[str, list[Any]]) -> list[StructuredEntity]:
    """Clinic-like entities with their names, phones and addresses."""
    entities: list[StructuredEntity] = []
    for syntax in ("json-ld", "microdata"):
        for node in _nodes(structured.get(syntax, [])):
            types = _types(node)
            kind = next((t for t in types if t in CLINIC_TYPES), None)
            if kind is None:
                continue
            phone = _text(node.get("telephone"))
            entity = StructuredEntity(type=kind, name=_text(node.get("name")), phone=phone)
            if address := _address(node, phone):
                entity.addresses.append(address)
            for key in ("location", "department", "subOrganization"):
                for sub in _nodes(node.get(key)):
                    if "address" in sub and (sub_address := _address(sub, _text(sub.get("telephone")) or phone)):
                        entity.addresses.append(sub_address)
            entities.append(entity)
    return entities
