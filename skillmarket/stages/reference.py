"""Reference stage: the OEWS release in force (the newest online or imported one in the raw
store, else the bundled one, copied in if absent) with the role -> SOC crosswalk, then every
reference source of the contract with `tables`, each read through its module's reference
interface (`ingest.reference`).

A source's tables are rebuilt whole, in one transaction with its ledger entries and quarantine
rows, when its set of raw files (path and sha256) differs from the ledger's; otherwise nothing
happens, so re-running is idempotent and cheap.

May import: the standard library, polars, `contract`, `ingest`, `warehouse`,
`analytics.normalize.fx`, `skillmarket.stages.common`.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from analytics.normalize import fx
from contract.sources import Source, reference_sources
from contract.staging import WHOLE_FILE
from ingest.reference import ReferenceReader, parse_files, reference_module, snapshot_files
from ingest.snapshots import sha256_file
from ingest.sources import ecb_fx, oews
from ingest.staging import ReferenceParse, quarantine_frame
from skillmarket.stages.common import TAXONOMY
from warehouse import load
from warehouse import reference as store


def load_reference(con: duckdb.DuckDBPyConnection, raw_root: Path) -> dict:
    """OEWS benchmarks, the role -> SOC crosswalk and the other reference sources
    (`load_reference_sources`). Returns the OEWS manifest for the snapshot's source list, with
    `origin` (which OEWS release is in force) and `reference_sources`."""
    release = oews.collect_bundled(raw_root)
    meta = oews.bundled_manifest()
    retrieved = date.fromisoformat(meta.get("retrieved", "2026-05-15"))
    benchmarks, origin, failed = oews.benchmarks_in_force(raw_root, release, retrieved)
    if failed is not None:
        store.replace_parse_quarantine(con, oews.SOURCE, failed)
    meta.update(origin)
    crosswalk = pl.read_csv(TAXONOMY / "soc_crosswalk.csv").select(
        "role_family", "soc_code", pl.col("soc_rank").cast(pl.Int32)
    )
    load.replace_tables(con, {"core_wage_benchmarks": benchmarks, "core_soc_crosswalk": crosswalk})
    meta["reference_sources"] = load_reference_sources(con, raw_root)
    return meta


def load_reference_sources(con: duckdb.DuckDBPyConnection, raw_root: Path) -> dict[str, dict]:
    """Load every reference source with tables from its newest raw snapshot (when its files
    changed). Returns per source whether it is loaded, its files and its row count."""
    status: dict[str, dict] = {}
    for source in reference_sources():
        if not source.tables:
            continue
        reader = reference_reader(source)
        files = snapshot_files(raw_root, source, reader)
        digests = {str(p.relative_to(raw_root)): sha256_file(p) for p in files}
        if digests != store.ledger_digests(con, source.id):
            parsed = parse_files(source, reader, files, raw_root)
            entries = [
                load.LoadedFile(
                    raw_file=rel,
                    source=source.id,
                    snapshot_date=date.fromisoformat(Path(rel).parent.name),
                    sha256=digest,
                    size_bytes=(raw_root / rel).stat().st_size,
                    n_rows=parsed.counts.get(rel, (0, 0))[0],
                    n_quarantined=parsed.counts.get(rel, (0, 0))[1],
                )
                for rel, digest in digests.items()
            ]
            try:
                store.replace_source(con, source.id, parsed.tables, parsed.quarantine, entries)
            except duckdb.Error as error:  # rows that break the tables' rules (NOT NULL, ...)
                _quarantine_whole(con, source, entries, f"load failed: {_first_error(error)}")
        rows = store.row_count(con, source.tables[0])
        status[source.id] = {"loaded": bool(rows), "files": sorted(digests), "rows": rows}
    return status


def _first_error(error: BaseException) -> BaseException:
    """The error behind DuckDB's "transaction is aborted" (raised by the next statement)."""
    while isinstance(error, duckdb.TransactionException) and error.__context__ is not None:
        error = error.__context__
    return error


def _quarantine_whole(
    con: duckdb.DuckDBPyConnection, source: Source, entries: list[load.LoadedFile], reason: str
) -> None:
    """The source's files quarantined whole and its tables emptied (the build then does
    without them, as when they are absent); the ledger keeps the files so they are not retried
    until they change."""
    reason = reason.splitlines()[0][:300]
    rows = [
        {"source": source.id, "file": e.raw_file, "record": WHOLE_FILE, "reason": reason}
        for e in entries
    ]
    empty = {table: pl.DataFrame() for table in source.tables}
    entries = [replace(entry, n_rows=0, n_quarantined=1) for entry in entries]
    store.replace_source(con, source.id, empty, quarantine_frame(rows), entries)


class EcbMonthly:
    """The ECB source's reader, composed here because its monthly USD crosses come from
    analytics (`fx.monthly_rates_from_ecb`), which ingest may not import: the newest stored
    file only, turned into rows of `core_fx_monthly` (the shipped table's shape)."""

    @staticmethod
    def choose_reference_files(files: list[Path]) -> list[Path]:
        return [max(files, key=lambda p: (p.parent.name, p.name))]

    @staticmethod
    def parse_reference(data: bytes, raw_file: str, snapshot: date) -> ReferenceParse:
        return ReferenceParse(
            {"core_fx_monthly": ecb_monthly(data, raw_file, snapshot)}, quarantine_frame([])
        )


# readers the build composes itself (a step needs analytics); every other source's reader is
# its module `ingest.sources.<id>`
COMPOSED_READERS: dict[str, ReferenceReader] = {ecb_fx.SOURCE: EcbMonthly()}


def reference_reader(source: Source) -> ReferenceReader:
    """How the build reads `source`'s raw files."""
    return COMPOSED_READERS.get(source.id) or reference_module(source)


def ecb_monthly(data: bytes, rel: str, snapshot: date) -> pl.DataFrame:
    """Monthly USD crosses (the shipped table's shape) from a stored ECB file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "eurofxref-hist.csv"
        path.write_bytes(ecb_fx.daily_csv(data, rel))
        rates = fx.monthly_rates_from_ecb(path)
    return rates.with_columns(
        pl.lit(rel).alias("raw_file"), pl.lit(snapshot).alias("retrieved_date")
    )
