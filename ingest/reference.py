"""Read a reference source's newest raw snapshot through its module's reference interface.

A reference source of the contract with `tables` has a module `ingest.sources.<id>` exposing

    parse_reference(data, raw_file, snapshot) -> ReferenceParse   one file: rows per table and
                                                                  quarantine rows (a `key` marks
                                                                  files holding the same data)

and, where the source needs them,

    choose_reference_files(files) -> files      which of the snapshot's files to read
    merge_reference(tables) -> tables           a last step over every file's rows together

A file that cannot be read at all is quarantined whole with its reason; the others still load.

May import: the standard library, polars, `contract`, `ingest` (staging, sources).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import polars as pl

from contract.sources import Source
from ingest.sources.common import SourceFormatError, unexpected_reason
from ingest.sources.reference_fetch import latest_snapshot_files
from ingest.staging import ReferenceParse, quarantine_frame


class ReferenceReader(Protocol):
    """What the build needs of a reference source (its module, or a stand-in composed by the
    build where a step needs analytics)."""

    def parse_reference(self, data: bytes, raw_file: str, snapshot: date) -> ReferenceParse: ...


@dataclass
class ReferenceFiles:
    """A reference source's rows per table (every table of its record, empty when no file
    gave rows), its quarantine rows and per-file (rows, quarantined) counts."""

    tables: dict[str, pl.DataFrame]
    quarantine: pl.DataFrame
    counts: dict[str, tuple[int, int]]


def reference_module(source: Source) -> Any:
    """The module of a reference source (`ingest.sources.<id>`)."""
    return importlib.import_module(f"ingest.sources.{source.id}")


def snapshot_files(raw_root: Path, source: Source, reader: ReferenceReader) -> list[Path]:
    """The files of the source's newest snapshot the build reads (`file_suffixes` of its
    record, narrowed by the reader's `choose_reference_files` when it has one)."""
    files = latest_snapshot_files(raw_root, source.id, source.file_suffixes)
    choose = getattr(reader, "choose_reference_files", None)
    return choose(files) if choose is not None and files else files


def parse_files(
    source: Source, reader: ReferenceReader, files: list[Path], raw_root: Path
) -> ReferenceFiles:
    """Every file parsed with the reader, rows gathered per table in file order."""
    parts: dict[str, list[pl.DataFrame]] = {table: [] for table in source.tables}
    bad: list[pl.DataFrame] = []
    counts: dict[str, tuple[int, int]] = {}
    seen_keys: set[object] = set()
    for path in files:
        rel = str(path.relative_to(raw_root))
        snapshot = date.fromisoformat(path.parent.name)
        try:
            parsed = reader.parse_reference(path.read_bytes(), rel, snapshot)
        except Exception as error:  # SourceFormatError, or a reader bug meeting an odd file
            if not isinstance(error, SourceFormatError):
                reason = str(error) if isinstance(error, ValueError) else unexpected_reason(error)
                error = SourceFormatError(source.id, rel, reason)
            bad.append(quarantine_frame([error.quarantine_row()]))
            counts[rel] = (0, 1)
            continue
        if parsed.key is not None:
            if parsed.key in seen_keys:
                continue
            seen_keys.add(parsed.key)
        for table, frame in parsed.tables.items():
            parts[table].append(frame)
        bad.append(parsed.quarantine)
        counts[rel] = (sum(f.height for f in parsed.tables.values()), parsed.quarantine.height)
    tables = {
        table: pl.concat(frames, how="diagonal_relaxed") if frames else pl.DataFrame()
        for table, frames in parts.items()
    }
    merge = getattr(reader, "merge_reference", None)
    if merge is not None:
        tables = merge(tables)
    quarantine = pl.concat(bad) if bad else quarantine_frame([])
    return ReferenceFiles(tables, quarantine, counts)
