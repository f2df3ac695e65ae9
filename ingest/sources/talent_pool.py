"""Talent-pool CSVs (candidate profiles: the supply side of demand-to-supply ratios), as the
sample market writes them and `skillmarket ingest talent-pool --from-file` imports them.

`parse_file` reads one CSV into `raw_talent_pool` rows (every column as text except
`open_to_work`, a boolean, and `updated_date`, a date); a row without a candidate_id is
quarantined with its line number. A CSV lacking a column is an error naming the columns.

May import: the standard library, polars.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

SOURCE = "talent_pool"
COLUMNS = (
    "candidate_id",
    "skills",
    "city",
    "region",
    "country",
    "role_family",
    "seniority",
    "open_to_work",
    "updated_date",
)


def parse_file(path: Path, rel: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows with `raw_file`, quarantine rows) of one talent-pool CSV."""
    frame = pl.read_csv(path, infer_schema_length=0)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{rel}: talent pool CSV lacks columns {missing}")
    frame = frame.with_row_index("_line", offset=2).with_columns(
        pl.col("open_to_work").str.to_lowercase().is_in(["true", "1", "yes"]),
        pl.col("updated_date").str.to_date(strict=False),
        pl.lit(rel).alias("raw_file"),
    )
    bad = frame.filter(pl.col("candidate_id").is_null() | (pl.col("candidate_id") == ""))
    quarantine = bad.select(
        pl.lit(SOURCE).alias("source"),
        pl.lit(rel).alias("file"),
        ("line " + pl.col("_line").cast(pl.String)).alias("record"),
        pl.lit("missing candidate_id").alias("reason"),
    )
    good = frame.filter(~pl.col("_line").is_in(bad["_line"].implode()))
    return good.drop("_line"), quarantine
