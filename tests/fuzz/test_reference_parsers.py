"""Fuzz the reference parsers (issue 17) through the build's reference interface
(`ingest.reference.parse_files` with each source's reader): H-1B, Stack Overflow survey,
Hiring Lab and ECB files, recorded or written as the tests write them, with cells replaced by
hostile text (markup, lone surrogates written as invalid UTF-8, numbers out of range), columns
dropped or renamed, rows cut short, and bytes damaged.

Properties: `parse_files` never raises; the file is accounted for (its rows and quarantine
counted, in the ledger; a reader that raises has its file quarantined whole, "parser failed:
..."); the
quarantine rows name source, file and reason; and the reference stage's load
(`load_reference_sources`) never raises: rows that break a table's rules (an ECB date cell
that is not a date gave a NULL month) quarantine the source's files whole instead.

Not checked: that every reference row is a table row, a quarantine row or a counted skip. The
readers skip some rows by design (Hiring Lab's published NA gaps, H-1B cases out of scope)
without counting them, so a row cut short can vanish (a Hiring Lab row with only date and
country is taken for an NA gap: found at FUZZ_SCALE=10, reported to the readers' owners).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.sources import source
from ingest.reference import parse_files
from skillmarket.stages.reference import load_reference_sources, reference_reader
from tests.fuzz.mutations import HOSTILE_STRINGS, fuzz_settings, mangled_bytes
from tests.ingest.test_reference_h1b import BEGIN, CASES, HEADER
from tests.ingest.test_reference_so_survey import _csv as survey_csv
from warehouse.migrate import connect

REFERENCE = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
SNAPSHOT = "2025-10-31"


def h1b_csv() -> bytes:
    """The H-1B test cases as the DOL's CSV export."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for number, status, title, soc, ft, employer, city, st_, lo, hi, unit, pw, pw_unit in CASES:
        values = {
            "CASE_NUMBER": number,
            "CASE_STATUS": status,
            "RECEIVED_DATE": "2024-09-01",
            "JOB_TITLE": title,
            "SOC_CODE": soc,
            "SOC_TITLE": "title",
            "FULL_TIME_POSITION": ft,
            "BEGIN_DATE": BEGIN.date().isoformat(),
            "EMPLOYER_NAME": employer,
            "WORKSITE_CITY": city,
            "WORKSITE_STATE": st_,
            "WAGE_RATE_OF_PAY_FROM": lo,
            "WAGE_RATE_OF_PAY_TO": hi,
            "WAGE_UNIT_OF_PAY": unit,
            "PREVAILING_WAGE": pw,
            "PW_UNIT_OF_PAY": pw_unit,
            "PW_WAGE_LEVEL": "II",
        }
        writer.writerow(["" if values[c] is None else values[c] for c in HEADER])
    return out.getvalue().encode()


@dataclass(frozen=True)
class ReferenceFile:
    source: str
    name: str
    data: bytes


FILES = [
    ReferenceFile("h1b", "LCA_Disclosure_Data_FY2025_Q1.csv", h1b_csv()),
    ReferenceFile("so_survey", "survey_results_public_2024.csv", survey_csv()),
    *(
        ReferenceFile("hiring_lab", path.name, path.read_bytes())
        for path in sorted((REFERENCE / "hiring_lab").glob("*.csv"))
    ),
    ReferenceFile("ecb_fx", "eurofxref-hist.csv", (REFERENCE / "ecb_fx_hist.csv").read_bytes()),
]
CELL_VALUES = st.one_of(
    st.sampled_from(HOSTILE_STRINGS),
    st.sampled_from(["-1", "1e400", "99999999999999999999999", "N/A", "", "2025-02-30", "0"]),
    st.text(max_size=20),
)


@st.composite
def mutated_csv(draw: st.DrawFn, data: bytes) -> bytes:
    """The CSV with 1-5 of: a cell replaced, a column dropped, a header renamed, a row cut."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["cell", "cell", "cell", "drop", "rename", "cut"]))
        row = draw(st.integers(0, len(rows) - 1))
        if not rows[row]:
            continue
        column = draw(st.integers(0, len(rows[row]) - 1))
        if kind == "cell":
            rows[row][column] = draw(CELL_VALUES)
        elif kind == "drop":
            rows = [[cell for i, cell in enumerate(r) if i != column] for r in rows]
        elif kind == "rename":
            rows[0][column % len(rows[0])] = draw(CELL_VALUES)
        else:
            rows[row] = rows[row][:column]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")  # lone surrogates: invalid UTF-8


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb")
    yield con
    con.close()


def parse_and_load(
    con: duckdb.DuckDBPyConnection, raw_root: Path, file: ReferenceFile, data: bytes
) -> None:
    """The file parsed through the build's reference interface, then the reference stage's
    load of it, as a build of a raw store holding only this file would."""
    record = source(file.source)
    path = raw_root / file.source / SNAPSHOT / file.name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    rel = str(path.relative_to(raw_root))
    parsed = parse_files(record, reference_reader(record), [path], raw_root)
    assert rel in parsed.counts  # the file is accounted for (rows and quarantine counted)
    for column in ("source", "file", "reason"):
        assert parsed.quarantine[column].null_count() == 0, column
    load_reference_sources(con, raw_root)  # never raises: rows that break a table's rules
    ledger = con.execute("SELECT count(*) FROM raw_files WHERE raw_file = ?", [rel])
    assert ledger.fetchall() == [(1,)]


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.name)
@fuzz_settings(20)
@given(data=st.data())
def test_mutated_reference_files_are_rows_or_quarantine(
    file: ReferenceFile,
    data: st.DataObject,
    warehouse: duckdb.DuckDBPyConnection,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    damaged = data.draw(mutated_csv(file.data))
    parse_and_load(warehouse, tmp_path_factory.mktemp("raw"), file, damaged)


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.name)
@fuzz_settings(8)
@given(data=st.data())
def test_damaged_reference_bytes_are_rows_or_quarantine(
    file: ReferenceFile,
    data: st.DataObject,
    warehouse: duckdb.DuckDBPyConnection,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    damaged = data.draw(mangled_bytes(file.data))
    parse_and_load(warehouse, tmp_path_factory.mktemp("raw"), file, damaged)
