"""Mart frames in the shape of their contract record, for publish tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl

from contract.marts import ColumnKind, mart

SAMPLE_VALUES: dict[ColumnKind, tuple[Any, pl.DataType]] = {
    "text": ("a", pl.String()),
    "integer": (1, pl.Int64()),
    "number": (1.5, pl.Float64()),
    "boolean": (True, pl.Boolean()),
    "date": (date(2026, 1, 1), pl.Date()),
    "text_list": (["a"], pl.List(pl.String())),
}


def mart_frame(name: str, n: int = 1, values: dict[str, list] | None = None) -> pl.DataFrame:
    """`n` rows with every column of mart `name`, each of its contract kind; `values` replaces
    whole columns."""
    values = values or {}
    columns = {}
    for column in mart(name).columns:
        value, dtype = SAMPLE_VALUES[column.kind]
        columns[column.name] = pl.Series(
            column.name, values.get(column.name, [value] * n), dtype=dtype
        )
    return pl.DataFrame(columns)
