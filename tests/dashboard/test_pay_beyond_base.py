"""The beyond-base paragraph's wording for the cases the pay snapshot lacks: few postings
listing components (counts, no shares), some sources listing none, a median equity percent
and a company-count singular."""

from __future__ import annotations

from typing import Any

import polars as pl

from dashboard.pay_beyond_base import beyond_base_text, posting_components


def _row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "band_currency": "EUR",
        "n_postings": 60,
        "n_listed": 40,
        "n_equity": 30,
        "n_bonus": 4,
        "n_commission": 0,
        "n_ote": 0,
    }
    for prefix in ("equity_pct", "bonus", "commission", "equity_value"):
        row |= {
            f"n_{prefix}_amounts": 0,
            f"n_{prefix}_amount_companies": 0,
            f"{prefix}_median_low": None,
            f"{prefix}_median_high": None,
        }
    return row | changes


def test_shares_are_of_the_postings_whose_source_lists_components() -> None:
    text = beyond_base_text(_row())
    assert "of the 40 of these 60 postings whose source lists pay components, " in text
    assert "75% offer equity (n=30), 10% a bonus (n=4), 0% a commission (n=0)." in text


def test_too_few_listing_postings_give_counts_not_shares() -> None:
    text = beyond_base_text(_row(n_listed=12, n_equity=5, n_bonus=1))
    assert "12 of these 60 postings list pay components, too few for shares" in text
    assert "offering equity: 5, a bonus: 1, a commission: 0." in text
    one = beyond_base_text(_row(n_listed=1, n_equity=0, n_bonus=0))
    assert "1 of these 60 postings lists pay components" in one
    assert "%" not in text


def test_medians_where_enough_give_them_and_a_note_where_few_do() -> None:
    text = beyond_base_text(
        _row(
            n_equity_pct_amounts=25,
            n_equity_pct_amount_companies=9,
            equity_pct_median_low=0.05,
            equity_pct_median_high=0.25,
            n_commission_amounts=1,
            n_commission_amount_companies=1,
        )
    )
    assert (
        "Median equity grant where given: 0.05%–0.25% of the company "
        "(n=25 postings from 9 companies)." in text
    )
    assert "Amounts too rarely given for a median: commission (1 posting)." in text


def test_each_postings_components_in_words() -> None:
    postings = pl.DataFrame(
        {
            "offers_equity": [True, False, None],
            "offers_bonus": [True, False, None],
            "offers_commission": [False, True, None],
            "equity_pct_min": [0.1, None, None],
            "equity_pct_max": [0.5, None, None],
            "equity_value_min": [None, None, None],
            "equity_value_max": [None, None, None],
            "bonus_min": [10_000.0, None, None],
            "bonus_max": [10_000.0, None, None],
            "commission_min": [None, None, None],
            "commission_max": [None, None, None],
        }
    )
    assert posting_components(postings, "EUR").to_list() == [
        "equity 0.1%–0.5% · bonus €10,000",
        "commission",
        "",
    ]
