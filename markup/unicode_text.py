"""Text Python can hold but UTF-8 (and so Arrow, Polars, DuckDB and JSON) cannot: lone
surrogates, the invalid UTF-16 halves a JSON escape like "\\ud800" can carry. The one home of
their cleanup, shared by the parsers (ingest) and the normalizers (analytics):
- `valid_text`: each lone surrogate becomes U+FFFD (a pair written as two halves becomes its
  character); for text, where a replacement character reads as what it is;
- `valid_key`: each lone surrogate is written as its escape ("\\ud800"), so two names that
  differ only there stay two; for ids, file names and record labels.
Valid text (nearly all of it) is returned as is, after one cheap encode.

May import: the standard library only.
"""

from __future__ import annotations


def valid_text(text: str) -> str:
    """`text` with every lone surrogate replaced by U+FFFD (a pair written as two halves
    becomes its character); text that is valid already is returned as is, cheaply."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return text


def valid_key(text: str) -> str:
    """`text` with every lone surrogate written as its escape (`\\ud800`): distinct names
    stay distinct; text that is valid already is returned as is."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text
