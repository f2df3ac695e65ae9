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


# --------------------------------------------------------------------------- places abroad


def _abroad(rows: list[dict], **fields: object) -> list[dict]:
    """Postings in India (INR) unless a row says otherwise."""
    base = {"country": "IN", "region": "KA", "metro_code": None, "currency": "INR", **fields}
    return [{**base, **row} for row in rows]


def _inr(company: str, low: float, high: float, **fields: object) -> dict:
    return {"company": company, "pay_min_annual": low, "pay_max_annual": high, **fields}


def _postings_with_usd(rows: list[dict], rate: float = 1 / 85) -> pl.DataFrame:
    frame = _postings(rows)
    factor = pl.when(pl.col("currency") == "INR").then(rate).otherwise(1.0)
    return frame.with_columns(
        (pl.col("pay_min_annual") * factor).alias("pay_min_annual_usd"),
        (pl.col("pay_max_annual") * factor).alias("pay_max_annual_usd"),
    )


def test_a_thin_country_is_suppressed_and_never_borrows_the_all_places_band() -> None:
    """Issue #12 bug 1: a thin Indian cell showed the US-dominated all-places median in USD."""
    us_rows = [_inr(f"u{i % 8}", 200_000.0, 260_000.0, currency="USD") for i in range(60)]
    us_rows = [{**row, "country": "US", "region": "WA"} for row in us_rows]
    india = _abroad(
        [_inr(f"i{i % 3}", 2_500_000.0, 3_500_000.0, city="Bengaluru") for i in range(6)]
    )
    bands = out_pay_bands(_postings_with_usd(us_rows + india))
    by_place = {row["place_id"]: row for row in bands.to_dicts()}
    for place in ("IN", "IN-KA", "IN:Bengaluru"):
        row = by_place[place]
        assert row["is_suppressed"], place
        assert row["p50"] is None and row["p50_usd"] is None, place
        assert row["rollup_level"] is None, place
    assert by_place["all"]["rollup_level"] == "all"  # all places still has its own band


def test_a_thin_city_abroad_rolls_up_to_its_region_then_its_country_in_local_currency() -> None:
    rng = np.random.default_rng(3)
    bengaluru = [
        _inr(f"b{i % 7}", float(p), float(p) * 1.3, city="Bengaluru")
        for i, p in enumerate(rng.uniform(2_000_000, 3_000_000, 30))
    ]
    mysuru = [_inr(f"m{i % 2}", 1_500_000.0, 1_800_000.0, city="Mysuru") for i in range(4)]
    pune = [
        _inr(f"p{i % 6}", 1_800_000.0, 2_400_000.0, city="Pune", region="MH") for i in range(25)
    ]
    bands = out_pay_bands(_postings_with_usd(_abroad(bengaluru + mysuru + pune)))
    by_place = {row["place_id"]: row for row in bands.to_dicts()}
    mysuru_row, karnataka = by_place["IN:Mysuru"], by_place["IN-KA"]
    assert mysuru_row["rollup_level"] == "state" and mysuru_row["shown_place_id"] == "IN-KA"
    assert mysuru_row["p50"] == karnataka["p50"] and mysuru_row["currency"] == "INR"
    assert mysuru_row["shown_n_postings"] == karnataka["shown_n_postings"] == 34
    assert mysuru_row["place_name"] == "Mysuru, India"
    assert karnataka["place_name"] == "Karnataka, India"
    assert by_place["IN"]["place_name"] == "India"
    assert by_place["IN:Bengaluru"]["rollup_level"] == "metro"


