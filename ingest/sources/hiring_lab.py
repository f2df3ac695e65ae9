"""Indeed Hiring Lab trackers (CC BY 4.0; cite Hiring Lab): AI / GenAI share of postings and
the pay-transparency share, as published in the public GitHub repositories
`hiring-lab/ai-tracker` and `hiring-lab/pay-transparency`.

`collect_online` fetches the CSVs into `raw/hiring_lab/<today>/`; `import_dir` copies
downloaded copies of them, each checked first. `parse` turns one CSV's bytes into long series
rows (series, country, sector, date, value) plus quarantine rows for lines it cannot read (bad
date, country code or number), each with its reason. A file is read only when its header is one
of the two published layouts (`LAYOUTS`: key columns and known series columns, nothing else);
any other header is a `SourceFormatError` naming the columns, checked before the body is
parsed. An "NA" 3-month average (the first months of a series) is a
published gap, not an error, and is left out. `parse_reference` is the build's reference interface
(`ingest.reference`): the rows dated by the snapshot they were retrieved in.

May import: the standard library, polars, `ingest.snapshots`, `ingest.sources.common`,
`ingest.sources.reference_columns`, `ingest.sources.reference_fetch`, `ingest.staging`.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from ingest.sources.common import SourceFormatError
from ingest.sources.reference_columns import check_columns, csv_header
from ingest.sources.reference_fetch import (
    Fetcher,
    FetchError,
    fetch_file,
    read_reference_file,
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


@dataclass(frozen=True)
class Layout:
    """A published CSV layout: the columns that identify it, its other descriptive columns and
    its series (value) columns."""

    name: str
    keys: tuple[str, ...]
    extra: tuple[str, ...]
    series: tuple[str, ...]

    def matches(self, columns: set[str]) -> bool:
        return set(self.keys) <= columns

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.keys, *self.extra, *self.series)


LAYOUTS = (
    Layout("AI tracker", ("date", "jobcountry"), (), ("ai_share_postings", "genai_share_postings")),
    Layout(
        "pay-transparency tracker",
        ("date", "country_code"),
        ("country", "sector"),
        ("pay_transparency_pct", "pay_transparency_pct_3ma"),
    ),
)


def layout_of(data: bytes, raw_file: str) -> Layout:
    """The layout of a tracker CSV from its header; SourceFormatError when the header is
    none of `LAYOUTS` (a missing series, an unknown column, far too many columns)."""
    header = csv_header(data, SOURCE, raw_file)
    names = {c.lower() for c in header}
    for layout in LAYOUTS:
        if layout.matches(names):
            check_columns(header, SOURCE, raw_file, allowed=layout.columns)
            if not names & set(layout.series):
                raise SourceFormatError(
                    SOURCE, raw_file, f"{layout.name} CSV without a series column"
                )
            return layout
    shown = header[:8] + (["…"] if len(header) > 8 else [])
    raise SourceFormatError(
        SOURCE,
        raw_file,
        f"unknown layout (columns {shown}); expected date,jobcountry,<share> or "
        "date,country_code,pay_transparency_pct",
    )


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
    """Copy the tracker CSVs found in `directory` into today's snapshot; each must be a
    regular file within the size cap and read as a tracker CSV, else nothing is stored and the
    error names the file and the reason."""
    found = [directory / name for name in FILES if os.path.lexists(directory / name)]
    if not found:
        raise FileNotFoundError(f"{directory}: none of {', '.join(FILES)} found")
    contents = []
    for path in found:
        data = read_reference_file(path)
        parse(data, path.name)  # refuse to store something that is not a tracker CSV
        contents.append((path, data))
    return [store_local_file(raw_root, SOURCE, path, data=data) for path, data in contents]


def _read(data: bytes, raw_file: str) -> pl.DataFrame:
    """Every value as text, column names in lower case (the layouts compare them so)."""
    try:
        frame = pl.read_csv(io.BytesIO(data), infer_schema_length=0)
        return frame.rename(str.lower).with_row_index("_line", offset=2)
    except (pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        raise SourceFormatError(SOURCE, raw_file, f"not a readable CSV: {error}") from error


def parse(data: bytes, raw_file: str) -> SeriesResult:
    """Long series rows from one Hiring Lab CSV (AI tracker or pay-transparency layout)."""
    layout = layout_of(data, raw_file)
    frame = _read(data, raw_file)
    cols = set(frame.columns)
    if layout is LAYOUTS[0]:
        values = [c for c in frame.columns if c not in ("_line", "date", "jobcountry")]
        base = frame.select(
            "_line",
            "date",
            pl.col("jobcountry").alias("country"),
            pl.lit(None, dtype=pl.String).alias("country_name"),
            pl.lit("all").alias("sector"),
            *values,
        )
    else:
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
