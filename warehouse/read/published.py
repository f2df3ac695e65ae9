"""Published tables as they are: a whole mart's rows (for downloads, capped) and the claims
checked against the data (out_claims).

May import: the standard library, polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

import polars as pl

from contract import vocab
from warehouse.read.connection import check_positive_int, query
from warehouse.read.views import SNAPSHOT_VIEWS

MART_ROW_CAP: Final = 200_000
CLAIM_VERDICTS: Final = vocab.CLAIM_VERDICTS
# One fixed statement per whitelisted view (names from SNAPSHOT_VIEWS only, never from input).
_WHOLE_MART_SQL: Final[Mapping[str, tuple[str, str]]] = {
    name: (f"SELECT * FROM {name} LIMIT $limit", f"SELECT count(*) AS n FROM {name}")
    for name in SNAPSHOT_VIEWS
}


@dataclass(frozen=True)
class MartRows:
    """A published mart's rows, at most a cap of them, and how many it holds."""

    name: str
    rows: pl.DataFrame
    total_rows: int

    @property
    def is_capped(self) -> bool:
        return self.rows.height < self.total_rows


def mart_rows(name: str, max_rows: int = MART_ROW_CAP) -> MartRows:
    """The first `max_rows` rows of the whitelisted mart `name` and its total row count.

    Raises ValueError for a name that is not in SNAPSHOT_VIEWS.
    """
    check_positive_int("max_rows", max_rows)
    if name not in _WHOLE_MART_SQL:
        raise ValueError(f"unknown snapshot view {name!r}")
    rows_sql, count_sql = _WHOLE_MART_SQL[name]
    rows = query((name,), rows_sql, {"limit": max_rows})
    total = int(query((name,), count_sql, {})["n"][0])
    return MartRows(name=name, rows=rows, total_rows=total)


def claims(verdict: str | None = None) -> pl.DataFrame:
    """The published claims with our closest measure, its value, interval, n and verdict,
    optionally only those with one verdict, in claim order.

    Columns: claim_id, claim, figure, source, measure, value, value_lo, value_hi, unit, n,
    verdict, note.
    """
    return query(
        ("out_claims",),
        """
        SELECT claim_id, claim, figure, source, measure, value, value_lo, value_hi, unit, n,
               verdict, note
        FROM out_claims
        WHERE $verdict::VARCHAR IS NULL OR verdict = $verdict
        ORDER BY claim_id
        """,
        {"verdict": verdict},
    )


def claim_verdict_counts() -> dict[str, int]:
    """Number of claims per verdict (every verdict in CLAIM_VERDICTS, zeros included)."""
    rows = query(
        ("out_claims",),
        "SELECT verdict, count(*)::BIGINT AS n FROM out_claims GROUP BY verdict",
        {},
    )
    counts = dict.fromkeys(CLAIM_VERDICTS, 0)
    counts.update(dict(zip(rows["verdict"].to_list(), rows["n"].to_list(), strict=True)))
    return counts
