"""A build with poison records goes on (issue 17): records that fail in parse or normalize and
files that cannot be read at all are quarantined with file, record and reason, the good
postings are published, a rebuild adds nothing twice, and `skillmarket check` lists them.

Before: one HN comment whose text was "<p>" made every later build exit 1 with IndexError and
publish nothing until the raw file was deleted by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from analytics.normalize import titles
from skillmarket.cli import cli
from skillmarket.config import Settings
from skillmarket.pipeline import BuildError, build
from warehouse.checks import run_checks
from warehouse.migrate import connect

HN_FILE = "hn/2025-10-31/1.json"
ASHBY_FILE = "ashby/2025-10-31/acme.json"
BROKEN_FILE = "ashby/2025-10-31/broken.json"
GOOD_TEXT = "{} | ML Engineer | Berlin | REMOTE<p>We use PyTorch and SQL."


def comment(posting_id: int, text: str, created_at: str = "2025-10-01T10:00:00Z") -> dict:
    return {"id": posting_id, "text": text, "created_at": created_at}


def write_raw_store(raw_root: Path) -> None:
    thread = {
        "id": 1,
        "children": [
            comment(1, "<p>"),  # the reproduction
            comment(2, " "),
            comment(3, "|"),
            comment(4, "[/bold] | nothing here"),  # console markup in the reason: printed as is
            comment(5, GOOD_TEXT.format("Year One"), "0001-01-01T00:00:00+05:00"),
            comment(6, GOOD_TEXT.format("Acme \ud800 AI")),  # kept, surrogate replaced
            comment(7, "Poison Labs | Poison Engineer | Oslo"),  # fails in normalize (patched)
            comment(8, GOOD_TEXT.format("Good Co")),
        ],
    }
    deep = b'{"a":' * 1000 + b"1" + b"}" * 1000
    jobs = (
        b'{"jobs": [{"id": "a1", "title": "Data Engineer", "publishedAt": "2025-10-02"},'
        b' {"id": "a2", "title": "ML Engineer", "extra": ' + deep + b"}]}"
    )
    files = {
        HN_FILE: json.dumps(thread).encode(),
        ASHBY_FILE: jobs,
        BROKEN_FILE: b'{"jobs": [',
    }
    for rel, data in files.items():
        path = raw_root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture
def poisoned_normalizer(monkeypatch: pytest.MonkeyPatch) -> None:
    """classify_titles raises on a chunk holding the title 'Poison Engineer', as a normalizer
    bug meeting an unforeseen value would."""
    original = titles.classify_titles

    def classify(titles_: pl.Series, *args: object, **kwargs: object) -> pl.DataFrame:
        if titles_.str.contains("Poison Engineer").any():
            raise IndexError("a normalizer bug")
        return original(titles_, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(titles, "classify_titles", classify)


def quarantine(settings: Settings) -> list[tuple[str, str, str, str]]:
    con = connect(settings.warehouse_path)
    try:
        return con.execute(
            "SELECT stage, file, record, reason FROM quarantine ORDER BY stage, file, record"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.usefixtures("poisoned_normalizer")
def test_a_build_quarantines_poison_records_and_publishes_the_rest(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    write_raw_store(settings.raw_root)

    report = build(settings)

    con = connect(settings.warehouse_path)
    try:
        companies = sorted(c for (c,) in con.sql("SELECT company FROM core_postings").fetchall())
    finally:
        con.close()
    assert companies == ["Acme \ufffd AI", "Good Co", "acme"]
    assert (settings.current_snapshot / "manifest.json").exists()
    rows = quarantine(settings)
    by_record = {(stage, file, record): reason for stage, file, record, reason in rows}
    assert by_record[("parse", BROKEN_FILE, "*")].startswith("invalid JSON")
    assert "RecursionError" in by_record[("parse", ASHBY_FILE, "a2")]
    assert by_record[("parse", HN_FILE, "1")] == "text: empty first line"
    assert by_record[("parse", HN_FILE, "2")] == "text: empty first line"
    assert by_record[("parse", HN_FILE, "3")] == "title: no role found in first line '|'"
    assert by_record[("parse", HN_FILE, "5")].startswith("created_at: date out of range")
    assert "lone surrogate" in by_record[("parse", HN_FILE, "6")]
    assert by_record[("normalize", HN_FILE, "7")] == (
        "normalize failed: IndexError: a normalizer bug"
    )
    assert report.records_quarantined == len(rows) == 9

    again = build(settings)  # idempotent: nothing parsed twice, nothing quarantined twice
    assert again.files_loaded == 0
    assert quarantine(settings) == rows


@pytest.mark.usefixtures("poisoned_normalizer")
def test_check_lists_quarantined_files_and_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(home=tmp_path)
    write_raw_store(settings.raw_root)
    build(settings)
    con = connect(settings.warehouse_path)
    try:
        report = run_checks(con, settings.current_snapshot)
    finally:
        con.close()
    assert [(stage, file) for stage, _, file, _ in report.quarantined_files] == [
        ("parse", BROKEN_FILE)
    ]
    assert report.n_quarantined_records == 8
    poisoned = ("normalize", "hn", HN_FILE, "7", "normalize failed: IndexError: a normalizer bug")
    assert poisoned in report.quarantined_records, report.quarantined_records

    monkeypatch.setenv("SKILLMARKET_HOME", str(tmp_path))
    result = CliRunner().invoke(cli, ["check"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "quarantined files (1)" in result.output
    assert "quarantined records (first 8 of 8)" in result.output
    assert BROKEN_FILE in result.output
    assert "'[/bold] | nothing here'" in result.output  # markup in data printed as data


def test_a_build_with_nothing_but_poison_says_where_the_records_went(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    path = settings.raw_root / HN_FILE
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"id": 1, "children": [comment(1, "<p>")]}))
    with pytest.raises(BuildError, match=r"1 quarantined: `skillmarket check` lists them"):
        build(settings)
