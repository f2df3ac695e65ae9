"""How much of a posting's text the normalizers read, and valid Unicode for the one-record API.

Whatever a source sends, each normalizer's entry point reads at most a fixed number of
characters of each input, so time and memory per record are bounded (a 1 MB location string
took seconds and gigabytes: its comma-separated parts are compared in pairs). The caps are far
above anything real: the longest values in the real Ashby captures and the 60k sample are a
110-character title, a 290-character location and a 19,000-character description.

- `TITLE_CHARS` of a title (role family, seniority)
- `PLACE_CHARS` of a location text, `HINT_CHARS` of each structured address part
- `TEXT_CHARS` of a posting's plain text (skills, years of experience, duplicate detection)
- `HTML_CHARS` of a posting's HTML before it becomes plain text

Polars holds UTF-8 only, so a Python `str` with a lone surrogate ("ML \\ud800", invalid
Unicode a JSON escape can carry) cannot become a Series: `with_valid_text` makes a
single-record function take any `str`, each lone surrogate replaced with U+FFFD by
`markup.valid_text` (the one home of that cleanup).

May import: the standard library, polars, `markup`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

from markup import valid_text

TITLE_CHARS = 1_000
PLACE_CHARS = 500
HINT_CHARS = 200
TEXT_CHARS = 60_000
HTML_CHARS = 200_000

Function = TypeVar("Function", bound=Callable[..., Any])


def capped(series: pl.Series, chars: int) -> pl.Series:
    """The first `chars` characters of each string; the series itself when none is longer
    (checked on the byte lengths, which cost nothing to read)."""
    if series.dtype != pl.String or series.len() == 0:
        return series
    longest = series.str.len_bytes().max()
    if longest is None or int(longest) <= chars:  # type: ignore[arg-type]
        return series
    return series.str.slice(0, chars)


def capped_expr(expr: pl.Expr, chars: int) -> pl.Expr:
    """The first `chars` characters of each string of a column expression."""
    return expr.str.slice(0, chars)


def with_valid_text(function: Function) -> Function:
    """`function` taking its `str` arguments through `markup.valid_text` first (anything not a
    `str` as it is)."""

    def valid(value: Any) -> Any:
        return valid_text(value) if isinstance(value, str) else value

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        args = tuple(valid(value) for value in args)
        kwargs = {name: valid(value) for name, value in kwargs.items()}
        return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
