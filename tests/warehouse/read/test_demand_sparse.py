"""The sparse demand mart reads as the dense one: a small market built by the build's own code,
published once dense and once sparse, gives identical frames from every demand reader (and
identical emerging skills), zero months filled in with the build's own numbers."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.marts.demand import SLICE_COLUMNS, filled_demand, skill_demand
from analytics.marts.emerging import out_emerging_skills
from contract.vocab import GENAI_SKILL_ID
from tests.fixtures.snapshot.publish import snapshot_frames, write_snapshot
from warehouse import queries

SKILLS = {  # skill -> chance a posting names it (rare ones leave most months at zero)
    "python": 0.6,
    "sql": 0.3,
    "pytorch": 0.08,
    "llm": 0.05,
    "cuda": 0.02,
    "jax": 0.01,
}
GENAI = frozenset({"llm"})
FIRST_CRAWL = date(2024, 1, 1)


def _market(n: int = 1500, seed: int = 3) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Postings over 26 months in two roles, three countries (US states and metros), levels
    and sources; researcher postings of the first crawl's month were already open then (a
    slice and month with active postings but no new ones)."""
    rng = random.Random(seed)
    postings, skills = [], []
    for index in range(n):
        month = index % 26
        posted = date(2024 + month // 12, month % 12 + 1, 1 + index % 27)
        role = ("ml_engineer", "data_scientist", "researcher")[index % 3]
        country = ("US", "US", "IN", "DE")[index % 4]
        posting_id = f"p{index:05d}"
        postings.append(
            {
                "posting_id": posting_id,
                "posted_date": posted,
                "last_seen": date(posted.year + (posted.month + 1) // 13, posted.month % 12 + 1, 1),
                "first_crawl_date": FIRST_CRAWL,
                "is_open_at_first_crawl": role == "researcher" and month == 0,
                "role_family": role,
                "seniority": ("entry", "senior")[index % 2],
                "country": country,
                "region": ("CA", "NY")[index % 2] if country == "US" else None,
                "metro_code": ("0041860", "0035620")[index % 2] if country == "US" else None,
                "source": ("ashby", "lever", "greenhouse")[index % 3],
            }
        )
        skills += [
            {"posting_id": posting_id, "skill_id": skill}
            for skill, chance in SKILLS.items()
            if rng.random() < chance
        ]
    return pl.DataFrame(postings), pl.DataFrame(skills)


@pytest.fixture(scope="module")
def marts() -> dict[str, pl.DataFrame]:
    postings, posting_skills = _market()
    return {
        "dense": skill_demand(postings, posting_skills, GENAI, sparse=False),
        "sparse": skill_demand(postings, posting_skills, GENAI, sparse=True),
    }


def test_the_sparse_mart_stores_only_rows_naming_the_skill_and_the_genai_totals(
    marts: dict[str, pl.DataFrame],
) -> None:
    dense, sparse = marts["dense"], marts["sparse"]
    zero = (pl.col("n_with_skill") == 0) & (pl.col("n_active_with_skill") == 0)
    assert dense.filter(zero & (pl.col("skill_id") != GENAI_SKILL_ID)).height > 0
    assert sparse.filter(zero & (pl.col("skill_id") != GENAI_SKILL_ID)).height == 0
    assert sparse.height < dense.height
    # the genai rows are the slice totals: one for every month and slice of the dense mart
    slice_months = ["month", *SLICE_COLUMNS]
    genai = sparse.filter(pl.col("skill_id") == GENAI_SKILL_ID).select(*slice_months)
    assert genai.sort(slice_months).equals(dense.select(slice_months).unique().sort(slice_months))
    # a month with postings already open at the first crawl but none new: share null
    assert dense.filter(pl.col("n_postings") == 0)["share_pct"].is_null().all()
    assert dense.filter(pl.col("n_postings") == 0).height > 0


def test_filling_the_sparse_mart_gives_the_dense_one_bit_for_bit(
    marts: dict[str, pl.DataFrame],
) -> None:
    dense, sparse = marts["dense"], marts["sparse"]
    keys = ["skill_id", *SLICE_COLUMNS, "month"]
    filled = filled_demand(sparse)
    assert_frame_equal(filled.sort(keys), dense.sort(keys), check_exact=True)
    # the filled months carry a moving average and a year-on-year change of their own
    zero_months = dense.filter(pl.col("n_with_skill") == 0)
    assert (zero_months["share_ma3_pct"] > 0).any()
    assert (zero_months["yoy_change_pts"] < 0).any()


def test_emerging_skills_from_the_sparse_mart_equal_those_from_the_dense_one(
    marts: dict[str, pl.DataFrame],
) -> None:
    dense = out_emerging_skills(marts["dense"], min_recent_postings=2)
    sparse = out_emerging_skills(marts["sparse"], min_recent_postings=2)
    assert_frame_equal(sparse, dense, check_exact=True)
    assert (dense["n_recent_with"] == 0).any()  # skills absent from a slice's recent window


def _reads(skills: list[str]) -> list[pl.DataFrame]:
    """Every demand reader over a few filter sets."""
    frames = [queries.demand_places(), queries.skill_catalog()]
    options = queries.filter_options()
    frames.append(pl.DataFrame({"months": [list(options.months)]}))
    windows = [(None, None), (date(2024, 6, 1), date(2025, 1, 1))]
    for role, country in [("all", "all"), ("researcher", "all"), ("data_scientist", "DE")]:
        for start, end in windows:
            frames.append(queries.demand_trend(skills, role, country, start, end))
            frames.append(queries.genai_share_trend(role, country, start, end))
            frames.append(queries.skill_role_heatmap(country, start, end, n_skills=4))
        frames.append(queries.demand_trend(skills, role, country, seniority="senior"))
        frames.append(queries.demand_trend(skills, role, country, source="lever"))
        for month in (None, date(2024, 1, 1), date(2025, 2, 1)):
            frames.append(queries.top_skills(month, role, country, n=4))
            frames.append(queries.top_skills(month, role, country, n=10))
        frames.append(queries.headline_numbers(role, country))
    frames.append(queries.demand_trend(skills, state="CA"))
    frames.append(queries.demand_trend(skills, metro_code="0035620"))
    return frames


def test_every_demand_reader_returns_the_same_frames_dense_or_sparse(
    marts: dict[str, pl.DataFrame], empty_home: Path
) -> None:
    skills = ["python", "cuda", "jax", "llm", GENAI_SKILL_ID, "not_a_skill"]
    reads = {}
    for name, demand in marts.items():
        frames = snapshot_frames()
        frames["out_skill_demand_monthly"] = demand
        write_snapshot(empty_home, f"test-{name}", frames)
        queries.forget_connection()
        reads[name] = _reads(skills)
    for dense, sparse in zip(reads["dense"], reads["sparse"], strict=True):
        assert_frame_equal(sparse, dense, check_exact=True)
    trend = reads["sparse"][3]  # demand_trend, all roles and countries, every month
    assert set(trend["skill_id"]) == set(skills) - {"not_a_skill"}
    jax = trend.filter(pl.col("skill_id") == "jax")
    assert (jax["n_with_skill"] == 0).any() and jax["month"].n_unique() == 26
    assert jax.filter(pl.col("n_with_skill") == 0)["share_ma3_pct"].is_not_null().all()
