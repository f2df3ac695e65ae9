"""Compare two published snapshots table by table: same tables, same columns, same rows. The one
comparison the equality checks share (scripts/compare_snapshots.py, the incremental-build and
Spark-engine tests, `bench --scenario spark`, scripts/kill_build.py).

Rows are compared as sets (both sides sorted by every comparable column), floats to a relative
and absolute tolerance of 1e-9 (between engines, a stated one for the premiums:
`ENGINE_TOLERANCES`), lists as lists. A column present on one side only is reported,
not failed, with `allow_new` (a refactor may add columns; it may not change old ones).

May import: the standard library, polars.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

TOLERANCE = 1e-9
# Stated tolerances of tables whose floats one engine reaches by another summation order and
# algorithm: the Spark engine's premiums are solved from cell sums (role family x country x
# company x fixed-effect cell) summed on Spark, the local engine's from the postings; the
# within-company and joint models' bounds then agree to ~1e-9 relative at 200k postings
# (1.0e-9 for premium_within_hi, 1.3e-9 for beta_joint), not always within it.
ENGINE_TOLERANCES: dict[str, float] = {"out_skill_premiums": 1e-8}


def _canonical(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows in one order: lists joined to text for sorting, floats rounded for the sort key."""
    keys = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.List):
            column = column.cast(pl.List(pl.String)).list.join("\x1f")
        elif dtype.is_float():
            column = column.round(6)
        keys.append(column.alias(f"__k{len(keys)}"))
    return frame.with_columns(keys).sort([f"__k{i}" for i in range(len(keys))], nulls_last=True)


def table_differences(
    before: pl.DataFrame, after: pl.DataFrame, allow_new: bool, tolerance: float = TOLERANCE
) -> list[str]:
    """What differs between two versions of one table (empty when equal; floats to a relative
    and absolute `tolerance`)."""
    problems = []
    missing = [c for c in before.columns if c not in after.columns]
    added = [c for c in after.columns if c not in before.columns]
    if missing:
        problems.append(f"columns missing after: {missing}")
    if added and not allow_new:
        problems.append(f"columns added after: {added}")
    common = [c for c in before.columns if c in after.columns]
    if before.height != after.height:
        problems.append(f"rows {before.height} -> {after.height}")
        return problems
    left = _canonical(before.select(common)).select(common)
    right = _canonical(after.select(common)).select(common)
    try:
        assert_frame_equal(left, right, check_dtypes=False, rel_tol=tolerance, abs_tol=tolerance)
    except AssertionError as error:
        problems.append(str(error).splitlines()[0][:300])
    return problems


def snapshot_differences(
    before: Path, after: Path, allow_new: bool = False, tolerances: dict[str, float] | None = None
) -> dict[str, list]:
    """Table name -> differences, for every Parquet table of either snapshot (floats to
    `TOLERANCE`, or a table's own in `tolerances`)."""
    names = sorted(
        {p.stem for p in before.glob("*.parquet")} | {p.stem for p in after.glob("*.parquet")}
    )
    out: dict[str, list] = {}
    for name in names:
        a, b = before / f"{name}.parquet", after / f"{name}.parquet"
        if not a.exists() or not b.exists():
            out[name] = [f"only in {'after' if b.exists() else 'before'}"]
            continue
        tolerance = (tolerances or {}).get(name, TOLERANCE)
        out[name] = table_differences(pl.read_parquet(a), pl.read_parquet(b), allow_new, tolerance)
    return out
