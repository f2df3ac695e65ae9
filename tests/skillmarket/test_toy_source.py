"""A posting source is its contract record plus its parser module, nothing else: a toy source
registered the way a real one is (a record in `contract.sources.SOURCES`, a module
`ingest.sources.<id>` with `parse_records`) builds from a raw file through to `core_postings`
and the published snapshot."""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contract import sources
from contract.sources import Source
from ingest.staging import ParsedRecords, content_hash
from skillmarket.config import Settings
from skillmarket.pipeline import build
from warehouse.migrate import connect

TOY = Source(
    id="toy",
    kind="posting",
    display_name="Toy job board (test)",
    license="CC0",
    url="https://toy.example/jobs.json",
    terms="A test fixture.",
    file_suffixes=(".json",),
)
JOBS = [
    {"id": "1", "title": "Senior Machine Learning Engineer", "city": "Berlin", "text": "PyTorch"},
    {"id": "2", "title": "Data Engineer", "city": "Paris", "text": "We use SQL, dbt and Airflow."},
    {"id": "3", "title": "", "city": "Paris", "text": "no title"},
]


def parse_records(data: bytes, raw_file: str, board: str) -> ParsedRecords:
    """The toy format: a JSON list of {id, title, city, text}; a job without a title is
    quarantined."""
    out = ParsedRecords()
    for index, job in enumerate(json.loads(data)):
        if not job["title"]:
            out.quarantine.append(
                {"source": "toy", "file": raw_file, "record": job["id"], "reason": "no title"}
            )
            continue
        out.rows.append(
            {
                "source": "toy",
                "board": board,
                "source_posting_id": job["id"],
                "company": board,
                "title": job["title"],
                "location_text": job["city"],
                "city_hint": job["city"],
                "posted_at": datetime(2026, 1, 10, tzinfo=UTC),
                "description_text": f"{job['title']}. {job['text']}",
                "raw_file": raw_file,
                "record_index": index,
                "content_hash": content_hash(job),
            }
        )
    return out


@pytest.fixture
def toy_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = types.ModuleType("ingest.sources.toy", "The toy source's parser.")
    parser.parse_records = parse_records  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ingest.sources.toy", parser)
    monkeypatch.setattr(sources, "SOURCES", (*sources.SOURCES, TOY))


@pytest.mark.usefixtures("toy_registered")
def test_a_toy_source_builds_from_its_raw_file_to_core_postings(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path)
    raw = settings.raw_root / "toy" / "2026-01-31" / "acme.json"
    raw.parent.mkdir(parents=True)
    raw.write_text(json.dumps(JOBS))

    report = build(settings)

    assert report.files_loaded == 1
    assert report.canonical_postings == 2
    con = connect(settings.warehouse_path)
    try:
        staged = con.sql("SELECT source_posting_id FROM raw_toy_postings ORDER BY 1").fetchall()
        core = con.sql(
            "SELECT source, source_posting_id, company, role_family, country FROM core_postings "
            "ORDER BY source_posting_id"
        ).fetchall()
        skills = con.sql("SELECT skill_id FROM core_posting_skills ORDER BY 1").fetchall()
        bad = con.sql("SELECT source, record, reason FROM quarantine").fetchall()
    finally:
        con.close()
    assert staged == [("1",), ("2",)]
    assert core == [
        ("toy", "1", "acme", "ml_engineer", "DE"),
        ("toy", "2", "acme", "data_engineer", "FR"),
    ]
    assert {"pytorch", "sql", "dbt", "airflow"} <= {s for (s,) in skills}
    assert bad == [("toy", "3", "no title")]
    manifest = json.loads((settings.current_snapshot / "manifest.json").read_text())
    toy = next(s for s in manifest["sources"] if s["source"] == "toy")
    assert (toy["name"], toy["license"], toy["files"]) == ("Toy job board (test)", "CC0", 1)
    assert manifest["is_sample"] is False
    assert manifest["data_label"] == "Toy job board, captured Jan 2026"
