"""Medians inside and outside each column of a 0/1 design, against numpy."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.stats.medians import median_gap_scores, medians_in_and_out


def test_medians_with_and_without_each_column_equal_numpy() -> None:
    rng = np.random.default_rng(5)
    for trial in range(60):
        n, k = int(rng.integers(1, 50)), int(rng.integers(1, 5))
        # odd trials repeat values, which exercises the rank arithmetic
        values = rng.choice([1.0, 2.0, 3.0, 5.0], n) if trial % 2 else rng.normal(100, 10, n)
        member = rng.random((n, k)) < rng.random(k)
        member[0, :] = True  # every column has a row
        rows, cols = np.nonzero(member)
        inside, outside = medians_in_and_out(values, rows, cols, k)
        for j in range(k):
            assert inside[j] == pytest.approx(np.median(values[member[:, j]])), trial
            rest = values[~member[:, j]]
            if rest.size:
                assert outside[j] == pytest.approx(np.median(rest)), trial
            else:
                assert np.isnan(outside[j])


def test_a_column_on_every_row_has_no_median_outside() -> None:
    values = np.array([3.0, 1.0, 2.0])
    inside, outside = medians_in_and_out(values, np.array([0, 1, 2]), np.array([0, 0, 0]), 1)
    assert inside.tolist() == [2.0]
    assert np.isnan(outside[0])


def _clustered_market(seed: int, n: int = 6000, clusters: int = 150) -> dict[str, np.ndarray]:
    """Log pay with company effects, a flag more common in well-paying companies and one
    independent of pay; rows sorted by company."""
    rng = np.random.default_rng(seed)
    company = np.sort(rng.integers(0, clusters, n))
    effect = rng.normal(0, 0.15, clusters)[company]
    flags = np.column_stack([rng.random(n) < 0.2 + 0.3 * (effect > 0), rng.random(n) < 0.5])
    values = 11.5 + effect + 0.1 * flags[:, 0] + rng.normal(0, 0.3, n)
    return {"company": company, "flags": flags, "values": values}


def test_median_gap_scores_give_the_medians_and_a_clustered_bootstrap_se() -> None:
    """The influence-function standard error of (median in − median out) agrees with a
    bootstrap over companies within 15% (seeded, 300 replicates)."""
    market = _clustered_market(3)
    company, flags, values = market["company"], market["flags"], market["values"]
    g = int(company.max()) + 1
    rows, cols = np.nonzero(flags)
    inside, outside, scores = median_gap_scores(values, company, g, rows, cols, 2)
    for j in range(2):
        assert inside[j] == pytest.approx(np.median(values[flags[:, j]]))
        assert outside[j] == pytest.approx(np.median(values[~flags[:, j]]))
    se = np.sqrt(g / (g - 1) * (scores**2).sum(axis=0))
    # the influences sum to zero over the sample (medians are centred), per column
    assert np.abs(scores.sum(axis=0)).max() < 0.05 * se.max() * np.sqrt(g)
    rng = np.random.default_rng(0)
    members = [np.flatnonzero(company == c) for c in range(g)]
    gaps = []
    for _ in range(300):
        rows_b = np.concatenate([members[c] for c in rng.integers(0, g, g)])
        v, f = values[rows_b], flags[rows_b]
        gaps.append([np.median(v[f[:, j]]) - np.median(v[~f[:, j]]) for j in range(2)])
    boot = np.std(gaps, axis=0, ddof=1)
    np.testing.assert_allclose(se, boot, rtol=0.15)
