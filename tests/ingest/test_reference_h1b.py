"""DOL H-1B LCA disclosure files: scope (certified, full-time), annualization by wage unit,
quarantine reasons, XLSX and CSV input, import into the raw store."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from ingest.sources import h1b
from ingest.sources.common import SourceFormatError

HEADER = [
    "CASE_NUMBER",
    "CASE_STATUS",
    "RECEIVED_DATE",
    "JOB_TITLE",
    "SOC_CODE",
    "SOC_TITLE",
    "FULL_TIME_POSITION",
    "BEGIN_DATE",
    "EMPLOYER_NAME",
    "WORKSITE_CITY",
    "WORKSITE_STATE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_RATE_OF_PAY_TO",
    "WAGE_UNIT_OF_PAY",
    "PREVAILING_WAGE",
    "PW_UNIT_OF_PAY",
    "PW_WAGE_LEVEL",
]
BEGIN = dt.datetime(2024, 10, 1)
# (case, status, title, soc, full time, employer, city, state, from, to, unit, pw, pw unit)
CASES = [
    ("I-1", "Certified", "Machine Learning Engineer", "15-1252.00", "Y", "Acme AI", "SAN JOSE",
     "ca", 150000, 190000, "Year", 140000, "Year"),
    ("I-2", "Certified", "Data Scientist", "15-2051.00", "Y", "Beta Labs", "Austin", "TX",
     60, None, "Hour", 55, "Hour"),
    ("I-3", "Certified", "Research Scientist", "15-1221", "Y", "Gamma", "Boston", "MA",
     "$6,000.00", "$7,000.00", "Bi-Weekly", 150000, "Year"),
    ("I-4", "Certified", "Data Engineer", "15-1243.00", "Y", "Delta", "Seattle", "WA",
     12000, 0, "Month", None, None),
    ("I-5", "Certified", "Analyst", "13-1161.00", "Y", "Eps", "Denver", "CO",
     2000, None, "Week", None, None),
    # out of scope: skipped, not quarantined
    ("I-6", "Denied", "ML Engineer", "15-1252.00", "Y", "Acme AI", "Austin", "TX",
     150000, None, "Year", None, None),
    ("I-7", "Certified - Withdrawn", "ML Engineer", "15-1252.00", "Y", "Acme AI", "Austin",
     "TX", 150000, None, "Year", None, None),
    ("I-8", "Certified", "ML Engineer", "15-1252.00", "N", "Acme AI", "Austin", "TX",
     40, None, "Hour", None, None),
    # quarantined with reasons
    ("I-9", "Certified", "ML Engineer", "15-1252.00", "Y", "Acme AI", "Austin", "TX",
     None, None, "Year", None, None),
    ("I-10", "Certified", "ML Engineer", "15-1252.00", "Y", "Acme AI", "Austin", "TX",
     100, None, "Fortnight", None, None),
    ("I-11", "Certified", "ML Engineer", "15-1252.00", "Y", "Acme AI", "Austin", "TX",
     150000, 120000, "Year", None, None),
    ("I-12", "Certified", "ML Engineer", "15-1252.00", "Y", "Acme AI", "Austin", "TX",
     5000, None, "Year", None, None),
    ("I-13", "Certified", "", "15-1252.00", "Y", "Acme AI", "Austin", "TX",
     150000, None, "Year", None, None),
]  # fmt: skip


def _xlsx(rows: list[tuple], header: list[str] = HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for case in rows:
        (number, status, title, soc, ft, employer, city, state, lo, hi, unit, pw, pw_unit) = case
        values = {
            "CASE_NUMBER": number,
            "CASE_STATUS": status,
            "RECEIVED_DATE": BEGIN - dt.timedelta(days=30),
            "JOB_TITLE": title,
            "SOC_CODE": soc,
            "SOC_TITLE": "title",
            "FULL_TIME_POSITION": ft,
            "BEGIN_DATE": BEGIN,
            "EMPLOYER_NAME": employer,
            "WORKSITE_CITY": city,
            "WORKSITE_STATE": state,
            "WAGE_RATE_OF_PAY_FROM": lo,
            "WAGE_RATE_OF_PAY_TO": hi,
            "WAGE_UNIT_OF_PAY": unit,
            "PREVAILING_WAGE": pw,
            "PW_UNIT_OF_PAY": pw_unit,
            "PW_WAGE_LEVEL": "II",
        }
        sheet.append([values.get(col) for col in header])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


NAME = "LCA_Disclosure_Data_FY2025_Q1.xlsx"


def test_scope_annualization_and_quarantine() -> None:
    result = h1b.parse(_xlsx(CASES), NAME)
    rows = {r["case_number"]: r for r in result.rows.iter_rows(named=True)}
    assert sorted(rows) == ["I-1", "I-2", "I-3", "I-4", "I-5"]
    assert result.skipped == 3  # denied, withdrawn, part-time
    # annualized: year x1, hour x2080, bi-weekly x26, month x12, week x52
    assert (rows["I-1"]["wage_min_annual"], rows["I-1"]["wage_max_annual"]) == (150000, 190000)
    assert (rows["I-2"]["wage_min_annual"], rows["I-2"]["wage_max_annual"]) == (124800, 124800)
    assert (rows["I-3"]["wage_min_annual"], rows["I-3"]["wage_max_annual"]) == (156000, 182000)
    assert (rows["I-4"]["wage_min_annual"], rows["I-4"]["wage_max_annual"]) == (144000, 144000)
    assert rows["I-4"]["wage_to"] is None  # a 0 upper wage means "not given"
    assert rows["I-5"]["wage_min_annual"] == 104000
    assert rows["I-2"]["prevailing_wage_annual"] == 55 * 2080
    one = rows["I-1"]
    assert one["soc_code"] == "15-1252" and rows["I-3"]["soc_code"] == "15-1221"
    assert (one["worksite_city"], one["worksite_state"]) == ("San Jose", "CA")
    assert one["begin_date"] == dt.date(2024, 10, 1) and one["fiscal_year"] == 2025
    assert one["raw_file"] == NAME and one["record_index"] == 2
    reasons = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert reasons == {
        "row 10 case I-9": "wage is missing or not a number: <empty>",
        "row 11 case I-10": "unknown wage unit: Fortnight",
        "row 12 case I-11": "upper wage below lower wage",
        "row 13 case I-12": "annualized wage 5000 outside 10000..2000000",
        "row 14 case I-13": "no job title",
    }
    assert result.rows.height + result.quarantine.height + result.skipped == len(CASES)


def test_csv_export_with_the_same_columns_parses_the_same() -> None:
    xlsx = h1b.parse(_xlsx(CASES), NAME).rows
    frame = h1b.read_table(_xlsx(CASES), NAME)
    csv = frame.write_csv().encode()
    from_csv = h1b.parse(csv, NAME.replace(".xlsx", ".csv")).rows
    assert from_csv.drop("raw_file").equals(xlsx.drop("raw_file"))


def test_missing_columns_and_unreadable_files_are_whole_file_errors() -> None:
    short = [c for c in HEADER if c != "WAGE_UNIT_OF_PAY"]
    with pytest.raises(SourceFormatError, match="WAGE_UNIT_OF_PAY"):
        h1b.parse(_xlsx(CASES[:1], short), NAME)
    with pytest.raises(SourceFormatError, match="not a readable"):
        h1b.parse(b"PK\x03\x04 broken", NAME)


def test_import_file_checks_then_stores(tmp_path: Path) -> None:
    src = tmp_path / NAME
    src.write_bytes(_xlsx(CASES))
    stored = h1b.import_file(tmp_path / "raw", src)
    assert stored.read_bytes() == src.read_bytes()
    assert stored.parent.parent == tmp_path / "raw" / "h1b"
    bad = tmp_path / "LCA_bad.xlsx"
    bad.write_bytes(_xlsx(CASES[:1], HEADER[:3]))
    with pytest.raises(SourceFormatError):
        h1b.import_file(tmp_path / "raw", bad)
    assert not (stored.parent / bad.name).exists()


def test_schema_is_stable() -> None:
    result = h1b.parse(_xlsx(CASES[5:8]), NAME)  # nothing in scope
    assert result.rows.height == 0 and result.rows.schema == pl.Schema(h1b.WAGES_SCHEMA)
