"""Build orchestration: raw files → warehouse → normalized core tables → marts → published
snapshot. The composition root: the only module that wires `ingest`, `warehouse` and
`analytics` together.

Every step is idempotent: raw files already in the ledger are skipped, core tables and marts
are rebuilt whole, and the snapshot is switched atomically at the end.

May import: every layer (`ingest`, `warehouse`, `analytics`), rich for progress.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from itertools import groupby
from multiprocessing import get_context
from pathlib import Path

import duckdb
import polars as pl

from analytics.marts.advisor import out_skill_advisor
from analytics.marts.claims import out_claims
from analytics.marts.demand import out_skill_demand_monthly
from analytics.marts.emerging import out_emerging_skills
from analytics.marts.pay_bands import out_pay_bands
from analytics.marts.premium import out_skill_premiums
from analytics.marts.supply import DEMAND_SUPPLY_SCHEMA, out_demand_supply
from analytics.normalize import fx, locations, skills
from analytics.normalize.dedupe import dedup_rate
from analytics.normalize.postings import build_core_postings
from ingest.discover import RawFile, raw_posting_files, talent_pool_files
from ingest.snapshots import sha256_file
from ingest.sources import greenhouse, oews
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


@contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        report.stage_seconds[stage] = round(time.perf_counter() - start, 3)


def _parser(source: str):
    return importlib.import_module(f"ingest.sources.{source}")


def parse_raw_file(raw: RawFile) -> ParseResult:
    """Parse one raw posting file with its source's parser."""
    return _parser(raw.source).parse(raw.path.read_bytes(), raw.rel, raw.board)


def load_raw_postings(
    con: duckdb.DuckDBPyConnection,
    raw_root: Path,
    report: BuildReport,
    progress: Progress = _no_progress,
) -> None:
    """Parse and load every raw posting file not yet in the ledger, one snapshot per batch."""
    files = raw_posting_files(raw_root)
    done_files = load.loaded_files(con)
    pending: list[tuple[RawFile, str]] = []
    for raw in files:
        digest = sha256_file(raw.path)
        if raw.rel in done_files:
            load.check_unchanged(con, raw.rel, digest)
            report.files_skipped += 1
            continue
        pending.append((raw, digest))
    progress("parse", 0, len(pending))
    done = 0
    with _parse_pool(len(pending)) as pool:
        for snapshot, group in groupby(pending, key=lambda item: item[0].snapshot_date):
            batch = list(group)
            postings = [(r, d) for r, d in batch if r.kind == "postings"]
            pay = [(r, d) for r, d in batch if r.kind == "greenhouse_pay"]
            raws = [r for r, _ in postings]
            parsed = (
                pool.map(parse_raw_file, raws, chunksize=16) if pool else map(parse_raw_file, raws)
            )
            results = []
            ledger = []
            for (raw, digest), result in zip(postings, parsed, strict=True):
                results.append(result)
                ledger.append(
                    _ledger_entry(raw, digest, result.rows.height, result.quarantine.height)
                )
                done += 1
                if done % 50 == 0:
                    progress("parse", done, len(pending))
            merged = concat_results(results)
            snapshot_of = {r.rel: snapshot for r, _ in postings}
            load.load_posting_batch(con, merged.rows, merged.quarantine, ledger, snapshot_of)
            report.records_parsed += merged.rows.height
            report.records_quarantined += merged.quarantine.height
            if pay:
                frame, bad, entries = _parse_pay_details(pay)
                load.load_table_rows(con, "raw_greenhouse_pay", frame, entries, bad)
                report.records_quarantined += bad.height
                done += len(pay)
            progress("parse", done, len(pending))
            report.files_loaded += len(batch)


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


def _parse_pay_details(
    pay: list[tuple[RawFile, str]],
) -> tuple[pl.DataFrame, pl.DataFrame, list[load.LoadedFile]]:
    """Greenhouse pay-transparency details; a broken file is quarantined with its reason."""
    frames, bad, entries = [], [], []
    for raw, digest in pay:
        try:
            frame = greenhouse.parse_pay_detail(raw.path.read_bytes(), raw.rel)
        except SourceFormatError as error:
            bad.append(error.quarantine_row())
            entries.append(_ledger_entry(raw, digest, 0, 1))
            continue
        frames.append(frame.with_columns(pl.lit(raw.rel).alias("raw_file")))
        entries.append(_ledger_entry(raw, digest, frame.height, 0))
    rows = pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
    return rows, quarantine_frame(bad), entries


