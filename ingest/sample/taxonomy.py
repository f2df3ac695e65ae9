"""Read the shared taxonomy files the simulator plants from: the skill list
(`analytics/taxonomy/skills.yml`) and the gazetteer (`analytics/taxonomy/places.csv`).

These are data files, read as data; nothing from the `analytics` package is imported.

May import: the standard library and pyyaml.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

TAXONOMY_DIR = Path(__file__).resolve().parents[2] / "analytics" / "taxonomy"
SKILLS_PATH = TAXONOMY_DIR / "skills.yml"
PLACES_PATH = TAXONOMY_DIR / "places.csv"


class TaxonomyError(ValueError):
    """A taxonomy file is missing or does not have the documented shape."""


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str
    is_genai: bool
    aliases: tuple[str, ...]
    case_sensitive_aliases: tuple[str, ...] = ()
    require_context: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()
    exclude_regex: tuple[str, ...] = ()
    plural: bool = True


@dataclass(frozen=True)
class GazetteerPlace:
    city: str
    region: str
    country: str
    metro_code: str
    metro_name: str
    aliases: tuple[str, ...]


def _str_tuple(entry: dict, key: str, where: str) -> tuple[str, ...]:
    value = entry.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TaxonomyError(f"{where}: '{key}' must be a list of strings, got {value!r}")
    return tuple(value)


def skill_from_entry(entry: dict, index: int) -> Skill:
    """One `skills:` mapping as a Skill; raises naming the entry when a key is missing or wrong."""
    where = f"skills.yml entry {index} ({entry.get('id', '?')})"
    for key in ("id", "name", "category", "is_genai"):
        if key not in entry:
            raise TaxonomyError(f"{where}: missing key '{key}'")
    if not isinstance(entry["is_genai"], bool):
        raise TaxonomyError(f"{where}: 'is_genai' must be true/false, got {entry['is_genai']!r}")
    return Skill(
        id=str(entry["id"]),
        name=str(entry["name"]),
        category=str(entry["category"]),
        is_genai=entry["is_genai"],
        aliases=_str_tuple(entry, "aliases", where),
        case_sensitive_aliases=_str_tuple(entry, "case_sensitive_aliases", where),
        require_context=_str_tuple(entry, "require_context", where),
        exclude_patterns=_str_tuple(entry, "exclude_patterns", where),
        exclude_regex=_str_tuple(entry, "exclude_regex", where),
        plural=bool(entry.get("plural", True)),
    )


@lru_cache(maxsize=4)
def load_skills(path: Path = SKILLS_PATH) -> tuple[Skill, ...]:
    """All skills of the taxonomy, in file order; raises if the file is missing or malformed."""
    if not path.exists():
        raise TaxonomyError(f"{path}: skill taxonomy not found (the simulator plants its skills)")
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not isinstance(document.get("skills"), list):
        raise TaxonomyError(f"{path}: expected a top-level 'skills:' list")
    skills = tuple(skill_from_entry(entry, i) for i, entry in enumerate(document["skills"]))
    ids = [skill.id for skill in skills]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TaxonomyError(f"{path}: duplicate skill ids {duplicates}")
    return skills


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = PLACES_PATH) -> tuple[GazetteerPlace, ...]:
    """Every gazetteer row; raises naming the row when a required column is empty."""
    if not path.exists():
        raise TaxonomyError(f"{path}: gazetteer not found")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = []
    for number, row in enumerate(rows, start=2):
        if not row.get("city") or not row.get("country"):
            raise TaxonomyError(f"{path}: line {number} lacks city or country: {row}")
        places.append(
            GazetteerPlace(
                city=row["city"],
                region=row.get("region") or "",
                country=row["country"],
                metro_code=row.get("metro_code") or "",
                metro_name=row.get("metro_name") or "",
                aliases=tuple(a for a in (row.get("aliases") or "").split("|") if a),
            )
        )
    return tuple(places)
