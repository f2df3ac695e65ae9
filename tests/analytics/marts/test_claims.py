"""Claims vs data: verdict rules and each measured quantity on a small known market."""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl
import pytest
from scipy import stats as sps

from analytics.marts.claims import (
    Part,
    claim_records,
    out_claims,
    parse_claim_records,
    verdict,
)

N = 600
INF = float("inf")
VERDICTS = {"consistent", "higher", "lower", "not measurable"}


def _market(seed: int = 11) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    recent = np.arange(N) >= 200  # 200 postings in 2024, 400 in 2025
    month = rng.integers(1, 13, N)
    role = rng.choice(["ml_engineer", "ai_engineer", "data_scientist", "data_analyst"], N)
    country = np.where(rng.random(N) < 0.75, "US", "IN")
    pay_usd = rng.normal(160_000, 25_000, N)
    pay_inr = rng.normal(1_500_000, 300_000, N)
    is_us = country == "US"
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(N)],
            "company": [f"c{i % 40}" for i in range(N)],
            "role_family": role,
            "seniority": "mid",
            "country": country,
            "posted_date": [
                date(2025 if r else 2024, m, 10) for r, m in zip(recent, month, strict=True)
            ],
            "currency": np.where(is_us, "USD", "INR"),
            "pay_min_annual": np.where(is_us, pay_usd - 10_000, pay_inr - 100_000),
            "pay_max_annual": np.where(is_us, pay_usd + 10_000, pay_inr + 100_000),
            "pay_min_annual_usd": np.where(is_us, pay_usd - 10_000, (pay_inr - 100_000) / 84),
            "pay_max_annual_usd": np.where(is_us, pay_usd + 10_000, (pay_inr + 100_000) / 84),
        }
    )
    has = {
        "python": rng.random(N) < 0.95,
        "pytorch": rng.random(N) < 0.6,
        "tensorflow": rng.random(N) < 0.2,
        "aws": rng.random(N) < 0.3,
        "gcp": rng.random(N) < 0.3,
    }
    rows = [(f"p{i}", s) for s, flag in has.items() for i in np.flatnonzero(flag)]
    skills = pl.DataFrame(rows, schema=["posting_id", "skill_id"], orient="row")
    has.update(recent=recent, role=role, country=country, pay_usd=pay_usd, pay_inr=pay_inr)
    return postings, skills, has


def _premiums(genai_suppressed: bool = False) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_id": ["genai", "deep_learning"],
            "segment": ["all", "all"],
            "premium_adj_pct": [None if genai_suppressed else 50.0, 40.0],
            "premium_adj_lo": [None if genai_suppressed else 45.0, 32.0],
            "premium_adj_hi": [None if genai_suppressed else 55.0, 48.0],
            "n_with": [300, 200],
            "is_suppressed": [genai_suppressed, False],
        }
    )


def _bands() -> pl.DataFrame:
    rows = [
        ("ml_engineer", "entry", "US", "USD", 120_000.0, 120_000.0, "country"),
        ("ml_engineer", "mid", "US", "USD", 180_000.0, 180_000.0, "country"),
        ("ml_engineer", "senior", "US", "USD", 400_000.0, 400_000.0, "country"),
        ("data_scientist", "entry", "US", "USD", 100_000.0, 100_000.0, "all"),  # rolled up
        ("ml_engineer", "entry", "IN", "INR", 600_000.0, 7_000.0, "country"),
        ("ml_engineer", "mid", "IN", "INR", 1_500_000.0, 18_000.0, "country"),
        ("ml_engineer", "senior", "IN", "INR", 3_000_000.0, 36_000.0, "country"),
    ]
    frame = pl.DataFrame(
        rows,
        schema=[
            "role_family",
            "seniority",
            "place_id",
            "currency",
            "p50",
            "p50_usd",
            "rollup_level",
        ],
        orient="row",
    )
    return frame.with_columns(
        pl.lit("country").alias("place_level"),
        pl.lit(50, dtype=pl.Int64).alias("n_postings"),
        pl.lit(False).alias("is_suppressed"),
    )


