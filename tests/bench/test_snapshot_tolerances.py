"""Snapshot comparison between engines: floats to 1e-9 unless a table has a stated tolerance
(the premiums, solved by the Spark engine from cell sums), and only that table."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from bench.snapshots import ENGINE_TOLERANCES, snapshot_differences


def _snapshot(folder: Path, shift: float) -> Path:
    folder.mkdir()
    for name in ("out_skill_premiums", "out_pay_bands"):
        pl.DataFrame({"skill_id": ["a", "b"], "value": [20.0, 3.0 * (1 + shift)]}).write_parquet(
            folder / f"{name}.parquet"
        )
    return folder


def test_only_a_table_with_a_stated_tolerance_passes_a_difference_beyond_1e_9(
    tmp_path: Path,
) -> None:
    before = _snapshot(tmp_path / "a", 0.0)
    after = _snapshot(tmp_path / "b", 5e-9)  # 1.5e-8 absolute, 5e-9 relative
    strict = snapshot_differences(before, after)
    assert strict["out_skill_premiums"] and strict["out_pay_bands"]
    stated = snapshot_differences(before, after, tolerances=ENGINE_TOLERANCES)
    assert stated["out_skill_premiums"] == []
    assert stated["out_pay_bands"]  # no stated tolerance: still 1e-9


def test_a_stated_tolerance_still_fails_a_real_difference(tmp_path: Path) -> None:
    before = _snapshot(tmp_path / "a", 0.0)
    after = _snapshot(tmp_path / "b", 1e-6)
    stated = snapshot_differences(before, after, tolerances=ENGINE_TOLERANCES)
    assert stated["out_skill_premiums"]
