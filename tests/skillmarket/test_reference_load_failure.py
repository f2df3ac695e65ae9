"""A reference file whose rows break a warehouse table's rules is quarantined whole and the
build goes on (issue 17; found by tests/fuzz: an ECB file with an empty date cell gave a NULL
month, and the NOT NULL constraint of core_fx_monthly failed the whole build)."""

from __future__ import annotations

from pathlib import Path

from skillmarket.stages.reference import load_reference_sources
from warehouse.migrate import connect

ECB = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "ecb_fx_hist.csv"
RAW_FILE = "ecb_fx/2025-10-31/eurofxref-hist.csv"


def test_rows_breaking_a_table_rule_quarantine_the_file_and_empty_its_table(
    tmp_path: Path,
) -> None:
    lines = ECB.read_text().splitlines(keepends=True)
    lines[1] = "," + lines[1].split(",", 1)[1]  # a row without its date
    raw = tmp_path / "raw" / RAW_FILE
    raw.parent.mkdir(parents=True)
    raw.write_text("".join(lines))
    con = connect(tmp_path / "warehouse.duckdb")
    try:
        status = load_reference_sources(con, tmp_path / "raw")
        quarantine = con.execute("SELECT file, record, reason FROM quarantine").fetchall()
        ledger = con.execute("SELECT raw_file, n_rows, n_quarantined FROM raw_files").fetchall()
        again = load_reference_sources(con, tmp_path / "raw")  # not retried until it changes
        after = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    finally:
        con.close()
    assert status["ecb_fx"] == {"loaded": False, "files": [RAW_FILE], "rows": 0}
    # DuckDB 2 quotes the column ("month"), DuckDB 1.x (the declared lower bound) does not
    assert [(file, record, reason.replace('"', "")) for file, record, reason in quarantine] == [
        (
            RAW_FILE,
            "*",
            "load failed: Constraint Error: NOT NULL constraint failed: core_fx_monthly.month",
        )
    ]
    assert ledger == [(RAW_FILE, 0, 1)]
    assert again == status and after == 1