def _demand_supply() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_id": ["machine_learning", "machine_learning", "python"],
            "place_id": ["US", "US", "US"],
            "window_end": [date(2025, 9, 30), date(2025, 12, 31), date(2025, 12, 31)],
            "demand_n": [90, 320, 500],
            "supply_n": [30, 100, 10],
            "ratio": [3.0, 3.2, 50.0],
            "ratio_lo": [2.0, 2.8, 30.0],
            "ratio_hi": [4.5, 3.7, 90.0],
        }
    )


def _claims(**kwargs: pl.DataFrame) -> tuple[dict[int, dict], dict[str, np.ndarray]]:
    postings, skills, has = _market()
    out = out_claims(
        postings,
        skills,
        frozenset(),
        kwargs.get("premiums", _premiums()),
        _bands(),
        pl.DataFrame(),
        kwargs.get("demand_supply", _demand_supply()),
        kwargs.get("premium_ladder"),
    )
    n_claims = len(claim_records())
    assert out.height == n_claims and out["claim_id"].to_list() == list(range(1, n_claims + 1))
    assert set(out["verdict"]) <= VERDICTS
    return {r["claim_id"]: r for r in out.iter_rows(named=True)}, has


@pytest.mark.parametrize(
    ("part", "expected"),
    [
        (Part("x", 40, 60, 50, 45, 55), "consistent"),
        (Part("x", 40, 60, 35, 30, 41), "consistent"),  # overlap is enough for a range
        (Part("x", 15, 25, 40, 32, 48), "higher"),
        (Part("x", 15, 25, 10, 5, 14.9), "lower"),
        (Part("x", 3.2, 3.2, 3.0, 2.5, 3.5), "consistent"),
        (Part("x", 3.2, 3.2, 2.0, 1.5, 2.5), "lower"),
        (Part("x", 100, 100, 95), "consistent"),  # no interval: within 10%
        (Part("x", 100, 100, 120), "higher"),
        (Part("x", 220e3, INF, 400e3), "consistent"),  # open range, no interval
        (Part("x", 0, INF, 2, -1, 5, strict=True), "not measurable"),
        (Part("x", 0, INF, 2, 1, 5, strict=True), "consistent"),
        (Part("x", 0, INF, -4, -6, -1, strict=True), "lower"),
        (Part("x", 1, 2, None), "not measurable"),
    ],
)
def test_verdict_rules(part: Part, expected: str) -> None:
    assert verdict(part)[0] == expected


def test_premium_claims_use_the_all_segment_and_respect_suppression() -> None:
    rows, _ = _claims()
    assert (rows[1]["value"], rows[1]["verdict"]) == (50.0, "consistent")
    assert (rows[2]["value_lo"], rows[2]["verdict"]) == (32.0, "higher")
    suppressed, _ = _claims(premiums=_premiums(genai_suppressed=True))
    assert suppressed[1]["verdict"] == "not measurable" and suppressed[1]["value"] is None


def test_pay_levels_report_the_worst_level() -> None:
    rows, _ = _claims()
    # guide 1: entry 120K, mid 180K, senior 400K (open-ended 220K+) -> all consistent
    assert rows[6]["verdict"] == "consistent"
    # second source: mid $130-175K -> 180K is higher; senior open-ended 175K+ is fine
    assert (rows[11]["verdict"], rows[11]["value"]) == ("higher", 180_000.0)
    assert "worst level mid" in rows[11]["note"]
    # data scientist cell is rolled up to "all": not measurable at US level
    assert rows[7]["verdict"] == "not measurable"
    # India in LPA: 6, 15, 30 are inside 4-8, 10-25, 25-50; the average decides the row
    assert "entry: 6" in rows[10]["note"] and "senior: 30" in rows[10]["note"]


