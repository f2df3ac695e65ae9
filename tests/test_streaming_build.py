"""The build's scale paths give the same tables as the plain ones: raw files parsed in runs by
worker processes vs one by one in-process, staging rows streamed from the warehouse in chunks
vs read whole, normalization chunk by chunk (in-process or by worker processes) vs in one
frame, and dedupe's pruned candidate join vs the exact window rule at bucket edges."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl
import pytest

import skillmarket.pipeline as pipeline
from analytics.normalize import dedupe
from analytics.normalize.posting_chunks import (
    build_core_postings_in_chunks,
    finish_prepared_chunks,
    prepare_chunks,
)
from analytics.normalize.postings import build_core_postings, normalize_records
from ingest.discover import raw_posting_files
from ingest.parse_runs import parse_raw_run
from ingest.sample import generate_sample_market
from ingest.staging import concat_results
from skillmarket.config import Settings
from skillmarket.stages import normalize as normalize_stage
from skillmarket.stages import postings
from warehouse import extract
from warehouse.migrate import connect

N_POSTINGS = 400
SEED = 5
RAW_TABLES = ("raw_lever_postings", "raw_ashby_postings", "raw_sightings", "raw_greenhouse_pay")


@pytest.fixture(scope="module")
def raw_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("stream-home")
    settings = Settings(home=home)
    generate_sample_market(settings.raw_root, n_postings=N_POSTINGS, seed=SEED)
    return settings.raw_root


def _loaded(raw_root: Path, home: Path, parallel: bool) -> duckdb.DuckDBPyConnection:
    con = connect(home / "warehouse.duckdb")
    saved = postings.PARALLEL_MIN_FILES
    postings.PARALLEL_MIN_FILES = 0 if parallel else 10**9
    try:
        postings.load_raw_postings(con, raw_root, pipeline.BuildReport())
    finally:
        postings.PARALLEL_MIN_FILES = saved
    return con


@pytest.fixture(scope="module")
def con(raw_root: Path, tmp_path_factory: pytest.TempPathFactory) -> duckdb.DuckDBPyConnection:
    return _loaded(raw_root, tmp_path_factory.mktemp("serial"), parallel=False)


def _sorted(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.sort(frame.columns, nulls_last=True)


def _table(con: duckdb.DuckDBPyConnection, name: str, drop: tuple[str, ...] = ()) -> pl.DataFrame:
    frame = con.sql(f"SELECT * FROM {name}").pl()
    return _sorted(frame.drop([c for c in drop if c in frame.columns]))


def test_parsing_in_worker_runs_loads_the_same_rows_and_ledger(
    raw_root: Path, con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    parallel = _loaded(raw_root, tmp_path, parallel=True)
    for name in RAW_TABLES:
        serial_rows = _table(con, name)
        assert serial_rows.height > 0, name
        assert _table(parallel, name).equals(serial_rows), name
    ledger_serial = _table(con, "raw_files", drop=("loaded_at",))
    assert _table(parallel, "raw_files", drop=("loaded_at",)).equals(ledger_serial)
    assert ledger_serial["n_rows"].sum() > 0


def test_a_parse_run_equals_its_files_parsed_one_by_one(raw_root: Path) -> None:
    files = [f for f in raw_posting_files(raw_root) if f.kind == "postings"][:40]
    run = parse_raw_run(files)
    one_by_one = concat_results(postings.parse_raw_file(f) for f in files)
    assert run.rows.equals(one_by_one.rows)
    assert run.quarantine.equals(one_by_one.quarantine)
    assert [o.rel for o in run.files] == [f.rel for f in files]
    assert [o.snapshot_date for o in run.files] == [f.snapshot_date for f in files]
    assert [o.size_bytes for o in run.files] == [f.path.stat().st_size for f in files]
    assert sum(o.n_rows for o in run.files) == run.rows.height


def test_streamed_staging_chunks_hold_the_same_records(con: duckdb.DuckDBPyConnection) -> None:
    whole = extract.latest_source_records(con)
    chunks = list(extract.latest_source_record_chunks(con, chunk_rows=50))
    assert len(chunks) > 3
    assert all(c.height >= 50 for c in chunks[:-1])
    streamed = pl.concat(chunks)
    assert streamed.columns == whole.columns
    assert _sorted(streamed).equals(_sorted(whole))
    # the temporary key table is gone, so the next read starts clean
    assert extract.latest_source_records(con).height == whole.height
    # the build's progress total
    assert extract.latest_source_record_count(con) == whole.height


@pytest.mark.parametrize("mode", ["memory", "spill", "workers"])
def test_normalizing_in_chunks_builds_the_same_core_tables(
    con: duckdb.DuckDBPyConnection, tmp_path: Path, mode: str
) -> None:
    staging = extract.latest_source_records(con)
    whole = build_core_postings(staging)
    spill = mode != "memory"
    if mode == "workers":
        # one chunk per worker process, so a replaced worker is exercised too
        done: list[int] = []
        with ProcessPoolExecutor(2, mp_context=get_context("spawn"), max_tasks_per_child=1) as pool:
            prepared = prepare_chunks(
                staging.iter_slices(150),
                spill_dir=tmp_path,
                executor=pool,
                ahead=2,
                on_chunk=done.append,
            )
        chunked = finish_prepared_chunks(prepared)
        assert not list(tmp_path.glob("staging-*.arrow"))  # each worker deletes its chunk
        assert done == [150, 150, staging.height - 300]  # progress: each chunk once, in order
    else:
        chunked = build_core_postings_in_chunks(
            staging.iter_slices(150), spill_dir=tmp_path if spill else None
        )
    assert len(list(tmp_path.glob("words-*.parquet"))) == (3 if spill else 0)
    assert len(list(tmp_path.glob("records-*.parquet"))) == (3 if spill else 0)
    assert whole.postings.height > 0 and whole.skills.height > 0
    assert chunked.postings.equals(whole.postings)
    assert chunked.sources.equals(whole.sources)
    assert chunked.skills.equals(whole.skills)
    assert _sorted(chunked.quarantine).equals(_sorted(whole.quarantine))
    assert "description_html" not in chunked.records.columns
    assert chunked.records.height == staging.height


def _records(days: list[int]) -> pl.DataFrame:
    body = " ".join(f"word{i}" for i in range(120))
    start = date(2024, 1, 1)
    n = len(days)
    return pl.DataFrame(
        {
            "record_key": [f"lever:{i}" for i in range(n)],
            "source": ["lever"] * n,
            "company": ["Acme"] * n,
            "country": ["US"] * n,
            "city": ["Austin"] * n,
            "role_family": ["ml_engineer"] * n,
            "seniority": ["senior"] * n,
            "title": ["Senior ML Engineer"] * n,
            "text": [body] * n,
            "posted_date": [start + timedelta(days=d) for d in days],
            "first_seen": [start + timedelta(days=d) for d in days],
        }
    )


@pytest.mark.parametrize(
    ("gap", "same"), [(1, True), (59, True), (60, True), (61, False), (119, False)]
)
def test_dedupe_window_holds_across_bucket_edges(gap: int, same: bool) -> None:
    # the first posting on the last day of a window-sized bucket (2024-01-01 is epoch day
    # 19723), so every gap crosses a bucket edge
    offset = dedupe.DEFAULT_WINDOW_DAYS - 1 - 19723 % dedupe.DEFAULT_WINDOW_DAYS
    out = dedupe.assign_canonical_ids(_records([offset, offset + gap]))
    assert (out["posting_id"].n_unique() == 1) is same


def test_dedupe_with_precomputed_word_hashes_matches_text(con: duckdb.DuckDBPyConnection) -> None:
    records, _ = normalize_records(extract.latest_source_records(con))
    from_text = dedupe.assign_canonical_ids(records)
    hashed = records.with_columns(
        dedupe.description_word_hashes(pl.col("text")).alias(dedupe.WORD_HASHES)
    ).drop("text")
    from_hashes = dedupe.assign_canonical_ids(hashed)
    assert from_hashes["posting_id"].n_unique() < from_hashes.height  # some duplicates
    assert from_hashes.select("record_key", "posting_id", "is_representative").equals(
        from_text.select("record_key", "posting_id", "is_representative")
    )


def test_pay_converts_with_the_rates_the_build_passes(con: duckdb.DuckDBPyConnection) -> None:
    """The build passes ECB monthly means (where loaded) to normalization: a table whose
    non-USD rates are doubled doubles every non-USD posting's USD pay and leaves USD alone."""
    from analytics.normalize import fx

    staging = extract.latest_source_records(con)
    shipped, _ = normalize_records(staging)
    doubled_rates = fx.usd_rates().with_columns(
        pl.when(pl.col("currency") == "USD")
        .then(pl.col("usd_per_unit"))
        .otherwise(pl.col("usd_per_unit") * 2)
        .alias("usd_per_unit")
    )
    doubled, _ = normalize_records(staging, rates=doubled_rates)
    both = shipped.join(doubled, on="record_key", suffix="_2").filter(
        pl.col("pay_min_annual_usd").is_not_null()
    )
    other = both.filter(pl.col("currency") != "USD")
    usd = both.filter(pl.col("currency") == "USD")
    assert other.height > 0 and usd.height > 0
    ratio = other["pay_min_annual_usd_2"] / other["pay_min_annual_usd"]
    assert ((ratio - 2).abs() < 1e-9).all()
    assert (usd["pay_min_annual_usd_2"] == usd["pay_min_annual_usd"]).all()


def test_a_build_whose_staging_rows_span_many_chunks_succeeds(
    raw_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At scale the chunk reader keeps a result open on the warehouse connection while the
    build normalizes; nothing else may query that connection meanwhile (a 1M build once
    failed with "connection has an open result")."""
    monkeypatch.setattr(normalize_stage, "NORMALIZE_CHUNK_ROWS", 50)
    settings = Settings(home=raw_root.parent)
    report = pipeline.build(settings)
    assert report.canonical_postings > 300
    assert (settings.current_snapshot / "manifest.json").exists()
