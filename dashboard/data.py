"""Cached reads for the pages: each wraps one `warehouse.queries` function in `st.cache_data`.

Every wrapper takes the snapshot's `build_id` first. It is part of the cache key (the body does
not need it), so a newly published snapshot is never answered from an older one's cache.

May import: `warehouse.queries`, streamlit, polars and the standard library.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
import streamlit as st

from warehouse import queries

CACHE = st.cache_data(show_spinner=False, max_entries=256)


def manifest() -> dict[str, Any]:
    """The published snapshot's manifest, read afresh each run (it names the build to cache on)."""
    return queries.snapshot_manifest()


@CACHE
def filter_options(build_id: str) -> queries.FilterOptions:
    return queries.filter_options()


@CACHE
def skill_catalog(build_id: str) -> pl.DataFrame:
    return queries.skill_catalog()


@CACHE
def demand_trend(
    build_id: str, skill_ids: tuple[str, ...], role_family: str, country: str
) -> pl.DataFrame:
    return queries.demand_trend(list(skill_ids), role_family, country)


@CACHE
def genai_share_trend(build_id: str, role_family: str, country: str) -> pl.DataFrame:
    return queries.genai_share_trend(role_family, country)


@CACHE
def top_skills(
    build_id: str, month: date | None, role_family: str, country: str, n: int
) -> pl.DataFrame:
    return queries.top_skills(month, role_family, country, n)


@CACHE
def headline_numbers(build_id: str, role_family: str, country: str) -> pl.DataFrame:
    return queries.headline_numbers(role_family, country)


@CACHE
def premiums(build_id: str, segment: str) -> pl.DataFrame:
    return queries.premiums(segment)


@CACHE
def pay_snapshot(build_id: str, place_id: str) -> pl.DataFrame:
    return queries.pay_snapshot(place_id)


@CACHE
def pay_band_places(
    build_id: str, role_family: str | None = None, seniority: str | None = None
) -> pl.DataFrame:
    return queries.pay_band_places(role_family, seniority)


@CACHE
def pay_band_alternatives(
    build_id: str, role_family: str, seniority: str, country: str | None, n: int = 5
) -> pl.DataFrame:
    return queries.pay_band_alternatives(role_family, seniority, country, n)


@CACHE
def pay_band_postings(
    build_id: str, role_family: str, seniority: str, place_id: str
) -> pl.DataFrame:
    return queries.pay_band_postings(role_family, seniority, place_id)


@CACHE
def pay_band_beyond_base(
    build_id: str, role_family: str, seniority: str, place_id: str
) -> pl.DataFrame:
    return queries.pay_band_beyond_base(role_family, seniority, place_id)


@CACHE
def thin_cell_postings(
    build_id: str, role_family: str, seniority: str, place_id: str
) -> pl.DataFrame:
    return queries.thin_cell_postings(role_family, seniority, place_id)


@CACHE
def pay_band_companies(
    build_id: str, role_family: str, seniority: str, place_id: str
) -> pl.DataFrame:
    return queries.pay_band_companies(role_family, seniority, place_id)


