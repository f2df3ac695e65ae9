"""The postings stage skips raw files already in the ledger and refuses one whose bytes
changed since it was loaded; it hashes a loaded file again only when the file was modified
after it was loaded (issue 14: a refresh no longer reads the whole raw store)."""

from __future__ import annotations

import gzip
import os
import time
from datetime import date
from pathlib import Path

import pytest

from ingest.snapshots import sha256_file
from skillmarket.stages.common import BuildReport
from skillmarket.stages.postings import _pending_files
from warehouse import load
from warehouse.migrate import connect


def test_loaded_files_are_skipped_and_a_changed_one_is_refused(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    board = raw / "sample" / "2026-01-31" / "ashby" / "acme.json.gz"
    board.parent.mkdir(parents=True)
    board.write_bytes(gzip.compress(b'{"jobs": []}'))
    other = board.with_name("globex.json.gz")
    other.write_bytes(gzip.compress(b'{"jobs": []}'))
    past = time.time() - 3600
    os.utime(board, (past, past))
    con = connect(tmp_path / "warehouse.duckdb")
    rel = "sample/2026-01-31/ashby/acme.json.gz"
    entry = load.LoadedFile(rel, "ashby", date(2026, 1, 31), sha256_file(board), 10, 0, 0)
    load.record_files(con, [entry])

    report = BuildReport()
    pending = _pending_files(con, raw, report)
    assert [p.rel for p in pending] == ["sample/2026-01-31/ashby/globex.json.gz"]
    assert report.files_skipped == 1

    board.write_bytes(gzip.compress(b'{"jobs": [{"id": "1"}]}'))  # modified after loading
    with pytest.raises(load.LoadError, match=f"{rel}: bytes changed"):
        _pending_files(con, raw, BuildReport())
    con.close()
