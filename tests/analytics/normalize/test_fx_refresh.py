"""Tests for scripts/refresh_fx_table.py: the shipped FX table rebuilt from an ECB file."""

from __future__ import annotations

import datetime as dt
import importlib.util
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from analytics.normalize import fx
from analytics.normalize.salary_patterns import CURRENCIES_PATH

REPO = Path(__file__).resolve().parents[3]
SCRIPT = REPO / "scripts" / "refresh_fx_table.py"
ECB_FIXTURE = REPO / "tests" / "fixtures" / "reference" / "ecb_fx_hist.csv"


def _script():
    spec = importlib.util.spec_from_file_location("refresh_fx_table", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_table_from_an_ecb_file_has_the_parsers_currencies_from_the_first_month() -> None:
    rates, last_day = _script().ecb_table(ECB_FIXTURE, "2025-02")
    header = ECB_FIXTURE.read_text(encoding="utf-8").splitlines()[0].split(",")
    read = set(pl.read_csv(CURRENCIES_PATH, comment_prefix="#")["currency"])
    expected = {c for c in header if c in read} | {"EUR", "USD"}
    assert set(rates["currency"]) == expected  # BGN: an ECB column the parser does not read
    assert "BGN" in header and "BGN" not in expected
    assert rates["month"].min() == "2025-02"  # January left out
    assert last_day == dt.date.fromisoformat(
        max(line.split(",")[0] for line in ECB_FIXTURE.read_text().splitlines()[1:])
    )
    fx.validated_rates(rates, "refreshed")


def test_the_script_writes_a_dated_table_that_usd_rates_reads(tmp_path: Path) -> None:
    out = tmp_path / "fx.csv"
    subprocess.run(
        [sys.executable, str(SCRIPT), str(ECB_FIXTURE), "--first-month", "2025-01",
         "--output", str(out)],
        check=True, capture_output=True,
    )  # fmt: skip
    rates = fx.usd_rates(out)
    assert set(rates["basis"]) == {"ecb_monthly_mean"}
    gbp = rates.filter((pl.col("month") == "2025-02") & (pl.col("currency") == "GBP"))
    # the fixture's two February days: 1.0 / 0.8 and 1.2 / 0.8 dollars per pound
    assert gbp["usd_per_unit"][0] == pytest.approx((1.0 / 0.8 + 1.2 / 0.8) / 2)
    assert fx.fx_table_date(out) <= dt.date(2025, 12, 31)
