"""Moving averages over monthly series, shared by the marts and the read API (so a value the
read API fills in is the build's to the last bit).

May import: polars.
"""

from __future__ import annotations

import polars as pl


def three_month_mean(value: pl.Expr, month: str = "month") -> pl.Expr:
    """Mean of `value` over the month and the two before it (rows of the series whose `month`
    falls in the window; null values left out). Apply per series with `.over(...)` on rows
    sorted by month."""
    return value.rolling_mean_by(month, window_size="3mo")
