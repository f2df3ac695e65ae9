"""out_posting_durations (P50/P75 of days open of closed postings with a seen start, with the
censored counts beside them), out_coverage (distinct boards and companies counted per row,
never summed; crawl dates per source) and out_coverage_gaps, and the demand mart's new counts
for postings already open at the first crawl."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.marts.coverage import THIN_POSTINGS, out_coverage, out_coverage_gaps
from analytics.marts.demand import out_skill_demand_monthly
from analytics.marts.durations import out_posting_durations
from contract.vocab import ALL

GENAI = frozenset({"llm"})


def durations_input() -> tuple[pl.DataFrame, pl.DataFrame]:
    """12 ML engineer postings closed after 0, 7, ..., 77 days (upper bound + 7), 3 data
    scientists: one closed after 14 days, one closed but listed at the first crawl, one still
    open; one HN posting (no crawl facts)."""
    rows = [("ml_engineer", 7 * k, 7 * k + 7, True, date(2026, 1, 5)) for k in range(12)] + [
        ("data_scientist", 14, 21, True, date(2026, 1, 5)),
        ("data_scientist", None, None, True, date(2026, 1, 5)),
        ("data_scientist", None, None, False, date(2026, 1, 5)),
        ("data_scientist", None, None, False, None),
    ]
    postings = pl.DataFrame(
        [(f"P{i}", *row) for i, row in enumerate(rows)],
        schema={
            "posting_id": pl.String,
            "role_family": pl.String,
            "days_open": pl.Int64,
            "days_open_max": pl.Int64,
            "is_closed": pl.Boolean,
            "first_crawl_date": pl.Date,
        },
        orient="row",
    )
    skills = pl.DataFrame(
        {"posting_id": ["P0", "P1", "P2", "P12"], "skill_id": ["llm", "llm", "python", "llm"]}
    )
    return postings, skills


def test_durations_percentiles_censoring_and_suppression() -> None:
    postings, skills = durations_input()
    out = out_posting_durations(postings, skills, GENAI, crawl_interval=7.0, min_closed=10)
    row = {(r["role_family"], r["skill_id"]): r for r in out.iter_rows(named=True)}
    ml = row[("ml_engineer", ALL)]
    assert ml["n_closed"] == 12 and not ml["is_suppressed"]
    # 0, 7, ..., 77 days: median (35 + 42) / 2; P75 at position 8.25: 56 + 0.25 x 7
    assert ml["p50_days_open"] == pytest.approx(38.5)
    assert ml["p75_days_open"] == pytest.approx(57.75)
    assert ml["p50_days_open_max"] == pytest.approx(ml["p50_days_open"] + 7)
    ds = row[("data_scientist", ALL)]
    assert (ds["n_closed"], ds["n_open_at_first_crawl"], ds["n_still_open"]) == (1, 1, 1)
    assert ds["is_suppressed"] and ds["p50_days_open"] is None
    everyone = row[(ALL, ALL)]
    assert (everyone["n_closed"], everyone["n_still_open"]) == (13, 1)  # HN left out
    # genai: P0, P1 (0 and 7 days) and P12 (14 days)
    genai = row[(ALL, "genai")]
    assert genai["n_closed"] == 3 and genai["is_suppressed"]
    assert out_posting_durations(postings, skills, GENAI, min_closed=3).filter(
        pl.col("skill_id") == "genai"
    )["p50_days_open"].to_list() == [7.0]
    assert everyone["crawl_interval_days"] == 7.0


def test_durations_without_crawl_facts_are_empty() -> None:
    postings = pl.DataFrame({"posting_id": ["a"], "role_family": ["ml_engineer"]})
    assert (
        out_posting_durations(
            postings, pl.DataFrame({"posting_id": [], "skill_id": []}), GENAI
        ).height
        == 0
    )


def coverage_postings() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "posting_id": ["a", "b", "c", "d", "e"],
            "source": ["ashby", "ashby", "lever", "lever", "hn"],
            "country": ["US", "US", "US", "GB", None],
            "region": ["CA", "CA", "NY", None, None],
            "role_family": ["ml_engineer", "data_scientist", "ml_engineer", "ml_engineer", None],
            "company": ["Acme", "acme ", "Beta", "Beta", "Gamma"],
            "board": ["ashby/acme", "ashby/acme", "lever/beta", "lever/beta-uk", "hn/9001"],
            "entry_month": [date(2026, 1, 1)] * 4 + [date(2025, 12, 1)],
            "is_open_at_first_crawl": [True, False, False, False, False],
            "pay_min_annual_usd": [100.0, None, 90.0, None, 80.0],
        }
    )


def board_snapshots() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": ["ashby", "ashby", "lever", "lever", "ashby"],
            "board": ["ashby/acme", "ashby/acme", "lever/beta", "lever/beta-uk", "ashby/down"],
            "snapshot_date": [
                date(2026, 1, 5),
                date(2026, 1, 12),
                date(2026, 1, 12),
                date(2026, 1, 12),
                date(2026, 1, 19),
            ],
            "n_postings": [2, 2, 1, 1, 0],
            "n_previous": [None, 2, None, None, 4],
            "n_kept": [0, 2, 0, 0, 0],
            "is_outage": [False, False, False, False, True],
        }
    )


def test_coverage_counts_distinct_boards_and_companies_per_row() -> None:
    out = out_coverage(coverage_postings(), board_snapshots())
    keyed = {
        (r["source"], r["country"], r["role_family"], r["month"]): r
        for r in out.iter_rows(named=True)
    }
    total = keyed[(ALL, ALL, ALL, ALL)]
    assert (total["n_postings"], total["n_boards"], total["n_companies"]) == (5, 4, 3)
    assert (total["n_with_pay"], total["pay_share"]) == (3, pytest.approx(0.6))
    assert total["n_open_at_first_crawl"] == 1
    # the outage snapshot is no crawl: Jan 5 - Jan 12, two dates
    assert (total["first_crawl_date"], total["last_crawl_date"], total["n_crawls"]) == (
        date(2026, 1, 5),
        date(2026, 1, 12),
        2,
    )
    ashby = keyed[("ashby", ALL, ALL, ALL)]
    assert (ashby["n_postings"], ashby["n_boards"], ashby["n_companies"]) == (2, 1, 1)
    us_ml = keyed[(ALL, "US", "ml_engineer", "2026-01")]
    assert (us_ml["n_postings"], us_ml["n_boards"]) == (2, 2)
    assert keyed[("hn", "unknown", "other", "2025-12")]["n_crawls"] == 0  # no board snapshot
    assert out.select(["source", "country", "role_family", "month"]).is_unique().all()


def test_gaps_name_missing_and_thin_markets_states_and_outages() -> None:
    benchmarks = pl.DataFrame(
        {
            "area_type": ["state", "state", "state", "state"],
            "state_code": ["06", "36", "48", "06"],
            "soc_code": ["15-1252", "15-1252", "15-1252", "11-0000"],
            "employment": [1000.0, 500.0, 500.0, 9999.0],
        }
    )
    crosswalk = pl.DataFrame(
        {"role_family": ["ml_engineer"], "soc_code": ["15-1252"], "soc_rank": [1]}
    )
    gaps = out_coverage_gaps(coverage_postings(), board_snapshots(), benchmarks, crosswalk)
    row = {(r["dimension"], r["value"]): r for r in gaps.iter_rows(named=True)}
    assert row[("country", "IN")]["status"] == "none"
    assert row[("country", "US")]["status"] == "thin"  # 3 < THIN_POSTINGS
    assert str(THIN_POSTINGS) in row[("country", "US")]["reason"]
    texas = row[("us_state", "TX")]
    assert texas["status"] == "none" and texas["employment_share"] == pytest.approx(0.25)
    # CA: 2 of 3 postings for half the employment; NY 1 of 3 for a quarter: both covered
    assert ("us_state", "CA") not in row and ("us_state", "NY") not in row
    assert row[("board", "ashby/down")]["status"] == "outage"
    assert "all 4 postings vanished on 2026-01-19" in row[("board", "ashby/down")]["reason"]
    assert row[("source", "workable")]["status"] == "none"
    assert row[("role_family", "research_scientist")]["status"] == "none"


def test_demand_counts_postings_open_at_the_first_crawl_as_active_only() -> None:
    postings = pl.DataFrame(
        {
            "posting_id": ["old", "new", "later"],
            "role_family": ["ml_engineer"] * 3,
            "country": ["US"] * 3,
            "posted_date": [date(2025, 11, 3), date(2026, 1, 4), date(2026, 2, 10)],
            "last_seen": [date(2026, 2, 2), date(2026, 1, 12), date(2026, 3, 2)],
            "first_crawl_date": [date(2026, 1, 5)] * 3,
            "is_open_at_first_crawl": [True, False, False],
            "open_through": [date(2026, 2, 2), date(2026, 1, 12), date(2026, 3, 2)],
        }
    )
    skills = pl.DataFrame({"posting_id": ["old", "new", "later"], "skill_id": ["python"] * 3})
    out = out_skill_demand_monthly(postings, skills, GENAI)
    base = out.filter(
        pl.all_horizontal(
            [
                pl.col(c) == ALL
                for c in ("role_family", "seniority", "country", "state", "metro_code", "source")
            ]
        )
        & (pl.col("skill_id") == "python")
    ).sort("month")
    counts = {r["month"]: (r["n_postings"], r["n_active"]) for r in base.iter_rows(named=True)}
    # no November row: "old" was already open at the January crawl; it is active from January
    # (with "new"), and in February with "later" ("new" closed in January)
    assert counts == {date(2026, 1, 1): (1, 2), date(2026, 2, 1): (1, 2)}
    plain = out_skill_demand_monthly(
        postings.drop("first_crawl_date", "is_open_at_first_crawl", "open_through"), skills, GENAI
    )
    assert date(2025, 11, 1) in plain["month"].to_list()  # without crawl facts: new in November


def test_a_gap_of_one_posting_says_one_posting() -> None:
    one = coverage_postings().head(1)
    empty = pl.DataFrame(
        schema={"area_type": pl.String, "state_code": pl.String, "soc_code": pl.String,
                "employment": pl.Float64}
    )  # fmt: skip
    crosswalk = pl.DataFrame(schema={"role_family": pl.String, "soc_code": pl.String,
                                     "soc_rank": pl.Int64})  # fmt: skip
    gaps = out_coverage_gaps(one, board_snapshots(), empty, crosswalk)
    country = one["country"][0]
    reason = gaps.filter((pl.col("dimension") == "country") & (pl.col("value") == country))[
        "reason"
    ][0]
    assert reason.startswith("only 1 posting from ") and "1 postings" not in reason
