"""Indeed Hiring Lab tracker CSVs: both layouts, quarantine reasons, online fetch through the
polite client (local server), import from a folder, and the real captures when present."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from pytest_httpserver import HTTPServer

from ingest.http import HttpPolicy, PoliteClient
from ingest.snapshots import read_manifest
from ingest.sources import hiring_lab
from ingest.sources.common import SourceFormatError
from ingest.sources.reference_fetch import polite_fetcher

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reference" / "hiring_lab"
REAL = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "hiring-lab"


def _parse(name: str) -> hiring_lab.SeriesResult:
    return hiring_lab.parse((FIXTURES / name).read_bytes(), name)


def test_ai_tracker_rows_and_quarantine_reasons() -> None:
    result = _parse("AI_posting.csv")
    rows = result.rows.sort("date", "country")
    assert rows.select("country", "date", "value").rows() == [
        ("GB", date(2025, 1, 1), 3.25),
        ("US", date(2025, 1, 1), 4.5),
        ("US", date(2025, 1, 2), 4.75),
    ]
    assert set(rows["series"]) == {"ai_share_postings"}
    assert set(rows["sector"]) == {"all"}
    reasons = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert reasons == {
        "line 5 ai_share_postings": "value is not a number: not-a-number",
        "line 6 ai_share_postings": "date is not YYYY-MM-DD: 2025-13-01",
        "line 7 ai_share_postings": "country code is not ISO alpha-2: USA",
    }


def test_pay_transparency_country_skips_published_na_gaps() -> None:
    result = _parse("pay-transparency-country.csv")
    assert result.quarantine.height == 0
    counts = dict(result.rows.group_by("series").len().rows())
    # 4 monthly values; the 3-month average is NA (a published gap) in the first two months
    assert counts == {"pay_transparency_pct": 4, "pay_transparency_pct_3ma": 2}
    de = result.rows.filter(pl.col("country") == "DE").sort("series")
    assert de.select("series", "value", "country_name").rows() == [
        ("pay_transparency_pct", 12.0, "Germany"),
        ("pay_transparency_pct_3ma", 11.0, "Germany"),
    ]


def test_pay_transparency_sector_keeps_sector_and_rejects_impossible_shares() -> None:
    result = _parse("pay-transparency-sector.csv")
    assert result.rows.filter(pl.col("sector") == "Software Development").height == 2
    assert result.quarantine["reason"].to_list() == ["share outside 0..100: 140.0"]


def test_unknown_layout_is_a_whole_file_error() -> None:
    with pytest.raises(SourceFormatError, match="unknown layout"):
        hiring_lab.parse(b"a,b\n1,2\n", "other.csv")


def test_file_urls_follow_the_repositories() -> None:
    assert hiring_lab.file_url("AI_posting.csv", "http://127.0.0.1:9") == (
        "http://127.0.0.1:9/hiring-lab/ai-tracker/main/AI_posting.csv"
    )
    assert hiring_lab.file_url("pay-transparency-sector.csv").startswith(
        "https://raw.githubusercontent.com/hiring-lab/pay-transparency/main/"
    )


def test_collect_online_keeps_what_succeeded_and_reports_the_failure(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    for name in ("AI_posting.csv", "pay-transparency-country.csv", "pay-transparency-sector.csv"):
        path = f"/{hiring_lab.FILES[name]}/main/{name}"
        httpserver.expect_request(path).respond_with_data(
            (FIXTURES / name).read_bytes(), content_type="text/csv"
        )
    httpserver.expect_request("/hiring-lab/ai-tracker/main/GenAI_posting.csv").respond_with_data(
        "not found", status=404
    )
    policy = HttpPolicy(min_interval_s=0.0, allow_private_hosts=True, backoff_initial_s=0.0)
    with PoliteClient(policy, tmp_path) as client:
        stored, errors = hiring_lab.collect_online(
            tmp_path, httpserver.url_for("/"), polite_fetcher(client)
        )
    assert sorted(p.name for p in stored) == [
        "AI_posting.csv",
        "pay-transparency-country.csv",
        "pay-transparency-sector.csv",
    ]
    assert list(errors) == ["GenAI_posting.csv"] and "404" in errors["GenAI_posting.csv"]
    manifest = read_manifest(stored[0].parent)
    entry = manifest[str(stored[0].relative_to(tmp_path))]
    assert entry["url"].endswith("/hiring-lab/ai-tracker/main/AI_posting.csv")
    assert entry["http_status"] == 200


def test_import_dir_copies_the_tracker_files(tmp_path: Path) -> None:
    stored = hiring_lab.import_dir(tmp_path / "raw", FIXTURES)
    assert len(stored) == 3 and all(p.parent.parent.name == "hiring_lab" for p in stored)
    again = hiring_lab.import_dir(tmp_path / "raw", FIXTURES)  # idempotent
    assert again == stored
    with pytest.raises(FileNotFoundError):
        hiring_lab.import_dir(tmp_path / "raw", tmp_path)


@pytest.mark.skipif(not REAL.is_dir(), reason="real Hiring Lab captures not present")
def test_realdata_hiring_lab_captures_parse_without_quarantine() -> None:
    totals = {}
    for name in ("AI_posting.csv", "pay-transparency-country.csv", "pay-transparency-sector.csv"):
        result = hiring_lab.parse((REAL / name).read_bytes(), name)
        assert result.quarantine.height == 0, result.quarantine.head()
        lines = (REAL / name).read_text().count("\n") - 1
        pct = result.rows.filter(pl.col("series") != "pay_transparency_pct_3ma")
        assert pct.height == lines  # every published line gives its main value
        totals[name] = result.rows.height
    assert totals["AI_posting.csv"] > 20_000
