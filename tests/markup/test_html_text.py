"""Tests for HTML -> text (markup.html_text): the PLAIN style the normalizers read, the READABLE
style the parsers write, and the one pipeline behind both."""

from __future__ import annotations

import html
import random
import re
import sys

import polars as pl
import pytest
from polars.testing import assert_series_equal

import markup
from markup import PLAIN, READABLE, html_to_text, text_of
from markup.html_text import PYTHON_WHITESPACE, entity_table, unescape_as_stdlib


def _column(values: list[str | None], style: markup.TextStyle) -> list[str | None]:
    frame = pl.DataFrame({"html": values}, schema={"html": pl.String})
    return frame.select(html_to_text(pl.col("html"), style))["html"].to_list()


# ---------------------------------------------------------------- PLAIN


def test_paragraphs_lists_and_breaks_become_lines() -> None:
    html_text = (
        "<h2>About</h2><p>We build <b>models</b>.<br/>Daily.</p>"
        "<ul><li>PyTorch</li><li>SQL</li></ul>"
    )
    assert text_of(html_text) == "About\nWe build models.\nDaily.\nPyTorch\nSQL"


def test_inline_tags_do_not_split_words() -> None:
    assert text_of("<p>Py<span class='x'>Torch</span> and <a href='/x'>JAX</a></p>") == (
        "PyTorch and JAX"
    )


def test_script_style_and_comments_are_dropped() -> None:
    html_text = (
        "<style>p { color: red }</style><script>var s = '<p>hidden</p>';</script>"
        "<!-- internal note --><p>Visible</p>"
    )
    assert text_of(html_text) == "Visible"


def test_table_cells_and_rows_are_separated() -> None:
    html_text = "<table><tr><td>Python</td><td>SQL</td></tr><tr><th>Go</th></tr></table>"
    assert text_of(html_text) == "Python\nSQL\nGo"


