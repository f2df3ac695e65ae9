"""Indeed Hiring Lab trackers (CC BY 4.0; cite Hiring Lab): AI / GenAI share of postings and
the pay-transparency share, as published in the public GitHub repositories
`hiring-lab/ai-tracker` and `hiring-lab/pay-transparency`.

`collect_online` fetches the CSVs into `raw/hiring_lab/<today>/`; `import_dir` copies
downloaded copies of them. `parse` turns one CSV's bytes into long series rows (series, country,
sector, date, value) plus quarantine rows for lines it cannot read (bad date, country code or
number), each with its reason. An "NA" 3-month average (the first months of a series) is a
published gap, not an error, and is left out. `parse_reference` is the build's reference interface
(`ingest.reference`): the rows dated by the snapshot they were retrieved in.

May import: the standard library, polars, `ingest.snapshots`, `ingest.sources.common`,
`ingest.sources.reference_fetch`, `ingest.staging`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from ingest.sources.common import SourceFormatError
from ingest.sources.reference_fetch import (
    Fetcher,
    FetchError,
    fetch_file,
    store_fetched,
    store_local_file,
)
from ingest.staging import QUARANTINE_SCHEMA, ReferenceParse

SOURCE = "hiring_lab"
DEFAULT_BASE_URL = "https://raw.githubusercontent.com"
BRANCH = "main"
FILES: dict[str, str] = {
    "AI_posting.csv": "hiring-lab/ai-tracker",
    "GenAI_posting.csv": "hiring-lab/ai-tracker",
    "pay-transparency-country.csv": "hiring-lab/pay-transparency",
    "pay-transparency-sector.csv": "hiring-lab/pay-transparency",
}
SERIES_SCHEMA: dict[str, pl.DataType] = {
    "series": pl.String(),
    "country": pl.String(),
    "country_name": pl.String(),
    "sector": pl.String(),
    "date": pl.Date(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "raw_file": pl.String(),
}
_MISSING = ("NA", "")


@dataclass
class SeriesResult:
    rows: pl.DataFrame
    quarantine: pl.DataFrame


def file_url(name: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """Raw-file URL of one tracker CSV (`base_url` replaces scheme and host)."""
    return f"{base_url.rstrip('/')}/{FILES[name]}/{BRANCH}/{name}"


def collect_online(
    raw_root: Path, base_url: str = DEFAULT_BASE_URL, fetch: Fetcher = fetch_file
) -> tuple[list[Path], dict[str, str]]:
    """Fetch every tracker CSV into today's snapshot; returns stored paths and per-file errors
    (a failing file is reported, the others are kept)."""
    stored, errors = [], {}
    for name in FILES:
        try:
            fetched = fetch(file_url(name, base_url))
            parse(fetched.data, name)  # refuse to store something that is not a tracker CSV
            stored.append(store_fetched(raw_root, SOURCE, name, fetched))
        except (FetchError, SourceFormatError) as error:
            errors[name] = str(error)
    return stored, errors


def import_dir(raw_root: Path, directory: Path) -> list[Path]:
    """Copy the tracker CSVs found in `directory` into today's snapshot."""
    found = [directory / name for name in FILES if (directory / name).is_file()]
    if not found:
        raise FileNotFoundError(f"{directory}: none of {', '.join(FILES)} found")
    return [store_local_file(raw_root, SOURCE, path) for path in found]


def _read(data: bytes, raw_file: str) -> pl.DataFrame:
    try:
        return pl.read_csv(io.BytesIO(data), infer_schema_length=0).with_row_index(
            "_line", offset=2
        )
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        raise SourceFormatError(SOURCE, raw_file, f"not a readable CSV: {error}") from error


def parse(data: bytes, raw_file: str) -> SeriesResult:
    """Long series rows from one Hiring Lab CSV (AI tracker or pay-transparency layout)."""
    frame = _read(data, raw_file)
    cols = set(frame.columns)
    if {"date", "jobcountry"} <= cols:
        values = [c for c in frame.columns if c not in ("_line", "date", "jobcountry")]
        if not values:
            raise SourceFormatError(SOURCE, raw_file, "AI tracker CSV without a value column")
        base = frame.select(
            "_line",
            "date",
            pl.col("jobcountry").alias("country"),
            pl.lit(None, dtype=pl.String).alias("country_name"),
            pl.lit("all").alias("sector"),
            *values,
        )
    elif {"date", "country_code", "pay_transparency_pct"} <= cols:
        values = [c for c in ("pay_transparency_pct", "pay_transparency_pct_3ma") if c in cols]
        base = frame.select(
            "_line",
            "date",
            pl.col("country_code").alias("country"),
            (pl.col("country") if "country" in cols else pl.lit(None, dtype=pl.String)).alias(
                "country_name"
            ),
            (pl.col("sector") if "sector" in cols else pl.lit("all")).alias("sector"),
            *values,
        )
    else:
        raise SourceFormatError(
            SOURCE,
            raw_file,
            f"unknown layout (columns {sorted(cols)}); expected date,jobcountry,<share> or "
            "date,country_code,pay_transparency_pct",
        )
    long = base.unpivot(
        index=["_line", "date", "country", "country_name", "sector"],
        variable_name="series",
        value_name="raw_value",
    ).with_columns(
        pl.col("series").str.to_lowercase(),
        pl.col("date").str.strip_chars().str.to_date("%Y-%m-%d", strict=False).alias("_date"),
        pl.col("raw_value").str.strip_chars().cast(pl.Float64, strict=False).alias("value"),
        pl.col("country").str.strip_chars().str.to_uppercase(),
    )
    reason = (
        pl.when(pl.col("_date").is_null())
        .then(pl.lit("date is not YYYY-MM-DD: ") + pl.col("date").fill_null("<empty>"))
        .when(~pl.col("country").fill_null("").str.contains(r"^[A-Z]{2}$"))
        .then(pl.lit("country code is not ISO alpha-2: ") + pl.col("country").fill_null("<empty>"))
        .when(pl.col("value").is_null() & ~pl.col("raw_value").fill_null("").is_in(_MISSING))
        .then(pl.lit("value is not a number: ") + pl.col("raw_value"))
        .when(pl.col("value").is_not_null() & ~pl.col("value").is_between(0, 100))
        .then(pl.lit("share outside 0..100: ") + pl.col("raw_value"))
        .otherwise(None)
        .alias("_reason")
    )
    long = long.with_columns(reason)
    quarantine = long.filter(pl.col("_reason").is_not_null()).select(
        pl.lit(SOURCE).alias("source"),
        pl.lit(raw_file).alias("file"),
        (pl.lit("line ") + pl.col("_line").cast(pl.String) + " " + pl.col("series")).alias(
            "record"
        ),
        pl.col("_reason").alias("reason"),
    )
    rows = long.filter(pl.col("_reason").is_null() & pl.col("value").is_not_null()).select(
        "series",
        "country",
        "country_name",
        "sector",
        pl.col("_date").alias("date"),
        "value",
        pl.lit("percent").alias("unit"),
        pl.lit(raw_file).alias("raw_file"),
    )
    return SeriesResult(rows.cast(SERIES_SCHEMA), quarantine.cast(QUARANTINE_SCHEMA))


def parse_reference(data: bytes, raw_file: str, snapshot: date) -> ReferenceParse:
    """The build's reference interface: one tracker CSV's series rows, dated by the snapshot
    they were retrieved in."""
    series = parse(data, raw_file)
    rows = series.rows.with_columns(pl.lit(snapshot).alias("retrieved_date"))
    return ReferenceParse({"core_hiring_lab_series": rows}, series.quarantine)