def _ledger_entry(raw: RawFile, digest: str, n_rows: int, n_quarantined: int) -> load.LoadedFile:
    return load.LoadedFile(
        raw_file=raw.rel,
        source=raw.source,
        snapshot_date=raw.snapshot_date,
        sha256=digest,
        size_bytes=raw.path.stat().st_size,
        n_rows=n_rows,
        n_quarantined=n_quarantined,
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


def core_talent_pool(raw_pool: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate × skill with a normalized place (metro code from the gazetteer)."""
    if raw_pool.height == 0:
        return pl.DataFrame()
    places = locations.parse_locations(
        pl.Series([None] * raw_pool.height, dtype=pl.String),
        city_hints=raw_pool["city"],
        region_hints=raw_pool["region"],
        country_hints=raw_pool["country"],
        remote_hints=None,
    )
    frame = pl.concat(
        [
            raw_pool.drop("city", "region", "country"),
            places.select("city", "region", "country", "metro_code"),
        ],
        how="horizontal",
    )
    return (
        frame.with_columns(pl.col("skills").str.split(";").alias("skill_id"))
        .explode("skill_id")
        .filter(pl.col("skill_id").is_not_null() & (pl.col("skill_id") != ""))
        .select(
            "candidate_id",
            "skill_id",
            "country",
            "region",
            "city",
            "metro_code",
            "role_family",
            "seniority",
            "open_to_work",
            "updated_date",
        )
    )


def load_reference(con: duckdb.DuckDBPyConnection, raw_root: Path) -> dict:
    """OEWS benchmarks (from the raw store, copying the bundled release in if absent) and the
    role → SOC crosswalk. Returns the OEWS manifest for the snapshot's source list."""
    release = oews.collect_bundled(raw_root)
    meta = oews.bundled_manifest()
    retrieved = date.fromisoformat(meta.get("retrieved", "2026-05-15"))
    benchmarks = oews.parse_release(release, retrieved=retrieved)
    crosswalk = pl.read_csv(TAXONOMY / "soc_crosswalk.csv").select(
        "role_family", "soc_code", pl.col("soc_rank").cast(pl.Int32)
    )
    load.replace_tables(con, {"core_wage_benchmarks": benchmarks, "core_soc_crosswalk": crosswalk})
    return meta


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


def _source_list(con: duckdb.DuckDBPyConnection, oews_meta: dict) -> list[dict]:
    rows = con.execute(
        "SELECT split_part(raw_file, '/', 1) AS root, source, min(snapshot_date), "
        "max(snapshot_date), count(*) FROM raw_files GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    out = []
    for root, source, first, last, n_files in rows:
        key = "sample" if root == "sample" and source != "talent_pool" else source
        info = metadata.SOURCES.get(key, metadata.SOURCES.get(source, {}))
        name = f"{info.get('title', source)}" + (f" — {source}" if key == "sample" else "")
        out.append(
            {
                "name": name,
                "source": source,
                "license": info.get("license", "unknown"),
                "retrieved": f"{first} … {last}" if first else None,
                "files": n_files,
            }
        )
    out.append(
        {
            "name": metadata.SOURCES["oews"]["title"],
            "source": "oews",
            "license": metadata.SOURCES["oews"]["license"],
            "retrieved": oews_meta.get("retrieved"),
            "files": 1,
        }
    )
    out.append(
        {
            "name": metadata.SOURCES["fx"]["title"],
            "source": "fx",
            "license": metadata.SOURCES["fx"]["license"],
            "retrieved": fx.fx_table_date(),
            "files": 1,
        }
    )
    return out


def build(
    settings: Settings, progress: Progress = _no_progress, reparse: bool = False
) -> BuildReport:
    """Load new raw files (all of them with `reparse`), rebuild core tables and marts, publish
    a snapshot."""
    report = BuildReport()
    con = connect(settings.warehouse_path)
    try:
        if reparse:
            load.reset_staging(con)
        with _timed(report, "load_raw"):
            load_raw_postings(con, settings.raw_root, report, progress)
            load_talent_pools(con, settings.raw_root)
        with _timed(report, "load_reference"):
            progress("reference", 0, 1)
            oews_meta = load_reference(con, settings.raw_root)
            progress("reference", 1, 1)
        with _timed(report, "normalize"):
            progress("normalize", 0, 1)
            staging = extract.latest_source_records(con)
            if staging.height == 0:
                raise BuildError(
                    f"no postings under {settings.raw_root}: run `skillmarket ingest sample` "
                    "or another `skillmarket ingest` source first"
                )
            core = build_core_postings(staging)
            talent = core_talent_pool(extract.talent_pool(con))
            frames = {
                "core_postings": core.postings,
                "core_posting_sources": core.sources,
                "core_posting_skills": core.skills,
            }
            if talent.height:
                frames["core_talent_pool"] = talent
            load.replace_tables(con, frames)
            load.replace_normalize_quarantine(con, core.quarantine)
            report.source_records = core.records.height
            report.canonical_postings = core.postings.height
            report.dedup_rate = dedup_rate(core.records)
            progress("normalize", 1, 1)
        with _timed(report, "marts"):
            marts = compute_marts(con, core.postings, core.skills, talent, progress)
        with _timed(report, "publish"):
            manifest = snapshot_manifest(con, report, oews_meta, marts)
            report.build_id = manifest["build_id"]
            report.snapshot = publish.publish_snapshot(settings.curated_root, marts, manifest)
            report.mart_rows = {name: frame.height for name, frame in marts.items()}
        report.records_quarantined = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    finally:
        con.close()
    return report


class BuildError(RuntimeError):
    """The build cannot proceed; the message says why and what to do."""


def compute_marts(
    con: duckdb.DuckDBPyConnection,
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    talent: pl.DataFrame,
    progress: Progress = _no_progress,
) -> dict[str, pl.DataFrame]:
    genai = skills.genai_skill_ids()
    steps = 6
    progress("marts", 0, steps)
    marts = {"out_skill_demand_monthly": out_skill_demand_monthly(postings, posting_skills, genai)}
    progress("marts", 1, steps)
    marts["out_skill_premiums"] = out_skill_premiums(postings, posting_skills, genai)
    progress("marts", 2, steps)
    gazetteer = pl.read_csv(TAXONOMY / "places.csv", schema_overrides={"metro_code": pl.String})
    marts["out_pay_bands"] = out_pay_bands(
        postings,
        benchmarks=extract.table(con, "core_wage_benchmarks"),
        crosswalk=extract.table(con, "core_soc_crosswalk"),
        metro_names=gazetteer.select("metro_code", "metro_name").drop_nulls(),
    )
    progress("marts", 3, steps)
    if talent.height:
        marts["out_demand_supply"] = out_demand_supply(postings, posting_skills, talent, genai)
    else:
        marts["out_demand_supply"] = pl.DataFrame(schema=DEMAND_SUPPLY_SCHEMA)
    progress("marts", 4, steps)
    marts["out_emerging_skills"] = out_emerging_skills(marts["out_skill_demand_monthly"])
    marts["out_skill_advisor"] = out_skill_advisor(
        postings,
        posting_skills,
        genai,
        marts["out_emerging_skills"],
        marts["out_skill_premiums"],
    )
    marts["out_claims"] = out_claims(
        postings,
        posting_skills,
        genai,
        marts["out_skill_premiums"],
        marts["out_pay_bands"],
        marts["out_skill_demand_monthly"],
        marts["out_demand_supply"],
    )
    marts["skills"] = skills.load_taxonomy().select(
        pl.col("id").alias("skill_id"), "name", "category", "is_genai"
    )
    progress("marts", steps, steps)
    return marts


def snapshot_manifest(
    con: duckdb.DuckDBPyConnection,
    report: BuildReport,
    oews_meta: dict,
    marts: dict[str, pl.DataFrame],
) -> dict:
    sources = _source_list(con, oews_meta)
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
        else ", ".join(sorted({s["name"] for s in real})) or "No postings"
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
