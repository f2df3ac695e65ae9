"""Talent-pool CSVs (candidate profiles: the supply side of demand-to-supply ratios), as the
sample market writes them and `skillmarket ingest talent-pool --from-file` imports them.

`parse_file` reads one CSV into `raw_talent_pool` rows (every column as text except
`open_to_work`, a boolean, and `updated_date`, a date); a row without a candidate_id is
quarantined with its line number. The header is checked first (`check_header`): a CSV lacking
a column, or with more columns than `reference_columns.MAX_COLUMNS`, is a `SourceFormatError`
naming them; columns beyond `COLUMNS` are not read.

May import: the standard library, polars, `ingest.sources.common`,
`ingest.sources.reference_columns`.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ingest.sources.reference_columns import MAX_HEADER_BYTES, check_columns, csv_header

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


def check_header(data: bytes, rel: str) -> list[str]:
    """The CSV's column names, checked (see the module docstring)."""
    header = csv_header(data, SOURCE, rel)
    check_columns(header, SOURCE, rel, required=COLUMNS)
    return header


def parse_file(path: Path, rel: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows with `raw_file`, quarantine rows) of one talent-pool CSV."""
    with path.open("rb") as handle:
        header = check_header(handle.read(MAX_HEADER_BYTES + 1), rel)
    wanted = [i for i, name in enumerate(header) if name in COLUMNS]
    frame = pl.read_csv(path, infer_schema_length=0, columns=wanted)
    frame = (
        frame.rename({c: c.strip() for c in frame.columns})
        .with_row_index("_line", offset=2)
        .with_columns(
            pl.col("open_to_work").str.to_lowercase().is_in(["true", "1", "yes"]),
            pl.col("updated_date").str.to_date(strict=False),
            pl.lit(rel).alias("raw_file"),
        )
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
