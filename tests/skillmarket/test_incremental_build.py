"""Incremental builds (issue 14): a home built snapshot by snapshot publishes exactly what a
home built from scratch on the same raw store publishes (every table, rows as sets, floats to
1e-9: bench.snapshots; and the same core tables), while normalizing only the
records that are new or changed; a normalizer version change normalizes every record again,
to the same result.

The sample writes one crawl snapshot per month; the last refresh adds a test-made snapshot of
one Ashby board in which a posting's text and title changed (its dedupe partition moves), a
posting is gone (closed) and one is new."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest

from bench import snapshots as snapshot_compare
from ingest.sample import generate_sample_market
from skillmarket.config import Settings
from skillmarket.pipeline import build
from skillmarket.stages import normalize
from warehouse.migrate import connect

N_POSTINGS = 1_500
SEED = 7


CORE_TABLES = ("core_postings", "core_posting_sources", "core_posting_skills")


def _core_tables(settings: Settings) -> dict[str, pl.DataFrame]:
    con = connect(settings.warehouse_path)
    try:
        return {name: con.sql(f"SELECT * FROM {name}").pl() for name in CORE_TABLES}
    finally:
        con.close()


def _differences(a: Settings, b: Settings) -> dict[str, list]:
    """Published tables, and the core tables they are made from, that differ."""
    found = snapshot_compare.snapshot_differences(a.current_snapshot, b.current_snapshot)
    core_a, core_b = _core_tables(a), _core_tables(b)
    for name in CORE_TABLES:
        found[name] = snapshot_compare.table_differences(
            core_a[name], core_b[name], allow_new=False
        )
    return {name: problems for name, problems in found.items() if problems}


def _refresh_snapshot(sample: Path, last: str) -> Path:
    """A snapshot the day after `last` of the Ashby board with the most postings there: the
    first posting's title and text changed, the second gone, the others as they were, and a
    new posting."""
    boards = []
    for board in sorted((sample / last / "ashby").glob("*.json.gz")):
        try:
            data = json.loads(gzip.decompress(board.read_bytes()))
        except ValueError:  # the sample plants truncated files
            continue
        boards.append((len(data.get("jobs", [])), board.name, data))
    size, name, data = max(boards, key=lambda found: found[:2])
    assert size >= 2, "no Ashby board with two postings in the last snapshot"
    first, _closed, *others = data["jobs"]
    changed = {
        **first,
        "title": f"Principal {first['title']}",
        "descriptionHtml": first["descriptionHtml"] + "<p>We now also ask for Rust and dbt.</p>",
        "descriptionPlain": first["descriptionPlain"] + "\nWe now also ask for Rust and dbt.",
    }
    new_id = "00000000-0000-4000-8000-00000000abcd"
    new = {
        **first,
        "id": new_id,
        "title": "Data Platform Engineer",
        "jobUrl": first["jobUrl"].rsplit("/", 1)[0] + "/" + new_id,
    }
    folder = sample / (date.fromisoformat(last) + timedelta(days=1)).isoformat() / "ashby"
    folder.mkdir(parents=True)
    jobs = [changed, *others, new]
    (folder / name).write_bytes(gzip.compress(json.dumps({**data, "jobs": jobs}).encode()))
    return folder.parent


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("template") / "raw"
    generate_sample_market(raw, n_postings=N_POSTINGS, seed=SEED)
    return raw


def _raw_with(template: Path, home: Path, snapshots: list[str]) -> None:
    """`home/raw` holding the template's snapshots named (and its other files)."""
    sample = home / "raw" / "sample"
    sample.mkdir(parents=True, exist_ok=True)
    for entry in (template / "sample").iterdir():
        target = sample / entry.name
        is_snapshot = entry.is_dir() and entry.name[:2] == "20"
        if target.exists() or (is_snapshot and entry.name not in snapshots):
            continue
        if entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)


@pytest.mark.timeout(900)
def test_snapshots_built_one_by_one_equal_builds_from_scratch(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    months = sorted(p.name for p in (template / "sample").iterdir() if p.name[:2] == "20")
    refresh = _refresh_snapshot(template / "sample", months[-1])
    states = [months[:-2], months[:-1], [*months, refresh.name]]
    # one normalizer version throughout (others' edits to a shared working copy would change
    # the real one between builds; tests/analytics/normalize/test_version.py tests it)
    monkeypatch.setattr(normalize, "normalizer_version", lambda rates: "version-1")
    incremental = Settings(home=tmp_path / "incremental")
    normalized = []
    for step, snapshots in enumerate(states, start=1):
        _raw_with(template, incremental.home, snapshots)
        report = build(incremental)
        normalized.append((report.records_normalized, report.records_reused))
        # dedupe ran on the touched partitions only, which hold the records normalized now
        assert report.records_normalized <= report.records_rededuped
        assert step == 1 or report.records_rededuped < report.source_records
        scratch = Settings(home=tmp_path / f"scratch-{step}")
        _raw_with(template, scratch.home, snapshots)
        full = build(scratch)
        assert full.records_reused == 0
        assert report.source_records == full.source_records
        assert report.canonical_postings == full.canonical_postings
        assert _differences(scratch, incremental) == {}, f"step {step}"
    # the first build normalizes everything, the refreshes only what the new snapshots hold
    # that is new or changed, reusing the rest
    assert normalized[0][1] == 0
    for done, reused in normalized[1:]:
        assert 0 < done < reused
    # the refresh's changed posting was normalized again: its new title is in the warehouse
    con = connect(incremental.warehouse_path)
    try:
        titles = {row[0] for row in con.sql("SELECT title FROM norm_records").fetchall()}
        kept = con.sql("SELECT count(*) FROM norm_records").fetchall()[0][0]
    finally:
        con.close()
    assert any(title.startswith("Principal ") for title in titles if title)
    assert "Data Platform Engineer" in titles
    assert kept == report.source_records

    # a normalizer version change normalizes every record again, to the same tables
    monkeypatch.setattr(normalize, "normalizer_version", lambda rates: "version-2")
    again = build(incremental)
    assert again.records_reused == 0
    assert again.records_normalized == again.source_records
    assert _differences(scratch, incremental) == {}
