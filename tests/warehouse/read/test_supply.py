"""Demand vs supply: the windows, the skills, and openings per candidate by place.

Expected values come from the frames the snapshot was written from.
"""

from __future__ import annotations

import polars as pl
import pytest

from tests.fixtures.snapshot.marts import SF_METRO
from tests.fixtures.snapshot.publish import (
    EARLIER,
    LATEST,
    UNNAMED_METRO,
    SyntheticSnapshot,
    rich_demand_supply,
)
from warehouse import queries


def test_demand_supply_defaults_to_latest_window_in_level_order(rich: SyntheticSnapshot) -> None:
    rows = queries.demand_supply("genai")
    source = rich_demand_supply().filter(
        (pl.col("skill_id") == "genai") & (pl.col("window_end") == LATEST)
    )
    assert rows["window_end"].unique().to_list() == [LATEST]
    assert rows["place_id"].to_list() == ["all", "US", "IN", SF_METRO, UNNAMED_METRO]
    assert rows["place_level"].to_list() == ["all", "country", "country", "metro", "metro"]
    assert rows["demand_n"].sum() == source["demand_n"].sum()
    us = rows.filter(pl.col("place_id") == "US").row(0, named=True)
    assert us["inverse_band"] == "too many jobs" and us["location_quotient"] == 1.1
    earlier = queries.demand_supply("genai", EARLIER)
    assert earlier["place_id"].to_list() == ["all", "US"]
    assert earlier["ratio"].to_list() == [1.25, 1.52]


def test_demand_supply_derives_inverse_and_band_when_not_published(
    snapshot: SyntheticSnapshot,
) -> None:
    frame = snapshot.frames["out_demand_supply"]
    assert "inverse_band" not in frame.columns
    for skill_id in ("llm", "python"):
        row = frame.filter(pl.col("skill_id") == skill_id).row(0, named=True)
        got = queries.demand_supply(skill_id).row(0, named=True)
        inverse = row["supply_n"] / row["demand_n"]
        assert got["inverse_ratio"] == pytest.approx(inverse)
        expected_band = next(
            (label for upper, label in queries.INVERSE_BANDS if inverse <= upper),
            queries.INVERSE_BAND_TOP,
        )
        assert got["inverse_band"] == expected_band
        assert got["location_quotient"] is None


def test_demand_supply_windows_and_skills(rich: SyntheticSnapshot) -> None:
    assert queries.demand_supply_windows() == (LATEST, EARLIER)
    skills = queries.demand_supply_skills()
    assert skills["skill_id"].to_list() == ["genai", "python"]
    totals = rich_demand_supply().filter(pl.col("place_id") == "all")
    genai_total = totals.filter(pl.col("skill_id") == "genai")["demand_n"].sum()
    assert skills["demand_n"][0] == genai_total
    assert skills["skill_name"].to_list() == ["Any GenAI skill", "Python"]
