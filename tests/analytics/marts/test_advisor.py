"""Skill advisor: pair statistics per cell, recommendations, exact coverage gain, TF-IDF."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import polars as pl
import pytest

from analytics.marts.advisor import (
    characteristic_skills,
    coverage_gain,
    out_skill_advisor,
    recommend,
)

N = 400


def _market(seed: int = 3) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    country = rng.choice(["US", "IN"], N)
    role = np.where(np.arange(N) < 300, "ml_engineer", "data_scientist")
    month = rng.integers(0, 12, N)
    has = {
        "python": np.ones(N, dtype=bool),
        "pytorch": rng.random(N) < 0.5,
        "rare": np.arange(N) < 20,
    }
    has["docker"] = np.where(has["pytorch"], rng.random(N) < 0.6, rng.random(N) < 0.2)
    # a posting two years old that must be outside the 12-month window
    dates = [date(2025, 1 + m, 15) for m in month]
    dates[-1] = date(2023, 1, 15)
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(N)],
            "role_family": role,
            "country": country,
            "posted_date": dates,
        }
    )
    rows = [(f"p{i}", s) for s, flag in has.items() for i in np.flatnonzero(flag)]
    skills = pl.DataFrame(rows, schema=["posting_id", "skill_id"], orient="row")
    return postings, skills, has


def _emerging() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_id": ["docker", "docker"],
            "role_family": ["ml_engineer", "ml_engineer"],
            "country": ["all", "US"],
            "momentum": [0.05, 0.9],
            "yoy_change_pts": [2.0, 9.0],
        }
    )


def _premiums() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_id": ["docker", "docker", "pytorch", "pytorch"],
            "segment": ["all", "role_family=ml_engineer", "all", "role_family=ml_engineer"],
            "premium_adj_pct": [5.0, 12.0, 8.0, None],
            "is_suppressed": [False, False, False, True],
        }
    )


def _advisor() -> tuple[pl.DataFrame, dict[str, np.ndarray], pl.DataFrame]:
    postings, skills, has = _market()
    out = out_skill_advisor(postings, skills, frozenset(), _emerging(), _premiums())
    return out, has, postings


def test_pair_counts_shares_and_lift_match_numpy() -> None:
    out, has, _ = _advisor()
    cell = (np.arange(N) < 300) & (np.arange(N) != N - 1)  # ml_engineer, inside the window
    row = out.filter(
        (pl.col("role_family") == "ml_engineer")
        & (pl.col("place_id") == "all")
        & (pl.col("given_skill") == "pytorch")
        & (pl.col("next_skill") == "docker")
    ).row(0, named=True)
    n_given = int((cell & has["pytorch"]).sum())
    n_both = int((cell & has["pytorch"] & has["docker"]).sum())
    base = (cell & has["docker"]).sum() / cell.sum()
    assert (row["n_given"], row["n_both"], row["n_cell"]) == (n_given, n_both, int(cell.sum()))
    assert row["conditional_share"] == pytest.approx(n_both / n_given)
    assert row["base_share"] == pytest.approx(base)
    assert row["lift"] == pytest.approx(n_both / n_given / base)
    assert row["lift"] > 1.2  # docker is planted 3x likelier with pytorch
    assert row["cond_lo"] < row["conditional_share"] < row["cond_hi"]
    # role-level momentum (country "all"), role-family premium when estimated
    assert row["momentum"] == 0.05 and row["yoy_change_pts"] == 2.0
    assert (row["premium_adj_pct"], row["premium_segment"]) == (12.0, "role_family=ml_engineer")


def test_premium_falls_back_to_all_and_small_givens_are_dropped() -> None:
    out, _, _ = _advisor()
    to_pytorch = out.filter(
        (pl.col("role_family") == "ml_engineer") & (pl.col("next_skill") == "pytorch")
    )
    assert to_pytorch.height > 0
    assert set(to_pytorch["premium_segment"].unique()) == {"all"}
    assert set(to_pytorch["premium_adj_pct"].unique()) == {8.0}
    # "rare" is named by 20 postings (< 30): never a given skill, but may be a next skill
    assert out.filter(pl.col("given_skill") == "rare").height == 0
    assert out.filter(pl.col("next_skill") == "rare").height > 0
    assert out["n_given"].min() >= 30
    # country cells add up to the "all" cell
    counts = (
        out.filter((pl.col("given_skill") == "python") & (pl.col("next_skill") == "docker"))
        .group_by(pl.col("place_id") == "all", "role_family")
        .agg(pl.col("n_both").sum())
    )
    for role in ("ml_engineer", "data_scientist"):
        part = counts.filter(pl.col("role_family") == role).sort("place_id")["n_both"].to_list()
        assert part[0] == part[1]


def test_recommend_ranks_by_the_documented_score() -> None:
    out, _, _ = _advisor()
    recs = recommend(out, ["python", "pytorch"], "ml_engineer", "all", top=5)
    assert "python" not in recs["skill_id"].to_list()
    assert "pytorch" not in recs["skill_id"].to_list()
    docker = recs.filter(pl.col("skill_id") == "docker").row(0, named=True)
    rows = out.filter(
        (pl.col("role_family") == "ml_engineer")
        & (pl.col("place_id") == "all")
        & pl.col("given_skill").is_in(["python", "pytorch"])
        & (pl.col("next_skill") == "docker")
    )
    relevance = rows["conditional_share"].mean()
    lift = rows["lift"].mean()
    expected = relevance * min(lift, 3) / 3 * (1 + min(12 * 0.05, 0.5)) * (1 + 0.12)
    assert docker["score"] == pytest.approx(expected)
    assert docker["n_given"] == rows["n_given"].sum()
    assert "docker" in recs["skill_id"].to_list() and docker["reason"].startswith("named in")
    assert recs["score"].is_sorted(descending=True)
    with pytest.raises(ValueError, match="my_skills"):
        recommend(out, [], "ml_engineer", "all")


def test_coverage_gain_is_exact() -> None:
    postings = pl.DataFrame(
        {
            "posting_id": ["a", "b", "c", "d", "e", "f"],
            "role_family": ["ml_engineer"] * 5 + ["data_scientist"],
            "country": ["US"] * 6,
            "posted_date": [date(2025, 6, 1)] * 6,
        }
    )
    skills = pl.DataFrame(
        [
            ("a", "python"),  # covered now
            ("b", "python"),
            ("b", "docker"),  # covered with docker
            ("c", "docker"),  # covered with docker
            ("d", "docker"),
            ("d", "k8s"),  # needs two more skills: never covered by one
            ("e", "sql"),  # covered with sql
            ("f", "docker"),  # other role: not a target
        ],
        schema=["posting_id", "skill_id"],
        orient="row",
    )
    out = coverage_gain(postings, skills, ["python"], "ml_engineer", "US")
    gains = dict(zip(out["skill_id"], out["coverage_gain"], strict=True))
    assert gains == {"docker": pytest.approx(2 / 5), "sql": pytest.approx(1 / 5)}
    assert out["n_covered_now"].unique().to_list() == [1]
    assert out["n_target"].unique().to_list() == [5]
    # the exact gain feeds the recommendation score when given
    advisor, _, _ = _advisor()
    cov = pl.DataFrame({"skill_id": ["docker"], "coverage_gain": [0.5]})
    with_cov = recommend(advisor, ["python"], "ml_engineer", "all", coverage=cov)
    without = recommend(advisor, ["python"], "ml_engineer", "all")
    delta = (
        with_cov.filter(pl.col("skill_id") == "docker")["score"].item()
        - without.filter(pl.col("skill_id") == "docker")["score"].item()
    )
    assert delta == pytest.approx(0.5)


def test_characteristic_skills_tfidf() -> None:
    postings = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(40)],
            "role_family": ["ml_engineer"] * 20 + ["data_analyst"] * 20,
        }
    )
    rows = [(f"p{i}", "python") for i in range(40)]
    rows += [(f"p{i}", "pytorch") for i in range(10)]  # half of ml_engineer
    rows += [(f"p{i}", "tableau") for i in range(20, 40)]  # all of data_analyst
    skills = pl.DataFrame(rows, schema=["posting_id", "skill_id"], orient="row")
    out = characteristic_skills(postings, skills, top=1)
    top = dict(zip(out["role_family"], out["skill_id"], strict=True))
    assert top == {"ml_engineer": "pytorch", "data_analyst": "tableau"}
    assert out.filter(pl.col("role_family") == "ml_engineer")["tfidf"].item() == pytest.approx(
        0.5 * math.log(2)
    )
    full = characteristic_skills(postings, skills, top=5)
    python = full.filter(pl.col("skill_id") == "python")
    assert python["idf"].to_list() == [0.0, 0.0]  # common to every role


def test_skills_a_role_is_named_after_are_flagged_for_that_role_only() -> None:
    postings, skills, _ = _market()
    extra = pl.DataFrame(
        {"posting_id": postings["posting_id"], "skill_id": ["machine_learning"] * N}
    )
    out = out_skill_advisor(
        postings, pl.concat([skills, extra]), frozenset(), _emerging(), _premiums()
    )
    flagged = out.filter(pl.col("next_defines_role"))
    assert flagged.height > 0
    assert set(flagged["next_skill"]) == {"machine_learning"}
    assert set(flagged["role_family"]) == {"ml_engineer"}  # not for data scientists
    scientists = out.filter(
        (pl.col("role_family") == "data_scientist") & (pl.col("next_skill") == "machine_learning")
    )
    assert scientists.height > 0 and not scientists["next_defines_role"].any()


def test_pairs_of_postings_without_a_country_count_in_all_only() -> None:
    postings, skills, has = _market()
    no_country = np.arange(N) % 5 == 0  # a fifth of the postings name no country
    postings = postings.with_columns(
        pl.when(pl.Series(no_country)).then(None).otherwise(pl.col("country")).alias("country")
    )
    out = out_skill_advisor(postings, skills, frozenset(), _emerging(), _premiums())
    cell = (np.arange(N) < 300) & (np.arange(N) != N - 1)
    both = cell & has["pytorch"] & has["docker"]
    country = postings["country"].to_numpy()
    n_both = dict(
        out.filter(
            (pl.col("role_family") == "ml_engineer")
            & (pl.col("given_skill") == "pytorch")
            & (pl.col("next_skill") == "docker")
        )
        .select("place_id", "n_both")
        .iter_rows()
    )
    assert n_both == {
        "all": int(both.sum()),
        "US": int((both & (country == "US")).sum()),
        "IN": int((both & (country == "IN")).sum()),
    }
