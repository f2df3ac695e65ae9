"""Deterministic file output for the sample market: gzip with a fixed header (mtime 0, no
name), compact JSON, the per-file manifest entries, and the streamed ground-truth Parquet
(one row group per month).

May import: the standard library, pyarrow, polars, and `ingest.sample` modules.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

GZIP_LEVEL = 6


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with a fixed header, so the same content always gives the same bytes."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def json_text(value: Any) -> str:
    """Compact JSON, as the APIs send it."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_bytes(value: Any) -> bytes:
    return json_text(value).encode("utf-8")


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element ("</" escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


class OutputFiles:
    """Writes files under `build_dir` and streams a manifest entry for each to a side file.

    Manifest paths are relative to the raw root (`sample/<date>/ashby/x.json.gz`), since the
    build directory is renamed to `<raw_root>/sample` when the run completes. Entries are
    listed in the (deterministic) order the files were written."""

    def __init__(self, build_dir: Path, prefix: str = "sample") -> None:
        self.build_dir = build_dir
        self.prefix = prefix
        self.count = 0
        self._made_dirs: set[Path] = set()
        self._entries_path = build_dir / ".manifest-entries.jsonl"
        self._entries = self._entries_path.open("w", encoding="utf-8")

    def add_entry(self, relative: str, data: bytes, source: str, fetched_at: str) -> None:
        entry = {
            "path": f"{self.prefix}/{relative}",
            "source": source,
            "fetched_at": fetched_at,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size_bytes": len(data),
        }
        self._entries.write(json.dumps(entry, sort_keys=True) + "\n")
        self.count += 1

    def write(self, relative: str, data: bytes, source: str, fetched_at: str) -> str:
        target = self.build_dir / relative
        if target.parent not in self._made_dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._made_dirs.add(target.parent)
        target.write_bytes(data)
        self.add_entry(relative, data, source, fetched_at)
        return f"{self.prefix}/{relative}"

    def record_existing(self, relative: str, source: str, fetched_at: str) -> None:
        """Add a manifest entry for a file written by someone else (Parquet, CSV)."""
        self.add_entry(relative, (self.build_dir / relative).read_bytes(), source, fetched_at)

    def write_manifest(self, generator: dict[str, Any]) -> None:
        """manifest.json: {"generator": {...}, "files": [one entry per file]}, streamed."""
        self._entries.close()
        target = self.build_dir / "manifest.json"
        with (
            target.open("w", encoding="utf-8") as out,
            self._entries_path.open(encoding="utf-8") as entries,
        ):
            out.write('{"generator": ' + json.dumps(generator, sort_keys=True) + ',\n "files": [\n')
            for i, line in enumerate(entries):
                out.write(("  " if i == 0 else ", ") + line)
            out.write("]}\n")
        self._entries_path.unlink()


TRUTH_SCHEMA = pa.schema(
    [
        ("source", pa.string()),
        ("source_posting_id", pa.string()),
        ("canonical_posting_id", pa.string()),
        ("board", pa.string()),
        ("company", pa.string()),
        ("title", pa.string()),
        ("skills", pa.list_(pa.string())),
        ("role_family", pa.string()),
        ("seniority", pa.string()),
        ("country", pa.string()),
        ("region", pa.string()),
        ("city", pa.string()),
        ("metro_code", pa.string()),
        ("is_remote", pa.bool_()),
        ("is_hybrid", pa.bool_()),
        ("location_text", pa.string()),
        ("posted_date", pa.date32()),
        ("posted_at", pa.timestamp("us", tz="UTC")),
        ("first_seen", pa.date32()),
        ("last_seen", pa.date32()),
        ("employment_type", pa.string()),
        ("pay_shown", pa.bool_()),
        ("pay_min_annual", pa.float64()),
        ("pay_max_annual", pa.float64()),
        ("pay_min", pa.float64()),
        ("pay_max", pa.float64()),
        ("currency", pa.string()),
        ("pay_period", pa.string()),
        ("pay_structured", pa.bool_()),
        ("pay_in_text", pa.bool_()),
        ("pay_point_annual", pa.float64()),
        ("has_genai", pa.bool_()),
        ("has_deep_learning", pa.bool_()),
        ("company_effect", pa.float64()),
        ("is_duplicate", pa.bool_()),
        ("duplicate_kind", pa.string()),
        ("is_malformed", pa.bool_()),
        ("malformed_reason", pa.string()),
        ("raw_file", pa.string()),
    ]
)


class TruthWriter:
    """Streams truth rows to one Parquet file, one row group per call."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.rows = 0
        self._writer = pq.ParquetWriter(path, TRUTH_SCHEMA, compression="zstd")

    def write(self, frame: pl.DataFrame) -> None:
        table = frame.select(TRUTH_SCHEMA.names).to_arrow().cast(TRUTH_SCHEMA)
        self._writer.write_table(table)
        self.rows += frame.height

    def close(self) -> None:
        self._writer.close()
