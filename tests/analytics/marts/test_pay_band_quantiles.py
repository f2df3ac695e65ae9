"""Quantiles from order statistics (`analytics.marts.pay_band_quantiles`) are bit for bit the
quantiles Polars and numpy compute from every value: ties, single values, n = 1 and 2, the pay
bands' five percentiles and the bootstrap's 129-point grid."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from analytics.marts.pay_band_quantiles import (
    linear_ranks,
    numpy_linear_quantiles,
    polars_linear_quantiles,
)

BAND_QUANTILES = (0.10, 0.25, 0.50, 0.75, 0.90)
GRID = np.linspace(0.0, 1.0, 129)


def _samples() -> list[np.ndarray]:
    rng = np.random.default_rng(7)
    samples = [np.array([120_000.0]), np.array([90_000.0, 150_000.0])]
    for _ in range(300):
        n = int(rng.integers(1, 300))
        low = np.round(rng.normal(100_000, 30_000, n), -3)  # many ties, as posted pay has
        width = np.where(rng.random(n) < 0.3, 0.0, rng.uniform(0, 60_000, n))
        spread = np.linspace(0.0, 1.0, 11)
        samples.append((low[:, None] + width[:, None] * spread).ravel())
    return samples


def _order_statistics(values: np.ndarray, quantiles: tuple | np.ndarray) -> tuple:
    ranks = linear_ranks(values.size, quantiles)
    return ranks, np.sort(values)[ranks]


def test_polars_quantiles_from_order_statistics_are_polars() -> None:
    samples = _samples()
    frame = pl.DataFrame(
        {
            "cell": np.repeat(np.arange(len(samples)), [s.size for s in samples]),
            "value": np.concatenate(samples),
        }
    )
    expected = (
        frame.group_by("cell")
        .agg(
            pl.col("value").quantile(q, interpolation="linear").alias(str(q))
            for q in BAND_QUANTILES
        )
        .sort("cell")
        .drop("cell")
        .to_numpy()
    )
    for cell, values in enumerate(samples):
        ranks, ordered = _order_statistics(values, BAND_QUANTILES)
        assert ranks.size <= 2 * len(BAND_QUANTILES)
        made = polars_linear_quantiles(ranks, ordered, values.size, BAND_QUANTILES)
        assert made.tolist() == expected[cell].tolist(), cell  # bit for bit


def test_numpy_quantiles_from_order_statistics_are_numpy() -> None:
    for index, values in enumerate(_samples()):
        ranks, ordered = _order_statistics(values, GRID)
        made = numpy_linear_quantiles(ranks, ordered, values.size, GRID)
        assert made.tolist() == np.quantile(values, GRID).tolist(), index


def test_a_missing_order_statistic_is_an_error_naming_its_rank() -> None:
    with pytest.raises(ValueError, match=r"ranks \[1\]"):
        polars_linear_quantiles(np.array([0]), np.array([1.0]), 3, [0.5])
