"""The JSON-LD page scanner is linear in the page (issue 17): 156 KB of repeated `<!--` took
35 s and of `<script ` 85 s, since every unclosed one was retried to the end of the page.

Bound: each 1 MB hostile page must parse in under 1 s of this process's CPU time
(`time.process_time`, so waiting for a core on a loaded machine does not count). The linear
scanner takes 2-150 ms on each of them; the quadratic one took minutes on 1 MB, so the bound
separates the two by orders of magnitude on either side and does not flake.
"""

from __future__ import annotations

import json
import time

import pytest

from ingest.sources import jsonld

MB = 1_000_000
BOUND_SECONDS = 1.0
POSTING = json.dumps({"@type": "JobPosting", "title": "ML Engineer", "identifier": "1"})
LD_JSON = f'<script type="application/ld+json">{POSTING}</script>'

HOSTILE = [
    "<!--",  # comments left open
    "<script ",  # start tags left open
    "<script a='",  # a quote left open in a start tag
    '<script a="x',
    "<style",
    "</style ",
    "<script>",
    "<!-- --",
    "<script type=application/ld+json>",
    "<",
    "é<!--",  # beyond ASCII: decoded as BeautifulSoup would first
]


def page_of(pattern: str, size: int = MB) -> bytes:
    data = pattern.encode()
    return (data * (size // len(data) + 1))[:size]


@pytest.mark.parametrize("pattern", HOSTILE)
def test_a_1mb_hostile_page_parses_in_linear_time(pattern: str) -> None:
    page = page_of(pattern)
    start = time.process_time()
    result = jsonld.parse(page, "jsonld/2025-10-31/hostile.example.html", "hostile.example")
    seconds = time.process_time() - start
    assert seconds < BOUND_SECONDS, f"{pattern!r}: {seconds:.2f} s of CPU for 1 MB"
    assert result.rows.height == 0


def test_an_unclosed_comment_or_start_tag_runs_to_the_end_of_the_page() -> None:
    """As in the HTML spec (EOF in a comment or tag): what follows is not a script."""
    for opener in ("<!-- never closed ", "<script a='never closed "):
        result = jsonld.parse((opener + LD_JSON).encode(), "jsonld/x/a.html", "a.example")
        assert result.rows.height == 0, opener
    closed = jsonld.parse(("<!-- closed -->" + LD_JSON).encode(), "jsonld/x/a.html", "a.example")
    assert closed.rows["title"].to_list() == ["ML Engineer"]


def test_postings_after_much_hostile_markup_are_still_found() -> None:
    page = (page_of("<b><i></b>", MB // 2).decode() + LD_JSON).encode()
    start = time.process_time()
    result = jsonld.parse(page, "jsonld/x/a.html", "a.example")
    assert time.process_time() - start < BOUND_SECONDS
    assert result.rows["source_posting_id"].to_list() == ["a.example:1"]