def test_india_average_in_lpa_with_t_interval() -> None:
    rows, has = _claims()
    pick = (has["country"] == "IN") & (has["role"] == "ml_engineer") & has["recent"]
    lpa = has["pay_inr"][pick] / 100_000
    mean = lpa.mean()
    half = sps.t.ppf(0.975, lpa.size - 1) * lpa.std(ddof=1) / np.sqrt(lpa.size)
    assert rows[10]["value"] == pytest.approx(mean)  # 15 LPA vs 12.25: the worst part
    assert rows[10]["value_lo"] == pytest.approx(mean - half)
    assert rows[10]["verdict"] == "higher"


def test_average_salary_claims() -> None:
    rows, has = _claims()
    pick = (has["country"] == "US") & (has["role"] == "ml_engineer") & has["recent"]
    pay = has["pay_usd"][pick]
    half = sps.t.ppf(0.975, pay.size - 1) * pay.std(ddof=1) / np.sqrt(pay.size)
    assert rows[4]["n"] == pick.sum()
    assert rows[4]["value"] == pytest.approx(pay.mean())
    assert rows[4]["value_hi"] == pytest.approx(pay.mean() + half)
    assert rows[4]["verdict"] == "consistent"  # 160K planted vs 157,969
    # AI engineers in 2025 (all countries, USD): India's pay pulls the mean far below $206K
    assert rows[5]["verdict"] == "lower"


def test_skill_share_claims() -> None:
    rows, has = _claims()
    recent = has["recent"]
    diff = has["pytorch"][recent].astype(float) - has["tensorflow"][recent].astype(float)
    assert rows[12]["value"] == pytest.approx(100 * diff.mean())
    assert rows[12]["value_lo"] > 0 and rows[12]["verdict"] == "consistent"
    ml = recent & np.isin(has["role"], ["ml_engineer", "ai_engineer", "research_scientist"])
    assert rows[13]["n"] == ml.sum()
    assert rows[13]["value"] == pytest.approx(100 * has["python"][ml].mean())
    assert rows[13]["verdict"] == "consistent"
    cloud = recent & (has["aws"] | has["gcp"])
    aws_share = 100 * has["aws"][cloud].mean()
    assert rows[14]["n"] == cloud.sum() and rows[14]["value"] == pytest.approx(aws_share)
    # aws and gcp planted equally: about 59% of cloud postings name aws, well above 40%
    assert rows[14]["verdict"] == "higher"


def test_growth_ratio_and_unmeasurable_claims() -> None:
    rows, has = _claims()
    ml = np.isin(has["role"], ["ml_engineer", "ai_engineer"])
    recent, prior = (ml & has["recent"]).sum(), (ml & ~has["recent"]).sum()
    assert rows[15]["value"] == pytest.approx(100 * (recent / prior - 1))
    assert rows[15]["n"] == recent + prior
    assert rows[15]["verdict"] == "higher"  # volume doubled
    assert (rows[3]["value"], rows[3]["n"], rows[3]["verdict"]) == (3.2, 320, "consistent")
    assert rows[16]["verdict"] == "not measurable"
    no_ratio, _ = _claims(demand_supply=_demand_supply().filter(pl.col("skill_id") == "python"))
    assert no_ratio[3]["verdict"] == "not measurable"


def test_a_role_without_paid_postings_is_not_measurable_rather_than_an_error() -> None:
    postings, skills, _ = _market()
    postings = postings.filter(pl.col("role_family") != "ai_engineer")
    out = out_claims(
        postings, skills, frozenset(), _premiums(), _bands(), pl.DataFrame(), _demand_supply()
    )
    row = out.filter(pl.col("claim_id") == 5).row(0, named=True)
    assert row["verdict"] == "not measurable" and row["n"] in (0, None)


