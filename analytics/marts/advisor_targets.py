"""`out_advisor_targets`: the advisor's target postings with their skill sets as bits, so the
read API counts a learner's coverage gains and learning path over a few integer columns of one
role's rows instead of decoding every skill list of the postings index.

One row per canonical posting first posted in the advisor's window: the last `window_months`
calendar months of the data, as `analytics.marts.advisor.recent_postings` (the latest month
included). Columns as `out_postings` has them (role_family "other" and country "unknown" when
missing, month = first day of the month first posted, seniority), n_skills = distinct skills
named, and the skill set in ADVISOR_SKILL_WORDS unsigned 64-bit columns: bit b of
skill_bits_w is set when the posting names skill 64 w + b of `skill_order` (the skill ids of the
published `skills` table, sorted). Ordered by the read's filter columns (contract read_order).
The rows are `advisor_target_rows` of the postings and the window's first month, row by row,
so the Spark engine makes them per Arrow batch with the same function.

May import: polars, `contract`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from contract.marts import mart
from contract.marts.advisor import ADVISOR_SKILL_WORDS

MONTHS = mart("out_skill_advisor").threshold_int("window_months")
BITS_PER_WORD = 64
BIT_COLUMNS = tuple(f"skill_bits_{word}" for word in range(ADVISOR_SKILL_WORDS))
TARGETS_SCHEMA: dict[str, pl.DataType] = {
    "role_family": pl.String(),
    "country": pl.String(),
    "seniority": pl.String(),
    "month": pl.Date(),
    "n_skills": pl.Int64(),
    **{column: pl.UInt64() for column in BIT_COLUMNS},
}
TARGETS_ORDER = ("role_family", "country", "seniority", "month")  # the read's filter columns


def skill_order(skill_ids: Sequence[str]) -> list[str]:
    """The skills in bit order (sorted ids); a ValueError when they do not fit the columns."""
    ordered = sorted(set(skill_ids))
    if len(ordered) > ADVISOR_SKILL_WORDS * BITS_PER_WORD:
        raise ValueError(
            f"out_advisor_targets: {len(ordered)} skills do not fit its "
            f"{ADVISOR_SKILL_WORDS * BITS_PER_WORD} skill bits; add skill_bits_ columns to the "
            "contract (ADVISOR_SKILL_WORDS)"
        )
    return ordered


def window_start(last: date) -> date:
    """The first day of the advisor's window ending with the month of `last`."""
    return pl.Series([last]).dt.truncate("1mo").dt.offset_by(f"-{MONTHS - 1}mo")[0]


def advisor_target_rows(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, order: Sequence[str], start: date
) -> pl.DataFrame:
    """The target rows (unordered) of the postings first posted from the month `start` on,
    their skills as bits of `order` (`skill_order`'s). Row by row: any subset of the postings
    with their skills gives its own rows (the Spark engine runs it per Arrow batch)."""
    window = postings.filter(pl.col("posted_date").dt.truncate("1mo") >= start).select(
        "posting_id",
        pl.col("role_family").fill_null("other"),
        pl.col("country").fill_null("unknown"),
        pl.col("seniority").cast(pl.String),
        pl.col("posted_date").dt.truncate("1mo").alias("month"),
    )
    codes = pl.DataFrame(
        {
            "skill_id": order,
            "_word": [i // BITS_PER_WORD for i in range(len(order))],
            "_bit": pl.Series(
                [1 << (i % BITS_PER_WORD) for i in range(len(order))], dtype=pl.UInt64
            ),
        }
    )
    named = (
        posting_skills.select("posting_id", "skill_id")
        .join(window.select("posting_id"), on="posting_id", how="semi")
        .unique()
        .join(codes, on="skill_id", how="left")
    )
    unknown = named.filter(pl.col("_bit").is_null())
    if unknown.height:
        first = unknown.row(0, named=True)
        raise ValueError(
            f"out_advisor_targets: posting {first['posting_id']} names skill "
            f"{first['skill_id']!r}, which is not in the skills table"
        )
    # a posting's distinct skills have distinct bits: their sum per word is their union
    bits = named.group_by("posting_id").agg(
        pl.len().cast(pl.Int64).alias("n_skills"),
        *[
            pl.col("_bit").filter(pl.col("_word") == word).sum().cast(pl.UInt64).alias(column)
            for word, column in enumerate(BIT_COLUMNS)
        ],
    )
    return (
        window.join(bits, on="posting_id", how="left")
        .with_columns(pl.col("n_skills", *BIT_COLUMNS).fill_null(0))
        .select([pl.col(c).cast(t) for c, t in TARGETS_SCHEMA.items()])
    )


def out_advisor_targets(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, skill_ids: Sequence[str]
) -> pl.DataFrame:
    """The advisor's target postings (see the module docstring); `skill_ids` are the published
    skills. A posting skill outside them is a ValueError naming it."""
    order = skill_order(skill_ids)
    if postings.height == 0:
        return pl.DataFrame(schema=TARGETS_SCHEMA)
    start = window_start(postings["posted_date"].max())
    return advisor_target_rows(postings, posting_skills, order, start).sort(
        *TARGETS_ORDER, nulls_last=True
    )
