"""Normalization of postings: skills, titles, pay, places, and deduplication.

The single-record API below is for people and external evaluation scripts; each function runs
the same vectorized code the build uses, on a one-element Series.

- `parse_salary(text, country=None) -> dict | None` (keys min, max, currency, period)
- `extract_skills(text) -> list[str]` (canonical skill ids)
- `classify_title(title) -> dict` (keys role_family, seniority)
- `parse_location(text) -> dict` (keys city, region, country, is_remote, metro_code)

Each takes any `str` and never raises on one: lone surrogates (invalid Unicode, which Polars
cannot hold) become U+FFFD (`markup.valid_text`), and each normalizer reads at most a fixed
number of characters of its input (`inputs`), so a call's time does not grow with the input
(tests/fuzz/test_normalizer_api.py: arbitrary text, 1 MB hostile inputs).

May import: polars, pyyaml, pycountry, us, and the modules of this package.
"""

from __future__ import annotations

import polars as pl

from analytics.normalize import locations, salary, skills, titles
from analytics.normalize.inputs import with_valid_text

parse_salary = with_valid_text(salary.parse_salary)
extract_skills = with_valid_text(skills.extract_skills)
parse_location = with_valid_text(locations.parse_location)


@with_valid_text
def classify_title(title: str | None, text: str | None = None) -> dict[str, str]:
    """`titles.classify_title`: {"role_family": ..., "seniority": ...}. A blank title names no
    role: role family "other" and the default seniority (the build quarantines a posting
    without a title instead, as `titles.classify_titles` raises on one)."""
    if pl.Series([title], dtype=pl.String).str.strip_chars().fill_null("").item() == "":
        return {"role_family": "other", "seniority": titles.load_title_rules().default_seniority}
    return titles.classify_title(title, text)


__all__ = ["classify_title", "extract_skills", "parse_location", "parse_salary"]