def test_growth_from_a_single_capture_is_not_measurable() -> None:
    """Every posting first seen on one capture date: last year's postings are only those still
    open, so a year-on-year ratio would measure survivorship, not growth."""
    postings, skills, _ = _market()
    captured = postings.with_columns(pl.lit(date(2025, 12, 31)).alias("first_seen"))
    crawled = postings.with_columns(pl.col("posted_date").alias("first_seen"))
    args = (skills, frozenset(), _premiums(), _bands(), pl.DataFrame(), _demand_supply())
    once = out_claims(captured, *args).filter(pl.col("claim_id") == 15).row(0, named=True)
    over_time = out_claims(crawled, *args).filter(pl.col("claim_id") == 15).row(0, named=True)
    assert once["verdict"] == "not measurable"
    assert over_time["verdict"] == "higher" and over_time["value"] is not None


def test_claim_records_are_data_checked_against_the_measure_functions() -> None:
    records = claim_records()
    assert [r.id for r in records] == list(range(1, len(records) + 1))
    good = {
        "id": 1,
        "claim": "c",
        "figure": "f",
        "source": "s",
        "measure": "m",
        "unit": "%",
        "note": "",
        "parts": [{"adjusted_premium": {"skill": "genai", "claim": [1.0, 2.0]}}],
    }
    assert parse_claim_records([good])[0].parts == (
        ("adjusted_premium", {"skill": "genai", "claim": [1.0, 2.0]}),
    )
    for parts, message in [
        ([{"no_such_measure": {}}], "unknown measure 'no_such_measure'"),
        ([{"adjusted_premium": {"skill": "genai"}}], "missing a required argument: 'claim'"),
        ([{"adjusted_premium": {"skill": "x", "claim": 1.0, "extra": 2}}], "unexpected"),
    ]:
        with pytest.raises(ValueError, match=message):
            parse_claim_records([{**good, "parts": parts}])
    with pytest.raises(ValueError, match="expected 1"):
        parse_claim_records([{**good, "id": 2}])


def _ladder() -> pl.DataFrame:
    """A control ladder: genai at rungs 1-6 (rung 5 not estimated), the GenAI-intensity
    contrasts at rungs 1 and 2."""
    rows = [
        ("genai", 1, 60.0, 55.0, 65.0, True, None),
        ("genai", 2, 50.0, 45.0, 55.0, True, None),
        ("genai", 4, 22.0, 20.0, 24.0, True, None),
        ("genai", 5, None, None, None, False, "fewer than 10 companies post both"),
        ("genai", 6, 4.0, 1.0, 7.0, True, None),
        ("genai_one", 1, 40.0, 35.0, 45.0, True, None),
        ("genai_one", 2, 28.5, 20.0, 37.0, True, None),
        ("genai_two_plus", 1, 50.0, 45.0, 55.0, True, None),
        ("genai_two_plus", 2, 30.0, 25.0, 35.0, True, None),
    ]
    return pl.DataFrame(
        rows,
        schema={
            "skill_id": pl.String,
            "rung": pl.Int64,
            "premium_pct": pl.Float64,
            "premium_lo": pl.Float64,
            "premium_hi": pl.Float64,
            "is_estimated": pl.Boolean,
            "note": pl.String,
        },
        orient="row",
    ).with_columns(
        pl.format("rung {}", "rung").alias("rung_label"),
        pl.lit("the rung's controls").alias("controls"),
        pl.lit(5000, dtype=pl.Int64).alias("n_postings"),
    )


def test_published_premiums_are_compared_with_the_rung_matching_their_method() -> None:
    by_id, _ = _claims(premium_ladder=_ladder())
    ladder = _ladder()
    expected = {  # claim id -> (ladder row, claimed figure)
        int(r.id): (r.parts[0][1]["skill"], r.parts[0][1]["rung"], r.parts[0][1]["claim"])
        for r in claim_records()
        if r.parts[0][0] == "ladder_premium"
    }
    assert set(expected) == {17, 18, 19, 20, 21, 22, 23}
    for claim_id, (skill, rung, claim) in expected.items():
        row = by_id[claim_id]
        assert (row["ladder_skill_id"], row["ladder_rung"]) == (skill, rung)
        match = ladder.filter((pl.col("skill_id") == skill) & (pl.col("rung") == rung))
        if match.height == 0 or not match["is_estimated"][0]:
            assert row["verdict"] == "not measurable" and row["value"] is None
            continue
        value, lo, hi = match.select("premium_pct", "premium_lo", "premium_hi").row(0)
        assert (row["value"], row["value_lo"], row["value_hi"], row["n"]) == (value, lo, hi, 5000)
        want = "consistent" if lo <= claim <= hi else ("higher" if lo > claim else "lower")
        assert row["verdict"] == want, (claim_id, row)
    # the rung the claim reads is named in the note; a rung not estimated says why
    assert "ladder rung 2" in by_id[17]["note"]
    assert "fewer than 10 companies" in by_id[22]["note"]
    assert by_id[18]["verdict"] == "consistent" and by_id[19]["verdict"] == "lower"
    # other claims carry no ladder row
    assert by_id[1]["ladder_rung"] is None and by_id[1]["ladder_skill_id"] is None


