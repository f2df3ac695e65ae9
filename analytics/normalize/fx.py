"""Convert pay amounts to US dollars with a dated monthly FX table.

Job: load the shipped fallback table ``analytics/taxonomy/fx_monthly.csv`` (US dollars per unit
of currency, one row per month x currency, dated by its ``# as_of:`` header line), convert
amount columns with the rate of each row's month (a join on month and currency, no per-row
Python), and rebuild the table from the ECB's ``eurofxref-hist.csv`` when that file is at hand.

Rules:
* Months after the table's last month use the last month's rate; months before its first month
  get null (except USD, which is always 1.0). A null month also gives null (except USD).
* An unknown currency gives a null USD amount; the caller quarantines the record.
* Malformed months raise ValueError naming the record.

May import: the standard library and polars. Never imports ``ingest``, ``dashboard`` or ``app``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import polars as pl

FX_TABLE_PATH = Path(__file__).resolve().parents[1] / "taxonomy" / "fx_monthly.csv"
# every currency the ECB publishes that the pay parser reads (the shipped table's, written by
# scripts/refresh_fx_table.py)
FX_CURRENCIES: tuple[str, ...] = (
    "USD", "EUR", "AUD", "BRL", "CAD", "CHF", "CNY", "CZK", "DKK", "GBP", "HKD", "HUF",
    "IDR", "ILS", "INR", "ISK", "JPY", "KRW", "MXN", "MYR", "NOK", "NZD", "PHP", "PLN", "RON",
    "SEK", "SGD", "THB", "TRY", "ZAR",
)  # fmt: skip
FX_SCHEMA: dict[str, type[pl.DataType]] = {
    "month": pl.String,
    "currency": pl.String,
    "usd_per_unit": pl.Float64,
    "basis": pl.String,
}
_AS_OF_LINE = re.compile(r"^#\s*as_of:\s*(\d{4}-\d{2}-\d{2})\s*$")
_MONTH_RE = r"^[0-9]{4}-(?:0[1-9]|1[0-2])"


def fx_table_date(path: Path = FX_TABLE_PATH) -> dt.date:
    """The date the FX table is "as of" (its ``# as_of: YYYY-MM-DD`` header line)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.startswith("#"):
                break
            match = _AS_OF_LINE.match(line.strip())
            if match:
                return dt.date.fromisoformat(match.group(1))
    raise ValueError(f"{path}: no '# as_of: YYYY-MM-DD' header line")


def validated_rates(rates: pl.DataFrame, source: str) -> pl.DataFrame:
    """The rates table unchanged; raises naming the row on a bad month, rate or duplicate."""
    missing = [c for c in ("month", "currency", "usd_per_unit") if c not in rates.columns]
    if missing:
        raise ValueError(f"{source}: missing column(s) {missing}")
    checks = {
        "month is not YYYY-MM": ~pl.col("month").str.contains(r"^[0-9]{4}-(?:0[1-9]|1[0-2])$"),
        "currency is not a 3-letter ISO code": ~pl.col("currency").str.contains(r"^[A-Z]{3}$"),
        "usd_per_unit is missing or not positive": ~(pl.col("usd_per_unit") > 0),
        "duplicate month x currency": pl.struct("month", "currency").is_duplicated(),
    }
    for reason, bad in checks.items():
        hits = rates.select(bad.fill_null(True).arg_true().alias("i"))["i"]
        if len(hits):
            first = int(hits[0])
            raise ValueError(f"{source}: row {first} {rates.row(first)}: {reason}")
    return rates


@lru_cache(maxsize=4)
def _read_table(path: Path) -> pl.DataFrame:
    rates = pl.read_csv(path, comment_prefix="#", schema=FX_SCHEMA)
    return validated_rates(rates, str(path))


def usd_rates(path: Path = FX_TABLE_PATH) -> pl.DataFrame:
    """Monthly FX table: month ("YYYY-MM"), currency (ISO 4217), usd_per_unit, basis.

    basis says how a value was obtained: ecb_monthly_mean (the shipped table, rebuilt by
    scripts/refresh_fx_table.py, and `ingest fx`).
    """
    return _read_table(Path(path))


def month_key(df: pl.DataFrame, month_col: str) -> pl.Expr:
    """Expression giving "YYYY-MM" for a Date, Datetime or "YYYY-MM[-DD...]" string column."""
    dtype = df.schema[month_col]
    if dtype == pl.Date or isinstance(dtype, pl.Datetime):
        return pl.col(month_col).dt.strftime("%Y-%m")
    if dtype == pl.String:
        bad = df.select(
            (pl.col(month_col).is_not_null() & ~pl.col(month_col).str.contains(_MONTH_RE))
            .arg_true()
            .alias("i")
        )["i"]
        if len(bad):
            first = int(bad[0])
            raise ValueError(
                f"record {first}: month {df[month_col][first]!r} in column {month_col!r} is "
                f"not 'YYYY-MM' ({len(bad)} record(s) affected)"
            )
        return pl.col(month_col).str.slice(0, 7)
    raise ValueError(
        f"month column {month_col!r} has dtype {dtype}; expected Date, Datetime or str"
    )


def to_usd(
    df: pl.DataFrame,
    amount_cols: Sequence[str],
    currency_col: str,
    month_col: str,
    rates: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Add ``<col>_usd`` for each amount column, using the rate of the row's month.

    Join on (month, currency); months after the table's last month use its last month; months
    before its first month, null months and unknown currencies give null (USD is always 1.0).
    ``rates`` defaults to ``usd_rates()``.
    """
    amount_cols = [amount_cols] if isinstance(amount_cols, str) else list(amount_cols)
    missing = [c for c in [*amount_cols, currency_col, month_col] if c not in df.columns]
    if missing:
        raise ValueError(f"to_usd: missing column(s) {missing}")
    table = validated_rates(usd_rates() if rates is None else rates, "rates")
    last_month = table["month"].max()
    key = month_key(df, month_col)
    currency = pl.col(currency_col).cast(pl.String).str.strip_chars().str.to_uppercase()
    lookup = table.select(
        pl.col("month").alias("_fx_month"),
        pl.col("currency").alias("_fx_currency"),
        pl.col("usd_per_unit").alias("_fx_rate"),
    )
    joined = df.with_columns(
        pl.when(key > last_month).then(pl.lit(last_month)).otherwise(key).alias("_fx_month"),
        currency.alias("_fx_currency"),
    ).join(lookup, on=["_fx_month", "_fx_currency"], how="left", maintain_order="left")
    rate = pl.when(pl.col("_fx_currency") == "USD").then(1.0).otherwise(pl.col("_fx_rate"))
    return joined.with_columns(
        (pl.col(c).cast(pl.Float64) * rate).alias(f"{c}_usd") for c in amount_cols
    ).drop("_fx_month", "_fx_currency", "_fx_rate")


def monthly_rates_from_ecb(
    csv_path: Path, currencies: Sequence[str] = FX_CURRENCIES
) -> pl.DataFrame:
    """Monthly mean USD-per-unit rates from the ECB's eurofxref-hist.csv (rates per EUR).

    USD per unit of X on a day = (USD per EUR) / (X per EUR); EUR itself = USD per EUR; the
    month's value is the mean over the days both rates were published. "N/A" counts as missing.
    """
    daily = pl.read_csv(csv_path, null_values=["N/A", ""], infer_schema_length=0)
    daily = daily.select([c for c in daily.columns if c.strip()])
    if "Date" not in daily.columns or "USD" not in daily.columns:
        raise ValueError(f"{csv_path}: expected ECB columns 'Date' and 'USD'")
    wanted = [c for c in currencies if c not in ("USD", "EUR")]
    absent = [c for c in wanted if c not in daily.columns]
    if absent:
        raise ValueError(f"{csv_path}: no ECB column for {absent}")
    usd_per_eur = pl.col("USD").cast(pl.Float64)
    crosses = daily.select(
        pl.col("Date").str.slice(0, 7).alias("month"),
        *[(usd_per_eur / pl.col(c).cast(pl.Float64)).alias(c) for c in wanted],
        usd_per_eur.alias("EUR"),
        pl.lit(1.0).alias("USD"),
    )
    return (
        crosses.unpivot(index="month", variable_name="currency", value_name="usd_per_unit")
        .filter(pl.col("currency").is_in(list(currencies)))
        .drop_nulls("usd_per_unit")
        .group_by("month", "currency")
        .agg(pl.col("usd_per_unit").mean())
        .with_columns(pl.lit("ecb_monthly_mean").alias("basis"))
        .sort("month", "currency")
        .select(list(FX_SCHEMA))
    )


def write_fx_table(
    rates: pl.DataFrame, path: Path, as_of: dt.date, method_lines: Sequence[str] = ()
) -> None:
    """Write a rates table as a dated CSV that ``usd_rates`` and ``fx_table_date`` can read."""
    rates = validated_rates(rates, "rates")
    header = [
        "# Skillmarket FX table: US dollars per one unit of each currency, monthly averages.",
        f"# as_of: {as_of.isoformat()}",
        *[f"# {line}" for line in method_lines],
    ]
    body = rates.select(list(FX_SCHEMA)).sort("month", "currency").write_csv()
    Path(path).write_text("\n".join(header) + "\n" + body, encoding="utf-8")
