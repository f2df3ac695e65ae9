"""BLS OEWS beyond the bundled release: the flat files (online and imported) and a downloaded
spreadsheet land in the same `core_wage_benchmarks` rows, with release and retrieval date."""

from __future__ import annotations

import gzip
import io
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from pytest_httpserver import HTTPServer

from ingest.http import HttpPolicy, PoliteClient
from ingest.sources import oews
from ingest.sources.common import SourceFormatError
from ingest.sources.reference_fetch import polite_fetcher

FLAT = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "oews_flat"
SF = "San Francisco-Oakland-Fremont, CA"


def _by_area(frame: pl.DataFrame) -> dict[tuple[str, str], dict]:
    return {(r["area_code"], r["soc_code"]): r for r in frame.iter_rows(named=True)}


def test_flat_files_give_benchmark_rows() -> None:
    frame = oews.parse_flat_files(FLAT, retrieved=date(2026, 5, 20))
    rows = _by_area(frame)
    assert sorted(rows) == [
        ("0000000", "15-2051"),
        ("0041860", "15-1252"),
        ("0600000", "15-2051"),
    ]  # other industries, unmapped occupations and datatype 16 are left out
    national = rows[("0000000", "15-2051")]
    assert national["release"] == "2025A01" and national["area_type"] == "national"
    assert (national["employment"], national["mean_annual"]) == (245900, 135000)
    assert [national[f"p{p}_annual"] for p in (10, 25, 50, 75, 90)] == [
        70000,
        90000,
        120000,
        160000,
        210000,
    ]
    assert national["retrieved_date"] == date(2026, 5, 20)
    california = rows[("0600000", "15-2051")]
    assert california["p90_annual"] is None and california["is_top_coded"]
    assert california["footnotes"] == "5" and california["state_code"] == "06"
    metro = rows[("0041860", "15-1252")]
    assert metro["mean_annual"] is None and not metro["is_top_coded"]  # "*": not available
    assert metro["p50_annual"] == 200000 and metro["footnotes"] == "8"
    assert (metro["area_name"], metro["area_type"]) == (SF, "metro")


def test_flat_files_reproduce_the_bundled_release(tmp_path: Path) -> None:
    """Flat files written from the bundled release's own cells parse to the same rows."""
    db = tmp_path / "oews.sqlite"
    with gzip.open(oews.bundled_release_path()) as src:
        db.write_bytes(src.read())
    con = sqlite3.connect(db)
    areas = ("0000000", "0600000", "0041860", "3600000")
    marks = ",".join("?" * len(areas))
    out = tmp_path / "flat"
    out.mkdir()

    def write(name: str, header: list[str], rows: list[tuple]) -> None:
        lines = ["\t".join(h.ljust(10) for h in header)]
        lines += ["\t".join(str(v if v is not None else "").ljust(6) for v in r) for r in rows]
        (out / name).write_text("\n".join(lines) + "\n")

    write(
        "oe.area",
        ["state_code", "area_code", "areatype_code", "area_name"],
        con.execute(
            f"SELECT state_code, area_code, areatype_code, area_name FROM area "
            f"WHERE area_code IN ({marks})",
            areas,
        ).fetchall(),
    )
    write(
        "oe.occupation",
        ["occupation_code", "occupation_name", "display_level"],
        con.execute("SELECT occupation_code, occupation_name, display_level FROM occupation"),
    )
    write("oe.datatype", ["datatype_code", "datatype_name"], [("01", "Employment")])
    write("oe.footnote", ["footnote_code", "footnote_text"], [])
    series = []
    query = (
        "SELECT key, v01, v04, v11, v12, v13, v14, v15, f01, f04, f11, f12, f13, f14, f15 "
        f"FROM cell WHERE substr(key, 12, 6) = '000000' AND substr(key, 5, 7) IN ({marks})"
    )
    for key, *cells in con.execute(query, areas):
        for code, value, note in zip(
            ("01", "04", "11", "12", "13", "14", "15"), cells[:7], cells[7:], strict=True
        ):
            if value is not None:
                series.append((key + code, "2025", "A01", value.rjust(12), note or ""))
    write("oe.data.0.Current", ["series_id", "year", "period", "value", "footnote_codes"], series)
    con.close()
    bundled = oews.parse_release(oews.bundled_release_path(), origin="test")
    bundled = bundled.filter(pl.col("area_code").is_in(areas)).sort("area_code", "soc_code")
    flat = oews.parse_flat_files(out, origin="test").sort("area_code", "soc_code")
    assert flat.height == bundled.height > 10
    assert_frame_equal(flat, bundled)


