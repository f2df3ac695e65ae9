"""Tests for analytics.normalize.fx: the shipped monthly FX table and USD conversion."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analytics.normalize import fx
from analytics.normalize.fx import (
    fx_table_date,
    monthly_rates_from_ecb,
    to_usd,
    usd_rates,
    write_fx_table,
)
from analytics.normalize.salary_patterns import CURRENCIES_PATH


def small_rates() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "month": ["2024-01", "2024-01", "2024-02", "2024-02"],
            "currency": ["EUR", "INR", "EUR", "INR"],
            "usd_per_unit": [1.10, 0.012, 1.20, 0.011],
            "basis": ["test"] * 4,
        }
    )


# --- the shipped table ---------------------------------------------------------------------


def test_shipped_table_covers_every_month_and_currency() -> None:
    rates = usd_rates()
    months = [f"{y}-{m:02d}" for y in range(2023, 2027) for m in range(1, 13)]
    months = [m for m in months if m <= "2026-10"]
    expected = {(m, c) for m in months for c in fx.FX_CURRENCIES}
    assert set(zip(rates["month"], rates["currency"], strict=True)) == expected
    assert rates.height == len(expected)


def test_shipped_table_is_dated_and_marks_months_after_its_date() -> None:
    as_of = fx_table_date()
    assert dt.date(2023, 1, 1) < as_of <= dt.date(2026, 10, 31)
    rates = usd_rates()
    last_observed = as_of.strftime("%Y-%m")
    after = rates.filter(pl.col("month") > last_observed)
    assert (after["basis"] == "carried_forward").all()
    assert (rates.filter(pl.col("month") <= last_observed)["basis"] != "carried_forward").all()


def test_shipped_rates_are_usd_per_unit_near_the_rough_rates_of_the_currency_list() -> None:
    """Each rate times the rough units per dollar of taxonomy/currencies.csv (written apart,
    "about 2025") is near 1: an inverted rate (units per USD) or a wrong column is far off."""
    rough = pl.read_csv(CURRENCIES_PATH, comment_prefix="#")
    product = (
        usd_rates()
        .join(rough, on="currency", how="left")
        .with_columns((pl.col("usd_per_unit") * pl.col("units_per_usd")).alias("product"))
    )
    assert product["units_per_usd"].null_count() == 0  # every FX currency is in the list
    # the lira lost more than half its value over the table's span
    factor = pl.when(pl.col("currency") == "TRY").then(2.5).otherwise(1.5)
    off = product.filter((pl.col("product") > factor) | (pl.col("product") < 1 / factor))
    assert off.height == 0, off.select("month", "currency", "usd_per_unit", "product")
    assert set(product["currency"]) == set(fx.FX_CURRENCIES)


def test_shipped_rates_change_smoothly_month_to_month() -> None:
    jumps = (
        usd_rates()
        .sort("currency", "month")
        .with_columns(
            (pl.col("usd_per_unit") / pl.col("usd_per_unit").shift(1).over("currency") - 1)
            .abs()
            .alias("jump")
        )
    )
    # the lira's devaluation of June 2023 (-16% in a month) is the one larger move
    lira = pl.col("currency") == "TRY"
    assert jumps.filter(~lira)["jump"].max() < 0.08
    assert jumps.filter(lira)["jump"].max() < 0.25


# --- conversion ----------------------------------------------------------------------------


def test_to_usd_uses_the_rate_of_each_rows_month() -> None:
    df = pl.DataFrame(
        {
            "pay_min": [100.0, 100.0, 1_000.0],
            "pay_max": [200.0, None, 2_000.0],
            "currency": ["EUR", "EUR", "INR"],
            "month": ["2024-01", "2024-02", "2024-02-17"],
        }
    )
    got = to_usd(df, ["pay_min", "pay_max"], "currency", "month", rates=small_rates())
    assert got.columns == [*df.columns, "pay_min_usd", "pay_max_usd"]
    assert got["pay_min_usd"].to_list() == pytest.approx([110.0, 120.0, 11.0])
    assert got["pay_max_usd"].to_list()[1] is None
    assert got["pay_max_usd"].to_list()[0] == pytest.approx(220.0)


def test_months_after_the_table_use_its_last_month() -> None:
    df = pl.DataFrame({"a": [10.0], "currency": ["EUR"], "month": ["2031-07"]})
    got = to_usd(df, ["a"], "currency", "month", rates=small_rates())
    assert got["a_usd"][0] == pytest.approx(12.0)


def test_months_before_the_table_and_null_months_give_null_except_usd() -> None:
    df = pl.DataFrame(
        {
            "a": [10.0, 10.0, 10.0, 10.0],
            "currency": ["EUR", "USD", "EUR", "usd"],
            "month": ["2019-05", "2019-05", None, None],
        }
    )
    got = to_usd(df, ["a"], "currency", "month", rates=small_rates())
    assert got["a_usd"].to_list() == [None, 10.0, None, 10.0]


def test_unknown_currency_gives_null_not_an_error() -> None:
    df = pl.DataFrame({"a": [10.0, 10.0], "currency": ["XYZ", None], "month": ["2024-01"] * 2})
    got = to_usd(df, ["a"], "currency", "month", rates=small_rates())
    assert got["a_usd"].to_list() == [None, None]


def test_to_usd_accepts_date_and_datetime_months() -> None:
    df = pl.DataFrame(
        {
            "a": [10.0, 10.0],
            "currency": ["EUR", "EUR"],
            "posted_on": [dt.date(2024, 1, 31), dt.date(2024, 2, 1)],
        }
    ).with_columns(
        pl.col("posted_on").cast(pl.Datetime("us", "UTC")).alias("posted_at"),
    )
    by_date = to_usd(df, ["a"], "currency", "posted_on", rates=small_rates())
    by_datetime = to_usd(df, ["a"], "currency", "posted_at", rates=small_rates())
    assert by_date["a_usd"].to_list() == pytest.approx([11.0, 12.0])
    assert by_datetime["a_usd"].to_list() == pytest.approx([11.0, 12.0])


def test_to_usd_with_the_shipped_table() -> None:
    rates = usd_rates()
    eur_march = rates.filter((pl.col("month") == "2024-03") & (pl.col("currency") == "EUR"))
    df = pl.DataFrame({"a": [1_000.0], "currency": ["EUR"], "month": ["2024-03"]})
    got = to_usd(df, ["a"], "currency", "month")
    assert got["a_usd"][0] == pytest.approx(1_000.0 * eur_march["usd_per_unit"][0])


def test_bad_month_raises_naming_the_record() -> None:
    df = pl.DataFrame({"a": [1.0, 2.0], "currency": ["EUR", "EUR"], "month": ["2024-01", "03/24"]})
    with pytest.raises(ValueError, match=r"record 1: month '03/24'"):
        to_usd(df, ["a"], "currency", "month", rates=small_rates())


def test_missing_column_raises() -> None:
    df = pl.DataFrame({"a": [1.0], "currency": ["EUR"]})
    with pytest.raises(ValueError, match="missing column"):
        to_usd(df, ["a"], "currency", "month", rates=small_rates())


def test_bad_rates_table_raises_naming_the_row() -> None:
    duplicated = pl.concat([small_rates(), small_rates().head(1)])
    with pytest.raises(ValueError, match="duplicate month x currency"):
        fx.validated_rates(duplicated, "rates")
    negative = small_rates().with_columns(pl.lit(-1.0).alias("usd_per_unit"))
    with pytest.raises(ValueError, match=r"row 0 .*not positive"):
        fx.validated_rates(negative, "rates")


# --- building and writing a table ----------------------------------------------------------


def test_monthly_rates_from_ecb_builds_usd_crosses(tmp_path: Path) -> None:
    csv = tmp_path / "eurofxref-hist.csv"
    csv.write_text(
        "Date,USD,JPY,GBP,INR,\n"
        "2024-02-02,1.08,160.0,0.85,90.0,\n"
        "2024-02-01,1.10,160.0,0.85,N/A,\n"
        "2024-01-31,1.20,150.0,0.90,100.0,\n",
        encoding="utf-8",
    )
    got = monthly_rates_from_ecb(csv, currencies=("USD", "EUR", "GBP", "JPY", "INR"))
    value = {(r["month"], r["currency"]): r["usd_per_unit"] for r in got.to_dicts()}
    assert value[("2024-02", "EUR")] == pytest.approx((1.08 + 1.10) / 2)
    assert value[("2024-02", "GBP")] == pytest.approx((1.08 / 0.85 + 1.10 / 0.85) / 2)
    assert value[("2024-02", "INR")] == pytest.approx(1.08 / 90.0)
    assert value[("2024-01", "JPY")] == pytest.approx(1.20 / 150.0)
    assert value[("2024-01", "USD")] == 1.0
    assert set(got["basis"]) == {"ecb_monthly_mean"}


def test_monthly_rates_from_ecb_rejects_missing_currency(tmp_path: Path) -> None:
    csv = tmp_path / "eurofxref-hist.csv"
    csv.write_text("Date,USD\n2024-01-31,1.2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no ECB column"):
        monthly_rates_from_ecb(csv, currencies=("USD", "GBP"))


def test_written_table_reads_back_with_its_date(tmp_path: Path) -> None:
    path = tmp_path / "fx.csv"
    write_fx_table(small_rates(), path, dt.date(2024, 2, 29), ["method: test rates"])
    assert fx_table_date(path) == dt.date(2024, 2, 29)
    assert usd_rates(path).sort("month", "currency").equals(small_rates())


def test_table_without_date_line_raises(tmp_path: Path) -> None:
    path = tmp_path / "fx.csv"
    path.write_text("month,currency,usd_per_unit,basis\n2024-01,EUR,1.1,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="as_of"):
        fx_table_date(path)
