"""Tests for the HN "Who is hiring?" parser, on a small self-written Algolia thread."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from ingest.sources import hn
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "hn" / "38842977.json"
RAW_FILE = "sample/2024-01-31/hn/38842977.json.gz"
THREAD = "38842977"


def parsed(data: bytes | None = None) -> ParseResult:
    return hn.parse(FIXTURE.read_bytes() if data is None else data, RAW_FILE, THREAD)


def row_by_id(posting_id: str) -> dict[str, Any]:
    rows = parsed().rows.filter(source_posting_id=posting_id)
    assert rows.height == 1
    return rows.row(0, named=True)


def thread() -> dict[str, Any]:
    return json.loads(FIXTURE.read_bytes())


def test_only_live_top_level_comments_become_rows() -> None:
    result = parsed()
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert result.rows["source_posting_id"].to_list() == [
        "38843001",
        "38843002",
        "38843004",
        "38843005",
    ]
    assert result.rows["record_index"].to_list() == [0, 1, 3, 4]
    assert set(result.rows["board"]) == {THREAD}
    assert result.skipped == 1  # the deleted comment: neither a row nor quarantine
    assert "38843003" not in set(result.quarantine["record"])
    assert "38843100" not in set(result.rows["source_posting_id"])  # a reply


def test_conventional_first_line() -> None:
    row = row_by_id("38843001")
    assert row["company"] == "Acme AI"
    assert row["title"] == "Senior ML Engineer"
    assert row["location_text"] == "San Francisco, CA"
    assert row["is_remote_hint"] is False
    assert row["url"] == "https://acme.ai/careers"
    assert row["pay_text"] == (
        "Acme AI | Senior ML Engineer | San Francisco, CA | ONSITE | $180k-$220k + equity | "
        "https://acme.ai/careers"
    )
    assert row["posted_at"] == datetime(2024, 1, 2, 15, 0, 48, tzinfo=UTC)
    assert row["description_html"] == thread()["children"][0]["text"]
    assert row["pay_min"] is None  # HN has no structured pay


def test_remote_with_region_and_employment_type() -> None:
    row = row_by_id("38843002")
    assert row["company"] == "Foobar Inc."
    assert row["title"] == "Data Engineer, Analytics Engineer"
    assert row["location_text"] == "REMOTE (US)"
    assert row["is_remote_hint"] is True
    assert row["employment_type"] == "Full-time"
    assert row["url"] is None  # the only link is below the first line


def test_dash_separated_first_line() -> None:
    row = row_by_id("38843004")
    assert (row["company"], row["title"], row["location_text"], row["is_remote_hint"]) == (
        "Widget Co",
        "Machine Learning Researcher",
        "Berlin, Germany",
        False,
    )


def test_sentence_first_line() -> None:
    row = row_by_id("38843005")
    assert (row["company"], row["title"], row["location_text"], row["url"]) == (
        "Gizmo Labs",
        "Founding Engineer",
        "London",
        "https://gizmolabs.io",
    )


def test_first_line_without_a_role_is_quarantined_with_the_line() -> None:
    quarantine = parsed().quarantine
    assert quarantine["record"].to_list() == ["38843006"]
    assert quarantine["reason"].to_list() == [
        'title: no role found in first line "We\'re a small team doing cool stuff, reach out!"'
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "Acme (YC W21) | Full-stack &amp; ML engineers | NYC or Remote (US) | $150k | acme.com",
            ("Acme (YC W21)", "Full-stack & ML engineers", "NYC or Remote (US)", True),
        ),
        (
            "Acme | NYC | Senior Backend Engineer | Onsite | Full-time, Contract",
            ("Acme", "Senior Backend Engineer", "NYC", False),
        ),
        (
            "Acme — Staff Data Scientist — Remote — 200k",
            ("Acme", "Staff Data Scientist", "Remote", True),
        ),
        ("Acme | Founding Engineer | SF | No remote", ("Acme", "Founding Engineer", "SF", False)),
        (
            "Acme | Remote Sensing Engineer | Denver, CO",
            ("Acme", "Remote Sensing Engineer", "Denver, CO", None),
        ),
        (
            "Acme | AI infrastructure | Senior Engineer | NYC",
            ("Acme", "Senior Engineer", "NYC", None),
        ),
        ("Acme | Rust Wizard | Berlin | VISA", ("Acme", "Rust Wizard", "Berlin", None)),
        (
            "Senior ML Engineer at Acme | Remote (EU) | €80k",
            ("Acme", "Senior ML Engineer", "Remote (EU)", True),
        ),
        ("Acme is hiring an ML Engineer in Paris!", ("Acme", "ML Engineer", "Paris", None)),
        ("Acme | Berlin | REMOTE", ("Acme", None, "Berlin", True)),
        (
            "Acme | Senior Engineer ($150k-$200k) | Visa sponsorship | Boston",
            ("Acme", "Senior Engineer ($150k-$200k)", "Boston", None),
        ),
    ],
)
def test_first_line_variants(line: str, expected: tuple[Any, ...]) -> None:
    parsed_line = hn.first_line(line + "<p>Body text.")
    assert (
        parsed_line.company,
        parsed_line.title,
        parsed_line.location,
        parsed_line.is_remote,
    ) == expected


def test_leading_blank_lines_are_skipped() -> None:
    parsed_line = hn.first_line("<p>\n<p>Acme | Data Scientist | Oslo<p>Body.")
    assert (parsed_line.company, parsed_line.title, parsed_line.location) == (
        "Acme",
        "Data Scientist",
        "Oslo",
    )


def test_first_line_url_prefers_href_then_written_url() -> None:
    html_line = 'Acme | Engineer | <a href="https:&#x2F;&#x2F;a.example&#x2F;x">a.example</a> https://b.example'
    assert hn.first_line(html_line).url == "https://a.example/x"
    assert (
        hn.first_line("Acme | Engineer | see https://b.example/jobs.").url
        == "https://b.example/jobs"
    )


def test_content_hash_ignores_replies_but_not_the_posting_text() -> None:
    original = parsed().rows["content_hash"].to_list()
    document = thread()
    document["children"][0]["children"].append({"id": 1, "text": "new reply", "children": []})
    assert parsed(json.dumps(document).encode()).rows["content_hash"].to_list() == original
    document["children"][0]["text"] += " Also hiring interns."
    changed = parsed(json.dumps(document).encode()).rows["content_hash"].to_list()
    assert changed[0] != original[0] and changed[1:] == original[1:]


def test_dead_flag_counts_as_skipped() -> None:
    document = thread()
    document["children"][1]["dead"] = True
    result = parsed(json.dumps(document).encode())
    assert result.skipped == 2
    assert "38843002" not in set(result.rows["source_posting_id"])


def test_gzipped_input_parses_like_plain_input() -> None:
    assert_frame_equal(parsed(gzip.compress(FIXTURE.read_bytes())).rows, parsed().rows)


def test_thread_without_children_is_quarantined_whole() -> None:
    result = parsed(b'{"id": 1, "title": "Ask HN: Who is hiring?"}')
    assert result.rows.is_empty()
    assert result.quarantine["reason"].to_list() == ["unexpected hn response: no 'children' list"]


def test_prose_first_lines_with_dashes_still_name_the_role() -> None:
    from ingest.sources.hn import first_line

    line = first_line(
        "<p>Goldcrest AI is hiring a Junior Applied AI Engineer – Support Automation in "
        "Remote - US. Pay: $120,000 - $140,000.</p><p>About us</p>"
    )
    assert line.company == "Goldcrest AI"
    assert line.title == "Junior Applied AI Engineer – Support Automation"
    assert line.location == "Remote - US"


def test_abbreviations_do_not_end_the_sentence() -> None:
    from ingest.sources.hn import first_line

    line = first_line(
        "<p>Jubilee Payments is hiring a Sr. Backend Engineer in Boston, MA "
        "(onsite). Pay: $150k - $180k.</p>"
    )
    assert line.title == "Sr. Backend Engineer"
    assert line.location == "Boston, MA (onsite)"
