"""The normalizer's version (issue 14): the same code, taxonomies and FX table give the same
version; a change to any file it covers, or to the FX table, gives another; the marts' own
taxonomy files do not count."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl

from analytics.normalize import fx
from analytics.normalize.version import ROOT, normalizer_files, normalizer_version


def _copy_of_inputs(target: Path) -> Path:
    for path in normalizer_files():
        rel = path.relative_to(ROOT)
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target / rel)
    (target / "analytics" / "taxonomy" / "claims.yml").write_text("claims: []\n")
    return target


def test_same_inputs_same_version_and_each_input_counts(tmp_path: Path) -> None:
    root = _copy_of_inputs(tmp_path)
    rates = fx.usd_rates()
    version = normalizer_version(rates, root=root)
    assert version == normalizer_version(rates, root=root)
    assert version == normalizer_version(rates)  # the copy hashes like the tree itself
    names = {path.relative_to(ROOT).as_posix() for path in normalizer_files()}
    assert {"analytics/normalize/skills.py", "analytics/taxonomy/skills.yml"} <= names
    assert "markup/html_text.py" in names
    assert "analytics/taxonomy/claims.yml" not in names

    (root / "analytics" / "taxonomy" / "claims.yml").write_text("claims: [changed]\n")
    assert normalizer_version(rates, root=root) == version  # a mart's file: same version

    skills = root / "analytics" / "taxonomy" / "skills.yml"
    skills.write_text(skills.read_text() + "\n# a comment\n")
    changed = normalizer_version(rates, root=root)
    assert changed != version

    other_rates = rates.with_columns(pl.col("usd_per_unit") * 1.01)
    assert normalizer_version(other_rates, root=root) != changed
