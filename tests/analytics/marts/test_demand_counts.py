"""The demand mart is made from its counts (`monthly_counts`, then `demand_from_counts`): counts
summed per month numbers × slice combination × skill, as another engine collects them, give the
very mart that one row per posting and mention gives, dense and sparse."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.marts.demand import (
    MONTH_COLUMNS,
    MonthlyCounts,
    demand_from_counts,
    monthly_counts,
    skill_demand,
)
from tests.analytics.marts.demand_market import GENAI_IDS, demand_market


def _summed(counts: MonthlyCounts) -> MonthlyCounts:
    """The counts summed per distinct values (columns in the local order)."""
    return MonthlyCounts(
        counts.combos,
        counts.skills,
        counts.postings.group_by("_combo", *MONTH_COLUMNS)
        .agg(pl.col("n").sum())
        .select(counts.postings.columns),
        counts.mentions.group_by("_combo", "_skill", *MONTH_COLUMNS)
        .agg(pl.col("n").sum())
        .select(counts.mentions.columns),
    )


@pytest.mark.parametrize("sparse", [True, False])
def test_counts_summed_per_combination_give_the_same_mart(sparse: bool) -> None:
    postings, skills = demand_market(n=1_500)
    counts = monthly_counts(postings, skills, GENAI_IDS)
    summed = _summed(counts)
    assert summed.mentions.height < counts.mentions.height  # rows stand for several
    assert summed.postings.height < counts.postings.height
    expected = skill_demand(postings, skills, GENAI_IDS, sparse=sparse)
    assert expected["n_active"].sum() > expected["n_postings"].sum() > 0
    assert_frame_equal(demand_from_counts(summed, sparse), expected)


def test_the_counts_cover_every_dated_posting_and_flag() -> None:
    postings, skills = demand_market()
    counts = monthly_counts(postings, skills, GENAI_IDS)
    assert counts.postings["n"].sum() == postings.height - 1  # not the undated one
    genai = skills.filter(pl.col("skill_id").is_in(list(GENAI_IDS)))["posting_id"].n_unique()
    assert counts.mentions["n"].sum() == skills.height - 1 + genai
    # every skill id is coded, the undated posting's too (a dense mart's zero rows)
    assert counts.skills["skill_id"].to_list() == [
        "cobol",
        "cuda",
        "genai",
        "llm",
        "python",
        "rag",
        "sql",
    ]
    assert (counts.postings["month"] < 0).sum() > 0  # open at the first crawl: new in no month
