"""`clinics export`: the directory as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json

from sqlmodel import Session

from directory.queries import all_clinics, clinic_json

CSV_COLUMNS = [
    "id", "name", "homepage", "status", "fictional", "grade", "overall_score", "treats_pain",
    "modalities", "psychotherapy", "insurance", "pain_conditions", "red_flags", "street", "city",
    "state", "zip", "phone", "lat", "lon", "last_checked_at",
]


def export_json(*, session: Session) -> str:
    """Every visible clinic as a JSON list."""
    return json.dumps([clinic_json(c, locs) for c, locs in all_clinics(session=session)], indent=2)


def export_csv(*, session: Session) -> str:
    """One CSV row per clinic location (a clinic with no location gets one row)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for clinic, locations in all_clinics(session=session):
        data = clinic_json(clinic, locations)
        row = {k: data.get(k) for k in CSV_COLUMNS}
        for key in ("modalities", "insurance", "pain_conditions", "red_flags"):
            row[key] = ";".join(data[key])
        for location in data["locations"] or [{}]:
            place = {k: location.get(k) for k in ("street", "city", "state", "zip", "phone", "lat", "lon")}
            writer.writerow({**row, **place})
    return out.getvalue()
