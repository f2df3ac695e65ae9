"""Import stage: the files `ingest --from-dir`/`--from-file` refused (not a regular file, past
the size cap) become quarantine rows of stage `import`, one per file with its reason, read from
the snapshots' manifests (`ingest.snapshots.refused_files`); rebuilt whole each build, so
`check` lists them beside the records the parsers quarantined.

May import: `contract`, `ingest` (snapshots, staging, sources), `warehouse` (load).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from contract.sources import posting_sources
from ingest.snapshots import refused_files
from ingest.sources import talent_pool
from ingest.sources.common import WHOLE_FILE
from ingest.staging import quarantine_frame
from warehouse import load


def imported_sources() -> list[str]:
    """The sources `import_files` copies folders or files into: posting sources, talent pool."""
    return [record.id for record in posting_sources()] + [talent_pool.SOURCE]


def load_refused_imports(con: duckdb.DuckDBPyConnection, raw_root: Path) -> int:
    """Replace the import quarantine with the refused files now listed; returns how many."""
    rows = [
        {
            "source": str(entry.get("source") or ""),
            "file": str(entry.get("name") or ""),
            "record": WHOLE_FILE,
            "reason": f"refused at import: {entry.get('reason') or 'no reason recorded'}",
        }
        for entry in refused_files(raw_root, imported_sources())
    ]
    load.replace_import_quarantine(con, quarantine_frame(rows))
    return len(rows)