def test_a_band_uses_only_postings_in_the_countrys_currency_and_counts_them() -> None:
    rows = [_inr(f"c{i % 6}", 2_000_000.0, 2_600_000.0) for i in range(24)]
    rows += [_inr(f"d{i}", 90_000.0, 120_000.0, currency="USD") for i in range(3)]
    bands = out_pay_bands(_postings_with_usd(_abroad(rows)))
    india = bands.filter(pl.col("place_id") == "IN").row(0, named=True)
    assert india["currency"] == "INR"
    assert india["n_postings"] == 27  # every paid posting of the place
    assert india["shown_n_postings"] == 24 and india["shown_n_companies"] == 6  # the band's
    assert 2_000_000 <= india["p10"] <= india["p90"] <= 2_600_000
    assert india["p50_usd"] == pytest.approx(india["p50"] / 85, rel=1e-6)


# --------------------------------------------------------------------------- uncertainty


def _companies(n_companies: int, per_company: int, seed: int = 1) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for company in range(n_companies):
        level = rng.uniform(140_000, 220_000)  # each employer its own pay scale
        for _ in range(per_company):
            low = level * rng.uniform(0.9, 1.1)
            rows.append(
                {"company": f"c{company}", "pay_min_annual": low, "pay_max_annual": low * 1.25}
            )
    return rows


def test_bootstrap_bounds_bracket_each_percentile_and_are_seeded() -> None:
    postings = _postings(_companies(12, 5))
    first = out_pay_bands(postings).filter(pl.col("place_level") == "metro").row(0, named=True)
    again = out_pay_bands(postings).filter(pl.col("place_level") == "metro").row(0, named=True)
    for name in ("p10", "p25", "p50", "p75", "p90"):
        assert first[f"{name}_lo"] <= first[name] <= first[f"{name}_hi"], name
        assert first[f"{name}_hi"] > first[f"{name}_lo"], name
        assert first[f"{name}_lo"] == again[f"{name}_lo"], name  # same seed, same bounds


def test_bootstrap_interval_narrows_with_more_companies() -> None:
    few = out_pay_bands(_postings(_companies(6, 10))).filter(pl.col("place_level") == "metro")
    many = out_pay_bands(_postings(_companies(60, 1))).filter(pl.col("place_level") == "metro")
    width = (pl.col("p50_hi") - pl.col("p50_lo")).alias("width")
    assert many.select(width).item() < few.select(width).item()


def test_confidence_words_follow_n_companies_and_recency() -> None:
    def word(n_companies: int, per_company: int, posted: date) -> str:
        rows = [{**row, "posted_date": posted} for row in _companies(n_companies, per_company)]
        recent = {**rows[0], "posted_date": date(2026, 6, 30)}  # the window ends here
        bands = out_pay_bands(_postings([*rows, recent]))
        return bands.filter(pl.col("place_level") == "metro")["confidence"].item()

    assert word(30, 5, date(2026, 6, 1)) == "high"
    assert word(12, 5, date(2026, 6, 1)) == "medium"
    assert word(5, 5, date(2026, 6, 1)) == "low"
    assert word(30, 5, date(2025, 8, 1)) == "medium"  # an old band drops a step


def test_posting_pay_names_each_postings_band_places() -> None:
    from analytics.marts.pay_band_places import out_posting_pay

    rows = _abroad([_inr("a", 2_000_000.0, 2_500_000.0, city="Bengaluru")])
    rows += [_inr("b", 150_000.0, 180_000.0, currency="USD")]
    rows[-1].update(country="US", region="WA", metro_code="0042660")
    frame = _postings_with_usd(rows).with_columns(
        pl.Series("posting_id", ["p1", "p2"]), pl.lit(None, dtype=pl.String).alias("city")
    )
    frame = frame.with_columns(pl.Series("city", ["Bengaluru", "Seattle"]))
    pay = {row["posting_id"]: row for row in out_posting_pay(frame).to_dicts()}
    assert (pay["p1"]["metro_place_id"], pay["p1"]["state_place_id"]) == ("IN:Bengaluru", "IN-KA")
    assert (pay["p2"]["metro_place_id"], pay["p2"]["state_place_id"]) == ("0042660", "US-WA")
    assert pay["p1"]["pay_min_annual"] == 2_000_000.0 and pay["p1"]["currency"] == "INR"
