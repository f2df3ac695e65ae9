"""Post-stratification to OEWS employment (out_weight_cells, out_weighted_figures): weights that
give each cell its employment share, small cells collapsed per occupation, cells and
occupations without postings, trimming; weighted shares and base-pay percentiles beside the
unweighted ones; and the demand-to-supply rule for a crawl's sample (with_measurability)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.marts.supply import NOT_MEASURABLE, with_measurability
from analytics.marts.weights import out_weighted_figures, weight_cells, weighting_label
from contract.vocab import ALL, ESTIMATE_SUPPLY, TALENT_POOL_SUPPLY

CROSSWALK = pl.DataFrame(
    {
        "role_family": ["ml_engineer", "data_scientist", "research_scientist", "ml_engineer"],
        "soc_code": ["15-1252", "15-2051", "15-1221", "15-2051"],
        "soc_rank": [1, 1, 1, 2],
    }
)


def benchmarks(rows: list[tuple[str, str, float]]) -> pl.DataFrame:
    """(soc, state FIPS, employment) state rows of one release."""
    return pl.DataFrame(
        [("2025A01", "state", fips, soc, f"title {soc}", emp) for soc, fips, emp in rows],
        schema=["release", "area_type", "state_code", "soc_code", "soc_title", "employment"],
        orient="row",
    )


def postings(cells: dict[tuple[str, str], int], pay: float | None = None) -> pl.DataFrame:
    """`n` US postings per (role family, state)."""
    rows = []
    for (role, state), n in cells.items():
        rows += [(f"{role}-{state}-{i}", role, "US", state, pay, pay, "base") for i in range(n)]
    return pl.DataFrame(
        rows,
        schema=[
            "posting_id",
            "role_family",
            "country",
            "region",
            "pay_min_annual_usd",
            "pay_max_annual_usd",
            "pay_kind",
        ],
        orient="row",
    )


def test_weights_give_each_cell_its_employment_share() -> None:
    # CA 06, NY 36: ML 600 / 200 employment, DS 100 / 100; postings 10 / 10 and 10 / 10
    bench = benchmarks(
        [
            ("15-1252", "06", 600.0),
            ("15-1252", "36", 200.0),
            ("15-2051", "06", 100.0),
            ("15-2051", "36", 100.0),
        ]
    )
    frame = postings(
        {
            ("ml_engineer", "CA"): 10,
            ("ml_engineer", "NY"): 10,
            ("data_scientist", "CA"): 10,
            ("data_scientist", "NY"): 10,
        }
    )
    cells, weighted = weight_cells(frame, bench, CROSSWALK, min_cell=5, max_ratio=10.0)
    assert (cells["status"] == "own cell").all()
    assert weighted["weight"].mean() == pytest.approx(1.0)
    share = weighted.group_by("role_family", "state").agg(pl.col("weight").sum() / 40)
    got = {(r[0], r[1]): r[2] for r in share.iter_rows()}
    assert got[("ml_engineer", "CA")] == pytest.approx(0.6)
    assert got[("data_scientist", "NY")] == pytest.approx(0.1)
    ca = cells.filter((pl.col("soc_code") == "15-1252") & (pl.col("state") == "CA")).row(
        0, named=True
    )
    assert ca["weight"] == pytest.approx(0.6 / 0.25) and ca["employment_share"] == 0.6


def test_small_cells_collapse_and_empty_occupations_are_not_represented() -> None:
    bench = benchmarks(
        [
            ("15-1252", "06", 500.0),
            ("15-1252", "36", 300.0),
            ("15-1252", "48", 200.0),
            ("15-2051", "06", 400.0),
            ("15-1221", "06", 1000.0),
        ]
    )
    # ML: CA 10 postings (own cell), NY 2 and TX 0 (collapsed together); DS: CA 5; none
    # for research scientists: 15-1221 cannot be represented
    frame = postings(
        {("ml_engineer", "CA"): 10, ("ml_engineer", "NY"): 2, ("data_scientist", "CA"): 5}
    )
    cells, weighted = weight_cells(frame, bench, CROSSWALK, min_cell=5, max_ratio=100.0)
    status = {(r["soc_code"], r["state"]): r["status"] for r in cells.iter_rows(named=True)}
    assert status == {
        ("15-1252", "CA"): "own cell",
        ("15-1252", "NY"): "collapsed",
        ("15-1252", "TX"): "collapsed",
        ("15-2051", "CA"): "own cell",
        ("15-1221", "CA"): "not represented",
    }
    # represented employment: ML 1000, DS 400; the NY+TX pool holds 500 for 2 postings
    total = weighted["weight"].sum()
    pool = weighted.filter(pl.col("state") == "NY")["weight"].sum() / total
    assert pool == pytest.approx(500 / 1400)
    assert weighted.filter(pl.col("role_family") == "data_scientist")["weight"].sum() / total == (
        pytest.approx(400 / 1400)
    )
    assert cells.filter(pl.col("status") == "not represented")["weight"].is_null().all()


def test_weights_are_trimmed_then_renormalized() -> None:
    bench = benchmarks([("15-1252", "06", 990.0), ("15-1252", "36", 10.0)])
    frame = postings({("ml_engineer", "CA"): 5, ("ml_engineer", "NY"): 95})
    cells, weighted = weight_cells(frame, bench, CROSSWALK, min_cell=5, max_ratio=5.0)
    by_state = dict(zip(cells["state"], cells["weight"], strict=True))
    # raw weights 0.99 / 0.05 = 19.8 and 0.01 / 0.95: clipped to 5 and 0.2, then x 100 / 44
    assert by_state["CA"] == pytest.approx(5 * 100 / (5 * 5 + 95 * 0.2))
    assert by_state["NY"] == pytest.approx(0.2 * 100 / (5 * 5 + 95 * 0.2))
    assert weighted["weight"].mean() == pytest.approx(1.0)
    assert set(cells["status"]) == {"own cell (trimmed)"}


def test_weighted_figures_sit_beside_the_unweighted() -> None:
    bench = benchmarks([("15-1252", "06", 750.0), ("15-2051", "06", 250.0)])
    ml = postings({("ml_engineer", "CA"): 20}, pay=200_000.0)
    ds = postings({("data_scientist", "CA"): 30}, pay=100_000.0)
    frame = pl.concat([ml, ds])
    _, weighted = weight_cells(frame, bench, CROSSWALK, min_cell=5, max_ratio=10.0)
    skills = pl.DataFrame({"posting_id": ml["posting_id"], "skill_id": ["pytorch"] * 20})
    label = weighting_label(bench)
    assert label == "weighted to OEWS employment (occupation x US state, OEWS 2025A01)"
    out = out_weighted_figures(weighted, skills, frozenset(), label)
    row = {(r["figure"], r["role_family"], r["skill_id"]): r for r in out.iter_rows(named=True)}
    share = row[("role_family_share", "ml_engineer", ALL)]
    assert share["unweighted"] == pytest.approx(40.0) and share["weighted"] == pytest.approx(75.0)
    assert share["n_postings"] == 50 and share["effective_n"] < 50
    assert share["weighted_lo"] < 75.0 < share["weighted_hi"]
    assert row[("skill_share", ALL, "pytorch")]["weighted"] == pytest.approx(75.0)
    median = row[("pay_p50", ALL, ALL)]
    # 30 of 50 postings pay 100k unweighted (median 100k); weighted, 75% of the weight pays 200k
    assert median["unweighted"] == 100_000.0 and median["weighted"] == 200_000.0
    assert median["unit"] == "USD per year"
    # fewer than 30 paid ML postings: the pay row is published empty with its n
    ml_pay = row[("pay_p50", "ml_engineer", ALL)]
    assert ml_pay["n_postings"] == 20 and ml_pay["weighted"] is None
    assert (out["weighting"] == label).all()


def test_ratios_against_national_supply_need_postings_covering_the_market() -> None:
    frame = pl.DataFrame(
        {
            "supply_source": [TALENT_POOL_SUPPLY, ESTIMATE_SUPPLY],
            "demand_n": [40, 40],
            "supply_n": [20, 90_000],
            "ratio": [2.0, 40 / 90_000],
            "ratio_lo": [1.5, 0.0003],
            "ratio_hi": [2.5, 0.0006],
            "inverse_ratio": [0.5, 2250.0],
            "inverse_band": ["too many jobs", "too many workers"],
        }
    )
    crawl = with_measurability(frame, demand_covers_market=False)
    assert crawl["is_measurable"].to_list() == [True, False]
    assert crawl["ratio"].to_list() == [2.0, None]
    assert crawl["inverse_band"].to_list() == ["too many jobs", None]
    assert crawl["supply_n"].to_list() == [20, 90_000]  # the counts stay
    assert crawl["not_measurable_reason"].to_list() == [None, NOT_MEASURABLE]
    market = with_measurability(frame, demand_covers_market=True)
    assert market["is_measurable"].all() and market["ratio"].null_count() == 0
