"""Poison records (issue 17): one bad record in an accepted file is quarantined with its file,
record and reason, and every other record of the file (and every other file) still loads.

The kinds seen in the wild: an HN comment whose first line is blank, a space or "|"; a lone
surrogate ("ML \\ud800") in any string field; a year-1 date; JSON nested ~1,000 deep; plus a
parser bug meeting an input nobody foresaw (simulated), at record, row and file level.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ingest.discover import raw_posting_files
from ingest.parse_runs import parse_raw_run
from ingest.sources import ashby, greenhouse, hn, jsonld, lever
from ingest.sources.common import WHOLE_FILE
from ingest.staging import ParsedRecords, ParseResult
from markup import valid_key, valid_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
GOOD_HN = {"id": 2, "text": "Acme | ML Engineer | Berlin | REMOTE", "created_at": "2025-10-01"}


def json_bytes(value: Any) -> bytes:
    """JSON as a source would send it: lone surrogates as \\u escapes (ensure_ascii)."""
    return json.dumps(value).encode()


def nested(depth: int, inner: bytes = b'"deep"') -> bytes:
    """JSON text of `inner` wrapped in `depth` objects (json.dumps itself cannot go that deep)."""
    return b'{"a":' * depth + inner + b"}" * depth


def reasons(result: ParseResult) -> dict[str, str]:
    return dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))


def accounted(result: ParseResult, n_records: int) -> bool:
    """Every record is a row, a rejected (quarantined) record or a counted skip."""
    return result.rows.height + result.rejected + result.skipped == n_records


@pytest.mark.parametrize("first_line", ["<p>", " ", "|", "| |<p>Acme", "\n\n<p> ", "<p>|"])
def test_hn_comment_without_a_first_line_is_quarantined_the_thread_loads(first_line: str) -> None:
    """The issue's reproduction (`{"id":1,"children":[{"id":1,"text":"<p>"}]}`) raised
    IndexError and stopped every later build."""
    thread = {"id": 1, "children": [{"id": 1, "text": first_line}, GOOD_HN]}
    result = hn.parse(json_bytes(thread), "hn/2025-10-31/1.json", "1")
    assert result.rows["source_posting_id"].to_list() == ["2"]
    assert list(reasons(result)) == ["1"]
    assert reasons(result)["1"].startswith(("text: empty first line", "title: no role found"))
    assert accounted(result, 2)


def test_lone_surrogates_are_replaced_and_noted_the_posting_kept() -> None:
    jobs = [
        {"id": "a\udc80", "title": "ML \ud800 Engineer", "descriptionHtml": "<p>x\udfff</p>"},
        {"id": "a\udc81", "title": "Data Engineer"},
        {"id": "b", "title": "Plain Engineer"},
    ]
    result = ashby.parse(json_bytes({"jobs": jobs}), "ashby/2025-10-31/acme.json", "acme")
    rows = result.rows.sort("record_index")
    assert rows["title"].to_list() == ["ML \ufffd Engineer", "Data Engineer", "Plain Engineer"]
    assert rows["description_html"][0] == "<p>x\ufffd</p>"
    # names keep their escape, so two ids that differ only in a lone surrogate stay two
    assert rows["source_posting_id"].to_list() == ["a\\udc80", "a\\udc81", "b"]
    notes = reasons(result)
    assert set(notes) == {"a\\udc80", "a\\udc81"}
    assert "source_posting_id, title, description_html" in notes["a\\udc80"]
    assert result.rejected == 0 and accounted(result, 3)


@pytest.mark.parametrize(
    ("module", "document", "raw_file"),
    [
        (
            lever,
            [
                {
                    "id": "1",
                    "text": "ML \ud800",
                    "lists": [{"text": "Do", "content": "<li>\ud800"}],
                },
                {"id": "2", "text": "Data Engineer", "lists": [{"content": "<li>SQL</li>"}]},
            ],
            "lever/2025-10-31/acme.json",
        ),
        (
            hn,
            {"id": 1, "children": [{"id": 1, "text": "Acme \ud800 | ML Engineer | Oslo"}, GOOD_HN]},
            "hn/2025-10-31/1.json",
        ),
        (
            greenhouse,
            {
                "jobs": [
                    {"id": 1, "title": "ML \ud800", "content": "&lt;p&gt;\udc00&lt;/p&gt;"},
                    {"id": 2, "title": "Data Engineer"},
                ]
            },
            "greenhouse/2025-10-31/acme.json",
        ),
    ],
)
def test_a_lone_surrogate_in_any_source_keeps_the_file(
    module: Any, document: Any, raw_file: str
) -> None:
    result = module.parse(json_bytes(document), raw_file, "acme")
    assert result.rows.height == 2
    assert result.quarantine["reason"].str.contains("lone surrogate").all()


def test_a_lone_surrogate_in_a_json_ld_page() -> None:
    posting = {"@type": "JobPosting", "title": "ML \ud800", "identifier": "7"}
    page = b'<script type="application/ld+json">' + json_bytes(posting) + b"</script>"
    result = jsonld.parse(page, "jsonld/2025-10-31/acme.example.html", "acme.example")
    assert result.rows["title"].to_list() == ["ML \ufffd"]
    assert "lone surrogate" in result.quarantine["reason"][0]


def test_a_year_one_date_quarantines_the_posting_not_the_file() -> None:
    jobs = [
        {"id": "1", "title": "ML Engineer", "publishedAt": "0001-01-01T00:00:00+05:00"},
        {"id": "2", "title": "Data Engineer", "publishedAt": "2025-10-01T00:00:00+00:00"},
    ]
    result = ashby.parse(json_bytes({"jobs": jobs}), "ashby/2025-10-31/acme.json", "acme")
    assert result.rows["source_posting_id"].to_list() == ["2"]
    assert reasons(result) == {"1": "publishedAt: date out of range '0001-01-01T00:00:00+05:00'"}


def test_a_record_nested_a_thousand_deep_is_quarantined_alone() -> None:
    deep = b'{"id": "1", "title": "ML Engineer", "extra": ' + nested(1000) + b"}"
    data = b'{"jobs": [' + deep + b', {"id": "2", "title": "Data Engineer"}]}'
    result = ashby.parse(data, "ashby/2025-10-31/acme.json", "acme")
    assert result.rows["source_posting_id"].to_list() == ["2"]
    assert "RecursionError" in reasons(result)["1"]


def test_a_document_nested_too_deeply_to_read_is_quarantined_as_a_file() -> None:
    data = b'{"jobs": ' + b"[" * 5000 + b"]" * 5000 + b"}"
    result = ashby.parse(data, "ashby/2025-10-31/acme.json", "acme")
    assert result.rows.height == 0
    assert result.quarantine.to_dicts() == [
        {
            "source": "ashby",
            "file": "ashby/2025-10-31/acme.json",
            "record": WHOLE_FILE,
            "reason": "invalid JSON: nested too deeply to read",
        }
    ]


def test_json_ld_postings_nested_deep_in_a_value_are_found() -> None:
    """The walk over a JSON-LD value is iterative: a posting 1,000 objects deep is found."""
    posting = json_bytes({"@type": "JobPosting", "title": "ML Engineer", "identifier": "9"})
    page = b'<script type="application/ld+json">' + nested(1000, posting) + b"</script>"
    result = jsonld.parse(page, "jsonld/2025-10-31/a.example.html", "a.example")
    assert result.rows["source_posting_id"].to_list() == ["a.example:9"]


def test_an_integer_too_long_to_convert_quarantines_the_file_with_a_reason() -> None:
    data = b'{"jobs": [{"id": ' + b"7" * 5000 + b', "title": "x"}]}'
    result = ashby.parse(data, "ashby/2025-10-31/acme.json", "acme")
    assert result.quarantine["record"].to_list() == [WHOLE_FILE]
    assert result.quarantine["reason"][0].startswith("invalid JSON: Exceeds the limit")


def test_a_parser_bug_on_one_record_quarantines_that_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Any exception a record raises (not only RecordError) is that record's quarantine."""
    original = ashby.posting_row

    def buggy(
        job: dict[str, Any], board: str, company: str | None = None
    ) -> tuple[dict[str, Any], list[str]]:
        if job.get("id") == "1":
            return [][0]  # IndexError, as the HN parser raised
        return original(job, board, company)

    monkeypatch.setattr(ashby, "posting_row", buggy)
    jobs = [{"id": "1", "title": "A Engineer"}, {"id": "2", "title": "B Engineer"}]
    result = ashby.parse(json_bytes({"jobs": jobs}), "ashby/2025-10-31/acme.json", "acme")
    assert result.rows["source_posting_id"].to_list() == ["2"]
    assert reasons(result) == {"1": "parser failed: IndexError: list index out of range"}
    assert result.rejected == 1


