"""Shared by the requirements tests: one sentence's parse, and a labeled requirements set's
years and degree accuracy (`tests/fixtures/labeled/requirements*.yml`).

May import: the standard library, polars, yaml, `analytics.normalize.requirements`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from analytics.normalize.requirements import parse_requirements

LABELED = Path(__file__).resolve().parents[2] / "fixtures" / "labeled"


def parsed(text: str) -> tuple[int | None, str | None]:
    """(years_experience_min, degree_min) of one sentence."""
    row = parse_requirements(pl.Series([text], dtype=pl.String)).row(0)
    return row[0], row[1]


def set_accuracy(name: str) -> tuple[int, float, float]:
    """n sentences, and the share whose years and whose degree match their labels."""
    rows = yaml.safe_load((LABELED / name).read_text())["sentences"]
    got = parse_requirements(pl.Series([r["text"] for r in rows], dtype=pl.String))
    years = [r["years"] == y for r, y in zip(rows, got["years_experience_min"], strict=True)]
    degree = [r["degree"] == d for r, d in zip(rows, got["degree_min"], strict=True)]
    return len(rows), sum(years) / len(rows), sum(degree) / len(rows)
