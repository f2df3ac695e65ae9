"""Scores of the title and skill normalizers on a labeled set, shared by the tests that hold
each held-out set at its floor (test_wild_shapes, test_round3_sets).

May import: polars, pyyaml, `analytics.normalize`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import yaml

from analytics.normalize import skills
from analytics.normalize.titles import classify_titles

LABELED = Path(__file__).resolve().parents[2] / "fixtures" / "labeled"


def labeled_rows(name: str, key: str) -> list[dict]:
    """The rows of a labeled set (`key`: "titles" or "snippets")."""
    return yaml.safe_load((LABELED / name).read_text(encoding="utf-8"))[key]


def title_accuracy(rows: list[dict]) -> tuple[float, float]:
    """Role family accuracy over every row, seniority accuracy over the rows labeling one."""
    got = classify_titles(pl.Series([r["title"] for r in rows], dtype=pl.String))
    family = [r["role_family"] == g for r, g in zip(rows, got["role_family"], strict=True)]
    levels = [
        r["seniority"] == g for r, g in zip(rows, got["seniority"], strict=True) if "seniority" in r
    ]
    return sum(family) / len(family), sum(levels) / len(levels)


def skill_micro(rows: list[dict]) -> tuple[float, float]:
    """Micro precision and recall of the extracted skill ids over labeled (text, skills) rows."""
    got = skills.skill_lists(pl.Series([r["text"] for r in rows], dtype=pl.String)).to_list()
    pairs = [(set(r["skills"]), set(g)) for r, g in zip(rows, got, strict=True)]
    tp = sum(len(e & g) for e, g in pairs)
    fp = sum(len(g - e) for e, g in pairs)
    fn = sum(len(e - g) for e, g in pairs)
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)
