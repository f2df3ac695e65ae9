"""`out_pay_bands` from cells made on Spark (`spark_engine.pay_bands`) is the local mart: a small
market of two windows with an own metro band (ranges and single values, a null and an empty
company name), a thin metro that rolls up, a metro whose postings name two states equally, a
country paid in two currencies, a null seniority, an OTE posting and a posting outside both
windows. Counts, names, percentiles and grids are exact (the percentiles equal bit for bit);
the bootstrap bounds to 1e-9 relative: Spark sums each company's CDFs in another order
(~1e-16 relative apart)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from analytics.marts.pay_band_intervals import INTERVAL_COLUMNS
from analytics.marts.pay_bands import out_pay_bands_by_window
from spark_engine.pay_bands import pay_band_cells_on_spark
from spark_engine.session import spark_session
from tests.spark_engine.spark_frames import read_on_spark


def _market() -> pl.DataFrame:
    rng = np.random.default_rng(3)
    rows = []

    def add(n: int, companies: list[str | None], **fixed: object) -> None:
        for i in range(n):
            low = float(np.round(rng.uniform(90_000, 160_000), -3))
            single = i % 3 == 0  # a single value: min == max
            high = low if single else low + float(np.round(rng.uniform(5_000, 40_000), -3))
            month = 1 + i % 12
            row = {
                "role_family": "ml_engineer",
                "seniority": "senior",
                "country": "US",
                "region": "WA",
                "city": "Seattle",
                "metro_code": "0042660",
                "company": companies[i % len(companies)],
                "posted_date": date(2026 if i % 4 else 2025, month, 10),
                "currency": "USD",
                "pay_min_annual": low,
                "pay_max_annual": high,
                "pay_kind": "base",
            }
            row.update(fixed)
            rows.append(row)

    add(40, ["a", "b", "c", "d", "e", None, ""])  # own band, both windows
    add(6, ["s1", "s2"], metro_code="0044060", region="WA")  # thin: rolls up
    add(4, ["p1"], metro_code="0038900", region="OR")  # Portland: its postings name
    add(4, ["p2"], metro_code="0038900", region="WA")  # two states equally
    add(
        24,
        ["t1", "t2", "t3", "t4", "t5", "t6"],
        country="CA",
        region="ON",
        city="Toronto",
        metro_code=None,
        currency="CAD",
    )
    add(5, ["t7"], country="CA", region="ON", city="Toronto", metro_code=None, currency="USD")
    add(3, ["n1"], seniority=None)
    add(2, ["o1"], pay_kind="ote")
    add(1, ["old"], posted_date=date(2023, 1, 5))
    frame = pl.DataFrame(rows)
    usd = pl.when(pl.col("currency") == "CAD").then(0.73).otherwise(1.0)
    return frame.with_columns(
        (pl.col("pay_min_annual") * usd).alias("pay_min_annual_usd"),
        (pl.col("pay_max_annual") * usd).alias("pay_max_annual_usd"),
    )


def test_spark_cells_give_the_local_mart(tmp_path: Path) -> None:
    postings = _market()
    (spark_postings,) = read_on_spark(spark_session("local[2]"), tmp_path, postings=postings)
    report: dict[str, int | float] = {}
    cells = pay_band_cells_on_spark(spark_postings, report)
    on_spark = out_pay_bands_by_window(postings, cells=cells)
    local = out_pay_bands_by_window(postings)
    assert local.height > 10 and local["p10_lo"].is_not_null().any()
    assert local.filter(pl.col("rollup_level") == "state").height > 0
    assert_frame_equal(
        on_spark.drop(INTERVAL_COLUMNS), local.drop(INTERVAL_COLUMNS), check_exact=True
    )
    assert_frame_equal(
        on_spark.select(INTERVAL_COLUMNS),
        local.select(INTERVAL_COLUMNS),
        check_exact=False,
        rel_tol=1e-9,
        abs_tol=0.0,
    )
    assert report["windows"] == 2
    print("collected:", report)
    assert 0 < report["company_sums"] < report["place_rows"] / 2  # companies, not postings
    assert report["collected_rows"] < report["place_rows"] * 11
