"""The values the app's filters can take, read once per snapshot build.

May import: the standard library, polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from contract import vocab
from warehouse.read.connection import memoized, query, view_available

SENIORITY_ORDER: Final = vocab.SENIORITIES
PLACE_LEVEL_ORDER: Final = vocab.PLACE_LEVELS


@dataclass(frozen=True)
class FilterOptions:
    """Values the app's filters can take, read from the snapshot."""

    role_families: tuple[str, ...]
    countries: tuple[str, ...]
    months: tuple[date, ...]
    premium_segments: tuple[str, ...]
    pay_role_families: tuple[str, ...]
    seniorities: tuple[str, ...]


@dataclass(frozen=True)
class PostingFilterOptions:
    """Values the posting-level filters (seniority, source) can take, from out_postings."""

    seniorities: tuple[str, ...]
    sources: tuple[str, ...]


def filter_options() -> FilterOptions:
    """Role families, countries, months, premium segments and pay-band roles and levels.

    "all" comes first where present; seniorities follow the contract's order. Computed once
    per snapshot build.
    """
    return memoized("filter_options", _filter_options)  # type: ignore[return-value]


def _filter_options() -> FilterOptions:
    demand = query(
        ("out_skill_demand_monthly",),
        """
        -- the sparse mart stores the genai rows of every slice and month (the slice
        -- totals), so they carry every role, country and month: one pass over a small
        -- part of the mart
        SELECT list_sort(list_distinct(list(role_family))) AS role_families,
               list_sort(list_distinct(list(country))) AS countries,
               list_sort(list_distinct(list(month))) AS months
        FROM demand_base
        WHERE skill_id = $genai
           OR NOT EXISTS (SELECT 1 FROM demand_base WHERE skill_id = $genai)
        """,
        {"genai": vocab.GENAI_SKILL_ID},
    ).row(0, named=True)
    segments = query(
        ("out_skill_premiums",),
        "SELECT DISTINCT segment FROM out_skill_premiums ORDER BY segment",
        {},
    )
    pay = query(
        ("out_pay_bands",),
        """
        SELECT list_sort(list_distinct(list(role_family))) AS role_families,
               list_distinct(list(seniority)) AS seniorities
        FROM out_pay_bands
        """,
        {},
    ).row(0, named=True)
    return FilterOptions(
        role_families=all_first(demand["role_families"] or []),
        countries=all_first(demand["countries"] or []),
        months=tuple(demand["months"] or []),
        premium_segments=all_first(segments["segment"].to_list()),
        pay_role_families=tuple(pay["role_families"] or []),
        seniorities=in_vocabulary_order(pay["seniorities"] or [], SENIORITY_ORDER),
    )


def posting_filter_options() -> PostingFilterOptions:
    """Seniorities (in vocabulary order) and sources present in out_postings; empty when the
    snapshot publishes no postings index."""
    if not view_available("out_postings"):
        return PostingFilterOptions((), ())
    return memoized("posting_filter_options", _posting_filter_options)  # type: ignore[return-value]


def _posting_filter_options() -> PostingFilterOptions:
    row = query(
        ("out_postings",),
        """
        SELECT (SELECT list(seniority) FROM (SELECT DISTINCT seniority FROM out_postings
                                             WHERE seniority IS NOT NULL)) AS seniorities,
               (SELECT list(source ORDER BY source)
                FROM (SELECT DISTINCT source FROM out_postings WHERE source IS NOT NULL))
                   AS sources
        """,
        {},
    ).row(0, named=True)
    return PostingFilterOptions(
        seniorities=in_vocabulary_order(row["seniorities"] or [], SENIORITY_ORDER),
        sources=tuple(row["sources"] or []),
    )


def all_first(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(values, key=lambda value: (value != vocab.ALL, value)))


def in_vocabulary_order(values: Sequence[str], vocabulary: Sequence[str]) -> tuple[str, ...]:
    rank = {value: index for index, value in enumerate(vocabulary)}
    return tuple(sorted(values, key=lambda value: (rank.get(value, len(rank)), value)))
