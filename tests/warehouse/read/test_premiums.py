"""Pay premiums: one segment's estimates, the forest plot's rows and the suppressed ones.

Expected values come from the frames the snapshot was written from.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from contract.marts import GENAI_INTENSITY, PREMIUM_CONTROLS
from tests.analytics.marts.premium_market import with_ladder
from tests.fixtures.snapshot.helpers import INJECTION, estimated_premiums
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
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


# --------------------------------------------------------------------------- the control ladder


@pytest.fixture
def ladder(empty_home: Path) -> dict[str, pl.DataFrame]:
    """The synthetic snapshot with the control ladder's marts (tests/analytics/marts)."""
    frames = with_ladder(snapshot_frames())
    write_snapshot(empty_home, f"test-ladder-{empty_home.parent.name}", frames)
    return frames


def test_ladder_skills_put_genai_then_the_intensity_contrasts_first(
    ladder: dict[str, pl.DataFrame],
) -> None:
    skills = queries.ladder_skills()
    mart = ladder["out_premium_ladder"]
    ids = skills["skill_id"].to_list()
    assert ids[:3] == ["genai", "genai_one", "genai_two_plus"]
    assert skills["skill_name"][:3].to_list() == ["Any GenAI skill", *GENAI_INTENSITY.values()]
    rest = skills.slice(3)
    assert rest["n_with"].is_sorted(descending=True)
    estimated = set(mart.filter(pl.col("is_estimated") & (pl.col("rung") >= 1))["skill_id"])
    assert set(ids) == estimated
    full = dict(skills.select("skill_id", "full_rung").iter_rows())
    assert full["genai"] == 6 and full["rare_skill"] == 4
    assert skills.filter(pl.col("skill_id") == "rare_skill")["skill_name"].item() == "Rare skill"


def test_premium_ladder_and_decomposition_of_one_flag(ladder: dict[str, pl.DataFrame]) -> None:
    rows = queries.premium_ladder("genai")
    source = ladder["out_premium_ladder"].filter(pl.col("skill_id") == "genai").sort("rung")
    assert rows["rung"].to_list() == list(range(7))
    for column in ("premium_pct", "premium_lo", "premium_hi", "n_with", "note"):
        assert rows[column].to_list() == source[column].to_list()
    parts = queries.premium_decomposition("genai")
    assert parts["control"].to_list() == [c for c, _, _ in PREMIUM_CONTROLS] + ["total"]
    pieces = parts.filter(pl.col("control") != "total")["contribution_log_pts"].sum()
    assert pieces == pytest.approx(parts["contribution_log_pts"][-1], abs=1e-9)
    assert queries.premium_ladder(INJECTION).is_empty()
    assert queries.premium_decomposition(INJECTION).is_empty()


def test_ladder_claims_are_the_claims_naming_a_rung(ladder: dict[str, pl.DataFrame]) -> None:
    claims = queries.ladder_claims()
    assert claims["ladder_rung"].to_list() == [1, 2]
    assert claims["ladder_skill_id"].to_list() == ["genai_one", "genai"]
    assert claims["figure"].to_list() == ["+28%", "+56%"]


def _expected_postings(frames: dict[str, pl.DataFrame], skill: str, rung: int, side: str) -> set:
    """The drill-down's postings computed from the frames (not the read API's SQL)."""
    sample = frames["out_premium_sample"].join(
        frames["out_postings"].select("posting_id", "company", "skill_ids"), on="posting_id"
    )
    n = pl.col("n_genai_skills")
    flag = {
        "genai": n >= 1,
        "genai_one": n == 1,
        "genai_two_plus": n >= 2,
    }.get(skill, pl.col("skill_ids").list.contains(skill))
    comparable = (n == 0) if skill in GENAI_INTENSITY else pl.lit(True)
    universe = sample.with_columns(flag.alias("has")).filter(pl.col("has") | comparable)
    for level, from_rung in (("company", 5), ("title_key", 6)):
        if rung >= from_rung:
            both = universe.group_by(level).agg(pl.col("has").any() & (~pl.col("has")).any())
            keep = both.filter(pl.col("has"))[level]
            universe = universe.filter(pl.col(level).is_in(keep.implode()))
    return set(universe.filter(pl.col("has") == (side == "with"))["posting_id"])


@pytest.mark.parametrize(
    ("skill", "rung", "side"),
    [
        ("genai", 0, "with"),
        ("genai", 4, "without"),
        ("genai", 5, "without"),
        ("genai", 6, "with"),
        ("genai_one", 1, "without"),
        ("genai_two_plus", 6, "with"),
        ("python", 6, "without"),
    ],
)
def test_ladder_postings_are_the_ones_behind_the_rung(
    ladder: dict[str, pl.DataFrame], skill: str, rung: int, side: str
) -> None:
    expected = _expected_postings(ladder, skill, rung, side)
    sample = queries.ladder_postings(skill, rung, side, limit=5000)
    assert set(sample["posting_id"]) == expected
    assert sample["n_matching"].unique().to_list() == [len(expected)]
    few = queries.ladder_postings(skill, rung, side, limit=7)
    assert few.height == min(7, len(expected))
    assert (
        few["posting_id"].to_list()
        == queries.ladder_postings(skill, rung, side, 7)["posting_id"].to_list()
    )  # the same sample every time


def test_ladder_postings_check_their_arguments(ladder: dict[str, pl.DataFrame]) -> None:
    with pytest.raises(ValueError, match="side"):
        queries.ladder_postings("genai", 1, INJECTION)
    with pytest.raises(ValueError, match="rung"):
        queries.ladder_postings("genai", 7, "with")
    with pytest.raises(ValueError, match="limit"):
        queries.ladder_postings("genai", 1, "with", limit=0)
    assert queries.ladder_postings(INJECTION, 1, "with").is_empty()
