"""The sample's truth checks compare like with like: the pay-band check reads only the cells
its true medians cover (no internships), so a market large enough to have an intern country
cell of 100+ paid postings is not failed against a missing truth."""

from __future__ import annotations

from datetime import date

import polars as pl

from skillmarket.truth_checks import pay_band_checks


def _bands(rows: list[tuple[str, float, int]]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "window": "last_12m",
                "place_level": "country",
                "rollup_level": "country",
                "place_id": "US",
                "role_family": "ml_engineer",
                "seniority": seniority,
                "p50": p50,
                "n_postings": n,
                "currency": "USD",
                "window_start": date(2025, 1, 1),
                "window_end": date(2025, 12, 31),
            }
            for seniority, p50, n in rows
        ]
    )


def _truth(seniority: str, pays: list[float]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "is_malformed": [False] * len(pays),
            "is_duplicate": [False] * len(pays),
            "pay_shown": [True] * len(pays),
            "posted_date": [date(2025, 6, 1)] * len(pays),
            "role_family": ["ml_engineer"] * len(pays),
            "seniority": [seniority] * len(pays),
            "country": ["US"] * len(pays),
            "pay_min_annual": pays,
            "pay_max_annual": pays,
        }
    )


def test_pay_band_check_skips_intern_cells_it_has_no_truth_for() -> None:
    truth = pl.concat([_truth("senior", [200_000.0] * 120), _truth("intern", [50_000.0] * 150)])
    bands = _bands([("senior", 201_000.0, 120), ("intern", 52_000.0, 150)])
    (check,) = pay_band_checks(bands, truth)
    assert check["passed"], check
    assert check["measured"] == "1/1"


def test_pay_band_check_still_fails_a_median_off_by_more_than_five_percent() -> None:
    truth = _truth("senior", [200_000.0] * 120)
    (check,) = pay_band_checks(_bands([("senior", 230_000.0, 120)]), truth)
    assert not check["passed"]
