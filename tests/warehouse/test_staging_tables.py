"""The staging tables are generated from the contract: the same columns migration 002 wrote by
hand for the first five sources, and a table for any posting source added later."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from contract import sources
from contract.sources import source
from warehouse.migrate import MIGRATIONS_DIR, connect
from warehouse.staging import posting_tables, staging_table_ddl


def _describe(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple]:
    return [row[:3] for row in con.execute(f"DESCRIBE {table}").fetchall()]


def test_generated_ddl_matches_the_hand_written_migration() -> None:
    by_hand = duckdb.connect()
    by_hand.execute((MIGRATIONS_DIR / "002_raw_postings.sql").read_text())
    generated = duckdb.connect()
    by_hand_tables = {row[0] for row in by_hand.execute("SHOW TABLES").fetchall()}
    compared = [table for table in posting_tables().values() if table in by_hand_tables]
    assert len(compared) == 5  # the first five sources; later ones have no hand-written table
    for table in compared:
        generated.execute(staging_table_ddl(table))
        written = _describe(by_hand, table)
        names = {row[0] for row in written}
        # columns added to the contract since are made by `migrate` (test below)
        assert [row for row in _describe(generated, table) if row[0] in names] == written
        assert [row[0] for row in _describe(generated, table) if row[0] not in names] == [
            "pay_components"
        ]


def test_an_existing_staging_table_gains_a_new_contract_column(tmp_path: Path) -> None:
    """A warehouse whose staging tables predate a contract column (migration 002's) gets the
    column from `migrate`, its rows null there, and loads rows holding it."""
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute((MIGRATIONS_DIR / "002_raw_postings.sql").read_text())
    con.execute(
        "INSERT INTO raw_ashby_postings (source, source_posting_id, raw_file, content_hash) "
        "VALUES ('ashby', 'a1', 'f.json', 'h')"
    )
    assert "pay_components" not in [row[0] for row in _describe(con, "raw_ashby_postings")]
    con.close()
    con = connect(tmp_path / "w.duckdb")
    assert [row[0] for row in _describe(con, "raw_ashby_postings")][-1] == "pay_components"
    assert con.execute("SELECT pay_components FROM raw_ashby_postings").fetchall() == [(None,)]
    con.close()


def test_posting_tables_follow_the_contract() -> None:
    assert posting_tables() == {
        "ashby": "raw_ashby_postings",
        "greenhouse": "raw_greenhouse_postings",
        "lever": "raw_lever_postings",
        "hn": "raw_hn_postings",
        "jsonld": "raw_jsonld_postings",
        "workable": "raw_workable_postings",
        "smartrecruiters": "raw_smartrecruiters_postings",
        "recruitee": "raw_recruitee_postings",
    }


def test_a_new_posting_source_gets_its_table_without_a_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    con = connect(tmp_path / "w.duckdb")  # an existing warehouse
    con.close()
    toy = replace(source("lever"), id="toy", display_name="Toy board", cli_name=None)
    monkeypatch.setattr(sources, "SOURCES", (*sources.SOURCES, toy))
    con = connect(tmp_path / "w.duckdb")
    assert _describe(con, "raw_toy_postings") == _describe(con, "raw_lever_postings")
    con.close()
