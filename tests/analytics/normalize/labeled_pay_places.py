"""Scoring of the labeled pay and place sets (tests/fixtures/labeled/pay*.yml, places*.yml),
shared by their tests: each case's hit or miss, per labeled class, and the misses written out.
`scripts/score_pay_places.py` prints the same scores (it may score another checkout's code,
so it keeps its own copy of these rules).

May import: the standard library, polars, pyyaml, `analytics.normalize`.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics.normalize.locations import parse_locations
from analytics.normalize.salary import parse_salaries

LABELED = Path(__file__).resolve().parents[2] / "fixtures" / "labeled"


def labeled_cases(name: str) -> list[dict[str, Any]]:
    """The cases of one labeled set, e.g. "pay_wild.yml"."""
    return yaml.safe_load((LABELED / name).read_text(encoding="utf-8"))


@dataclass
class Scored:
    """Hits per labeled class and the misses (the text and what the parser gave)."""

    per_kind: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def add(self, kind: str, ok: bool, text: str, row: dict[str, Any]) -> None:
        self.per_kind.setdefault(kind, []).append(ok)
        if not ok:
            self.misses.append(f"{text!r}: {row}")

    @property
    def accuracy(self) -> float:
        return sum(map(sum, self.per_kind.values())) / sum(map(len, self.per_kind.values()))

    def summary(self) -> str:
        return ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(self.per_kind.items()))


def _same(got: float | None, want: float | None) -> bool:
    if got is None or want is None:
        return got is None and want is None
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6)


def pay_hit(row: dict[str, Any], want: dict[str, Any] | None) -> bool:
    """Whether a parsed pay row is the labeled one (None: no pay): both ends, currency, period
    and kind."""
    if want is None:
        return row["pay_min"] is None and row["pay_max"] is None
    return (
        _same(row["pay_min"], want["min"])
        and _same(row["pay_max"], want["max"])
        and row["pay_currency"] == want["currency"]
        and row["pay_period"] == want["period"]
        and row["pay_kind"] == want["pay_kind"]
    )


def scored_pay(cases: list[dict[str, Any]]) -> Scored:
    got = parse_salaries(
        pl.Series([c["text"] for c in cases]), pl.Series([c["country"] for c in cases])
    ).to_dicts()
    scored = Scored()
    for case, row in zip(cases, got, strict=True):
        scored.add(case["kind"], pay_hit(row, case["expected"]), case["text"], row)
    return scored


def folded(value: object) -> object:
    """A string without accents, in lower case (places are compared so); others as they are."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKD", value)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def scored_places(cases: list[dict[str, Any]]) -> Scored:
    """Rows with every labeled field right, the cases' hints passed as the parser's."""

    def hints(key: str) -> pl.Series:
        dtype = pl.Boolean if key == "remote" else pl.String
        return pl.Series([(c.get("hints") or {}).get(key) for c in cases], dtype=dtype)

    got = parse_locations(
        pl.Series([c["text"] for c in cases]),
        hints("city"),
        hints("region"),
        hints("country"),
        hints("remote"),
    ).to_dicts()
    scored = Scored()
    for case, row in zip(cases, got, strict=True):
        ok = all(folded(row[f]) == folded(v) for f, v in case["expect"].items())
        scored.add(case["kind"], ok, case["text"], row)
    return scored
