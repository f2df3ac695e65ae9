"""What pay text the parser reads: validated inputs and the hostile-input caps.

`validated_texts` / `validated_hints` check the vectorized API's arguments (raising with the
record named); `capped_text` keeps the first MAX_TEXT_HEAD and last MAX_TEXT_TAIL characters
of a text (pay often closes a long description) and blanks runs of 13+ digits, so parsing time
is bounded whatever a source sends.

May import: the standard library and polars.
"""

from __future__ import annotations

import polars as pl

# Hostile-input caps: characters read from the start and the end of a text. On the real Ashby
# captures (descriptions up to 12k characters) no parsed pay changes with these caps.
MAX_TEXT_HEAD = 6_000
MAX_TEXT_TAIL = 4_000


def validated_hints(texts: pl.Series, country_hints: pl.Series | None) -> pl.Series:
    """Upper-cased alpha-2 hints aligned with texts; raises on a length or format mismatch."""
    if country_hints is None:
        return pl.Series("hint", [None] * len(texts), dtype=pl.String)
    if len(country_hints) != len(texts):
        raise ValueError(
            f"country_hints has {len(country_hints)} rows but texts has {len(texts)}; "
            "they must align one to one"
        )
    hints = country_hints.cast(pl.String).str.strip_chars().str.to_uppercase()
    bad = hints.is_not_null() & ~hints.str.contains(r"^[A-Z]{2}$")
    if bad.any():
        first = int(bad.arg_true()[0])
        raise ValueError(
            f"country hint at record {first} is {country_hints[first]!r}: "
            "expected an ISO 3166-1 alpha-2 code such as 'US' or null"
        )
    return hints.alias("hint")


def validated_texts(texts: pl.Series) -> pl.Series:
    """Texts as a String series; raises when the series holds something else."""
    if texts.dtype == pl.Null:
        return texts.cast(pl.String)
    if texts.dtype != pl.String:
        raise ValueError(f"texts must be a String series, got dtype {texts.dtype}")
    return texts


def capped_text(text: pl.Expr) -> pl.Expr:
    """The part of a text pay is read from: its first MAX_TEXT_HEAD and last MAX_TEXT_TAIL
    characters (pay often closes a long description), with runs of 13+ digits blanked."""
    n = text.str.len_chars()
    long = n > MAX_TEXT_HEAD + MAX_TEXT_TAIL
    capped = pl.when(long).then(
        text.str.slice(0, MAX_TEXT_HEAD) + " \n " + text.str.slice(-MAX_TEXT_TAIL)
    )
    return capped.otherwise(text).str.replace_all(r"[0-9]{13,}", " ")
