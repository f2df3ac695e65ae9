"""Taxonomy growth: tech-looking terms in posting texts that no skill alias covers yet, by the
number of postings naming them, for a reviewer deciding what to add to `skills.yml`.

Tech-looking: CamelCase or mixed case (PyTorch, vLLM), letters with digits (H100), dotted names
(Next.js) and capitalised words inside a list (", Qdrant"); ids and hashes, stopwords and every
known alias (compared without separators) are left out.

May import: the standard library, polars and `analytics.normalize.skills`.
"""

from __future__ import annotations

import re
from functools import cache

import polars as pl

from analytics.normalize.skills import known_alias_keys, require_string

# Tech-looking tokens: CamelCase / mixed case (PyTorch, vLLM), letters with digits (H100),
# dotted names (Next.js), and capitalised words inside a list (", Qdrant", "/Triton").
_TECH_TOKEN = (
    r"(?-u:\b)[A-Za-z]*[a-z][A-Z][A-Za-z0-9]*(?-u:\b)"
    r"|(?-u:\b)[A-Za-z]+[0-9][A-Za-z0-9]*(?-u:\b)"
    r"|(?-u:\b)[A-Za-z][A-Za-z0-9]*\.(?:js|ai|io|py|rs|cpp)(?-u:\b)"
    r"|(?:, |/|\()[A-Z][a-z][a-z0-9]+(?-u:\b)"
)
_PLAIN_CAPITALISED = r"^[A-Z][a-z][a-z0-9]+$"
# Random ids and hashes: 3+ digits in a token of 8+ characters, or very long tokens.
_ID_LIKE = r"^(?:.*[0-9].*[0-9].*[0-9].*)$"
_ID_MIN_LENGTH = 8
_MAX_TERM_LENGTH = 30
# A known name with its version glued on ("Python3.11", "Angular14") is known: the extractor
# splits the version off (analytics.normalize.skills, step 2).
_GLUED_VERSION_NAME = r"^([a-z][a-z+#]{2,15})[0-9]{1,2}(?:\.[0-9]{1,2})*$"
_CANDIDATE_FACTOR = 5
_TERM_STOPWORDS = frozenset(
    {
        *("and", "or", "the", "we", "you", "our", "inc", "llc", "ltd", "etc", "including"),
        *("such", "with", "for", "in", "on", "of", "to", "as", "at", "by", "ms", "mr", "dr"),
        *("q1", "q2", "q3", "q4", "h1b", "w2", "401k", "covid19", "phd"),
    }
)


def _term_key(expr: pl.Expr) -> pl.Expr:
    return expr.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}+#.]+", "")


@cache
def _known_term_keys() -> frozenset[str]:
    """Keys of every alias, case-sensitive alias and plural form, and the stopwords."""
    return known_alias_keys() | _TERM_STOPWORDS


def _tech_mentions(texts: pl.Series) -> pl.DataFrame:
    """One row per tech-looking token: posting, term, key (known aliases and ids removed)."""
    term = pl.col("term")
    return (
        pl.DataFrame({"text": texts.cast(pl.String)})
        .with_row_index("posting")
        .select("posting", pl.col("text").fill_null("").str.extract_all(_TECH_TOKEN).alias("term"))
        .explode("term")
        .drop_nulls("term")
        .with_columns(term.str.strip_chars_start(", /("))
        .with_columns(_term_key(term).alias("key"))
        .filter(
            ~pl.col("key").is_in(sorted(_known_term_keys())),
            ~pl.col("key")
            .str.extract(_GLUED_VERSION_NAME, 1)
            .is_in(sorted(_known_term_keys()))
            .fill_null(False),
            term.str.len_chars() <= _MAX_TERM_LENGTH,
            ~(term.str.contains(_ID_LIKE) & (term.str.len_chars() >= _ID_MIN_LENGTH)),
        )
    )


def _term_counts(mentions: pl.DataFrame) -> pl.DataFrame:
    spelling = (
        mentions.group_by("key", "term")
        .len()
        .sort(["key", "len", "term"], descending=[False, True, False])
        .unique("key", keep="first", maintain_order=True)
        .select("key", "term")
    )
    counts = mentions.group_by("key").agg(
        pl.col("posting").n_unique().cast(pl.Int64).alias("n_postings"),
        pl.len().cast(pl.Int64).alias("n_mentions"),
    )
    return counts.join(spelling, on="key").sort(
        ["n_postings", "n_mentions", "term"], descending=[True, True, False]
    )


def _lowercase_counts(texts: pl.Series, words: list[str]) -> pl.DataFrame:
    """How often each (lower-case) word appears written in lower case: key, n_lowercase."""
    schema = {"key": pl.String, "n_lowercase": pl.Int64}
    if not words:
        return pl.DataFrame(schema=schema)
    pattern = "(?-u:\\b)(?:" + "|".join(re.escape(w) for w in words) + ")(?-u:\\b)"
    return (
        pl.DataFrame({"text": texts.cast(pl.String)})
        .select(pl.col("text").fill_null("").str.extract_all(pattern).alias("key"))
        .explode("key")
        .drop_nulls("key")
        .group_by("key")
        .agg(pl.len().cast(pl.Int64).alias("n_lowercase"))
        .cast(schema)
    )


def unknown_tech_terms(texts: pl.Series, top: int = 50) -> pl.DataFrame:
    """Tech-looking terms that no taxonomy alias covers, by number of postings naming them.

    Columns: term (most frequent spelling), n_postings, n_mentions; at most `top` rows. A plain
    capitalised word ("Product", "Dental") is dropped when the texts use it in lower case at least
    as often, since then it is an ordinary word at the start of a list item.
    """
    require_string(texts, f"unknown_tech_terms: series {texts.name!r}")
    if top < 1:
        raise ValueError(f"unknown_tech_terms: top must be >= 1, got {top}")
    candidates = _term_counts(_tech_mentions(texts)).head(top * _CANDIDATE_FACTOR)
    plain = candidates.filter(pl.col("term").str.contains(_PLAIN_CAPITALISED))["key"].to_list()
    lowercase = _lowercase_counts(texts, plain)
    return (
        candidates.join(lowercase, on="key", how="left")
        .filter(
            ~pl.col("term").str.contains(_PLAIN_CAPITALISED)
            | (pl.col("n_lowercase").fill_null(0) < pl.col("n_mentions"))
        )
        .select("term", "n_postings", "n_mentions")
        .head(top)
    )
