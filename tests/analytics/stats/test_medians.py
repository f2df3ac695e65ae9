"""Medians inside and outside each column of a 0/1 design, against numpy."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.stats.medians import medians_in_and_out


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
