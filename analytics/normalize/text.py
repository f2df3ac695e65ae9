"""Plain text from posting HTML, as a vectorized Polars expression.

`html_to_text` drops script/style blocks and comments, turns block-level tags (p, div, li, br,
headings, table rows and cells, ...) into line breaks, strips every other tag, unescapes HTML
entities (all named HTML5 entities that end in ";" and decimal / hex numeric entities for the
code points postings use: Latin, punctuation, currency, letterlike, arrows, math, shapes, dingbats
and common emoji), then collapses whitespace: runs of spaces become one space, blank lines
collapse, lines and the whole text are trimmed. Tags are removed before entities are decoded, so
an escaped "&lt;b&gt;" stays visible as "<b>"; decoding is one Aho-Corasick pass, so "&amp;lt;"
becomes "&lt;" and not "<". Null stays null.

May import: the standard library and polars.
"""

from __future__ import annotations

import html.entities
from functools import cache

import polars as pl

_INVISIBLE_BLOCKS = (
    r"(?is)<script\b.*?</script\s*>|<style\b.*?</style\s*>|<head\b.*?</head\s*>"
    r"|<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>|<\?.*?\?>"
)
_BLOCK_TAGS = (
    *("address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"),
    *("figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li"),
    *("main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th"),
    *("thead", "tr", "ul"),
)
_BLOCK_TAG = r"(?i)</?\s*(?:" + "|".join(_BLOCK_TAGS) + r")\b[^>]*>"
_ANY_TAG = r"</?[A-Za-z][A-Za-z0-9:-]*\b[^>]*>"
_HORIZONTAL_SPACE = r"[^\S\n]+"
_LINE_BREAKS = r" ?\n[\s]*"
# Code point ranges whose numeric entities are decoded.
_NUMERIC_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x24F),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x21FF),
    (0x2200, 0x22FF),
    (0x2300, 0x23FF),
    (0x2460, 0x24FF),
    (0x2500, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x1F300, 0x1F6FF),
    (0x1F900, 0x1F9FF),
)
_NUMERIC_WHITESPACE = (0x09, 0x0A, 0x0D)


def _numeric_spellings(code: int) -> list[str]:
    """The ways postings spell one numeric entity: decimal (0-padded) and hex, any case."""
    decimal = [f"&#{code};", f"&#{code:03d};", f"&#{code:04d};"]
    hexadecimal = [f"&#{x}{h};" for x in "xX" for h in {f"{code:x}", f"{code:X}", f"{code:04x}"}]
    return list(dict.fromkeys(decimal + hexadecimal))


@cache
def entity_table() -> dict[str, str]:
    """Entity spelling -> text, for the single decoding pass."""
    table = {f"&{name}": value for name, value in html.entities.html5.items() if name[-1] == ";"}
    codes = [c for lo, hi in _NUMERIC_RANGES for c in range(lo, hi + 1)]
    for code in [*_NUMERIC_WHITESPACE, *codes]:
        for spelling in _numeric_spellings(code):
            table[spelling] = chr(code)
    # Non-breaking and zero-width spaces read as plain space / nothing in running text.
    for spelling, text in list(table.items()):
        if text in ("\xa0", "\u2007", "\u202f"):
            table[spelling] = " "
        elif text in ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"):
            table[spelling] = ""
    return table


def decode_entities(col: pl.Expr) -> pl.Expr:
    """Unescape HTML entities in one Aho-Corasick pass (leftmost, longest spelling first)."""
    table = entity_table()
    spellings = sorted(table, key=lambda s: (-len(s), s))
    return col.str.replace_many(spellings, [table[s] for s in spellings], leftmost=True)


def collapse_whitespace(col: pl.Expr) -> pl.Expr:
    """One space between words, one newline between lines, no blank lines, trimmed."""
    return (
        col.str.replace_all("\r\n?", "\n")
        .str.replace_all(_HORIZONTAL_SPACE, " ")
        .str.replace_all(_LINE_BREAKS, "\n")
        .str.strip_chars()
    )


def html_to_text(col: pl.Expr) -> pl.Expr:
    """Plain text from an HTML string column (null stays null)."""
    stripped = (
        col.str.replace_all(_INVISIBLE_BLOCKS, " ")
        .str.replace_all(_BLOCK_TAG, "\n")
        .str.replace_all(_ANY_TAG, "")
    )
    return collapse_whitespace(decode_entities(stripped))


def plain_text(html_text: str | None) -> str:
    """Plain text of one HTML string (same code path as `html_to_text`); None -> ""."""
    frame = pl.DataFrame({"html": [html_text]}, schema={"html": pl.String})
    result = frame.select(html_to_text(pl.col("html")))["html"][0]
    return result if result is not None else ""