def test_a_row_the_staging_schema_cannot_hold_is_quarantined_alone() -> None:
    """A parser returning a wrong type (a programming error) loses that row only."""
    good = {
        "source": "toy",
        "source_posting_id": "good",
        "raw_file": "toy/f.json",
        "record_index": 0,
        "content_hash": "0" * 64,
    }
    bad = {**good, "source_posting_id": "bad", "record_index": 1, "pay_min": "lots"}
    result = ParsedRecords(rows=[good, bad, {**good, "source_posting_id": "also"}]).result()
    assert result.rows["source_posting_id"].to_list() == ["good", "also"]
    assert result.quarantine["record"].to_list() == ["bad"]
    assert result.quarantine["reason"][0].startswith("staging row rejected: TypeError: column")
    assert result.rejected == 1


def test_valid_text_and_valid_key() -> None:
    assert valid_text("ML \ud800") == "ML \ufffd"
    assert valid_text("\ud83d\ude00") == "\U0001f600"  # a pair written as two halves
    assert valid_key("id\udc80") == "id\\udc80"
    plain = "unchanged é"
    assert valid_text(plain) is plain and valid_key(plain) is plain


def write_snapshot(raw_root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = raw_root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_a_file_its_parser_raises_on_is_quarantined_as_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_snapshot(
        tmp_path,
        {
            "ashby/2025-10-31/boom.json": json_bytes({"jobs": [{"id": "1", "title": "ML"}]}),
            "ashby/2025-10-31/fine.json": json_bytes({"jobs": [{"id": "2", "title": "ML"}]}),
        },
    )
    original = ashby.parse_records

    def buggy(data: bytes, raw_file: str, board: str) -> ParsedRecords:
        if board == "boom":
            raise KeyError("files")
        return original(data, raw_file, board)

    monkeypatch.setattr(ashby, "parse_records", buggy)
    run = parse_raw_run(raw_posting_files(tmp_path))
    assert run.rows["source_posting_id"].to_list() == ["2"]
    assert run.quarantine.to_dicts() == [
        {
            "source": "ashby",
            "file": "ashby/2025-10-31/boom.json",
            "record": WHOLE_FILE,
            "reason": "parser failed: KeyError: 'files'",
        }
    ]
    counts = {outcome.rel: (outcome.n_rows, outcome.n_quarantined) for outcome in run.files}
    assert counts == {"ashby/2025-10-31/boom.json": (0, 1), "ashby/2025-10-31/fine.json": (1, 0)}


def test_a_file_name_with_invalid_utf8_loads_under_its_escaped_name(tmp_path: Path) -> None:
    folder = tmp_path / "ashby" / "2025-10-31"
    folder.mkdir(parents=True)
    name = os.fsdecode(b"acme\xff.json")  # not UTF-8: named with a lone surrogate, as os.walk
    data = json_bytes({"jobs": [{"id": "1", "title": "ML"}]})
    (folder / name).write_bytes(data)
    run = parse_raw_run(raw_posting_files(tmp_path))
    assert run.rows["raw_file"].to_list() == ["ashby/2025-10-31/acme\\udcff.json"]
    assert run.rows["board"].to_list() == ["acme\\udcff"]
    assert [outcome.rel for outcome in run.files] == ["ashby/2025-10-31/acme\\udcff.json"]


def test_a_pay_detail_with_a_lone_surrogate_keeps_its_pay(tmp_path: Path) -> None:
    detail = {
        "id": 1001,
        "pay_input_ranges": [
            {
                "min_cents": 10000000,
                "max_cents": 15000000,
                "currency_type": "USD",
                "title": "Base \ud800",
                "blurb": "<p>pay \udc00</p>",
            }
        ],
    }
    write_snapshot(
        tmp_path,
        {
            "greenhouse/2025-10-31/acme.json": json_bytes({"jobs": [{"id": 1001, "title": "ML"}]}),
            "greenhouse/2025-10-31/acme/1001.json": json_bytes(detail),
        },
    )
    run = parse_raw_run(raw_posting_files(tmp_path))
    assert run.pay_rows["pay_min"].to_list() == [100000.0]
    assert run.pay_rows["pay_text"].to_list() == ["Base \ufffd: pay \ufffd"]
    assert run.pay_quarantine["reason"].str.contains("lone surrogate").to_list() == [True]


def test_fixture_files_still_parse_to_the_same_rows() -> None:
    """The guards change nothing on good files: each fixture parses with no quarantine of the
    new kinds (no 'parser failed', no 'staging row rejected', no surrogate notes)."""
    for source, module in {"ashby": ashby, "lever": lever, "hn": hn}.items():
        for path in (FIXTURES / source).glob("*.json"):
            result = module.parse(path.read_bytes(), f"{source}/x/{path.name}", "b")
            new_kinds = pl.col("reason").str.contains("parser failed|staging row|surrogate")
            assert result.quarantine.filter(new_kinds).height == 0
            assert result.rows.height > 0
