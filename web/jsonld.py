"""schema.org JSON-LD (`MedicalClinic`) for a clinic page, built from stored fields only.

The template serialises it with Flask's `tojson`, which escapes <, >, & and ' so crawled text
can never close the script element it sits in.
"""

from __future__ import annotations

from typing import Any

from directory.models import Location
from directory.queries import ClinicDetail

FICTIONAL_NOTE = "A fictional sample clinic bundled with the Ketamine Clinic Directory for demonstration."


def _address(location: Location) -> dict[str, Any]:
    fields = {"streetAddress": location.street, "addressLocality": location.city,
              "addressRegion": location.state, "postalCode": location.zip}
    return {"@type": "PostalAddress", **{k: v for k, v in fields.items() if v}, "addressCountry": "US"}


def _geo(location: Location) -> dict[str, Any] | None:
    # Only coordinates the clinic published: a ZIP or city centroid is not where the clinic is.
    if location.geo_source != "published" or location.lat is None or location.lon is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": location.lat, "longitude": location.lon}


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def clinic_jsonld(detail: ClinicDetail, page_url: str) -> dict[str, Any]:
    """The clinic as a schema.org MedicalClinic: name, site, phone(s), address(es), coordinates."""
    clinic = detail.clinic
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalClinic",
        "name": clinic.name,
        "url": clinic.homepage,
        "mainEntityOfPage": page_url,
    }
    if clinic.fictional:
        data["description"] = FICTIONAL_NOTE
    locations = detail.locations
    phones = list(dict.fromkeys(loc.phone for loc in locations if loc.phone))
    if phones:
        data["telephone"] = _one_or_many(phones)
    if locations:
        data["address"] = _one_or_many([_address(loc) for loc in locations])
    if len(locations) == 1:
        geo = _geo(locations[0])
        if geo:
            data["geo"] = geo
    elif len(locations) > 1:
        places = []
        for loc in locations:
            place: dict[str, Any] = {"@type": "Place", "address": _address(loc)}
            if loc.phone:
                place["telephone"] = loc.phone
            if geo := _geo(loc):
                place["geo"] = geo
            places.append(place)
        data["location"] = places
    return data
