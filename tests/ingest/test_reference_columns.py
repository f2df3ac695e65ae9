"""Reference files are checked against the columns their source expects before their body is
read: a Hiring Lab CSV with a million columns (it once published a million junk rows) or with
an unknown column is quarantined whole at build and refused at import, and so are an ECB,
talent-pool, H-1B or survey file past the column cap or lacking a needed column. Imports read
regular files only (a FIFO or /dev/zero is refused, never read)."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from contract.sources import source
from ingest.local_files import RefusedFile
from ingest.reference import parse_files
from ingest.snapshots import store_raw_file
from ingest.sources import ecb_fx, h1b, hiring_lab, so_survey, talent_pool
from ingest.sources.common import SourceFormatError
from ingest.sources.reference_columns import check_columns, csv_header
from tests.ingest.test_reference_so_survey import COLUMNS as SURVEY_COLUMNS
from tests.ingest.test_reference_so_survey import _csv as survey_csv

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
WIDE = 1_000_000


def wide_tracker(n_columns: int) -> bytes:
    """An AI-tracker-looking CSV with `n_columns` value columns and one data row."""
    names = ",".join(f"AI_share_postings_{i}" for i in range(n_columns))
    return f"date,jobcountry,{names}\n2025-01-01,US,{'1,' * (n_columns - 1)}1\n".encode()


def test_a_million_column_tracker_is_refused_from_its_first_line() -> None:
    data = wide_tracker(WIDE)
    start = time.monotonic()
    with pytest.raises(SourceFormatError, match="header line longer than 262,144 bytes"):
        hiring_lab.parse(data, "AI_posting.csv")
    assert time.monotonic() - start < 1.0


def test_unknown_or_missing_tracker_columns_are_refused() -> None:
    with pytest.raises(SourceFormatError, match=r"unexpected columns AI_share_postings_0, .*"):
        hiring_lab.parse(wide_tracker(200), "AI_posting.csv")
    extra = b"date,jobcountry,AI_share_postings,junk\n2025-01-01,US,1.0,x\n"
    with pytest.raises(SourceFormatError, match="unexpected columns junk"):
        hiring_lab.parse(extra, "AI_posting.csv")
    no_series = b"date,jobcountry\n2025-01-01,US\n"
    with pytest.raises(SourceFormatError, match="AI tracker CSV without a series column"):
        hiring_lab.parse(no_series, "AI_posting.csv")
    upper = b"Date,JobCountry,GENAI_SHARE_POSTINGS\n2025-01-01,US,1.5\n"
    rows = hiring_lab.parse(upper, "GenAI_posting.csv").rows
    assert rows.select("series", "country", "value").rows() == [("genai_share_postings", "US", 1.5)]


def test_build_quarantines_the_wide_file_and_loads_the_others(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    day = date(2026, 1, 2)
    for path in sorted((FIXTURES / "hiring_lab").iterdir()):
        data = wide_tracker(WIDE) if path.name == "AI_posting.csv" else path.read_bytes()
        store_raw_file(raw, "hiring_lab", day, path.name, data, fetched_at="2026-01-02")
    record = source("hiring_lab")
    files = sorted((raw / "hiring_lab" / day.isoformat()).glob("*.csv"))
    parsed = parse_files(record, hiring_lab, files, raw)
    series = parsed.tables["core_hiring_lab_series"]
    assert series.height == 6 + 2  # the two pay-transparency fixtures' rows, nothing more
    whole = parsed.quarantine.filter(parsed.quarantine["record"] == "*")
    assert whole["file"].to_list() == ["hiring_lab/2026-01-02/AI_posting.csv"]
    assert "header line longer than" in whole["reason"][0]


def test_import_dir_refuses_a_bad_tracker_and_stores_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    folder.mkdir()
    (folder / "AI_posting.csv").write_bytes(wide_tracker(3000))
    (folder / "pay-transparency-country.csv").write_bytes(
        (FIXTURES / "hiring_lab" / "pay-transparency-country.csv").read_bytes()
    )
    with pytest.raises(SourceFormatError, match=r"AI_posting\.csv: 3,002 columns"):
        hiring_lab.import_dir(tmp_path / "raw", folder)
    assert not (tmp_path / "raw").exists()
    (folder / "AI_posting.csv").unlink()
    os.mkfifo(folder / "AI_posting.csv")
    with pytest.raises(RefusedFile, match="FIFO"):
        hiring_lab.import_dir(tmp_path / "raw", folder)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_reference_imports_refuse_devices_unread(tmp_path: Path) -> None:
    zero = tmp_path / "LCA_Disclosure_Data_FY2025_Q1.xlsx"
    zero.symlink_to("/dev/zero")
    start = time.monotonic()
    for importer in (h1b.import_file, ecb_fx.import_file, so_survey.import_file):
        with pytest.raises(RefusedFile, match="character device"):
            importer(tmp_path / "raw", zero)
    assert time.monotonic() - start < 1.0
    with pytest.raises(FileNotFoundError):
        h1b.import_file(tmp_path / "raw", tmp_path / "missing.xlsx")


def test_ecb_layout_is_date_and_currency_codes() -> None:
    good = (FIXTURES / "ecb_fx_hist.csv").read_bytes()
    assert ecb_fx.daily_csv(good, "x.csv") == good
    with pytest.raises(SourceFormatError, match="unexpected columns Note"):
        ecb_fx.daily_csv(b"Date,USD,Note\n2025-01-02,1.0,x\n", "x.csv")
    codes = ",".join(f"{a}{b}Z" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKL")
    with pytest.raises(SourceFormatError, match="314 columns"):
        ecb_fx.daily_csv(f"Date,USD,{codes}\n".encode() * 2, "x.csv")


def test_talent_pool_needs_its_columns_and_reads_only_them(tmp_path: Path) -> None:
    header = ",".join(talent_pool.COLUMNS)
    good = tmp_path / "good.csv"
    good.write_text(f"{header},email\nc1,python;sql,Austin,TX,US,ml,senior,true,2025-01-01,x@y\n")
    rows, bad = talent_pool.parse_file(good, "talent_pool/good.csv")
    assert rows.columns == [*talent_pool.COLUMNS, "raw_file"] and rows.height == 1
    assert bad.height == 0
    missing = tmp_path / "missing.csv"
    missing.write_text("candidate_id,skills\nc1,python\n")
    with pytest.raises(SourceFormatError, match="lacks columns city, region, country"):
        talent_pool.parse_file(missing, "talent_pool/missing.csv")
    wide = tmp_path / "wide.csv"
    wide.write_text(header + "," + ",".join(f"x{i}" for i in range(5000)) + "\n")
    with pytest.raises(SourceFormatError, match="5,009 columns"):
        talent_pool.parse_file(wide, "talent_pool/wide.csv")


def test_h1b_csv_and_survey_past_the_column_cap_are_refused() -> None:
    wide = ",".join([*h1b.REQUIRED_COLUMNS, *(f"X{i}" for i in range(2000))]) + "\n"
    with pytest.raises(SourceFormatError, match="2,009 columns"):
        h1b.read_table(wide.encode(), "lca.csv")
    survey = survey_csv(columns=[*SURVEY_COLUMNS, *(f"Q{i}" for i in range(1500))], rows=[])
    with pytest.raises(SourceFormatError, match="columns"):
        so_survey.public_csv(survey, "survey.csv")


def test_header_reader_and_rules() -> None:
    assert csv_header(b'\xef\xbb\xbf"a, b", c\r\n1,2\n', "s", "f") == ["a, b", "c"]
    assert csv_header(b"only,a,header", "s", "f") == ["only", "a", "header"]
    with pytest.raises(SourceFormatError, match="lacks columns B"):
        check_columns(["a"], "s", "f", required=["a", "B"])
    check_columns(["A"], "s", "f", required=["a"], allowed=["a"])  # case-insensitive
