"""Imports are dated by when the responses were captured, and the build labels real data with
that month ("Ashby job boards, captured Oct 2025")."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.capture_date import latest_record_date
from skillmarket.cli import cli
from skillmarket.config import Settings
from skillmarket.pipeline import build

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "ashby"


def _board(published: list[str]) -> bytes:
    jobs = [
        {
            "id": f"job-{i}",
            "title": "Machine Learning Engineer",
            "location": "San Francisco, CA",
            "publishedAt": stamp,
            "employmentType": "FullTime",
            "isListed": True,
            "isRemote": False,
            "jobUrl": f"https://jobs.ashbyhq.com/acme/job-{i}",
            "descriptionPlain": "Python, PyTorch and LLM fine-tuning. $180,000 - $220,000",
        }
        for i, stamp in enumerate(published)
    ]
    return json.dumps({"apiVersion": "1", "jobs": jobs}).encode()


def test_latest_record_date_reads_iso_and_epoch_stamps_in_plain_or_gzip() -> None:
    data = _board(["2025-09-01T10:00:00.000+00:00", "2025-10-25T06:18:47.683+00:00"])
    assert latest_record_date(data) == date(2025, 10, 25)
    assert latest_record_date(gzip.compress(data)) == date(2025, 10, 25)
    lever = b'[{"id": "x", "createdAt": 1760000000000}]'  # 2025-10-09 in epoch ms
    assert latest_record_date(lever) == date(2025, 10, 9)
    # dates after today are ignored (e.g. validThrough-style typos), none at all -> None
    assert latest_record_date(_board(["2031-01-01T00:00:00Z"]), today=date(2026, 1, 1)) is None
    assert latest_record_date(b'{"jobs": []}') is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [([], date(2025, 10, 25)), (["--captured", "2025-10-31"], date(2025, 10, 31))],
)
def test_import_is_dated_by_capture_and_the_build_labels_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], expected: date
) -> None:
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "acme.json.gz").write_bytes(
        gzip.compress(_board(["2025-10-01T00:00:00Z", "2025-10-25T06:18:47Z"]))
    )
    home = tmp_path / "home"
    monkeypatch.setenv("SKILLMARKET_HOME", str(home))
    result = CliRunner().invoke(cli, ["ingest", "ashby", "--from-dir", str(downloads), *args])
    assert result.exit_code == 0, result.output
    settings = Settings(home=home)
    snapshot = settings.raw_root / "ashby" / expected.isoformat()
    assert (snapshot / "acme.json.gz").exists()
    (entry,) = json.loads((snapshot / "manifest.json").read_text())["files"]
    assert entry["fetched_at"].startswith(expected.isoformat())
    assert entry["captured_basis"]
    build(settings)
    published = json.loads((settings.current_snapshot / "manifest.json").read_text())
    assert published["is_sample"] is False
    assert published["data_label"] == "Ashby job boards, captured Oct 2025"


def test_a_bad_captured_date_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path / "home"))
    downloads = tmp_path / "d"
    downloads.mkdir()
    (downloads / "acme.json").write_bytes(_board(["2025-10-01T00:00:00Z"]))
    result = CliRunner().invoke(
        cli, ["ingest", "ashby", "--from-dir", str(downloads), "--captured", "Oct 2025"]
    )
    assert result.exit_code != 0
    assert "--captured 'Oct 2025'" in str(result.exception)
