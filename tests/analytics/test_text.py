"""Tests for HTML -> plain text (analytics.normalize.text)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_series_equal

from analytics.normalize import text


def _convert(values: list[str | None]) -> list[str | None]:
    frame = pl.DataFrame({"html": values}, schema={"html": pl.String})
    return frame.select(text.html_to_text(pl.col("html")))["html"].to_list()


def test_paragraphs_lists_and_breaks_become_lines() -> None:
    html = (
        "<h2>About</h2><p>We build <b>models</b>.<br/>Daily.</p>"
        "<ul><li>PyTorch</li><li>SQL</li></ul>"
    )
    assert text.plain_text(html) == "About\nWe build models.\nDaily.\nPyTorch\nSQL"


def test_inline_tags_do_not_split_words() -> None:
    assert text.plain_text("<p>Py<span class='x'>Torch</span> and <a href='/x'>JAX</a></p>") == (
        "PyTorch and JAX"
    )


def test_script_style_and_comments_are_dropped() -> None:
    html = (
        "<style>p { color: red }</style><script>var s = '<p>hidden</p>';</script>"
        "<!-- internal note --><p>Visible</p>"
    )
    assert text.plain_text(html) == "Visible"


def test_table_cells_and_rows_are_separated() -> None:
    html = "<table><tr><td>Python</td><td>SQL</td></tr><tr><th>Go</th></tr></table>"
    assert text.plain_text(html) == "Python\nSQL\nGo"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("R&amp;D", "R&D"),
        ("a &lt;b&gt; tag", "a <b> tag"),
        ("&quot;quoted&quot; &#39;single&#39; &#039;padded&#039;", "\"quoted\" 'single' 'padded'"),
        ("it&#x2019;s &#X2019; &#8217;", "it’s ’ ’"),
        ("caf&eacute; &mdash; &hellip; &euro;5", "café — … €5"),
        ("a&nbsp;b &#160;c", "a b c"),
        ("launch &#128640;", "launch 🚀"),
        ("&amp;lt;", "&lt;"),
        ("C&#43;&#43; and C&#35;", "C++ and C#"),
        ("&unknownentity; stays", "&unknownentity; stays"),
        ("zero&#8203;width", "zerowidth"),
    ],
)
def test_entities_are_unescaped_once(html: str, expected: str) -> None:
    assert text.plain_text(html) == expected


def test_escaped_markup_stays_visible_as_text() -> None:
    assert text.plain_text("<p>Use &lt;br&gt; tags</p>") == "Use <br> tags"


def test_angle_brackets_that_are_not_tags_survive() -> None:
    assert text.plain_text("<p>latency < 10 ms and throughput > 1k/s</p>") == (
        "latency < 10 ms and throughput > 1k/s"
    )


def test_whitespace_collapses_and_lines_are_trimmed() -> None:
    html = "  <p>  Lots   of\t\tspace  </p>\r\n\r\n\n<div>   </div><p>Next\u00a0line </p>  "
    assert text.plain_text(html) == "Lots of space\nNext line"


def test_plain_text_without_tags_is_only_collapsed() -> None:
    assert text.plain_text("Python,  SQL\n\n\nand R") == "Python, SQL\nand R"


def test_null_stays_null_and_none_gives_empty_string() -> None:
    assert _convert([None, "<p>x</p>"]) == [None, "x"]
    assert text.plain_text(None) == ""
    assert text.plain_text("") == ""


def test_vectorized_column_matches_single_record_wrapper() -> None:
    rows = ["<p>A &amp; B</p>", "<ul><li>one</li><li>two</li></ul>", "", None, "plain"]
    frame = pl.DataFrame({"html": rows}, schema={"html": pl.String})
    column = frame.select(text.html_to_text(pl.col("html")))["html"]
    singles = pl.Series("html", [text.plain_text(r) if r is not None else None for r in rows])
    assert_series_equal(column, singles)


def test_entity_table_covers_named_and_numeric_forms() -> None:
    table = text.entity_table()
    assert table["&amp;"] == "&"
    assert table["&#x41;"] == "A"
    assert table["&#65;"] == "A"
    assert table["&nbsp;"] == " "
    assert all(key.startswith("&") and key.endswith(";") for key in table)