def test_published_premiums_are_not_measurable_without_a_ladder() -> None:
    by_id, _ = _claims()
    for claim_id in range(17, 24):
        assert by_id[claim_id]["verdict"] == "not measurable"
        assert by_id[claim_id]["value"] is None


def test_a_level_without_a_value_is_said_not_measurable_in_the_note() -> None:
    # the real captures' Claims page read "entry: n/a (n=n/a, not measurable)"
    from analytics.marts.claims import evaluate

    row = evaluate([Part("entry", 100, 140, None), Part("senior", 180, 220, 200, 190, 210, n=412)])
    assert "entry: not measurable;" in row["note"]
    assert "senior: 200 (n=412, consistent)" in row["note"]
    assert "n/a" not in row["note"]


def test_an_average_from_fewer_postings_or_companies_than_a_band_is_not_measurable() -> None:
    """The real captures judged "average US base salary, ML engineer" higher than claimed from
    11 postings, where the pay-band page shows no band (20 postings from 5 companies needed)."""
    postings, skills, _ = _market()
    us_ml = (pl.col("country") == "US") & (pl.col("role_family") == "ml_engineer")
    recent_us_ml = postings.filter(us_ml & (pl.col("posted_date") >= date(2025, 1, 1)))
    few = pl.concat(
        [
            postings.filter(~us_ml),
            recent_us_ml.head(11).with_columns(
                (pl.col("pay_min_annual_usd") + 100_000).alias("pay_min_annual_usd"),
                (pl.col("pay_max_annual_usd") + 100_000).alias("pay_max_annual_usd"),
            ),
        ]
    )
    one_company = postings.with_columns(
        pl.when(us_ml).then(pl.lit("c0")).otherwise(pl.col("company")).alias("company")
    )
    companies_of_few = recent_us_ml.head(11)["company"].n_unique()
    for market, n, companies in ((few, 11, companies_of_few), (one_company, None, 1)):
        out = out_claims(
            market, skills, frozenset(), _premiums(), _bands(), pl.DataFrame(), _demand_supply()
        )
        row = out.row(3, named=True)  # claim 4: the US ML engineer average
        assert row["verdict"] == "not measurable" and row["value"] is None
        assert f"from {companies} companies" in row["note"]
        assert n is None or row["n"] == n


def test_a_claim_by_level_with_no_level_measured_names_no_worst_level() -> None:
    """The real captures' pay-level claims read "worst level entry. entry: not measurable; mid:
    not measurable; ..." when no level had a band."""
    postings, skills, _ = _market()
    out = out_claims(
        postings, skills, frozenset(), _premiums(), _bands().head(0), pl.DataFrame(),
        _demand_supply(),
    )  # fmt: skip
    by_level = [
        r for r in out.iter_rows(named=True) if r["verdict"] == "not measurable" and r["note"]
    ]
    levelled = [r for r in by_level if "entry" in r["note"] and "senior" in r["note"]]
    assert levelled, "the fixture's pay-level claims are not measurable without bands"
    for row in levelled:
        assert "worst level" not in row["note"], row["note"]
        assert row["note"].startswith("no level measurable: entry"), row["note"]
