"""Seed lists: a CSV with at least `name,homepage`, or bare URLs."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from crawler.urls import canonical_url


@dataclass(frozen=True)
class Seed:
    """One site to crawl; `seen_url` is a page of it known to be relevant, read early."""

    homepage: str
    name: str | None = None
    fictional: bool = False
    seen_url: str | None = None


class SeedError(ValueError):
    """A seed file that cannot be read."""


def read_seeds(path: Path) -> list[Seed]:
    """Seeds from a CSV file with a `homepage` column (and optional `name`, `fictional`, `seen_url`)."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "homepage" not in reader.fieldnames:
                raise SeedError(f"{path}: the CSV needs a 'homepage' column (and ideally 'name').")
            seeds = []
            for line, row in enumerate(reader, start=2):
                url = (row.get("homepage") or "").strip()
                if not url.startswith(("http://", "https://")):
                    raise SeedError(f"{path}:{line}: '{url}' is not an http(s) URL.")
                seen = (row.get("seen_url") or "").strip()
                seeds.append(Seed(canonical_url(url), (row.get("name") or "").strip() or None,
                                  (row.get("fictional") or "").strip().lower() in {"1", "true", "yes"},
                                  canonical_url(seen) if seen.startswith(("http://", "https://")) else None))
            return seeds
    except OSError as exc:
        raise SeedError(f"cannot read {path}: {exc.strerror}") from exc


def seeds_from_urls(urls: list[str]) -> list[Seed]:
    """Seeds from URLs given on the command line."""
    bad = [u for u in urls if not u.startswith(("http://", "https://"))]
    if bad:
        raise SeedError(f"not http(s) URLs: {', '.join(bad)}")
    return [Seed(canonical_url(u)) for u in urls]


def write_seeds(path: Path, seeds: list[Seed]) -> None:
    """Write a seeds CSV (name, homepage, fictional)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "homepage", "fictional"])
        for seed in seeds:
            writer.writerow([seed.name or "", seed.homepage, "true" if seed.fictional else "false"])
