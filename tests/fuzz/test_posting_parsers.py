"""Fuzz every posting parser with mutations of its recorded fixtures (issue 17): 0 crashes and 0
silent losses.

For each mutated file: `parse_records` and the frames (`.result()`) never raise; every
quarantine row names its source, file, record and reason; every staging row has its id, file
and content hash. For the five formats whose records can be counted from the document
(Ashby, Greenhouse, Lever, HN, JSON-LD), every record is a staging row, a rejected record
(quarantine) or a counted skip, unless the file could not be read at all (then exactly one
whole-file quarantine row and no rows); a whole-file failure is accepted only when the
document's shape is not the format's or a value was nested too deeply to read. Parsers of the
sources added since (Workable, SmartRecruiters, Recruitee) merge and de-duplicate records,
so for them the suite checks the first two properties only.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.sources import posting_sources
from ingest.parse_runs import source_parser
from ingest.sources import greenhouse, jsonld
from ingest.sources.common import WHOLE_FILE, SourceFormatError
from ingest.staging import STAGING_SCHEMA, ParseResult
from tests.fuzz.mutations import Mutated, fuzz_settings, mangled_bytes, mutated

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
COUNTED = ("ashby", "greenhouse", "lever", "hn", "jsonld")
# where each counted JSON format keeps its records (None: the document is the list)
RECORDS_AT: dict[str, str | None] = {
    "ashby": "jobs",
    "greenhouse": "jobs",
    "lever": None,
    "hn": "children",
}
READABLE_DEPTH = 990  # deeper than this, a document may be unreadable (the file is quarantined)


def fixture_files(source: str) -> list[Path]:
    folder = FIXTURES / source
    return sorted(p for p in folder.glob("*") if p.is_file() and p.suffix in (".json", ".html"))


def posting_fixtures() -> list[tuple[str, Path]]:
    """(source, fixture) for every posting source of the contract with recorded fixtures."""
    found = [(s.id, path) for s in posting_sources() for path in fixture_files(s.id)]
    assert {source for source, _ in found} >= set(COUNTED)
    return found


def raw_file(source: str, path: Path) -> str:
    return f"{source}/2025-10-31/{path.name}"


def parsed(source: str, data: bytes, rel: str, board: str = "acme") -> ParseResult:
    """The parser's records and frames: the property under test is that neither raises."""
    return source_parser(source).parse_records(data, rel, board).result()


def assert_well_formed(result: ParseResult, source: str, rel: str) -> None:
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    for column in ("source_posting_id", "raw_file", "content_hash", "source"):
        assert result.rows[column].null_count() == 0, column
    assert set(result.rows["raw_file"]) <= {rel}
    assert set(result.quarantine["file"]) <= {rel}
    assert set(result.quarantine["source"]) <= {source}
    for column in ("record", "reason"):
        values = result.quarantine[column]
        assert values.null_count() == 0 and (values.str.len_chars() > 0).all(), column


def whole_file_failed(result: ParseResult) -> bool:
    whole = result.quarantine.filter(result.quarantine["record"] == WHOLE_FILE)
    if whole.height == 0:
        return False
    assert whole.height == 1 and result.rows.height == 0 and result.rejected == 0
    return True


def expected_records(source: str, document: Any) -> int | None:
    """How many records a document of a counted JSON format holds; None when its shape is not
    the format's (the whole file must then be quarantined)."""
    key = RECORDS_AT[source]
    if key is None:
        return len(document) if isinstance(document, list) else None
    if isinstance(document, dict) and isinstance(document.get(key), list):
        return len(document[key])
    return None


def assert_accounted(source: str, case: Mutated, result: ParseResult) -> None:
    expected = expected_records(source, case.document)
    if whole_file_failed(result):
        assert expected is None or case.deepest > READABLE_DEPTH, result.quarantine.to_dicts()
        return
    assert expected is not None
    assert result.rows.height + result.rejected + result.skipped == expected


JSON_CASES = [(s, p) for s, p in posting_fixtures() if s in RECORDS_AT]


@pytest.mark.parametrize(("source", "path"), JSON_CASES, ids=[p.name for _, p in JSON_CASES])
@fuzz_settings(60)
@given(data=st.data())
def test_mutated_json_records_are_rows_quarantine_or_skips(
    source: str, path: Path, data: st.DataObject
) -> None:
    case = data.draw(mutated(json.loads(path.read_bytes())))
    rel = raw_file(source, path)
    result = parsed(source, case.to_bytes(), rel)
    assert_well_formed(result, source, rel)
    assert_accounted(source, case, result)


OTHER_CASES = [(s, p) for s, p in posting_fixtures() if s not in COUNTED]


@pytest.mark.parametrize(("source", "path"), OTHER_CASES, ids=[p.name for _, p in OTHER_CASES])
@fuzz_settings(30)
@given(data=st.data())
def test_mutated_files_of_other_sources_never_crash(
    source: str, path: Path, data: st.DataObject
) -> None:
    case = data.draw(mutated(json.loads(path.read_bytes())))
    rel = raw_file(source, path)
    assert_well_formed(parsed(source, case.to_bytes(), rel), source, rel)


ALL_CASES = posting_fixtures()