def _spreadsheet(extra_rows: bool = True) -> bytes:
    header = ["AREA", "AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "NAICS", "NAICS_TITLE",
              "I_GROUP", "OWN_CODE", "OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "A_MEAN",
              "A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"]  # fmt: skip
    rows = [
        [99, "U.S.", 1, "US", "000000", "Cross-industry", "cross-industry", 1235, "15-2051",
         "Data Scientists", "detailed", 245900, 135000, 70000, 90000, 120000, 160000, 210000],
        [6, "California", 2, "CA", "000000", "Cross-industry", "cross-industry", 1235, "15-2051",
         "Data Scientists", "detailed", 40000, "*", "*", "*", 150000, "*", "#"],
        [41860, SF, 4, "CA", "000000", "Cross-industry", "cross-industry", 1235, "15-1252",
         "Software Developers", "detailed", 90000, "*", "*", "*", 200000, "*", "*"],
    ]  # fmt: skip
    if extra_rows:
        rows += [
            [99, "U.S.", 1, "US", "000000", "Cross-industry", "cross-industry, private", 5,
             "15-2051", "Data Scientists", "detailed", 1, 1, 1, 1, 1, 1, 1],
            [99, "U.S.", 1, "US", "511200", "Software Publishers", "4-digit", 5, "15-2051",
             "Data Scientists", "detailed", 2, 2, 2, 2, 2, 2, 2],
            [99, "U.S.", 1, "US", "000000", "Cross-industry", "cross-industry", 1235, "15-1111",
             "Other", "detailed", 3, 3, 3, 3, 3, 3, 3],
        ]  # fmt: skip
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _zip(xlsx: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("oesm25all/field_descriptions.xlsx", b"tiny")
        archive.writestr("oesm25all/all_data_M_2025.xlsx", xlsx)
    return out.getvalue()


def test_spreadsheet_matches_the_flat_files() -> None:
    sheet = oews.parse_spreadsheet(
        _zip(_spreadsheet()), "oesm25all.zip", retrieved=date(2026, 6, 1)
    )
    flat = oews.parse_flat_files(FLAT, retrieved=date(2026, 6, 1))
    ignore = ["footnotes", "origin"]  # spreadsheets carry no footnote codes
    assert_frame_equal(sheet.drop(ignore).sort("area_code"), flat.drop(ignore).sort("area_code"))
    direct = oews.parse_spreadsheet(_spreadsheet(), "all_data_M_2025.xlsx")
    assert direct.height == 3 and set(direct["release"]) == {"2025A01"}


def test_spreadsheet_errors_name_the_reason() -> None:
    with pytest.raises(SourceFormatError, match="release year unknown"):
        oews.parse_spreadsheet(_spreadsheet(), "wages.xlsx")
    with pytest.raises(SourceFormatError, match="not an xlsx"):
        oews.parse_spreadsheet(b"AREA,OCC_CODE\n", "all_data_M_2025.csv")
    with pytest.raises(SourceFormatError, match=r"no \.xlsx"):
        oews.parse_spreadsheet(_plain_zip(), "oesm25all.zip")


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "no workbook")
    return out.getvalue()


def test_online_flat_files_then_latest_release(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    for path in FLAT.iterdir():
        httpserver.expect_request(f"/pub/time.series/oe/{path.name}").respond_with_data(
            path.read_bytes(), content_type="text/plain"
        )
    raw = tmp_path / "raw"
    assert oews.latest_release(raw) is None  # nothing yet: the build uses the bundled release
    policy = HttpPolicy(min_interval_s=0.0, allow_private_hosts=True, backoff_initial_s=0.0)
    with PoliteClient(policy, raw) as client:
        stored = oews.collect_online(
            raw, httpserver.url_for("/pub/time.series/oe/"), polite_fetcher(client)
        )
    assert sorted(p.name for p in stored) == sorted(oews.FLAT_FILES)
    oews.collect_bundled(raw)  # the bundled copy sits in its own (older) snapshot
    kind, paths, when = oews.latest_release(raw)
    assert kind == "flat" and paths == [stored[0].parent]
    frame = oews.parse_flat_files(paths[0], retrieved=when)
    assert frame.height == 3 and set(frame["retrieved_date"]) == {when}


def test_imports_refuse_incomplete_input(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"oe\.data\.0\.Current"):
        oews.import_flat_dir(tmp_path / "raw", tmp_path)
    bad = tmp_path / "all_data_M_2025.xlsx"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(SourceFormatError):
        oews.import_spreadsheet(tmp_path / "raw", bad)
    good = tmp_path / "national_M2025_dl.xlsx"
    good.write_bytes(_spreadsheet(extra_rows=False))
    stored = oews.import_spreadsheet(tmp_path / "raw", good)
    kind, paths, _ = oews.latest_release(tmp_path / "raw")
    assert (kind, paths) == ("spreadsheet", [stored])
