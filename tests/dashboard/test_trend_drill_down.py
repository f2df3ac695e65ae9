"""The drill-down's table of postings: levels and sources in words, pay as advertised."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboard.trend_drill_down import postings_table


def page_of(**columns: list) -> pl.DataFrame:
    base = {
        "month": [date(2026, 10, 1)] * 3,
        "title": ["Data Scientist I", "Sr. AI Engineer", "Director"],
        "company": ["A", "B", "C"],
        "place_label": ["Pune, MH, IN", "Paris, IDF, FR", "Detroit, MI, US"],
        "pay_min_annual": [None, 55_000.0, 180_300.0],
        "pay_max_annual": [None, 65_000.0, 180_300.0],
        "currency": [None, "EUR", "USD"],
        "pay_min_annual_usd": [None, 63_000.0, 180_300.0],
        "pay_max_annual_usd": [None, 74_000.0, 180_300.0],
        "seniority": ["entry", "mid", "manager"],
        "source": ["jsonld", "hn", "greenhouse"],
        "url": ["https://example.org/1", "javascript:alert(1)", "https://example.org/3"],
    }
    return pl.DataFrame({**base, **columns})


def test_levels_and_sources_are_shown_in_words_not_ids() -> None:
    # on the sample the table read "mid", "jsonld", "hn"
    table = postings_table(page_of())
    assert table["Level"].to_list() == ["Entry", "Mid", "Manager"]
    assert table["Source"].to_list() == ["Career pages (JSON-LD)", "Hacker News", "Greenhouse"]


def test_a_single_advertised_amount_is_not_shown_as_a_range() -> None:
    # "180,300–180,300 USD" on the sample
    table = postings_table(page_of())
    assert table["Pay per year"].to_list() == [
        "",
        "55,000–65,000 EUR (63,000–74,000 USD)",
        "180,300 USD",
    ]
    assert table["Link"].to_list() == ["https://example.org/1", "", "https://example.org/3"]


def test_an_open_ended_range_says_so() -> None:
    # "from $90,000" read "90,000 USD", as if exact
    table = postings_table(
        page_of(
            pay_min_annual=[90_000.0, None, None],
            pay_max_annual=[None, 120_000.0, None],
            currency=["USD", "USD", None],
            pay_min_annual_usd=[90_000.0, None, None],
            pay_max_annual_usd=[None, 120_000.0, None],
        )
    )
    assert table["Pay per year"].to_list() == ["from 90,000 USD", "up to 120,000 USD", ""]
