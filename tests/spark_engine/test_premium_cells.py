"""The premium regression from cells: postings collapsed to (company × fixed-effect cell × flag)
cells with counts and sums give the same flag coefficient and the same company-clustered
standard error as the posting-level estimator the premiums mart uses
(`analytics.stats.clustered_ols.single_flag_estimates` over `FixedEffects`), on postings built
here with unbalanced fixed effects, companies of every size and a flag that varies within them."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from scipy import sparse

from analytics.marts.premium import FE_COLUMNS
from analytics.stats.clustered_ols import cluster_order, single_flag_estimates
from analytics.stats.fixed_effects import FixedEffects, fe_parameter_count
from spark_engine import premium_solve
from spark_engine.premium_cells import (
    cells_from_sample,
    collapsed_flag_estimate,
    skill_cells_from_sample,
    skill_flag_estimates,
)


def _postings(seed: int, n: int = 12_000) -> tuple[pl.DataFrame, pl.Series]:
    """A premium sample (posting_id, log_pay, cluster, fe_*) and the flagged posting ids."""
    rng = np.random.default_rng(seed)
    companies = rng.zipf(1.6, n) % 150
    role = rng.integers(0, 4, n)
    place = rng.choice(6, n, p=[0.4, 0.2, 0.1, 0.1, 0.1, 0.1])
    month = rng.integers(0, 4, n)
    flag = rng.random(n) < 0.15 + 0.3 * (companies % 5 == 0)
    company_effect = rng.normal(0, 0.2, 150)[companies]
    log_pay = (
        11.5
        + 0.1 * role
        + np.sin(place)
        + 0.01 * month
        + 0.17 * flag
        + company_effect
        + rng.normal(0, 0.3, n)
    )
    sample = pl.DataFrame(
        {
            "posting_id": [f"p{i}" for i in range(n)],
            "log_pay": log_pay,
            "cluster": [f"c{c}" for c in companies],
            "fe_role_level": [f"r{r}" for r in role],
            "fe_place": [f"pl{p}" for p in place],
            "fe_month": [f"2026-{m + 1:02d}" for m in month],
        }
    )
    return sample, sample.filter(pl.Series(flag))["posting_id"]


def _posting_level(sample: pl.DataFrame, flagged: pl.Series) -> tuple[float, float]:
    """β and se as `analytics.marts.premium.segment_premiums` computes them."""

    def codes(column: str) -> np.ndarray:
        return sample[column].cast(pl.Categorical).to_physical().to_numpy()

    order, clusters = cluster_order(codes("cluster"))
    x_values = sample["posting_id"].is_in(flagged.implode()).to_numpy()[order]
    rows = np.flatnonzero(x_values)
    x = sparse.csc_matrix(
        (np.ones(rows.size), (rows, np.zeros(rows.size, dtype=np.int64))), shape=(len(order), 1)
    )
    fe_codes = [codes(c)[order] for c in FE_COLUMNS]
    effects = FixedEffects(fe_codes)
    y_t = effects.residuals(sample["log_pay"].to_numpy()[order])
    coefs = effects.coefficients(x, effects.level_sums(x))
    est, _ = single_flag_estimates(effects, y_t, x, coefs, clusters, fe_parameter_count(fe_codes))
    return float(est.beta[0]), float(est.se[0])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cells_give_the_posting_level_coefficient_and_clustered_se(seed: int) -> None:
    sample, flagged = _postings(seed)
    beta, se = _posting_level(sample, flagged)
    cells = cells_from_sample(sample, flagged)
    assert cells.height < sample.height / 2  # the collapse is real: far fewer cells than rows
    estimate = collapsed_flag_estimate(cells)
    assert estimate.n == sample.height
    assert estimate.n_clusters == sample["cluster"].n_unique()
    assert estimate.beta == pytest.approx(beta, rel=1e-9, abs=1e-12)
    assert estimate.se == pytest.approx(se, rel=1e-9)
    assert 0.1 < estimate.beta < 0.25  # and it recovers the planted effect


def test_cells_that_lose_the_flag_change_the_estimate() -> None:
    """The solve reads the flag of each cell: collapsing without it gives another answer."""
    sample, flagged = _postings(4)
    cells = cells_from_sample(sample, flagged)
    shuffled = cells.with_columns(pl.col("flag").shuffle(seed=0))
    assert collapsed_flag_estimate(shuffled).beta != pytest.approx(
        collapsed_flag_estimate(cells).beta, rel=1e-3
    )


@pytest.mark.parametrize("chunk", [2, 32])
def test_every_skills_estimate_from_cells_is_the_posting_level_one(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many flags at once (skills that overlap on postings, one rare, one nearly everywhere):
    each skill's β and clustered se from the cells equal the posting-level estimator's with
    all skills as columns of one sparse design, as the mart calls it; solved a few skills at
    a time or all together."""
    monkeypatch.setattr(premium_solve, "SKILL_CHUNK", chunk)
    sample, genai = _postings(5)
    rng = np.random.default_rng(9)
    n = sample.height
    shares = {"python": 0.6, "sql": 0.45, "rust": 0.02, "pytorch": 0.2, "excel": 0.95}
    flags = pl.concat(
        [
            sample.filter(pl.Series(rng.random(n) < share)).select(
                "posting_id", pl.lit(skill).alias("skill_id")
            )
            for skill, share in shares.items()
        ]
        + [genai.to_frame("posting_id").with_columns(pl.lit("genai").alias("skill_id"))]
    )
    names = sorted(flags["skill_id"].unique().to_list())

    def codes(column: str) -> np.ndarray:
        return sample[column].cast(pl.Categorical).to_physical().to_numpy()

    order, clusters = cluster_order(codes("cluster"))
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    hits = flags.join(sample.select("posting_id").with_row_index("_row"), on="posting_id")
    x = sparse.csc_matrix(
        (
            np.ones(hits.height),
            (
                position[hits["_row"].cast(pl.Int64).to_numpy()],
                hits["skill_id"].cast(pl.Enum(names)).to_physical().cast(pl.Int64).to_numpy(),
            ),
        ),
        shape=(n, len(names)),
    )
    fe_codes = [codes(c)[order] for c in FE_COLUMNS]
    effects = FixedEffects(fe_codes)
    y_t = effects.residuals(sample["log_pay"].to_numpy()[order])
    coefs = effects.coefficients(x, effects.level_sums(x))
    local, _ = single_flag_estimates(effects, y_t, x, coefs, clusters, fe_parameter_count(fe_codes))

    found = skill_flag_estimates(*skill_cells_from_sample(sample, flags)).sort("skill_id")
    assert found["skill_id"].to_list() == names
    np.testing.assert_allclose(found["beta"].to_numpy(), local.beta, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(found["se"].to_numpy(), local.se, rtol=1e-9)
    assert found.filter(pl.col("skill_id") == "genai")["beta"][0] == pytest.approx(0.17, abs=0.05)