@CACHE
def pay_band(build_id: str, role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    return queries.pay_band(role_family, seniority, place_id)


@CACHE
def pay_band_year_earlier(
    build_id: str, role_family: str, seniority: str, place_id: str
) -> pl.DataFrame:
    return queries.pay_band_year_earlier(role_family, seniority, place_id)


@CACHE
def offer_percentile(
    build_id: str, role_family: str, seniority: str, place_id: str, amount: float
) -> queries.OfferPosition:
    return queries.offer_percentile(role_family, seniority, place_id, amount)


@CACHE
def premium_forest(build_id: str, segment: str, n: int) -> pl.DataFrame:
    return queries.premium_forest(segment, n)


@CACHE
def suppressed_premiums(build_id: str, segment: str) -> pl.DataFrame:
    return queries.suppressed_premiums(segment)


@CACHE
def ladder_skills(build_id: str) -> pl.DataFrame:
    return queries.ladder_skills()


@CACHE
def premium_ladder(build_id: str, skill_id: str) -> pl.DataFrame:
    return queries.premium_ladder(skill_id)


@CACHE
def premium_decomposition(build_id: str, skill_id: str) -> pl.DataFrame:
    return queries.premium_decomposition(skill_id)


@CACHE
def ladder_claims(build_id: str) -> pl.DataFrame:
    return queries.ladder_claims()


@CACHE
def ladder_postings(build_id: str, skill_id: str, rung: int, side: str, limit: int) -> pl.DataFrame:
    return queries.ladder_postings(skill_id, rung, side, limit)


@CACHE
def demand_supply_windows(build_id: str) -> tuple[date, ...]:
    return queries.demand_supply_windows()


@CACHE
def demand_supply_skills(build_id: str) -> pl.DataFrame:
    return queries.demand_supply_skills()


@CACHE
def demand_supply(build_id: str, skill_id: str, window_end: date | None) -> pl.DataFrame:
    return queries.demand_supply(skill_id, window_end)


@CACHE
def demand_supply_from(
    build_id: str, skill_id: str, window_end: date | None, supply_source: str
) -> pl.DataFrame:
    return queries.demand_supply(skill_id, window_end, supply_source)


@CACHE
def place_names(build_id: str) -> pl.DataFrame:
    """Places named in the pay-band mart (place_level, place_id, place_name), for metro names."""
    return queries.pay_band_places()


@CACHE
def mart_rows(build_id: str, name: str, max_rows: int) -> queries.MartRows:
    return queries.mart_rows(name, max_rows)


@CACHE
def posting_filter_options(build_id: str) -> queries.PostingFilterOptions:
    return queries.posting_filter_options()


@CACHE
def coverage_total(build_id: str) -> dict[str, Any]:
    """The whole snapshot's coverage row (postings, crawls, postings open at the first
    crawl)."""
    total = queries.coverage_by(None)
    return total.row(0, named=True) if total.height else {}


@CACHE
def view_available(build_id: str, view: str) -> bool:
    return queries.view_available(view)


@CACHE
def demand_trend_in_period(
    build_id: str,
    skill_ids: tuple[str, ...],
    role_family: str,
    country: str,
    start: date | None,
    end: date | None,
    seniority: str = "all",
    source: str = "all",
    state: str = "all",
    metro_code: str = "all",
) -> pl.DataFrame:
    return queries.demand_trend(
        list(skill_ids), role_family, country, start, end, seniority, source, state, metro_code
    )


@CACHE
def posting_trend(
    build_id: str,
    skill_ids: tuple[str, ...],
    role_family: str,
    country: str,
    seniority: str,
    source: str,
    start: date | None,
    end: date | None,
    state: str = "all",
    metro_code: str = "all",
) -> pl.DataFrame:
    return queries.posting_trend(
        list(skill_ids), role_family, country, seniority, source, start, end, state, metro_code
    )


@CACHE
def demand_places(build_id: str) -> pl.DataFrame:
    return queries.demand_places()


@CACHE
def postings_page(
    build_id: str,
    skill_id: str | None,
    month: date | None,
    role_family: str,
    country: str,
    seniority: str,
    source: str,
    state: str,
    metro_code: str,
    offset: int,
    limit: int,
) -> pl.DataFrame:
    return queries.postings_page(
        skill_id, month, role_family, country, seniority, source, state, metro_code, offset, limit
    )


@CACHE
def emerging_skills(
    build_id: str, direction: str, role_family: str, country: str, n: int
) -> pl.DataFrame:
    return queries.emerging_skills(direction, role_family, country, n)  # type: ignore[arg-type]


@CACHE
def emerging_counts(build_id: str, role_family: str, country: str) -> dict[str, int]:
    return queries.emerging_counts(role_family, country)


@CACHE
def skill_role_heatmap(
    build_id: str, country: str, start: date | None, end: date | None, n_skills: int
) -> pl.DataFrame:
    return queries.skill_role_heatmap(country, start, end, n_skills)


@CACHE
def postings_sample(
    build_id: str,
    skill_id: str | None,
    month: date | None,
    role_family: str,
    country: str,
    seniority: str,
    source: str,
    start: date | None,
    end: date | None,
    limit: int,
) -> pl.DataFrame:
    return queries.postings_sample(
        skill_id, month, role_family, country, seniority, source, start, end, limit
    )


@CACHE
def advisor_cells(build_id: str) -> pl.DataFrame:
    return queries.advisor_cells()


@CACHE
def advisor_given_skills(build_id: str, role_family: str, place_id: str) -> pl.DataFrame:
    return queries.advisor_given_skills(role_family, place_id)


@CACHE
def recommend_next_skills(
    build_id: str,
    my_skills: tuple[str, ...],
    role_family: str,
    place_id: str,
    top: int,
    seniority: str = "all",
) -> pl.DataFrame:
    return queries.recommend_next_skills(list(my_skills), role_family, place_id, top, seniority)


@CACHE
def advisor_targets_for(build_id: str, my_skills: tuple[str, ...], n: int = 5) -> pl.DataFrame:
    return queries.advisor_targets_for(list(my_skills), n)


@CACHE
def learning_path(
    build_id: str,
    my_skills: tuple[str, ...],
    role_family: str,
    place_id: str,
    seniority: str,
    steps: int,
) -> pl.DataFrame:
    return queries.learning_path(list(my_skills), role_family, place_id, seniority, steps)


@CACHE
def role_defining_skills(build_id: str, role_family: str, country: str, n: int) -> pl.DataFrame:
    return queries.role_defining_skills(role_family, country, n)


@CACHE
def claims(build_id: str, verdict: str | None) -> pl.DataFrame:
    return queries.claims(verdict)


@CACHE
def claim_verdict_counts(build_id: str) -> dict[str, int]:
    return queries.claim_verdict_counts()
