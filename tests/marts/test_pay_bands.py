"""Pay bands: range-aware percentiles, the 20-postings/5-companies rule and roll-ups."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest

from analytics.marts.pay_bands import out_pay_bands, out_pay_bands_by_window


def _postings(rows: list[dict]) -> pl.DataFrame:
    base = {
        "role_family": "ml_engineer",
        "seniority": "senior",
        "country": "US",
        "region": "WA",
        "metro_code": "0042660",
        "currency": "USD",
        "posted_date": date(2026, 6, 1),
    }
    full = [{**base, **r} for r in rows]
    frame = pl.DataFrame(full)
    return frame.with_columns(
        pl.col("pay_min_annual").alias("pay_min_annual_usd"),
        pl.col("pay_max_annual").alias("pay_max_annual_usd"),
    )


def test_range_aware_percentiles_treat_each_range_as_uniform() -> None:
    # 25 postings from 5 companies, all advertising 100k-200k: the pooled distribution is
    # uniform on [100k, 200k], so P10 = 110k, P50 = 150k, P90 = 190k.
    rows = [
        {"company": f"c{i % 5}", "pay_min_annual": 100_000.0, "pay_max_annual": 200_000.0}
        for i in range(25)
    ]
    bands = out_pay_bands(_postings(rows))
    metro = bands.filter(pl.col("place_level") == "metro").row(0, named=True)
    assert metro["rollup_level"] == "metro"
    assert metro["p10"] == pytest.approx(110_000, rel=0.01)
    assert metro["p50"] == pytest.approx(150_000, rel=0.01)
    assert metro["p90"] == pytest.approx(190_000, rel=0.01)
    assert metro["n_postings"] == 25 and metro["n_companies"] == 5


def test_thin_metro_rolls_up_to_state_and_says_so() -> None:
    rng = np.random.default_rng(0)
    seattle = [
        {"company": f"c{i % 6}", "pay_min_annual": float(p), "pay_max_annual": float(p) * 1.2}
        for i, p in enumerate(rng.uniform(150_000, 200_000, 30))
    ]
    spokane = [  # 5 postings from 2 companies: too thin for its own band
        {
            "company": f"s{i % 2}",
            "metro_code": "0044060",
            "pay_min_annual": 90_000.0,
            "pay_max_annual": 100_000.0,
        }
        for i in range(5)
    ]
    bands = out_pay_bands(_postings(seattle + spokane))
    thin = bands.filter(pl.col("place_id") == "0044060").row(0, named=True)
    state = bands.filter(pl.col("place_id") == "US-WA").row(0, named=True)
    assert thin["rollup_level"] == "state"
    assert not thin["is_suppressed"]
    assert thin["p50"] == state["p50"]
    assert thin["n_postings"] == 5  # its own n is still reported
    assert thin["shown_place_id"] == "US-WA"
    assert thin["shown_n_postings"] == state["n_postings"] == 35


def test_a_cell_with_too_few_companies_everywhere_is_suppressed() -> None:
    rows = [
        {"company": "only", "pay_min_annual": 100_000.0, "pay_max_annual": 120_000.0}
        for _ in range(40)
    ]
    bands = out_pay_bands(_postings(rows))
    assert bands["is_suppressed"].all()
    assert bands["p50"].is_null().all()


def test_h1b_offered_wages_sit_beside_the_band_for_the_mapped_soc_and_place() -> None:
    rows = [
        {"company": f"c{i % 5}", "pay_min_annual": 150_000.0, "pay_max_annual": 200_000.0}
        for i in range(25)
    ]
    wages = [120_000.0 + 1_000 * i for i in range(21)]  # median 130,000
    h1b = pl.DataFrame(
        {
            "soc_code": ["15-1252"] * 21 + ["15-2051"] * 3,
            "worksite_city": ["Seattle"] * 12 + ["Redmond"] * 9 + ["Seattle"] * 3,
            "worksite_state": ["WA"] * 24,
            "wage_min_annual": wages + [90_000.0] * 3,
        }
    )
    crosswalk = pl.DataFrame(
        {"role_family": ["ml_engineer"], "soc_code": ["15-1252"], "soc_rank": [1]}
    )
    places = pl.DataFrame(
        {
            "city": ["Seattle", "Redmond", "Spokane"],
            "region": ["WA", "WA", "WA"],
            "country": ["US", "US", "US"],
            "metro_code": ["0042660", "0042660", "0044060"],
        }
    )
    bands = out_pay_bands(_postings(rows), crosswalk=crosswalk, h1b=h1b, places=places)
    by_place = {r["place_id"]: r for r in bands.to_dicts()}
    for place in ("0042660", "US-WA", "US"):
        row = by_place[place]
        assert row["h1b_n"] == 21, place  # the other SOC's 3 cases are not this role's
        assert row["h1b_p50_annual"] == pytest.approx(130_000)
        assert row["h1b_p10_annual"] == pytest.approx(122_000)
    # without H-1B data the columns exist and are empty
    plain = out_pay_bands(_postings(rows))
    assert plain["h1b_n"].sum() == 0 and plain["h1b_p50_annual"].null_count() == plain.height


def test_h1b_percentiles_need_ten_cases() -> None:
    rows = [
        {"company": f"c{i % 5}", "pay_min_annual": 150_000.0, "pay_max_annual": 200_000.0}
        for i in range(25)
    ]
    h1b = pl.DataFrame(
        {
            "soc_code": ["15-1252"] * 4,
            "worksite_city": ["Seattle"] * 4,
            "worksite_state": ["WA"] * 4,
            "wage_min_annual": [100_000.0] * 4,
        }
    )
    crosswalk = pl.DataFrame(
        {"role_family": ["ml_engineer"], "soc_code": ["15-1252"], "soc_rank": [1]}
    )
    bands = out_pay_bands(_postings(rows), crosswalk=crosswalk, h1b=h1b)
    us = bands.filter(pl.col("place_id") == "US").row(0, named=True)
    assert us["h1b_n"] == 4 and us["h1b_p50_annual"] is None


def test_bands_by_window_compare_the_last_12_months_with_the_12_before() -> None:
    recent = [
        {"company": f"c{i % 5}", "pay_min_annual": 200_000.0, "pay_max_annual": 200_000.0}
        for i in range(25)
    ]
    earlier = [
        {
            "company": f"c{i % 5}",
            "pay_min_annual": 150_000.0,
            "pay_max_annual": 150_000.0,
            "posted_date": date(2025, 3, 1),
        }
        for i in range(25)
    ]
    bands = out_pay_bands_by_window(_postings(recent + earlier))
    us = {r["window"]: r for r in bands.filter(pl.col("place_id") == "US").to_dicts()}
    assert set(us) == {"last_12m", "prior_12m"}
    assert us["last_12m"]["p50"] == pytest.approx(200_000) and us["last_12m"]["n_postings"] == 25
    assert us["prior_12m"]["p50"] == pytest.approx(150_000) and us["prior_12m"]["n_postings"] == 25
    # consecutive windows: the prior one ends the day before the last one starts
    assert us["last_12m"]["window_start"] == date(2025, 7, 1)
    assert us["prior_12m"]["window_end"] == date(2025, 6, 30)
    assert us["prior_12m"]["window_start"] == date(2024, 7, 1)
    keys = ["role_family", "seniority", "place_level", "place_id", "window"]
    assert bands.select(keys).is_duplicated().sum() == 0
