"""A talent-pool CSV that cannot be read is quarantined as a file and the others load (issue 17:
the header check's SourceFormatError, or a CSV reader error, stopped the build)."""

from __future__ import annotations

from pathlib import Path

from skillmarket.stages.postings import load_talent_pools
from warehouse.migrate import connect

HEADER = "candidate_id,skills,city,region,country,role_family,seniority,open_to_work,updated_date\n"
GOOD = HEADER + "c1,python;sql,Berlin,,DE,data_engineer,mid,true,2025-10-01\n"


def test_unreadable_talent_pool_files_are_quarantined_whole(tmp_path: Path) -> None:
    files = {
        "talent_pool/2025-10-31/talent_pool_good.csv": GOOD.encode(),
        "talent_pool/2025-10-31/talent_pool_no_columns.csv": b"candidate_id,skills\nc2,go\n",
        "talent_pool/2025-10-31/talent_pool_bytes.csv": GOOD.encode() + b"c3,\xff\xfe,x\n",
    }
    for rel, data in files.items():
        (tmp_path / "raw" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "raw" / rel).write_bytes(data)
    con = connect(tmp_path / "warehouse.duckdb")
    try:
        load_talent_pools(con, tmp_path / "raw")
        loaded = con.execute("SELECT candidate_id FROM raw_talent_pool ORDER BY 1").fetchall()
        held = con.execute("SELECT file, record FROM quarantine ORDER BY file").fetchall()
        ledger = con.execute("SELECT count(*) FROM raw_files").fetchall()[0][0]
        load_talent_pools(con, tmp_path / "raw")  # loaded once: nothing added again
        again = con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0]
    finally:
        con.close()
    assert ("c1",) in loaded
    assert ("talent_pool/2025-10-31/talent_pool_no_columns.csv", "*") in held
    assert ("talent_pool/2025-10-31/talent_pool_bytes.csv", "*") in held
    assert ledger == 3 and again == len(held)
