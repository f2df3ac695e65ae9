"""The skill advisor: cells, given skills, ranked next skills, coverage gains and the skills
that define a role.

Expected values come from the analytics code (the advisor's own recommend and coverage_gain)
or from Polars over the frames the snapshot was written from.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.fixtures.snapshot.helpers import INJECTION
from tests.fixtures.snapshot.marts import wilson_bounds
from tests.fixtures.snapshot.postings import core_postings_frames
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries


def test_recommend_next_skills_ranks_like_the_analytics_advisor(
    snapshot: SyntheticSnapshot,
) -> None:
    from analytics.marts.advisor import coverage_gain, recommend
    from tests.fixtures.snapshot.postings import core_postings_frames

    postings, posting_skills = core_postings_frames()
    advisor = snapshot.frames["out_skill_advisor"]
    for mine, role, place in (
        (["python"], "ml_engineer", "all"),
        (["python", "sql"], "data_scientist", "US"),
        (["pytorch", "llm"], "ml_engineer", "IN"),
    ):
        coverage = coverage_gain(postings, posting_skills, mine, role, place)
        expected = recommend(advisor, mine, role, place, top=5, coverage=coverage)
        result = queries.recommend_next_skills(mine, role, place, top=5)
        assert result.height == expected.height > 0, (mine, role, place)
        assert result["skill_id"].to_list() == expected["skill_id"].to_list(), (mine, role)
        assert result["score"].to_list() == pytest.approx(expected["score"].to_list())
        assert not set(result["skill_id"]) & set(mine)
        assert result["rank"].to_list() == list(range(1, result.height + 1))
        assert result["reason"].str.starts_with("Named with your skills in").all()


def test_coverage_gains_match_the_analytics_rule(snapshot: SyntheticSnapshot) -> None:
    from analytics.marts.advisor import coverage_gain
    from tests.fixtures.snapshot.postings import core_postings_frames

    postings, posting_skills = core_postings_frames()
    expected = coverage_gain(postings, posting_skills, ["python", "pytorch"], "ml_engineer", "US")
    result = queries.coverage_gains(["python", "pytorch"], "ml_engineer", "US")
    assert result.height > 0
    assert_frame_equal(result, expected, check_dtypes=False)


def _postings_naming(skills: list[str], role: str) -> set[str]:
    """Posting ids of the role (every level, every place: all within the advisor's window)
    naming any of `skills`, from the frames the snapshot was written from."""
    postings, posting_skills = core_postings_frames()
    of_role = postings.filter(pl.col("role_family") == role)["posting_id"]
    named = posting_skills.filter(
        pl.col("skill_id").is_in(skills) & pl.col("posting_id").is_in(of_role.implode())
    )
    return set(named["posting_id"])


def test_recommend_pooled_share_counts_each_posting_once(snapshot: SyntheticSnapshot) -> None:
    """With two skills of mine, a posting naming both counted twice in the mart's rows summed
    over my skills (n read as postings, with a Wilson interval as if independent): the pooled
    share is over the postings naming either, each once."""
    advisor = snapshot.frames["out_skill_advisor"]
    mine = ["python", "sql"]
    result = queries.recommend_next_skills(mine, "data_scientist", "all", top=3)
    given = _postings_naming(mine, "data_scientist")
    assert result.height == 3
    for row in result.iter_rows(named=True):
        both = given & _postings_naming([row["skill_id"]], "data_scientist")
        assert row["pooled_by_posting"]
        assert (row["n_given"], row["n_both"]) == (len(given), len(both))
        assert row["pooled_share"] == pytest.approx(len(both) / len(given))
        bounds = wilson_bounds(pl.lit(len(both)), pl.lit(len(given)))
        low, high = pl.select(bounds[0].alias("lo"), bounds[1].alias("hi")).row(0)
        assert (row["pooled_lo"], row["pooled_hi"]) == pytest.approx((low / 100, high / 100))
        mart_rows = advisor.filter(
            (pl.col("role_family") == "data_scientist")
            & (pl.col("place_id") == "all")
            & pl.col("given_skill").is_in(mine)
            & (pl.col("next_skill") == row["skill_id"])
        )
        assert len(given) < mart_rows["n_given"].sum()  # postings naming both were counted twice


def test_with_one_skill_the_pooled_counts_are_the_marts(snapshot: SyntheticSnapshot) -> None:
    advisor = snapshot.frames["out_skill_advisor"]
    result = queries.recommend_next_skills(["python"], "ml_engineer", "US", top=5)
    assert result.height > 0
    for row in result.iter_rows(named=True):
        mart_row = advisor.filter(
            (pl.col("role_family") == "ml_engineer")
            & (pl.col("place_id") == "US")
            & (pl.col("given_skill") == "python")
            & (pl.col("next_skill") == row["skill_id"])
        ).row(0, named=True)
        assert (row["n_given"], row["n_both"]) == (mart_row["n_given"], mart_row["n_both"])


def test_recommend_rejects_an_empty_skill_list(snapshot: SyntheticSnapshot) -> None:
    with pytest.raises(ValueError, match="my_skills is empty"):
        queries.recommend_next_skills([], "ml_engineer")
    assert queries.recommend_next_skills([INJECTION], "ml_engineer").is_empty()


def test_recommend_without_the_advisor_targets_has_no_coverage(empty_home: Path) -> None:
    frames = snapshot_frames()
    del frames["out_advisor_targets"]
    write_snapshot(empty_home, "no-targets", frames)
    assert not queries.view_available("out_advisor_targets")
    result = queries.recommend_next_skills(["python"], "ml_engineer", "all", top=3)
    assert result.height == 3
    assert result["coverage_gain"].is_null().all()
    assert queries.learning_path(["python"], "ml_engineer", "all").is_empty()


def test_advisor_cells_and_given_skills(snapshot: SyntheticSnapshot) -> None:
    advisor = snapshot.frames["out_skill_advisor"]
    cells = queries.advisor_cells()
    expected = advisor.select("role_family", "place_id").unique()
    assert cells.height == expected.height
    first = cells.filter(pl.col("role_family") == "ml_engineer")["place_id"].to_list()
    assert first[0] == "all"
    given = queries.advisor_given_skills("ml_engineer", "US")
    expected_given = (
        advisor.filter((pl.col("role_family") == "ml_engineer") & (pl.col("place_id") == "US"))
        .group_by("given_skill")
        .agg(pl.col("n_given").max())
    )
    assert set(given["skill_id"]) == set(expected_given["given_skill"])
    assert given["n_given"].to_list() == sorted(given["n_given"].to_list(), reverse=True)


def role_tfidf(country: str) -> pl.DataFrame:
    """TF-IDF across role families of the core-like postings in a place (all are within the
    advisor's 12-month window): tf = the role's postings naming the skill / the role's
    postings, df = roles where tf >= 5% (at least 1), tfidf = tf x ln(roles / df)."""
    postings, posting_skills = core_postings_frames()
    if country != "all":
        postings = postings.filter(pl.col("country") == country)
    roles = postings.select("posting_id", "role_family")
    n_role = roles.group_by("role_family").agg(pl.len().alias("n_role"))
    tf = (
        roles.join(posting_skills.unique(), on="posting_id")
        .group_by("role_family", "skill_id")
        .agg(pl.len().alias("n_with"))
        .join(n_role, on="role_family")
        .with_columns((pl.col("n_with") / pl.col("n_role")).alias("tf"))
    )
    df = tf.group_by("skill_id").agg((pl.col("tf") >= 0.05).sum().clip(1).alias("df"))
    return tf.join(df, on="skill_id").with_columns(
        (pl.col("tf") * (n_role.height / pl.col("df")).log()).alias("tfidf")
    )


@pytest.mark.parametrize("country", ["all", "US"])
def test_role_defining_skills_is_tfidf_over_the_advisor_window(
    snapshot: SyntheticSnapshot, country: str
) -> None:
    expected = (
        role_tfidf(country)
        .filter(pl.col("role_family") == "ml_engineer")
        .sort(["tfidf", "skill_id"], descending=[True, False])
        .head(3)
    )
    result = queries.role_defining_skills("ml_engineer", country, n=3)
    assert result["skill_id"].to_list() == expected["skill_id"].to_list()
    assert result["tfidf"].to_list() == pytest.approx(expected["tfidf"].to_list())
    assert result["share_pct"].to_list() == pytest.approx((100 * expected["tf"]).to_list())
    assert result["n_with_skill"].to_list() == expected["n_with"].to_list()
    assert result["n_postings"].to_list() == expected["n_role"].to_list()
    assert result["n_roles_common"].to_list() == expected["df"].to_list()
    lo, hi = wilson_bounds(pl.col("n_with"), pl.col("n_role"))
    bounds = expected.select(lo.alias("lo"), hi.alias("hi"))
    assert result["share_lo"].to_list() == pytest.approx(bounds["lo"].to_list())
    assert result["share_hi"].to_list() == pytest.approx(bounds["hi"].to_list())
    assert result["rank"].to_list() == [1, 2, 3]


def test_role_defining_skills_are_read_from_the_advisor_mart_not_recomputed(
    empty_home: Path,
) -> None:
    frames = snapshot_frames()
    advisor = frames["out_skill_advisor"]
    # the mart's TF-IDF says tensorflow defines the role most: the read API must follow it
    frames["out_skill_advisor"] = advisor.with_columns(
        pl.when(pl.col("next_skill") == "tensorflow")
        .then(99.0)
        .otherwise(pl.col("tfidf"))
        .alias("tfidf")
    )
    write_snapshot(empty_home, "edited-tfidf", frames)
    result = queries.role_defining_skills("ml_engineer", n=1)
    assert result["skill_id"].to_list() == ["tensorflow"]
    assert result["tfidf"].to_list() == [99.0]


def test_recommend_ranks_with_the_marts_score_weight(empty_home: Path) -> None:
    frames = snapshot_frames()
    advisor = frames["out_skill_advisor"]
    before = queries_after(empty_home, "before", frames)
    last = before["skill_id"][-1]
    # only the published weight of the last-ranked skill changes: it must now rank first
    frames["out_skill_advisor"] = advisor.with_columns(
        pl.when(pl.col("next_skill") == last)
        .then(100.0)
        .otherwise(pl.col("score_weight"))
        .alias("score_weight")
    )
    after = queries_after(empty_home, "after", frames)
    assert after["skill_id"][0] == last


def queries_after(home: Path, build_id: str, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    write_snapshot(home, build_id, frames)
    return queries.recommend_next_skills(["python"], "ml_engineer", "all", top=10)


def test_an_advisor_mart_without_the_published_ranking_columns_is_refused(
    empty_home: Path,
) -> None:
    frames = snapshot_frames()
    frames["out_skill_advisor"] = frames["out_skill_advisor"].drop("score_weight", "tfidf")
    write_snapshot(empty_home, "old-advisor", frames)
    assert not queries.view_available("out_skill_advisor")
    with pytest.raises(queries.SnapshotInvalidError, match="score_weight, tfidf"):
        queries.recommend_next_skills(["python"], "ml_engineer")
    assert not queries.top_skills(n=3).is_empty()  # the other marts still read


# --------------------------------------------------------------------------- the learner's path


def test_a_skill_the_role_is_named_after_is_never_ranked(empty_home: Path) -> None:
    """Issue #12: "machine learning" ranked as advice for an ML engineer."""
    frames = snapshot_frames()
    advisor = frames["out_skill_advisor"]
    frames["out_skill_advisor"] = advisor.with_columns(
        next_defines_role=(pl.col("role_family") == "ml_engineer")
        & (pl.col("next_skill") == "pytorch")
    )
    write_snapshot(empty_home, "named", frames)
    ranked = queries.recommend_next_skills(["python"], "ml_engineer", "all", top=20)
    assert ranked.height > 0 and "pytorch" not in ranked["skill_id"].to_list()
    scientists = queries.recommend_next_skills(["python"], "data_scientist", "all", top=20)
    assert "pytorch" in scientists["skill_id"].to_list()  # named after ML engineers only
    path = queries.learning_path(["python"], "ml_engineer", "all")
    assert "pytorch" not in path["skill_id"].to_list()


def test_coverage_gain_is_zero_not_missing(snapshot: SyntheticSnapshot) -> None:
    ranked = queries.recommend_next_skills(["python"], "ml_engineer", "all", top=20)
    assert ranked["coverage_gain"].null_count() == 0
    assert ranked["n_newly_covered"].null_count() == 0


def _covered(skill_lists: list[list[str]], have: set[str]) -> int:
    return sum(1 for skills in skill_lists if skills and set(skills) <= have)


def _half(skill_lists: list[list[str]], have: set[str]) -> int:
    return sum(1 for s in skill_lists if s and 2 * len(set(s) & have) >= len(set(s)))


@pytest.mark.parametrize("seniority", ["all", "entry", "senior"])
def test_the_learning_path_orders_picks_by_what_each_step_unlocks(
    snapshot: SyntheticSnapshot, seniority: str
) -> None:
    index = snapshot.frames["out_postings"]
    advisor = snapshot.frames["out_skill_advisor"]
    first_month = advisor.filter(pl.col("role_family") == "ml_engineer")["window_start"].min()
    target = index.filter(
        (pl.col("role_family") == "ml_engineer")
        & (pl.col("month") >= first_month.replace(day=1))
        & ((pl.col("seniority") == seniority) | pl.lit(seniority == "all"))
    )
    lists = target["skill_ids"].to_list()
    path = queries.learning_path(["python"], "ml_engineer", "all", seniority, steps=3)
    assert path.height == 3 and path["step"].to_list() == [1, 2, 3]
    assert (path["n_target"] == len(lists)).all()
    have = {"python"}
    picks = queries.recommend_next_skills(["python"], "ml_engineer", "all", 10, seniority)
    left = picks["skill_id"].to_list()
    for row in path.iter_rows(named=True):
        # the step leaves the learner with half the skills of at least as many postings as
        # any other pick would
        best = max(_half(lists, have | {s}) for s in left)
        assert _half(lists, have | {row["skill_id"]}) == best == row["n_half"]
        assert row["half_share"] == pytest.approx(best / len(lists))
        assert row["n_covered"] == _covered(lists, have | {row["skill_id"]})
        assert row["n_named"] == sum(row["skill_id"] in skills for skills in lists)
        have.add(row["skill_id"])
        left.remove(row["skill_id"])
    mine = sum("python" in skills for skills in lists)
    assert (path["n_mine"] == mine).all()


def test_a_posting_naming_no_skill_is_never_covered(snapshot: SyntheticSnapshot) -> None:
    """Having every listed skill of a posting cannot be rarer than having half of them: a
    posting naming no skill counts in neither (the real captures' path read "at least half of
    the listed skills of 3 today ... and all of them for 11")."""
    index = snapshot.frames["out_postings"]
    advisor = snapshot.frames["out_skill_advisor"]
    first_month = advisor.filter(pl.col("role_family") == "ml_engineer")["window_start"].min()
    lists = index.filter(
        (pl.col("role_family") == "ml_engineer") & (pl.col("month") >= first_month.replace(day=1))
    )["skill_ids"].to_list()
    assert any(not skills for skills in lists)  # the fixture has postings naming no skill
    gains = queries.coverage_gains(["python"], "ml_engineer", "all")
    assert (gains["n_covered_now"] == _covered(lists, {"python"})).all()
    path = queries.learning_path(["python"], "ml_engineer", "all", steps=3)
    assert path.height == 3
    assert (path["coverage_before"] <= path["half_before"]).all()
    assert (path["coverage"] <= path["half_share"]).all()