@pytest.mark.parametrize(
    ("html_text", "expected"),
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
def test_plain_entities_are_unescaped_once(html_text: str, expected: str) -> None:
    assert text_of(html_text, PLAIN) == expected


def test_escaped_markup_stays_visible_as_text() -> None:
    assert text_of("<p>Use &lt;br&gt; tags</p>") == "Use <br> tags"


def test_angle_brackets_that_are_not_tags_survive() -> None:
    assert text_of("<p>latency < 10 ms and throughput > 1k/s</p>") == (
        "latency < 10 ms and throughput > 1k/s"
    )


def test_whitespace_collapses_and_lines_are_trimmed() -> None:
    html_text = "  <p>  Lots   of\t\tspace  </p>\r\n\r\n\n<div>   </div><p>Next\u00a0line </p>  "
    assert text_of(html_text) == "Lots of space\nNext line"


def test_plain_text_without_tags_is_only_collapsed() -> None:
    assert text_of("Python,  SQL\n\n\nand R") == "Python, SQL\nand R"


def test_plain_keeps_empty_text_and_null() -> None:
    assert _column([None, "<p>x</p>", ""], PLAIN) == [None, "x", ""]
    assert text_of(None) is None


def test_entity_table_covers_named_and_numeric_forms() -> None:
    table = entity_table()
    assert table["&amp;"] == "&"
    assert table["&#x41;"] == "A"
    assert table["&#65;"] == "A"
    assert table["&nbsp;"] == " "
    assert all(key.startswith("&") and key.endswith(";") for key in table)


# ---------------------------------------------------------------- READABLE


def test_readable_keeps_lines_blank_lines_and_list_items() -> None:
    assert text_of("<p>Hello &amp; welcome</p><ul><li>Python</li><li>SQL</li></ul>", READABLE) == (
        "Hello & welcome\n\n- Python\n- SQL"
    )
    assert text_of("<p>one</p>\n\n\n<p>two</p>", READABLE) == "one\n\ntwo"


def test_readable_makes_empty_text_null() -> None:
    assert _column(["", "  <br> ", None, "x"], READABLE) == [None, None, None, "x"]
    assert text_of("", READABLE) is None


@pytest.mark.parametrize(
    "entity",
    [
        *("&amp", "&ampfoo", "&notit;", "&notin", "&#65", "&#x41", "&#000065;", "&#0;", "&#128;"),
        *("&#x80;", "&#xD800;", "&#1114112;", "&#11;", "&#xfdd0;", "&#&#65;", "&&amp;", "&#;"),
        *("&" + "a" * 40, "&CounterClockwiseContourIntegral;", "&amp;lt;", "&#38;amp;", "& x"),
    ],
)
def test_readable_entities_read_as_html_unescape_reads_them(entity: str) -> None:
    texts = pl.Series([f"a{entity}b", entity, None, "plain"], dtype=pl.String)
    expected = [html.unescape(t) if t is not None else None for t in texts]
    assert unescape_as_stdlib(texts).to_list() == expected


def test_python_whitespace_is_what_str_isspace_says() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(PYTHON_WHITESPACE) == spaces


# The parsers' function before it became the READABLE style, kept as the oracle READABLE must
# reproduce exactly (staging rows must not change).
_BLOCK_BREAK = re.compile(r"<\s*(br|/p|/div|/h[1-6]|/ul|/ol)\s*/?>", re.IGNORECASE)
_LIST_ITEM = re.compile(r"<\s*li[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _former_parser_text(fragment: str | None) -> str | None:
    if not fragment:
        return None
    text = _BLOCK_BREAK.sub("\n", fragment)
    text = _LIST_ITEM.sub("\n- ", text)
    text = re.sub(r"[ \t\r\f\v]+", " ", html.unescape(_TAG.sub("", text)))
    text = "\n".join([line.strip() for line in text.splitlines()])
    return _BLANK_LINES.sub("\n\n", text).strip() or None


_TOKENS = [
    *("<br>", "<br/>", "<BR />", "< br>", "<\x1cbr\x1f/>", "</p>", "</ p>", "</P >", "</dıv>"),
    *("</dİv>", "</DIV>", "</h1>", "</h7>", "</ul>", "</ol>", "<li>", "<LI class=x>", "<lı>"),
    *("<link rel=x>", "<p>", "<div>", "<script>x<p>y</p></script>", "<!-- c -->", "<td>"),
    *("<a href='x>y'>", "<", ">", "< 5 >", "a<b", "<<p>>", "<br\n>", "<li\n>", "<span\tclass=x>"),
    *("&amp;", "&amp", "&ampx", "&amp;lt;", "&#38;amp;", "&notit;", "&notin", "&nbsp;", "&nbsp"),
    *("&#65", "&#X41;", "&#0;", "&#128;", "&#xD800;", "&#1114112;", "&#11;", "&#x1F680;", "&#9;"),
    *("&#10;", "&#13;", "&#160;", "&#8203;", "&#x2028;", "&#133;", "&#28;", "&#31;", "&#12;"),
    *("&eacute;", "&hellip;", "&lt", "&LT", "&unknown;", "&", "&#", ";", "#", "&zwnj;", "&#x0b;"),
    *(" ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f"),
    *("\x85", "\xa0", "\u1680", "\u2003", "\u2028", "\u2029", "\u202f", "\u3000", "\u200b"),
    *("ı", "İ", "ſ", "é", "€", "🚀", "-", " - ", "Python", "SQL", "x y", "a", "1"),
]


def test_readable_reproduces_the_former_parser_function() -> None:
    rng = random.Random(10)
    texts: list[str | None] = [
        "".join(rng.choice(_TOKENS) for _ in range(rng.choice([0, 1, 2, 3, 5, 8, 13, 21])))
        for _ in range(4000)
    ]
    texts += [None, ""]
    expected = [_former_parser_text(text) for text in texts]
    differ = [
        (text, want, got)
        for text, want, got in zip(texts, expected, _column(texts, READABLE), strict=True)
        if want != got
    ]
    assert not differ, differ[:5]
    assert [text_of(text, READABLE) for text in texts[:300]] == expected[:300]


# ---------------------------------------------------------------- one pipeline


@pytest.mark.parametrize("style", [PLAIN, READABLE], ids=["plain", "readable"])
def test_column_matches_the_single_string_wrapper(style: markup.TextStyle) -> None:
    rows = ["<p>A &amp; B</p>", "<ul><li>one</li><li>two</li></ul>", "", None, "plain"]
    frame = pl.DataFrame({"html": rows}, schema={"html": pl.String})
    column = frame.select(html_to_text(pl.col("html"), style))["html"]
    singles = pl.Series("html", [text_of(row, style) for row in rows], dtype=pl.String)
    assert_series_equal(column, singles)