@pytest.mark.parametrize(("source", "path"), ALL_CASES, ids=[p.name for _, p in ALL_CASES])
@fuzz_settings(15)
@given(data=st.data())
def test_damaged_bytes_never_crash(source: str, path: Path, data: st.DataObject) -> None:
    damaged = data.draw(mangled_bytes(path.read_bytes()))
    rel = raw_file(source, path)
    result = parsed(source, damaged, rel)
    assert_well_formed(result, source, rel)
    if source in RECORDS_AT and not whole_file_failed(result):
        try:
            document = json.loads(
                gzip.decompress(damaged) if damaged[:2] == b"\x1f\x8b" else damaged
            )
        except ValueError:
            return  # orjson read what the stdlib would not (or the reverse): counted above
        expected = expected_records(source, document)
        assert expected is not None
        assert result.rows.height + result.rejected + result.skipped == expected


# ---------------------------------------------------------------- JSON-LD pages

LD_BLOCK = re.compile(
    r'(<script type="application/ld\+json">)(.*?)(</script>)', re.DOTALL | re.IGNORECASE
)


def job_posting_count(value: Any) -> int:
    """JobPostings in a JSON-LD value, counted as schema.org nests them (not searched inside)."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kind = item.get("@type")
            if kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind):
                count += 1
            else:
                stack.extend(v for v in item.values() if isinstance(v, dict | list))
    return count


def jsonld_pages() -> list[Path]:
    return [p for s, p in posting_fixtures() if s == "jsonld"]


@pytest.mark.parametrize("path", jsonld_pages(), ids=lambda p: p.name)
@fuzz_settings(60)
@given(data=st.data())
def test_mutated_json_ld_blocks_are_rows_quarantine_or_broken_blocks(
    path: Path, data: st.DataObject
) -> None:
    page = path.read_text()
    # None: a block broken in the fixture itself, kept as is; "</" written "<\\/" as JSON-LD
    # writers do (in HTML, "</script>" inside the JSON would end the block)
    cases: list[Mutated | None] = []
    for match in LD_BLOCK.finditer(page):
        try:
            block = json.loads(match.group(2))
        except ValueError:
            cases.append(None)
            continue
        cases.append(data.draw(mutated(block)))
    assert any(cases)
    texts = iter(
        match.group(2) if case is None else case.to_bytes().decode().replace("</", "<\\/")
        for match, case in zip(LD_BLOCK.finditer(page), cases, strict=True)
    )
    mutated_page = LD_BLOCK.sub(lambda m: m.group(1) + next(texts) + m.group(3), page)
    rel = raw_file("jsonld", path)
    result = parsed("jsonld", mutated_page.encode(), rel, "careers.acme.example")
    assert_well_formed(result, "jsonld", rel)
    broken = {
        int(record[len("script[") : -1])
        for record in result.quarantine["record"]
        if record.startswith("script[")
    }
    for index, case in enumerate(cases):
        if case is None:
            assert index in broken
        elif index in broken:
            assert case.deepest > READABLE_DEPTH
    expected = sum(
        job_posting_count(case.document)
        for index, case in enumerate(cases)
        if case is not None and index not in broken
    )
    assert result.rows.height + result.rejected == expected


HTML_NOISE = st.sampled_from(
    ["<!--", "-->", "<script ", "<script>", "</script>", "<style>", "'", '"', ">", "<", "é", "\x00"]
)


@pytest.mark.parametrize("path", jsonld_pages(), ids=lambda p: p.name)
@fuzz_settings(40)
@given(data=st.data())
def test_json_ld_pages_with_html_noise_never_crash(path: Path, data: st.DataObject) -> None:
    page = path.read_text()
    for _ in range(data.draw(st.integers(1, 5))):
        at = data.draw(st.integers(0, len(page)))
        noise = "".join(data.draw(st.lists(HTML_NOISE, min_size=1, max_size=6)))
        page = page[:at] + noise + page[at:]
    encoding = data.draw(st.sampled_from(["utf-8", "latin-1", "utf-16"]))
    rel = raw_file("jsonld", path)
    result = parsed("jsonld", page.encode(encoding, "replace"), rel, "careers.acme.example")
    assert_well_formed(result, "jsonld", rel)


# ---------------------------------------------------------------- Greenhouse pay details


def pay_details() -> list[Path]:
    return sorted((FIXTURES / "greenhouse" / "acme").glob("*.json"))


@pytest.mark.parametrize("path", pay_details(), ids=lambda p: p.name)
@fuzz_settings(25)
@given(data=st.data())
def test_mutated_pay_details_are_a_row_none_or_a_file_quarantine(
    path: Path, data: st.DataObject
) -> None:
    case = data.draw(mutated(json.loads(path.read_bytes())))
    rel = f"greenhouse/2025-10-31/acme/{path.name}"
    try:
        row = greenhouse.pay_detail_row(case.to_bytes(), rel)
    except SourceFormatError as error:
        assert error.quarantine_row()["file"] == rel and error.reason
        return
    assert row is None or set(row) == set(greenhouse.PAY_DETAIL_SCHEMA)


def test_the_json_ld_fixture_is_what_the_page_test_mutates() -> None:
    """The block pattern above finds every block the parser reads in the fixture."""
    for path in jsonld_pages():
        page = path.read_bytes()
        assert len(LD_BLOCK.findall(page.decode())) == len(jsonld.ld_json_blocks(page))
