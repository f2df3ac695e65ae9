"""The build's reference step: every reference source's raw files load into their tables,
idempotently; a changed file set reloads; a broken file is quarantined whole; the CLI imports
each source into the raw store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from analytics.normalize import fx
from ingest.snapshots import store_raw_file
from ingest.sources import ecb_fx, h1b, hiring_lab, oews, so_survey
from skillmarket.cli import cli
from skillmarket.stages import reference as pipeline_reference
from tests.ingest.test_reference_fx import CSV as ECB_CSV
from tests.ingest.test_reference_h1b import CASES, _xlsx
from tests.ingest.test_reference_oews import _spreadsheet
from tests.ingest.test_reference_so_survey import _csv as survey_csv
from warehouse.migrate import connect

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
TABLES = (
    "core_h1b_wages",
    "core_survey_skill_prevalence",
    "core_survey_pay",
    "core_hiring_lab_series",
    "core_fx_monthly",
    "core_wage_benchmarks",
)


def _downloads(tmp_path: Path) -> dict[str, Path]:
    files = {
        "h1b": tmp_path / "LCA_Disclosure_Data_FY2025_Q1.xlsx",
        "survey": tmp_path / "survey_results_public.csv",
        "oews": tmp_path / "national_M2025_dl.xlsx",
    }
    files["h1b"].write_bytes(_xlsx(CASES))
    files["survey"].write_bytes(survey_csv())
    files["oews"].write_bytes(_spreadsheet())
    return files


def _raw_store(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    files = _downloads(tmp_path)
    hiring_lab.import_dir(raw, FIXTURES / "hiring_lab")
    h1b.import_file(raw, files["h1b"])
    so_survey.import_file(raw, files["survey"], year=2024)
    ecb_fx.import_file(raw, ECB_CSV)
    oews.import_spreadsheet(raw, files["oews"])
    return raw


def _state(con) -> tuple[dict[str, int], dict[str, int], list]:
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}
    bad = dict(con.execute("SELECT source, count(*) FROM quarantine GROUP BY 1").fetchall())
    ledger = con.execute(
        "SELECT raw_file, sha256, loaded_at FROM raw_files ORDER BY raw_file"
    ).fetchall()
    return counts, bad, ledger


def test_load_reference_fills_every_table_once(tmp_path: Path) -> None:
    raw = _raw_store(tmp_path)
    con = connect(tmp_path / "warehouse.duckdb")
    meta = pipeline_reference.load_reference(con, raw)
    counts, bad, ledger = _state(con)
    assert counts["core_h1b_wages"] == 5
    assert counts["core_hiring_lab_series"] == 3 + 6 + 2
    assert counts["core_wage_benchmarks"] == 3  # the imported spreadsheet, not the bundle
    assert meta["origin"].startswith("BLS OEWS spreadsheet") and meta["retrieved"]
    assert counts["core_survey_skill_prevalence"] > 10 and counts["core_survey_pay"] > 3
    # February every currency of the table, January without JPY (N/A at the ECB)
    assert counts["core_fx_monthly"] == 2 * len(fx.FX_CURRENCIES) - 1
    assert bad == {"h1b": 5, "so_survey": 2, "hiring_lab": 4}
    assert {s: v["loaded"] for s, v in meta["reference_sources"].items()} == {
        "h1b": True,
        "so_survey": True,
        "hiring_lab": True,
        "ecb_fx": True,
    }
    assert len(ledger) == 6  # 3 tracker CSVs, LCA file, survey, ECB file
    # re-running changes nothing: same rows, same quarantine, ledger untouched
    pipeline_reference.load_reference(con, raw)
    assert _state(con) == (counts, bad, ledger)
    # a newer snapshot of one tracker file replaces that file's rows
    store_raw_file(
        raw,
        "hiring_lab",
        date(2099, 1, 1),
        "AI_posting.csv",
        b"date,jobcountry,AI_share_postings\n2025-02-01,US,5.0\n",
        fetched_at="2099-01-01T00:00:00",
    )
    pipeline_reference.load_reference(con, raw)
    after, bad_after, _ = _state(con)
    assert after["core_hiring_lab_series"] == 1 + 6 + 2
    assert bad_after["hiring_lab"] == 1  # the old AI file's three bad lines are gone
    con.close()


def test_a_broken_file_is_quarantined_whole_and_the_others_load(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    hiring_lab.import_dir(raw, FIXTURES / "hiring_lab")
    store_raw_file(raw, "h1b", date(2026, 1, 2), "LCA_FY2026_Q1.xlsx", b"PK\x03\x04 broken", "x")
    con = connect(tmp_path / "warehouse.duckdb")
    status = pipeline_reference.load_reference_sources(con, raw)
    assert not status["h1b"]["loaded"] and status["hiring_lab"]["loaded"]
    reasons = con.execute("SELECT record, reason FROM quarantine WHERE source = 'h1b'").fetchall()
    assert len(reasons) == 1 and "not a readable" in reasons[0][1]
    assert not status["so_survey"]["loaded"] and status["so_survey"]["files"] == []
    con.close()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_cli_imports_each_reference_source(tmp_path: Path, home: Path) -> None:
    files = _downloads(tmp_path)
    runner = CliRunner()
    calls = [
        ["hiring-lab", "--from-dir", str(FIXTURES / "hiring_lab")],
        ["h1b", "--from-file", str(files["h1b"])],
        ["so-survey", "--from-file", str(files["survey"]), "--year", "2024"],
        ["fx", "--from-file", str(ECB_CSV)],
        ["oews", "--from-file", str(files["oews"])],
        ["oews", "--from-dir", str(FIXTURES / "oews_flat")],
    ]
    for args in calls:
        result = runner.invoke(cli, ["ingest", *args])
        assert result.exit_code == 0, (args, result.output, result.exception)
    stored = sorted(p.relative_to(home / "raw").parts[0] for p in (home / "raw").rglob("*.*"))
    assert {"hiring_lab", "h1b", "so_survey", "ecb_fx", "oews"} <= set(stored)
    missing = runner.invoke(cli, ["ingest", "h1b"])
    assert missing.exit_code != 0 and "--from-file" in str(missing.exception)


def test_cli_fetches_fx_online_from_a_base_url(home: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/stats/eurofxref/eurofxref-hist.zip").respond_with_data(
        ECB_CSV.read_bytes(), content_type="text/csv"
    )
    result = CliRunner().invoke(
        cli, ["ingest", "fx", "--base-url", httpserver.url_for("/"), "--rate", "100"]
    )
    assert result.exit_code == 0, (result.output, result.exception)
    assert ecb_fx.latest_raw_file(home / "raw") is not None


REAL_HIRING_LAB = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "hiring-lab"


@pytest.mark.skipif(not REAL_HIRING_LAB.is_dir(), reason="real Hiring Lab captures not present")
def test_realdata_hiring_lab_import_loads_every_line(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    stored = hiring_lab.import_dir(raw, REAL_HIRING_LAB)
    assert sorted(p.name for p in stored) == [
        "AI_posting.csv",
        "pay-transparency-country.csv",
        "pay-transparency-sector.csv",
    ]
    con = connect(tmp_path / "warehouse.duckdb")
    status = pipeline_reference.load_reference_sources(con, raw)
    lines = sum(p.read_text().count("\n") - 1 for p in stored)
    main_values = con.execute(
        "SELECT count(*) FROM core_hiring_lab_series WHERE series <> 'pay_transparency_pct_3ma'"
    ).fetchall()[0][0]
    assert main_values == lines  # one main value per published line, nothing quarantined
    assert status["hiring_lab"]["rows"] > lines
    bad = con.execute("SELECT count(*) FROM quarantine WHERE source = 'hiring_lab'").fetchall()
    assert bad[0][0] == 0
    con.close()
