"""Skill demand shares with Wilson intervals and totals; demand-to-supply ratios."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from analytics.marts.demand import (
    SLICE_COLUMNS,
    base_slice,
    filled_demand,
    out_skill_demand_monthly,
)
from analytics.marts.supply import (
    estimated_supply,
    out_demand_supply,
    seeking_share,
    with_estimated_supply,
)
from analytics.stats.intervals import poisson_ratio_interval, wilson_interval


def _postings() -> pl.DataFrame:
    rows = []
    for i in range(40):
        rows.append(
            {
                "posting_id": f"p{i}",
                "posted_date": date(2025, 1 + (i % 2), 10),
                "role_family": "ml_engineer" if i < 30 else "data_scientist",
                "country": "US" if i % 4 else "IN",
                "metro_code": "0041860" if i % 4 else None,
            }
        )
    return pl.DataFrame(rows)


def _skills() -> pl.DataFrame:
    rows = [{"posting_id": f"p{i}", "skill_id": "python"} for i in range(40)]
    rows += [{"posting_id": f"p{i}", "skill_id": "llm"} for i in range(0, 40, 5)]
    rows += [{"posting_id": f"p{i}", "skill_id": "rag"} for i in range(0, 40, 10)]
    return pl.DataFrame(rows)


def test_wilson_interval_matches_the_textbook_value() -> None:
    lo, hi = wilson_interval(pl.lit(8), pl.lit(40))
    out = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    # Wilson 95% for 8/40: (0.1050, 0.3474)
    assert out[0] == pytest.approx(0.1050, abs=5e-4)
    assert out[1] == pytest.approx(0.3474, abs=5e-4)


def test_demand_counts_totals_and_the_genai_pseudo_skill() -> None:
    out = out_skill_demand_monthly(_postings(), _skills(), frozenset({"llm", "rag"}))
    out = out.filter(base_slice(out.columns))
    jan_all = out.filter(
        (pl.col("month") == date(2025, 1, 1))
        & (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
    )
    python = jan_all.filter(pl.col("skill_id") == "python").row(0, named=True)
    assert python["n_postings"] == 20 and python["n_with_skill"] == 20
    assert python["share_pct"] == 100.0
    genai = jan_all.filter(pl.col("skill_id") == "genai").row(0, named=True)
    # llm on ids 0, 5, ..., 35 (January = even ids: 0, 10, 20, 30); rag on a subset of those
    assert genai["n_with_skill"] == 4
    assert genai["share_lo"] < genai["share_pct"] < genai["share_hi"]

    # the mart is sparse: a skill no posting of the slice names that month is not stored, and
    # filling the zeros back lists every skill in every slice and month with postings
    def ds_feb_rag(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(
            (pl.col("month") == date(2025, 2, 1))
            & (pl.col("role_family") == "data_scientist")
            & (pl.col("country") == "all")
            & (pl.col("skill_id") == "rag")
        )

    assert ds_feb_rag(out).height == 0
    dense = filled_demand(out)
    ds_feb = ds_feb_rag(dense)
    assert ds_feb.height == 1 and ds_feb["n_with_skill"][0] == 0
    assert ds_feb["n_postings"][0] > 0 and ds_feb["share_pct"][0] == 0.0
    for frame in (out, dense):
        keys = frame.select(["month", "skill_id", "role_family", "country"])
        assert keys.is_duplicated().sum() == 0


def test_poisson_ratio_interval_contains_the_ratio() -> None:
    lo, hi = poisson_ratio_interval(pl.lit(30), pl.lit(10))
    lo_v, hi_v = pl.select(lo.alias("lo"), hi.alias("hi")).row(0)
    assert lo_v < 3.0 < hi_v
    assert (lo_v * hi_v) ** 0.5 == pytest.approx(3.0)  # symmetric on the log scale


def test_demand_to_supply_ratio_per_place() -> None:
    talent = pl.DataFrame(
        {
            "candidate_id": [f"c{i}" for i in range(10)],
            "skill_id": ["llm"] * 10,
            "country": ["US"] * 10,
            "metro_code": ["0041860"] * 5 + [None] * 5,
            "open_to_work": [True] * 8 + [False] * 2,
            "updated_date": [date(2025, 2, 1)] * 10,
        }
    )
    out = out_demand_supply(
        _postings(), _skills(), talent, frozenset({"llm"}), last=date(2025, 2, 28)
    )
    latest = out.filter(pl.col("window_end") == date(2025, 2, 28))
    us_llm = latest.filter((pl.col("skill_id") == "llm") & (pl.col("place_id") == "US")).row(
        0, named=True
    )
    # llm postings in the US: ids 5, 10, 15, 25, 30, 35 (i % 4 != 0); 8 open-to-work candidates
    assert us_llm["demand_n"] == 6 and us_llm["supply_n"] == 8
    assert us_llm["ratio"] == pytest.approx(0.75)
    assert us_llm["ratio_lo"] < 0.75 < us_llm["ratio_hi"]
    assert us_llm["inverse_band"] == "more workers than jobs"  # 8/6 = 1.33
    python_us = latest.filter((pl.col("skill_id") == "python") & (pl.col("place_id") == "US"))
    assert python_us["supply_n"][0] == 0 and python_us["ratio"][0] is None


def _slice(frame: pl.DataFrame, **fixed: str) -> pl.DataFrame:
    """Rows of one slice: the named columns fixed, every other slice column 'all'."""
    return frame.filter(
        pl.all_horizontal([pl.col(c) == fixed.get(c, "all") for c in SLICE_COLUMNS])
    )


def _postings_with_lifetimes() -> pl.DataFrame:
    """Postings with seniority, US state, source and a last_seen months after posting."""
    base = _postings()
    i = pl.int_range(pl.len())
    return base.with_columns(
        pl.when(i % 3 == 0).then(pl.lit("senior")).otherwise(pl.lit("mid")).alias("seniority"),
        pl.when(pl.col("country") == "US").then(pl.lit("CA")).alias("region"),
        pl.when(i < 10).then(pl.lit("lever")).otherwise(pl.lit("ashby")).alias("source"),
        # every posting stays live until the end of the month after the next one
        (pl.col("posted_date").dt.offset_by("2mo")).alias("last_seen"),
    )


def test_demand_slices_sum_to_the_totals_and_name_their_dimension() -> None:
    postings = _postings_with_lifetimes()
    out = out_skill_demand_monthly(postings, _skills(), frozenset({"llm", "rag"}))
    keys = ["month", "skill_id", *SLICE_COLUMNS]
    assert out.select(keys).is_duplicated().sum() == 0
    jan, python = date(2025, 1, 1), pl.col("skill_id") == "python"
    total = _slice(out).filter((pl.col("month") == jan) & python)["n_postings"][0]
    assert total == 20
    for column, values in (
        ("seniority", ["senior", "mid"]),
        ("source", ["lever", "ashby"]),
    ):
        parts = out.filter((pl.col("month") == jan) & python)
        parts = pl.concat([_slice(parts, **{column: v}) for v in values])
        assert parts["n_postings"].sum() == total, column
    # US state and metro slices: only US postings, with country fixed to US
    state = _slice(out, country="US", state="CA").filter((pl.col("month") == jan) & python)
    us = _slice(out, country="US").filter((pl.col("month") == jan) & python)
    assert state["n_postings"][0] == us["n_postings"][0] == 10  # even ids not divisible by 4
    metro = _slice(out, country="US", metro_code="0041860").filter(
        (pl.col("month") == jan) & python
    )
    assert metro["n_postings"][0] == 10
    # seniority within role family
    senior_ml = _slice(out, role_family="ml_engineer", seniority="senior").filter(
        (pl.col("month") == jan) & python
    )
    expected = sum(1 for i in range(0, 30, 2) if i % 3 == 0)  # January = even ids
    assert senior_ml["n_postings"][0] == expected


def test_active_postings_count_every_month_a_posting_is_live() -> None:
    postings = _postings_with_lifetimes()
    out = _slice(out_skill_demand_monthly(postings, _skills(), frozenset({"llm"})))
    python = out.filter(pl.col("skill_id") == "python").sort("month")
    # January postings live Jan-Mar, February postings Feb-Apr; the grid ends at the last
    # month with new postings (February)
    by_month = dict(zip(python["month"], python["n_active"], strict=True))
    assert by_month == {date(2025, 1, 1): 20, date(2025, 2, 1): 40}
    llm = out.filter((pl.col("skill_id") == "llm") & (pl.col("month") == date(2025, 2, 1)))
    assert llm["n_active_with_skill"][0] == 8  # ids 0, 5, ..., 35
    row = llm.row(0, named=True)
    assert row["active_share_lo"] < row["active_share_pct"] == 20.0 < row["active_share_hi"]


def test_postings_open_at_the_first_crawl_are_active_from_it_and_new_in_no_month() -> None:
    # the ten data scientists (January and February postings) were already listed when
    # their board was first crawled, in February
    postings = _postings_with_lifetimes().with_columns(
        (pl.col("role_family") == "data_scientist").alias("is_open_at_first_crawl"),
        pl.lit(date(2025, 2, 20)).alias("first_crawl_date"),
    )
    out = out_skill_demand_monthly(postings, _skills(), frozenset({"llm"}))
    python = _slice(out, role_family="data_scientist").filter(pl.col("skill_id") == "python")
    by_month = {
        row["month"]: (row["n_postings"], row["n_active"], row["n_active_with_skill"])
        for row in python.iter_rows(named=True)
    }
    # new in no month, all ten active from February (live until April / May)
    assert by_month == {date(2025, 2, 1): (0, 10, 10)}
    everyone = _slice(out).filter(pl.col("skill_id") == "python").sort("month")
    assert everyone["n_postings"].to_list() == [15, 15]  # the thirty others, by posted month
    assert everyone["n_active"].to_list() == [15, 40]


def test_demand_to_supply_per_role_family_counts_postings_and_candidates_in_it() -> None:
    talent = pl.DataFrame(
        {
            "candidate_id": [f"c{i}" for i in range(12)],
            "skill_id": ["python"] * 12,
            "role_family": ["ml_engineer"] * 9 + ["data_scientist"] * 3,
            "country": ["US"] * 12,
            "metro_code": [None] * 12,
            "open_to_work": [True] * 12,
            "updated_date": [date(2025, 2, 1)] * 12,
        }
    )
    out = out_demand_supply(_postings(), _skills(), talent, frozenset(), last=date(2025, 2, 28))
    latest = out.filter(pl.col("window_end") == date(2025, 2, 28))
    role = latest.filter(
        (pl.col("skill_id") == "all")
        & (pl.col("role_family") == "ml_engineer")
        & (pl.col("place_id") == "US")
    ).row(0, named=True)
    # ml_engineer = ids 0-29; US = i % 4 != 0 -> 22 postings; 9 candidates
    assert (role["demand_n"], role["supply_n"]) == (22, 9)
    assert role["ratio"] == pytest.approx(22 / 9)
    assert role["place_level"] == "country"
    assert role["window_start"] == date(2024, 12, 1)  # 90 days, both ends included
    skill_rows = latest.filter(pl.col("skill_id") == "python")
    assert set(skill_rows["role_family"].unique()) == {"all"}
    assert latest.select("skill_id", "role_family", "place_id").is_duplicated().sum() == 0


def _benchmarks() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "area_type": ["national", "national", "metro", "metro"],
            "area_code": ["0000000", "0000000", "0041860", "0041860"],
            "soc_code": ["15-1252", "15-2051", "15-1252", "15-2051"],
            "employment": [1_000_000.0, 200_000.0, 50_000.0, 10_000.0],
        }
    )


def _crosswalk() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "role_family": ["ml_engineer", "ml_engineer", "data_scientist"],
            "soc_code": ["15-1252", "15-2051", "15-2051"],
            "soc_rank": [1, 2, 1],
        }
    )


def test_estimated_supply_is_employment_times_prevalence_times_seeking_share() -> None:
    share = seeking_share()
    assert share == pytest.approx(1 - 0.75 ** (90 / 365))
    prevalence = pl.DataFrame(
        {
            "survey_year": [2024, 2025, 2025],
            "country": ["US", "US", "US"],
            "dev_type": ["all", "all", "all"],
            "skill_id": ["python", "python", "llm"],
            "share_pct": [50.0, 60.0, 10.0],
        }
    )
    est = estimated_supply(_benchmarks(), _crosswalk(), prevalence)
    get = {
        (r["skill_id"], r["role_family"], r["place_id"]): r["supply_est"] for r in est.to_dicts()
    }
    # role rows: the primary SOC only
    assert get[("all", "ml_engineer", "US")] == pytest.approx(1_000_000 * share)
    assert get[("all", "data_scientist", "0041860")] == pytest.approx(10_000 * share)
    # skill rows: distinct primary SOCs x latest survey year's prevalence
    assert get[("python", "all", "US")] == pytest.approx(1_200_000 * 0.60 * share)
    assert get[("llm", "all", "0041860")] == pytest.approx(60_000 * 0.10 * share)
    assert not any(key[2] == "IN" for key in get)  # OEWS covers the US only


def test_estimate_rows_sit_beside_the_talent_pool_rows_with_the_same_demand() -> None:
    talent = pl.DataFrame(
        {
            "candidate_id": ["c1", "c2"],
            "skill_id": ["python", "python"],
            "role_family": ["ml_engineer", "ml_engineer"],
            "country": ["US", "US"],
            "metro_code": [None, None],
            "open_to_work": [True, True],
            "updated_date": [date(2025, 2, 1)] * 2,
        }
    )
    base = out_demand_supply(_postings(), _skills(), talent, frozenset(), last=date(2025, 2, 28))
    est = estimated_supply(_benchmarks(), _crosswalk(), None)
    out = with_estimated_supply(base, est)
    assert set(out["supply_source"].unique()) == {"talent_pool", "oews_survey_estimate"}
    pool = out.filter(
        (pl.col("supply_source") == "talent_pool")
        & (pl.col("role_family") == "ml_engineer")
        & (pl.col("place_id") == "US")
        & (pl.col("window_end") == date(2025, 2, 28))
    ).row(0, named=True)
    row = out.filter(
        (pl.col("supply_source") == "oews_survey_estimate")
        & (pl.col("role_family") == "ml_engineer")
        & (pl.col("place_id") == "US")
        & (pl.col("window_end") == date(2025, 2, 28))
    ).row(0, named=True)
    assert row["demand_n"] == pool["demand_n"] == 22
    supply = 1_000_000 * seeking_share()
    assert row["ratio"] == pytest.approx(22 / supply)
    assert row["ratio_lo"] < row["ratio"] < row["ratio_hi"]
    assert row["inverse_band"] == "too many workers"
    # no survey loaded: no skill rows from the estimate
    assert out.filter(
        (pl.col("supply_source") == "oews_survey_estimate") & (pl.col("skill_id") != "all")
    ).is_empty()


def test_us_states_get_their_own_rows_from_postings_and_candidates_regions() -> None:
    postings = _postings().with_columns(
        pl.when(pl.col("country") == "US").then(pl.lit("WA")).alias("region")
    )
    talent = pl.DataFrame(
        {
            "candidate_id": ["c1", "c2", "c3"],
            "skill_id": ["python"] * 3,
            "role_family": ["ml_engineer"] * 3,
            "country": ["US", "US", "IN"],
            "region": ["WA", "CA", None],
            "metro_code": [None] * 3,
            "open_to_work": [True] * 3,
            "updated_date": [date(2025, 2, 1)] * 3,
        }
    )
    out = out_demand_supply(postings, _skills(), talent, frozenset(), last=date(2025, 2, 28))
    latest = out.filter(
        (pl.col("window_end") == date(2025, 2, 28)) & (pl.col("skill_id") == "python")
    )
    wa = latest.filter(pl.col("place_id") == "US-WA").row(0, named=True)
    assert wa["place_level"] == "state"
    assert (wa["demand_n"], wa["supply_n"]) == (30, 1)  # US postings: i % 4 != 0
    ca = latest.filter(pl.col("place_id") == "US-CA").row(0, named=True)
    assert (ca["demand_n"], ca["supply_n"], ca["ratio"]) == (0, 1, 0.0)
