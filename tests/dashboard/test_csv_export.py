"""CSV downloads are safe in a spreadsheet: cells that would start a formula are prefixed with
a quote, non-http(s) links are dropped, numbers and harmless text are unchanged."""

from __future__ import annotations

import csv
import io

import polars as pl

from dashboard.csv_export import spreadsheet_safe, spreadsheet_safe_csv

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTAB",
    "\rCR",
]


def test_formula_cells_are_quoted_and_the_rest_left_alone() -> None:
    frame = pl.DataFrame(
        {
            "title": [*HOSTILE, "ML engineer", "C++ dev", None],
            "n_postings": [-5, 1, 2, 3, 4, 5, 6, 7, None],
        }
    )
    safe = spreadsheet_safe(frame)
    assert safe["title"].to_list() == [
        *(f"'{cell}" for cell in HOSTILE),
        "ML engineer",
        "C++ dev",
        None,
    ]
    assert safe["n_postings"].to_list() == frame["n_postings"].to_list()  # numbers stay numbers
    rows = list(csv.reader(io.StringIO(spreadsheet_safe_csv(frame))))
    assert rows[0] == ["title", "n_postings"]
    # no cell in the file starts a formula
    assert not [cell for row in rows[1:] for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")]
    assert [row[1] for row in rows[1:3]] == ["-5", "1"]


def test_only_http_links_survive() -> None:
    frame = pl.DataFrame(
        {
            "url": [
                "https://jobs.example/1",
                "HTTP://jobs.example/2",
                "javascript:alert(1)",
                "data:text/html,<script>",
                '=HYPERLINK("https://x")',
                None,
            ],
            "company_url": ["file:///etc/passwd", "http://acme.example", None, None, None, None],
            "curl": ["javascript:x", None, None, None, None, None],  # not a link column
        }
    )
    safe = spreadsheet_safe(frame)
    assert safe["url"].to_list() == [
        "https://jobs.example/1",
        "HTTP://jobs.example/2",
        None,
        None,
        None,
        None,
    ]
    assert safe["company_url"].to_list() == [None, "http://acme.example", None, None, None, None]
    assert safe["curl"][0] == "javascript:x"
