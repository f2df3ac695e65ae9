"""Pay premiums: one segment's estimates, the forest plot's rows and the suppressed ones.

Expected values come from the frames the snapshot was written from.
"""

from __future__ import annotations

import polars as pl

from tests.fixtures.snapshot.helpers import estimated_premiums
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)
from warehouse import queries


def test_premiums_for_a_segment_put_suppressed_rows_last(snapshot: SyntheticSnapshot) -> None:
    result = queries.premiums("all")
    source = snapshot.premiums.filter(pl.col("segment") == "all")
    assert set(result["skill_id"]) == set(source["skill_id"])
    assert result["is_suppressed"].to_list() == sorted(source["is_suppressed"].to_list())
    shown = result.filter(~pl.col("is_suppressed"))["premium_adj_pct"]
    assert shown.is_sorted(descending=True)
    suppressed = result.filter(pl.col("is_suppressed")).row(0, named=True)
    assert suppressed["premium_adj_pct"] is None and suppressed["suppressed_reason"]
    assert result.filter(pl.col("skill_id") == "genai")["skill_name"].item() == "Any GenAI skill"
    segment = queries.premiums("role_family=ml_engineer")
    assert segment["segment"].unique().to_list() == ["role_family=ml_engineer"]


def test_premium_forest_puts_genai_first_then_n_with(rich: SyntheticSnapshot) -> None:
    expected = estimated_premiums(rich.premiums, "all")
    forest = queries.premium_forest("all", 25)
    assert forest["skill_id"].to_list() == expected["skill_id"].to_list()
    assert forest["rank"].to_list() == list(range(1, expected.height + 1))
    assert forest["n_with"].to_list() == expected["n_with"].to_list()
    assert forest["premium_adj_lo"].to_list() == expected["premium_adj_lo"].to_list()
    assert queries.premium_forest("all", 2)["skill_id"].to_list() == (
        expected["skill_id"].head(2).to_list()
    )


def test_suppressed_premiums_carry_reason_and_counts_only(rich: SyntheticSnapshot) -> None:
    hidden = queries.suppressed_premiums("all")
    expected = rich.premiums.filter((pl.col("segment") == "all") & pl.col("is_suppressed"))
    assert hidden["skill_id"].to_list() == expected["skill_id"].to_list()
    assert hidden["suppressed_reason"].to_list() == expected["suppressed_reason"].to_list()
    assert not {"premium_adj_pct", "raw_gap_pct"} & set(hidden.columns)
    assert queries.suppressed_premiums("country=IN")["skill_id"].to_list() == ["genai"]
