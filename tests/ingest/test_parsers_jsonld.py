"""Tests for the schema.org JobPosting JSON-LD parser, on a small self-written career page."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, SoupStrainer
from polars.testing import assert_frame_equal

from ingest.sources import jsonld
from ingest.staging import STAGING_SCHEMA, ParseResult

FIXTURE = (
    Path(__file__).resolve().parents[1]
    / "fixtures"
    / "sources"
    / "jsonld"
    / "careers.acme.example.html"
)
RAW_FILE = "sample/2024-05-31/jsonld/careers.acme.example.html.gz"
DOMAIN = "careers.acme.example"


def parsed(data: bytes | None = None) -> ParseResult:
    return jsonld.parse(FIXTURE.read_bytes() if data is None else data, RAW_FILE, DOMAIN)


def row_by_title(title: str) -> dict[str, Any]:
    rows = parsed().rows.filter(title=title)
    assert rows.height == 1
    return rows.row(0, named=True)


def page(*blocks: str) -> bytes:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    return f"<html><head>{scripts}</head><body></body></html>".encode()


def test_postings_from_object_list_and_graph_blocks() -> None:
    rows = parsed().rows
    assert list(rows.schema.items()) == list(STAGING_SCHEMA.items())
    assert rows["title"].to_list() == [
        "Senior Computer Vision Engineer",
        "Annotation Specialist",
        "Data Engineer",
        "Machine Learning Lead",
    ]
    assert "Not JSON-LD" not in rows["title"].to_list()  # a text/javascript script
    assert set(rows["source"]) == {"jsonld"} and set(rows["board"]) == {DOMAIN}


def test_single_object_posting_with_property_value_id_and_country_object() -> None:
    row = row_by_title("Senior Computer Vision Engineer")
    assert row["source_posting_id"] == f"{DOMAIN}:ACV-101"
    assert row["company"] == "Acme Vision"
    assert row["location_text"] == "Austin, TX, US"
    assert (row["city_hint"], row["region_hint"], row["country_hint"]) == ("Austin", "TX", "US")
    assert row["posted_at"] == datetime(2024, 5, 2, 6, 0, tzinfo=UTC)
    assert row["employment_type"] == "FULL_TIME"
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        160000.0,
        210000.0,
        "USD",
        "year",
    )
    assert row["description_html"] == "<p>Ship <b>PyTorch</b> models to the edge.</p>"
    assert row["url"] == "https://careers.acme.example/jobs/acv-101"


def test_remote_posting_with_single_value_hourly_pay() -> None:
    row = row_by_title("Annotation Specialist")
    assert row["source_posting_id"] == f"{DOMAIN}:ACV-102"
    assert row["is_remote_hint"] is True
    assert row["location_text"] == "Remote (Canada)"
    assert row["employment_type"] == "PART_TIME, CONTRACTOR"
    assert (row["pay_min"], row["pay_max"], row["pay_currency"], row["pay_period"]) == (
        32.5,
        32.5,
        "CAD",
        "hour",
    )
    assert row["description_html"] == "<p>Label images &amp; video.</p>"  # unescaped once
    assert row["posted_at"] == datetime(2024, 5, 3, tzinfo=UTC)


def test_multi_location_posting() -> None:
    row = row_by_title("Data Engineer")
    assert row["source_posting_id"] == f"{DOMAIN}:103"
    assert row["company"] == "Acme Vision"  # hiringOrganization as a plain string
    assert row["location_text"] == "Toronto, ON, CA / Montreal, QC, CA"
    assert (row["city_hint"], row["region_hint"], row["country_hint"]) == ("Toronto", "ON", "CA")
    assert row["is_remote_hint"] is None
    assert row["pay_min"] is None


def test_posting_without_identifier_gets_a_stable_hash_id() -> None:
    row = row_by_title("Machine Learning Lead")
    assert re.fullmatch(re.escape(DOMAIN) + r":[0-9a-f]{20}", row["source_posting_id"])
    assert (
        parsed().rows.filter(title="Machine Learning Lead")["source_posting_id"][0]
        == (row["source_posting_id"])
    )
    moved = FIXTURE.read_bytes().replace(b'/jobs/ml-lead"', b'/jobs/ml-lead-2"')
    other = jsonld.parse(moved, RAW_FILE, DOMAIN).rows.filter(title="Machine Learning Lead")
    assert other["source_posting_id"][0] != row["source_posting_id"]


def test_inverted_pay_keeps_the_posting_and_quarantines_the_pay() -> None:
    row = row_by_title("Machine Learning Lead")
    assert row["pay_min"] is None and row["pay_currency"] is None
    assert "pay: min 200000 > max 150000 (inverted range)" in parsed().quarantine["reason"]


def test_malformed_block_and_untitled_posting_are_quarantined() -> None:
    quarantine = parsed().quarantine
    reasons = dict(zip(quarantine["record"], quarantine["reason"], strict=True))
    assert re.fullmatch(
        r"invalid JSON: Expecting property name enclosed in double quotes at byte \d+ "
        r"in ld\+json block 3",
        reasons["script[3]"],
    )
    assert reasons["ACV-105"] == "missing title"
    assert f"{DOMAIN}:ACV-999" not in parsed().rows["source_posting_id"]


def test_nested_item_list_and_type_lists_are_found() -> None:
    block = (
        '{"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": '
        '{"@type": ["JobPosting", "Thing"], "title": "Nested Engineer", "identifier": "n1"}}]}'
    )
    rows = jsonld.parse(page(block), RAW_FILE, DOMAIN).rows
    assert rows["title"].to_list() == ["Nested Engineer"]
    assert rows["company"].to_list() == [DOMAIN]  # no hiringOrganization: the page domain


def test_bad_dates_are_quarantined() -> None:
    result = jsonld.parse(
        page(
            '{"@type": "JobPosting", "title": "A Engineer", "identifier": "a", '
            '"datePosted": "soon"}',
            '{"@type": "JobPosting", "title": "B Engineer", "identifier": "b", '
            '"validThrough": "never"}',
        ),
        RAW_FILE,
        DOMAIN,
    )
    assert result.rows["source_posting_id"].to_list() == [
        f"{DOMAIN}:b"
    ]  # validThrough has no column
    reasons = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert reasons == {
        "a": "datePosted: unparseable date 'soon'",
        "b": "validThrough: unparseable date 'never'",
    }


def test_page_without_json_ld_has_no_rows_and_no_quarantine() -> None:
    result = jsonld.parse(b"<html><body><p>No jobs</p></body></html>", RAW_FILE, DOMAIN)
    assert result.rows.is_empty() and result.quarantine.is_empty()


def test_gzipped_input_parses_like_plain_input() -> None:
    assert_frame_equal(parsed(gzip.compress(FIXTURE.read_bytes())).rows, parsed().rows)
    assert_frame_equal(parsed(gzip.compress(FIXTURE.read_bytes())).quarantine, parsed().quarantine)


# ---------------------------------------------------------------- finding the ld+json blocks

LD = '{"@type": "JobPosting", "title": "ML Engineer"}'
BLOCK_PAGES = {
    "upper case, params": f"<SCRIPT TYPE='Application/LD+JSON; charset=utf-8' >{LD}</Script >",
    "bare type": f"<script type=application/ld+json>{LD}</script>",
    "entity in type": f'<script type="application/ld&#43;json">{LD}</script>',
    "gt in another attribute": f'<script data-x="a>b" type="application/ld+json">{LD}</script>',
    "last type counts": f'<script type="text/plain" type="application/ld+json">{LD}</script>',
    "in a comment": f'<!-- <script type="application/ld+json">[1]</script> -->'
    f'<script type="application/ld+json">{LD}</script>',
    "in a style": '<style>a::after{content:"<script type=application/ld+json>[1]"}</style>'
    f'<script type="application/ld+json">{LD}</script>',
    "inside another script": "<script>var s = '<script type=application/ld+json>[1]';</script>"
    f'<script type="application/ld+json">{LD}</script>',
    "other types and a look-alike tag": f"<script>{LD}</script><scriptx type='application/ld+json'>"
    f'[1]</scriptx><script type="application/json">[2]</script>',
    "two blocks, CRLF": f'<script type="application/ld+json">\r\n{LD}\r\n</script><p>x</p>'
    '<script type="application/ld+json">[3]</script>',
    "empty block": '<script type="application/ld+json"></script>',
}


@pytest.mark.parametrize("name", BLOCK_PAGES)
def test_ld_json_blocks_are_those_an_html_parser_finds(name: str) -> None:
    page = BLOCK_PAGES[name].encode()
    only = SoupStrainer("script", attrs={"type": re.compile(r"^\s*application/ld\+json", re.I)})
    soup = BeautifulSoup(page, "html.parser", parse_only=only)
    expected = [script.get_text() for script in soup.find_all("script")]
    assert jsonld.ld_json_blocks(page) == expected


def test_script_text_ends_at_the_first_end_tag_or_the_end_of_the_page() -> None:
    # the HTML spec ends script data at "</script" + space, "/" or ">"
    page = (
        b'<script type="application/ld+json">[1]</script foo><script type="application/ld+json">[2'
    )
    assert jsonld.ld_json_blocks(page) == ["[1]", "[2"]


def test_page_in_a_declared_charset_is_decoded_with_it() -> None:
    block = '{"@type": "JobPosting", "title": "Ingénieur ML"}'
    page = f'<meta charset="iso-8859-1"><script type="application/ld+json">{block}</script>'
    rows = parsed(page.encode("latin-1")).rows
    assert rows["title"].to_list() == ["Ingénieur ML"]
