"""Kept normalized records (issue 14): saved with the core tables in one transaction, read back
only under the normalizer version that wrote them, updated row by row by an incremental build,
and forgotten when the normalize quarantine is replaced whole or the staging is reset."""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from warehouse import extract, load
from warehouse.migrate import connect


@pytest.fixture
def con(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    connection = connect(tmp_path / "warehouse.duckdb")
    yield connection
    connection.close()


def _records(ids: list[str], title: str = "Data Scientist") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": ["ashby"] * len(ids),
            "source_posting_id": ids,
            "title": [title] * len(ids),
            "input_key": [f"k-{i}" for i in ids],
        }
    )


def _quarantine(ids: list[str]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": ["ashby"] * len(ids),
            "file": ["f.json"] * len(ids),
            "record": ids,
            "reason": ["pay: too high"] * len(ids),
        }
    )


def _core(con: duckdb.DuckDBPyConnection) -> dict[str, pl.DataFrame]:
    return {"core_posting_skills": pl.DataFrame({"posting_id": ["p1"], "skill_id": ["python"]})}


def _normalize_quarantine(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT record FROM quarantine WHERE stage = 'normalize' ORDER BY record"
    ).fetchall()
    return [row[0] for row in rows]


def test_saved_records_are_read_back_only_under_their_version(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load.save_normalized_build(con, _core(con), _records(["1", "2", "3"]), _quarantine(["2"]), "v1")
    kept = extract.normalized_records(con, "v1")
    assert kept is not None and sorted(kept["source_posting_id"]) == ["1", "2", "3"]
    assert extract.normalized_records(con, "v2") is None
    assert _normalize_quarantine(con) == ["2"]
    assert con.sql("SELECT count(*) FROM core_posting_skills").fetchall() == [(1,)]


def test_an_incremental_save_replaces_only_the_touched_records(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load.save_normalized_build(
        con, _core(con), _records(["1", "2", "3"]), _quarantine(["2", "3"]), "v1"
    )
    renormalized = pl.DataFrame({"source": ["ashby", "ashby"], "source_posting_id": ["2", "4"]})
    changed = pl.concat([_records(["2"], "Staff Data Scientist"), _records(["4"])])
    load.save_normalized_build(
        con, _core(con), changed, _quarantine(["4"]), "v1", renormalized, total_records=4
    )
    kept = extract.normalized_records(con, "v1")
    assert kept is not None
    titles = dict(zip(kept["source_posting_id"], kept["title"], strict=True))
    assert titles == {
        "1": "Data Scientist",
        "2": "Staff Data Scientist",
        "3": "Data Scientist",
        "4": "Data Scientist",
    }
    # 2's quarantine row went with its old version; 3 kept its row; 4 has its new one
    assert _normalize_quarantine(con) == ["3", "4"]
    assert con.execute("SELECT records FROM norm_state").fetchall() == [(4,)]


def test_replacing_the_quarantine_whole_or_resetting_staging_forgets_kept_records(
    con: duckdb.DuckDBPyConnection,
) -> None:
    load.save_normalized_build(con, _core(con), _records(["1"]), _quarantine([]), "v1")
    load.replace_normalize_quarantine(con, _quarantine(["1"]))
    assert extract.normalized_records(con, "v1") is None
    load.save_normalized_build(con, _core(con), _records(["1"]), _quarantine([]), "v1")
    load.reset_staging(con)
    assert extract.normalized_records(con, "v1") is None
