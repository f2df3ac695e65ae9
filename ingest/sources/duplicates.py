"""Postings listed twice in one board response: the first is kept, every later one is
quarantined with a reason naming the id, so nothing is lost and nothing is counted twice.

`first_of_each_id(to_row)` wraps a parser's row builder (see `ingest.sources.common`) for one
file: it remembers the ids it has built and turns a repeat into a `RecordError`. The collect
summary counts these quarantine rows by their reason's prefix, `DUPLICATE_REASON`.

May import: the standard library, `ingest.sources.common`.
"""

from __future__ import annotations

from typing import Any

from ingest.sources.common import RecordError, RowBuilder

DUPLICATE_REASON = "duplicate id"


def first_of_each_id(to_row: RowBuilder) -> RowBuilder:
    """`to_row` for one file, raising RecordError for an id already built from that file."""
    seen: set[str] = set()

    def row(record: dict[str, Any], board: str) -> tuple[dict[str, Any], list[str]]:
        built, notes = to_row(record, board)
        posting_id = built["source_posting_id"]
        if posting_id in seen:
            raise RecordError(
                f"{DUPLICATE_REASON} {posting_id!r}: the board lists this posting more than "
                "once; the first is kept"
            )
        seen.add(posting_id)
        return built, notes

    return row
