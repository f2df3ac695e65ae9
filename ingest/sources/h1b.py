"""DOL H-1B LCA disclosure files (public domain, U.S. Department of Labor): offered wages.

`import_file` copies a downloaded `LCA_Disclosure_Data_FY<year>_Q<n>.xlsx` (or a CSV export
with the same columns) into `raw/h1b/<today>/`. `parse` keeps certified, full-time cases and
returns one row per case: job title, employer, worksite city and state, SOC code, and the
offered wage annualized (Hour x 2080, Week x 52, Bi-Weekly x 26, Month x 12, Year x 1; the
lower wage, and the upper one where given, else the lower for both). Cases it cannot use are
quarantined with the reason (no or unparseable wage, unknown wage unit, upper below lower,
annual wage outside 10,000..2,000,000 USD, no title or employer). Other statuses and part-time
positions are counted as skipped, not quarantined: they are valid records outside the scope.
`parse_reference` and `merge_reference` are the build's reference interface (`ingest.reference`):
a case filed again in a later file keeps its latest row.

May import: the standard library, polars, fastexcel, `ingest.sources.common`,
`ingest.sources.reference_columns`, `ingest.sources.reference_fetch`, `ingest.staging`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import fastexcel
import polars as pl

from ingest.sources.common import SourceFormatError
from ingest.sources.reference_columns import check_columns, csv_header
from ingest.sources.reference_fetch import read_reference_file, store_local_file
from ingest.staging import QUARANTINE_SCHEMA, ReferenceParse

SOURCE = "h1b"
REQUIRED_COLUMNS = (
    "CASE_STATUS",
    "JOB_TITLE",
    "SOC_CODE",
    "FULL_TIME_POSITION",
    "EMPLOYER_NAME",
    "WORKSITE_CITY",
    "WORKSITE_STATE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_UNIT_OF_PAY",
)
OPTIONAL_COLUMNS = (
    "CASE_NUMBER",
    "SOC_TITLE",
    "BEGIN_DATE",
    "WAGE_RATE_OF_PAY_TO",
    "PREVAILING_WAGE",
    "PW_UNIT_OF_PAY",
    "PW_WAGE_LEVEL",
)
UNIT_FACTORS = {"hour": 2080.0, "week": 52.0, "bi-weekly": 26.0, "month": 12.0, "year": 1.0}
MIN_ANNUAL, MAX_ANNUAL = 10_000.0, 2_000_000.0
WAGES_SCHEMA: dict[str, pl.DataType] = {
    "case_number": pl.String(),
    "fiscal_year": pl.Int32(),
    "job_title": pl.String(),
    "employer_name": pl.String(),
    "worksite_city": pl.String(),
    "worksite_state": pl.String(),
    "soc_code": pl.String(),
    "soc_title": pl.String(),
    "begin_date": pl.Date(),
    "wage_from": pl.Float64(),
    "wage_to": pl.Float64(),
    "wage_unit": pl.String(),
    "wage_min_annual": pl.Float64(),
    "wage_max_annual": pl.Float64(),
    "prevailing_wage_annual": pl.Float64(),
    "pw_wage_level": pl.String(),
    "raw_file": pl.String(),
    "record_index": pl.Int64(),
}
_FY = re.compile(r"FY\s*(\d{4})", re.IGNORECASE)


@dataclass
class WagesResult:
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    skipped: int


def import_file(raw_root: Path, path: Path) -> Path:
    """Copy a downloaded LCA disclosure file (.xlsx or .csv) into today's snapshot, after
    checking it has the columns `parse` needs."""
    data = read_reference_file(path)
    read_table(data, path.name)
    return store_local_file(raw_root, SOURCE, path, data=data)


def read_table(data: bytes, raw_file: str) -> pl.DataFrame:
    """The needed columns of the first sheet (or the CSV), every value as text."""
    wanted = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS)
    try:
        if data[:2] == b"PK":
            sheet = fastexcel.read_excel(data).load_sheet(
                0,
                use_columns=lambda col: col.name.strip().upper() in wanted,
                dtypes="string",
            )
            check_columns([c.name for c in sheet.available_columns()], SOURCE, raw_file)
            frame = sheet.to_polars()
        else:
            header = csv_header(data, SOURCE, raw_file)
            check_columns(header, SOURCE, raw_file)
            present = [i for i, name in enumerate(header) if name.upper() in wanted]
            frame = pl.read_csv(io.BytesIO(data), infer_schema_length=0, columns=present)
    except (fastexcel.FastExcelError, pl.exceptions.PolarsError, UnicodeDecodeError) as error:
        raise SourceFormatError(SOURCE, raw_file, f"not a readable XLSX/CSV: {error}") from error
    frame = frame.rename({c: c.strip().upper() for c in frame.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise SourceFormatError(SOURCE, raw_file, f"LCA disclosure file lacks columns {missing}")
    return frame.select(
        pl.col(c).cast(pl.String) if c in frame.columns else pl.lit(None, dtype=pl.String).alias(c)
        for c in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    )


def _money(col: str) -> pl.Expr:
    return (
        pl.col(col).str.replace_all(r"[$,\s]", "").replace("", None).cast(pl.Float64, strict=False)
    )


def _unit(col: str) -> pl.Expr:
    return pl.col(col).str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", "-")


def _annual(amount: pl.Expr, unit: pl.Expr) -> pl.Expr:
    return amount * unit.replace_strict(UNIT_FACTORS, default=None, return_dtype=pl.Float64)


def _soc(col: str) -> pl.Expr:
    digits = pl.col(col).str.replace_all(r"[^0-9]", "").str.slice(0, 6)
    return (
        pl.when(digits.str.len_chars() == 6)
        .then(digits.str.slice(0, 2) + "-" + digits.str.slice(2))
        .otherwise(None)
    )


def parse(data: bytes, raw_file: str) -> WagesResult:
    """Certified full-time cases of one LCA disclosure file, with annualized offered wages."""
    frame = read_table(data, raw_file).with_row_index("record_index", offset=2)
    status = pl.col("CASE_STATUS").str.strip_chars().str.to_lowercase()
    full_time = pl.col("FULL_TIME_POSITION").str.strip_chars().str.to_uppercase()
    in_scope = frame.filter((status == "certified") & full_time.is_in(["Y", "YES"]))
    skipped = frame.height - in_scope.height
    unit = _unit("WAGE_UNIT_OF_PAY")
    work = in_scope.with_columns(
        _money("WAGE_RATE_OF_PAY_FROM").alias("wage_from"),
        _money("WAGE_RATE_OF_PAY_TO").alias("wage_to"),
        unit.alias("wage_unit"),
        _annual(_money("WAGE_RATE_OF_PAY_FROM"), unit).alias("wage_min_annual"),
        _annual(_money("WAGE_RATE_OF_PAY_TO"), unit).alias("_to_annual"),
        _annual(_money("PREVAILING_WAGE"), _unit("PW_UNIT_OF_PAY")).alias("prevailing_wage_annual"),
    ).with_columns(
        pl.when(pl.col("wage_to") > 0)
        .then(pl.col("_to_annual"))
        .otherwise(pl.col("wage_min_annual"))
        .alias("wage_max_annual")
    )
    blank = lambda c: pl.col(c).str.strip_chars().fill_null("") == ""  # noqa: E731
    reason = (
        pl.when(blank("JOB_TITLE"))
        .then(pl.lit("no job title"))
        .when(blank("EMPLOYER_NAME"))
        .then(pl.lit("no employer name"))
        .when(pl.col("wage_from").is_null())
        .then(
            pl.lit("wage is missing or not a number: ")
            + pl.col("WAGE_RATE_OF_PAY_FROM").fill_null("<empty>")
        )
        .when(~pl.col("wage_unit").fill_null("").is_in(list(UNIT_FACTORS)))
        .then(pl.lit("unknown wage unit: ") + pl.col("WAGE_UNIT_OF_PAY").fill_null("<empty>"))
        .when(
            pl.col("wage_to").is_not_null()
            & (pl.col("wage_to") > 0)
            & (pl.col("wage_to") < pl.col("wage_from"))
        )
        .then(pl.lit("upper wage below lower wage"))
        .when(~pl.col("wage_min_annual").is_between(MIN_ANNUAL, MAX_ANNUAL))
        .then(
            pl.lit("annualized wage ")
            + pl.col("wage_min_annual").round(0).cast(pl.Int64).cast(pl.String)
            + " outside 10000..2000000"
        )
        .when(pl.col("wage_max_annual") > MAX_ANNUAL)
        .then(pl.lit("annualized upper wage above 2000000"))
        .otherwise(None)
        .alias("_reason")
    )
    work = work.with_columns(reason)
    case = pl.col("CASE_NUMBER").fill_null("?")
    quarantine = work.filter(pl.col("_reason").is_not_null()).select(
        pl.lit(SOURCE).alias("source"),
        pl.lit(raw_file).alias("file"),
        (pl.lit("row ") + pl.col("record_index").cast(pl.String) + " case " + case).alias("record"),
        pl.col("_reason").alias("reason"),
    )
    match = _FY.search(raw_file)
    fiscal_year = int(match.group(1)) if match else None
    begin = pl.col("BEGIN_DATE").str.strip_chars()
    rows = work.filter(pl.col("_reason").is_null()).select(
        pl.col("CASE_NUMBER").str.strip_chars().alias("case_number"),
        pl.lit(fiscal_year, dtype=pl.Int32).alias("fiscal_year"),
        pl.col("JOB_TITLE").str.strip_chars().alias("job_title"),
        pl.col("EMPLOYER_NAME").str.strip_chars().alias("employer_name"),
        pl.col("WORKSITE_CITY").str.strip_chars().str.to_titlecase().alias("worksite_city"),
        pl.col("WORKSITE_STATE").str.strip_chars().str.to_uppercase().alias("worksite_state"),
        _soc("SOC_CODE").alias("soc_code"),
        pl.col("SOC_TITLE").str.strip_chars().alias("soc_title"),
        pl.coalesce(
            begin.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
            begin.str.to_date("%m/%d/%Y", strict=False),
        ).alias("begin_date"),
        "wage_from",
        pl.when(pl.col("wage_to") > 0).then(pl.col("wage_to")).otherwise(None).alias("wage_to"),
        "wage_unit",
        "wage_min_annual",
        "wage_max_annual",
        "prevailing_wage_annual",
        pl.col("PW_WAGE_LEVEL").str.strip_chars().alias("pw_wage_level"),
        pl.lit(raw_file).alias("raw_file"),
        pl.col("record_index").cast(pl.Int64),
    )
    return WagesResult(rows.cast(WAGES_SCHEMA), quarantine.cast(QUARANTINE_SCHEMA), skipped)


def parse_reference(data: bytes, raw_file: str, snapshot: date) -> ReferenceParse:
    """The build's reference interface: one file's cases for `core_h1b_wages`."""
    result = parse(data, raw_file)
    return ReferenceParse({"core_h1b_wages": result.rows}, result.quarantine)


def merge_reference(tables: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Every file's cases together: a case filed again in a later file keeps the latest row."""
    wages = tables["core_h1b_wages"]
    if wages.height == 0:
        return tables
    latest = pl.concat(
        [
            wages.filter(pl.col("case_number").is_null()),
            wages.filter(pl.col("case_number").is_not_null()).unique(
                "case_number", keep="last", maintain_order=True
            ),
        ]
    )
    return {**tables, "core_h1b_wages": latest}
