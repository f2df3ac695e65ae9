"""Normalization of postings: skills, titles, pay, places, and deduplication.

The single-record API below is for people and external evaluation scripts; each function runs
the same vectorized code the build uses, on a one-element Series.

- `parse_salary(text, country=None) -> dict | None` (keys min, max, currency, period)
- `extract_skills(text) -> list[str]` (canonical skill ids)
- `classify_title(title) -> dict` (keys role_family, seniority)
- `parse_location(text) -> dict` (keys city, region, country, is_remote, metro_code)

May import: polars, pyyaml, pycountry, us, and the modules of this package.
"""

from analytics.normalize.locations import parse_location
from analytics.normalize.salary import parse_salary
from analytics.normalize.skills import extract_skills
from analytics.normalize.titles import classify_title

__all__ = ["classify_title", "extract_skills", "parse_location", "parse_salary"]
