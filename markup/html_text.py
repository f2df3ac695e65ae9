"""HTML to plain text, the one implementation shared by the parsers and the normalizers.

`html_to_text` is one pipeline, vectorized over a Polars string column: (1) the style's tag
rules turn markup into line breaks, list markers or nothing, (2) entities are decoded in one
pass, (3) the style's whitespace rules tidy spaces and lines, (4) the ends are trimmed. Tags go
before entities, so an escaped "&lt;b&gt;" stays visible as "<b>"; decoding is one pass, so
"&amp;lt;" becomes "&lt;" and not "<". Null stays null. `text_of` runs the same expression on
one string.

A `TextStyle` holds the rules; two are in use, and each reproduces what its callers produced
before the two copies became one:
- `PLAIN`, the normalizers' clean text for matching: script/style blocks and comments dropped,
  every block-level tag (p, div, li, br, headings, table rows and cells, ...) a line break,
  other tags dropped; entities from a fixed table (all named HTML5 entities that end in ";",
  decimal / hex entities for the code points postings use, non-breaking spaces as spaces,
  zero-width spaces as nothing); one space between words, no blank lines. "" stays "".
- `READABLE`, the parsers' staging text: `<br>` and closing p/div/h1-h6/ul/ol tags break lines,
  each `<li>` starts a "- " line, anything between "<" and ">" is dropped; entities exactly as
  Python's `html.unescape` reads them; runs of spaces, tabs and control spaces as one space,
  lines trimmed, blank lines kept (one at most), whitespace as Python's `str.isspace` defines
  it. Empty text becomes null.

May import: the standard library and polars (nothing of the project: every layer imports this).
"""

from __future__ import annotations

import html
import html.entities
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import polars as pl

Rules = tuple[tuple[str, str], ...]  # (regex, replacement) pairs, applied in order


@dataclass(frozen=True)
class TextStyle:
    """How HTML becomes text: tag rules, the entity reading, whitespace rules and trimming."""

    tags: Rules
    entities: Literal["table", "stdlib"]  # `entity_table()` or exactly `html.unescape`
    spaces: Rules
    trim: str | None  # characters trimmed from both ends; None: Unicode White_Space
    empty_is_null: bool


# ---------------------------------------------------------------- PLAIN (the normalizers)

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

PLAIN = TextStyle(
    tags=((_INVISIBLE_BLOCKS, " "), (_BLOCK_TAG, "\n"), (_ANY_TAG, "")),
    entities="table",
    spaces=(
        ("\r\n?", "\n"),
        (r"[^\S\n]+", " "),  # horizontal whitespace (Unicode) as one space
        (r" ?\n[\s]*", "\n"),  # a line break swallows the whitespace and blank lines after it
    ),
    trim=None,
    empty_is_null=False,
)

# ---------------------------------------------------------------- READABLE (the parsers)

# Python's whitespace (`str.isspace`, the `\s` of `re`): Unicode White_Space plus the
# information separators \x1c-\x1f, which the regex engine's \s leaves out.
_PY_SPACE = r"\s\x1C-\x1F"
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
# What `str.splitlines` breaks at, less \r, \v and \f (already spaces when this applies).
_LINE_BREAK = r"[\n\x1C\x1D\x1E\x85\x{2028}\x{2029}]"
# Whitespace that does not break a line: what `str.strip` takes off a line's ends.
_LINE_SPACE = rf"[{_PY_SPACE}&&[^\n\x0B\x0C\r\x1C\x1D\x1E\x85\x{{2028}}\x{{2029}}]]"
# `re.IGNORECASE` also lets "i" match the dotless ı and the dotted İ.
_I = "[iıİ]"

READABLE = TextStyle(
    tags=(
        (rf"(?i)<[{_PY_SPACE}]*(?:br|/p|/d{_I}v|/h[1-6]|/ul|/ol)[{_PY_SPACE}]*/?>", "\n"),
        (rf"(?i)<[{_PY_SPACE}]*l{_I}[^>]*>", "\n- "),
        (r"<[^>]+>", ""),
    ),
    entities="stdlib",
    spaces=(
        (r"[ \t\r\x0C\x0B]+", " "),
        (rf"{_LINE_SPACE}*{_LINE_BREAK}{_LINE_SPACE}*", "\n"),  # lines split and trimmed
        (rf"\n[{_PY_SPACE}]*\n+", "\n\n"),  # one blank line at most
    ),
    trim=PYTHON_WHITESPACE,
    empty_is_null=True,
)


# ---------------------------------------------------------------- the pipeline


def html_to_text(col: pl.Expr, style: TextStyle = PLAIN) -> pl.Expr:
    """Text from an HTML string column in `style` (null stays null)."""
    text = col
    for pattern, replacement in style.tags:
        text = text.str.replace_all(pattern, replacement)
    if style.entities == "table":
        text = decode_entities(text)
    else:
        # a batch at a time (not marked elementwise: on the parsers' small batches that is
        # several times faster)
        text = text.map_batches(unescape_as_stdlib, return_dtype=pl.String)
    for pattern, replacement in style.spaces:
        text = text.str.replace_all(pattern, replacement)
    text = text.str.strip_chars(style.trim)
    return text.replace("", None) if style.empty_is_null else text


@lru_cache(maxsize=4096)  # parsers see the same few snippets again and again
def text_of(markup: str | None, style: TextStyle = PLAIN) -> str | None:
    """`html_to_text` of one string (the same expression, on a one-row column)."""
    if markup is None:
        return None
    column = pl.Series("html", [markup], dtype=pl.String)
    return column.to_frame().select(_expression(style)).item()


@cache
def _expression(style: TextStyle) -> pl.Expr:
    return html_to_text(pl.col("html"), style)


# ---------------------------------------------------------------- entities

# Decimal / hex numeric entities of these code point ranges are in the table.
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
    """Entity spelling -> text, for PLAIN's single decoding pass."""
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
    """Unescape the table's entities in one Aho-Corasick pass (leftmost, longest spelling)."""
    table = entity_table()
    spellings = sorted(table, key=lambda s: (-len(s), s))
    return col.str.replace_many(spellings, [table[s] for s in spellings], leftmost=True)


# What `html.unescape` reads as one character reference (its own pattern, `html._charref`).
STDLIB_CHARREF = r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"


def unescape_as_stdlib(texts: pl.Series) -> pl.Series:
    """`html.unescape` of each text, in one Aho-Corasick pass over the column.

    `html.unescape` replaces each match of its pattern by a function of the match alone, so
    the column's distinct matches are decoded once each and replaced, longest first at each
    position. That is the stdlib's result: a match found elsewhere cannot start inside another
    (its "&" cannot be part of one) nor be longer than the match at its position (the pattern is
    greedy).
    """
    if not texts.str.contains("&", literal=True).any():
        return texts
    spellings = texts.str.extract_all(STDLIB_CHARREF).explode().drop_nulls().unique()
    if spellings.is_empty():
        return texts
    ordered = sorted(spellings.to_list(), key=lambda s: (-len(s), s))
    return texts.str.replace_many(ordered, [html.unescape(s) for s in ordered], leftmost=True)
