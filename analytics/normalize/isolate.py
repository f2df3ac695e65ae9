"""Keep a chunk's good records when a vectorized step fails on a few (poison records).

The normalizers work on whole chunks of staging rows; an exception raised by one record's
value (or a Polars panic) would otherwise fail the chunk and the build. `isolated` runs the
step on the whole chunk first, so good chunks cost nothing extra. On a failure it bisects: each
half is run on its own, down to single rows; a row that fails alone is a poison record and
becomes a quarantine row (source, file, record, reason: the exception), and the results of the
other rows are put together in their order. k poison records in n rows cost about
2·k·log2(n) extra step runs, each on a smaller part. The step must be per record (a record's
result does not depend on the other records of its chunk), as normalization is: the build
already gets the same result whatever the chunk size.

May import: the standard library, polars.
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl
from polars.exceptions import PanicException

# What a step may raise on a record's value: any exception, and Polars' Rust panics (which
# derive from BaseException, not Exception)
STEP_FAILURES: tuple[type[BaseException], ...] = (Exception, PanicException)
REASON_CHARS = 300  # how much of the exception a quarantine reason quotes
QUARANTINE_SCHEMA = {
    "source": pl.String,
    "file": pl.String,
    "record": pl.String,
    "reason": pl.String,
}

ChunkStep = Callable[[pl.DataFrame], tuple[pl.DataFrame, pl.DataFrame]]


def failure_reason(error: BaseException) -> str:
    """The quarantine reason of a record a normalization step failed on."""
    return f"normalize failed: {type(error).__name__}: {error}"[:REASON_CHARS]


def _poison_row(row: pl.DataFrame, error: BaseException) -> pl.DataFrame:
    """The quarantine row naming a staging row (source, raw_file, source_posting_id)."""
    return row.select(
        pl.col("source").cast(pl.String),
        pl.col("raw_file").cast(pl.String).alias("file"),
        pl.col("source_posting_id").cast(pl.String).alias("record"),
        pl.lit(failure_reason(error), dtype=pl.String).alias("reason"),
    )


def isolated(step: ChunkStep, staging: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """`step(staging)` -> (records, quarantine), with the rows it fails on quarantined instead
    of failing the chunk (see the module docstring). Raises the first failure only when the
    step fails even on no rows (nothing to isolate: the step itself is broken)."""
    try:
        return step(staging)
    except STEP_FAILURES as error:
        first_error = error
    records: list[pl.DataFrame] = []
    quarantines: list[pl.DataFrame] = []
    poison: list[pl.DataFrame] = []

    def run(part: pl.DataFrame) -> None:
        try:
            done, bad = step(part)
        except STEP_FAILURES as error:
            if part.height == 1:
                poison.append(_poison_row(part, error))
                return
            middle = part.height // 2
            run(part.slice(0, middle))
            run(part.slice(middle))
            return
        records.append(done)
        quarantines.append(bad)

    run(staging)
    if not records:  # every row is poison: the step on no rows gives the records' columns
        try:
            records.append(step(staging.clear())[0])
        except STEP_FAILURES:
            raise first_error from None
    quarantine = pl.concat(
        [*quarantines, *(frame.cast(QUARANTINE_SCHEMA) for frame in poison)],
        how="diagonal_relaxed",
    )
    return pl.concat(records, how="vertical"), quarantine
