"""The coverage read API over a snapshot whose coverage marts were computed by the build's own
functions (tests/fixtures/coverage_snapshot.py): coverage by one dimension, the gaps in their
order, days open per role family and skill, weighted figures and cells, and the demand/supply
rows not measurable from a crawl (an older snapshot without the columns reads measurable).

Expected values come from the frames the snapshot was written from."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from analytics.marts.supply import NOT_MEASURABLE, with_measurability
from contract.vocab import ALL
from tests.fixtures.coverage_snapshot import coverage_frames
from tests.fixtures.snapshot.publish import rich_demand_supply, snapshot_frames, write_snapshot
from warehouse import queries


@pytest.fixture
def frames(empty_home: Path) -> dict[str, pl.DataFrame]:
    written = coverage_frames()
    write_snapshot(empty_home, "coverage-read", written)
    queries.forget_connection()
    return written


def fixed(frame: pl.DataFrame, varying: str | None) -> pl.DataFrame:
    dims = ("source", "country", "role_family", "month")
    return frame.filter(
        pl.all_horizontal([pl.col(d) == ALL for d in dims if d != varying])
        & (pl.col(varying) != ALL if varying else pl.lit(True))
    )


def test_coverage_by_each_dimension(frames: dict[str, pl.DataFrame]) -> None:
    total = queries.coverage_by()
    assert total.height == 1
    assert total["n_postings"][0] == fixed(frames["out_coverage"], None)["n_postings"][0]
    months = queries.coverage_by("month")
    assert months["month"].to_list() == sorted(fixed(frames["out_coverage"], "month")["month"])
    countries = queries.coverage_by("country")
    assert countries["n_postings"].to_list() == sorted(
        fixed(frames["out_coverage"], "country")["n_postings"], reverse=True
    )
    assert (countries["source"] == ALL).all()
    with pytest.raises(ValueError, match="dimension"):
        queries.coverage_by("metro; DROP TABLE x")


def test_gaps_in_dimension_and_status_order(frames: dict[str, pl.DataFrame]) -> None:
    gaps = queries.coverage_gaps()
    assert gaps.height == frames["out_coverage_gaps"].height
    order = list(queries.GAP_DIMENSIONS)
    ranks = [order.index(d) for d in gaps["dimension"]]
    assert ranks == sorted(ranks)
    assert queries.coverage_gaps("board")["status"].to_list() == ["outage"]
    with pytest.raises(ValueError):
        queries.coverage_gaps("planet")


def test_durations_per_role_family_and_skill(frames: dict[str, pl.DataFrame]) -> None:
    roles = queries.posting_durations("role_family")
    assert roles["role_family"][0] == ALL and (roles["skill_id"] == ALL).all()
    source = frames["out_posting_durations"]
    assert roles.height == source.filter(pl.col("skill_id") == ALL).height
    skills = queries.posting_durations("skill", limit=3)
    assert skills.height == 3 and (skills["role_family"] == ALL).all()
    assert (
        skills["n_closed"].to_list()
        == sorted(source.filter(pl.col("skill_id") != ALL)["n_closed"], reverse=True)[:3]
    )
    assert skills["skill_name"].null_count() == 0


def test_weighted_figures_and_cells(frames: dict[str, pl.DataFrame]) -> None:
    shares = queries.weighted_figures("role_family_share")
    expected = frames["out_weighted_figures"].filter(pl.col("figure") == "role_family_share")
    assert sorted(shares["weighted"]) == sorted(expected["weighted"])
    assert shares["weighting"][0].startswith("weighted to OEWS employment")
    pay = queries.weighted_figures("pay_p50")
    assert pay["role_family"][0] == ALL and (pay["unit"] == "USD per year").all()
    cells = queries.weight_cells()
    assert cells["employment"].to_list() == sorted(cells["employment"], reverse=True)
    with pytest.raises(ValueError):
        queries.weighted_figures("mean_height")


def test_demand_supply_measurability(empty_home: Path) -> None:
    frames = snapshot_frames()
    pool = rich_demand_supply()
    estimate = pool.with_columns(pl.lit("oews_survey_estimate").alias("supply_source"))
    frames["out_demand_supply"] = with_measurability(pl.concat([pool, estimate]), False)
    write_snapshot(empty_home, "crawl", frames)
    queries.forget_connection()
    rows = {
        r["supply_source"]: r for r in queries.demand_supply_measurability().iter_rows(named=True)
    }
    assert rows["oews_survey_estimate"]["n_not_measurable"] == estimate.height
    assert rows["oews_survey_estimate"]["reason"] == NOT_MEASURABLE
    assert rows["talent_pool"]["n_not_measurable"] == 0
    assert rows["talent_pool"]["reason"] is None
    # a snapshot built before the columns existed: every row reads measurable
    frames["out_demand_supply"] = pool
    write_snapshot(empty_home, "older", frames)
    queries.forget_connection()
    older = queries.demand_supply_measurability()
    assert older["n_not_measurable"].to_list() == [0] and older["n_rows"][0] == pool.height
