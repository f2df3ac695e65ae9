"""Online collection keeps a thread or board with a bad record (issue 17: one HN comment whose
first line was blank made the whole thread fail, `error: IndexError`, and it was not stored).
The bad comments are counted as quarantined; the thread is stored and its good postings
counted new."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from pytest_httpserver import HTTPServer

from ingest.collect import collect_source
from ingest.discover import raw_posting_files
from tests.ingest.test_collect import FIXTURES, JSON_TYPE, base, policy, serve_json, server

__all__ = ["server"]  # the fixture, shared with test_collect


def test_a_thread_with_poison_comments_is_stored_and_its_postings_counted(
    server: HTTPServer, tmp_path: Path
) -> None:
    thread = json.loads((FIXTURES / "hn" / "item-9002.json").read_bytes())
    poison = [
        {"id": 990001, "text": "<p>", "created_at": "2026-10-02T10:00:00Z"},
        {"id": 990002, "text": "|", "created_at": "2026-10-02T10:00:00Z"},
        {"id": 990003, "text": "Acme | ML Engineer", "created_at": "0001-01-01T00:00:00+05:00"},
        {"id": 990004, "text": "Acme \ud800 | ML Engineer | Oslo", "created_at": "2026-10-02"},
    ]
    thread["children"] = poison + thread["children"]
    serve_json(server, "/api/v1/search_by_date", "hn/search.json")
    serve_json(server, "/api/v1/items/9001", "hn/item-9001.json")
    server.expect_request("/api/v1/items/9002").respond_with_data(
        json.dumps(thread), content_type=JSON_TYPE
    )
    summary = collect_source(
        "hn",
        tmp_path,
        date(2026, 11, 2),
        base_url=base(server),
        policy=policy(),
        options={"since": date(2026, 8, 1)},
    )
    assert not summary.failed, summary.errors
    assert {raw.board for raw in raw_posting_files(tmp_path)} == {"9001", "9002"}
    assert summary.total("quarantined") == 4  # three rejected, one kept with a note
    assert summary.total("new") == 5  # the four good postings and Acme's (repaired text)
