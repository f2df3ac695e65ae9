"""`skillmarket build` says in its summary what the incremental build did: how many records it
normalized, how many kept rows it reused and how many records it deduplicated again. A first
build reuses none; a second build after a raw snapshot is added reuses the rows of the first
and normalizes only what is new or changed."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.sample import generate_sample_market
from skillmarket.cli import cli
from skillmarket.stages import normalize

N_POSTINGS = 400
SEED = 11
SUMMARY = re.compile(
    r"normalized([\d,]+)neworchangedrecords,reused([\d,]+)keptones;"
    r"re-deduplicated([\d,]+)recordsinthepartitionstheytouch"
)


def _build_counts(home: Path) -> tuple[int, int, int]:
    """Run `skillmarket build`; the normalized, reused and re-deduplicated counts its summary
    states (table borders and wrapping taken out: rich wraps a long cell across lines)."""
    result = CliRunner().invoke(cli, ["build"], env={"SKILLMARKET_HOME": str(home)})
    assert result.exit_code == 0, result.output
    text = re.sub(r"[\s│┃|]", "", result.output)
    found = SUMMARY.search(text)
    assert found, result.output
    normalized, reused, rededuped = (int(n.replace(",", "")) for n in found.groups())
    return normalized, reused, rededuped


@pytest.mark.timeout(600)
def test_second_build_after_a_new_snapshot_says_it_reused_kept_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # one normalizer version for both builds (others' edits to a shared working copy would
    # change the real one between them; tests/analytics/normalize/test_version.py tests it)
    monkeypatch.setattr(normalize, "normalizer_version", lambda rates: "version-1")
    home = tmp_path / "home"
    sample = home / "raw" / "sample"
    generate_sample_market(home / "raw", n_postings=N_POSTINGS, seed=SEED)
    last = max(p for p in sample.iterdir() if p.is_dir() and p.name[:2] == "20")
    held_back = tmp_path / last.name
    shutil.move(last, held_back)

    first = _build_counts(home)
    assert first[0] > 0
    assert first[1] == 0  # nothing kept yet
    assert 0 < first[2] <= first[0]  # every record normalized is deduplicated

    shutil.move(held_back, last)
    normalized, reused, rededuped = _build_counts(home)
    assert reused > 0
    assert 0 < normalized < first[0]
    assert normalized <= rededuped < normalized + reused
