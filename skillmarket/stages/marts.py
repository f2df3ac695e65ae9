"""Marts stage: every published mart of the contract, computed from the core postings and their
skills (and the reference tables in the warehouse).

`BUILDERS` maps each mart of `contract.marts` to the function computing it, in the order they
run (a mart may use those computed before it); a test checks it names exactly the contract's
marts. Each mart's wall seconds go into the build report.

May import: the standard library, polars, threadpoolctl, `analytics`, `contract`, `warehouse`,
`skillmarket.stages.common`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import polars as pl
from threadpoolctl import threadpool_limits

from analytics.marts.advisor import out_skill_advisor
from analytics.marts.advisor_targets import out_advisor_targets
from analytics.marts.claims import out_claims
from analytics.marts.demand import out_skill_demand_monthly
from analytics.marts.emerging import out_emerging_skills
from analytics.marts.market_context import out_market_context
from analytics.marts.pay_band_places import out_posting_pay
from analytics.marts.pay_bands import CellMaker, out_pay_bands_by_window
from analytics.marts.postings_index import out_postings
from analytics.marts.premium import out_skill_premiums
from analytics.marts.premium_decomposition import out_premium_decomposition
from analytics.marts.premium_ladder import (
    Ladder,
    build_ladder,
    ladder_sample,
    out_premium_ladder,
    out_premium_sample,
)
from analytics.marts.supply import (
    DEMAND_SUPPLY_SCHEMA,
    EMPTY_TALENT_SCHEMA,
    DemandCounts,
    estimated_supply,
    out_demand_supply,
    with_estimated_supply,
    with_measurability,
)
from analytics.normalize import skills
from contract.sources import source
from skillmarket.stages import crawl as crawl_stage
from skillmarket.stages.common import TAXONOMY, Progress, no_progress
from warehouse import extract, talent_pool

# threads for the regression marts' independent solves (segments, rungs): one per core
CORES = os.cpu_count() or 1


@dataclass
class MartInputs:
    """What the marts are computed from; reference tables are read when first needed."""

    con: duckdb.DuckDBPyConnection
    postings: pl.DataFrame
    posting_skills: pl.DataFrame
    genai: frozenset[str] = field(default_factory=skills.genai_skill_ids)
    crawl: crawl_stage.CrawlFacts | None = None  # board snapshots, first crawls, closings

    @cached_property
    def gazetteer(self) -> pl.DataFrame:
        return pl.read_csv(TAXONOMY / "places.csv", schema_overrides={"metro_code": pl.String})

    @cached_property
    def benchmarks(self) -> pl.DataFrame:
        return extract.table(self.con, "core_wage_benchmarks")

    @cached_property
    def crosswalk(self) -> pl.DataFrame:
        return extract.table(self.con, "core_soc_crosswalk")

    @cached_property
    def ladder_sample(self) -> pl.DataFrame:
        return ladder_sample(self.postings, self.posting_skills, self.genai)

    @cached_property
    def premium_ladder(self) -> Ladder | None:
        """The control ladder's design and fits, shared by its marts (dropped after them)."""
        with threadpool_limits(limits=1, user_api="blas"):
            return build_ladder(self.ladder_sample, self.posting_skills, self.genai, CORES)


Marts = dict[str, pl.DataFrame]
Builder = Callable[[MartInputs, Marts], pl.DataFrame]


def _demand(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_skill_demand_monthly(x.postings, x.posting_skills, x.genai)


def _premiums(x: MartInputs, marts: Marts) -> pl.DataFrame:
    # many small BLAS products: BLAS on one thread, the segments on every core instead
    with threadpool_limits(limits=1, user_api="blas"):
        return out_skill_premiums(x.postings, x.posting_skills, x.genai, threads=CORES)


def _premium_ladder(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_premium_ladder(x.premium_ladder)


def _premium_decomposition(x: MartInputs, marts: Marts) -> pl.DataFrame:
    with threadpool_limits(limits=1, user_api="blas"):
        frame = out_premium_decomposition(x.premium_ladder, marts["out_premium_ladder"])
    x.__dict__.pop("premium_ladder", None)  # the fits are large; no other mart reads them
    return frame


def _premium_sample(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_premium_sample(x.ladder_sample)


def _pay_bands(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return pay_bands(x)


def pay_bands(x: MartInputs, cells: CellMaker | None = None) -> pl.DataFrame:
    """The pay bands of both windows; `cells`: their cells made by another engine."""
    # the company bootstrap is many small matrix products: one BLAS thread, as for premiums
    # (60k postings: 11.7 s with the default threads on two busy cores, 2.6 s with one)
    with threadpool_limits(limits=1, user_api="blas"):
        return out_pay_bands_by_window(
            x.postings,
            benchmarks=x.benchmarks,
            crosswalk=x.crosswalk,
            metro_names=x.gazetteer.select("metro_code", "metro_name").drop_nulls(),
            h1b=extract.table(x.con, "core_h1b_wages"),
            places=x.gazetteer.select("city", "region", "country", "metro_code"),
            cells=cells,
        )


def _demand_supply(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return demand_supply(x)


def demand_supply(x: MartInputs, counted: DemandCounts | None = None) -> pl.DataFrame:
    """D/S against the talent pool (when one is loaded; its open-to-work candidates are read
    from `core_talent_pool`) and against the OEWS × survey estimate (US areas; skill rows only
    when a developer survey is loaded). `counted`: the demand side made by another engine."""
    pool_loaded = talent_pool.is_loaded(x.con)
    talent = talent_pool.open_candidates(x.con) if pool_loaded else pl.DataFrame()
    pool = talent if talent.height else pl.DataFrame(schema=EMPTY_TALENT_SCHEMA)
    frame = out_demand_supply(x.postings, x.posting_skills, pool, x.genai, counted=counted)
    prevalence = extract.table(x.con, "core_survey_skill_prevalence")
    frame = with_estimated_supply(frame, estimated_supply(x.benchmarks, x.crosswalk, prevalence))
    if not pool_loaded:  # no pool: keep D only beside the estimate, not as "0 candidates"
        frame = frame.filter(pl.col("supply_source") != "talent_pool")
    covers_market = x.crawl.covers_market if x.crawl is not None else True
    frame = with_measurability(frame, covers_market)  # a crawl's sample vs national supply
    if frame.height == 0:
        return pl.DataFrame(schema=DEMAND_SUPPLY_SCHEMA)
    return frame.select(list(DEMAND_SUPPLY_SCHEMA))


def _emerging(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_emerging_skills(marts["out_skill_demand_monthly"])


def _advisor(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_skill_advisor(
        x.postings,
        x.posting_skills,
        x.genai,
        marts["out_emerging_skills"],
        marts["out_skill_premiums"],
    )


def _claims(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_claims(
        x.postings,
        x.posting_skills,
        x.genai,
        marts["out_skill_premiums"],
        marts["out_pay_bands"],
        marts["out_skill_demand_monthly"],
        marts["out_demand_supply"],
        marts["out_premium_ladder"],
    )


def _postings_index(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_postings(x.postings, x.posting_skills)


def _advisor_targets(x: MartInputs, marts: Marts) -> pl.DataFrame:
    skill_ids = _skills(x, marts)["skill_id"].to_list()
    return out_advisor_targets(x.postings, x.posting_skills, skill_ids)


def _posting_pay(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_posting_pay(x.postings)


def _market_context(x: MartInputs, marts: Marts) -> pl.DataFrame:
    series = extract.table(x.con, "core_hiring_lab_series")
    return out_market_context(series, source("hiring_lab").attribution or "")


def _skills(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return skills.load_taxonomy().select(
        pl.col("id").alias("skill_id"), "name", "category", "is_genai"
    )


# computation order; the snapshot manifest lists the marts in this order too
BUILDERS: dict[str, Builder] = {
    "out_skill_demand_monthly": _demand,
    "out_skill_premiums": _premiums,
    "out_premium_ladder": _premium_ladder,
    "out_premium_decomposition": _premium_decomposition,
    "out_premium_sample": _premium_sample,
    "out_pay_bands": _pay_bands,
    "out_demand_supply": _demand_supply,
    "out_emerging_skills": _emerging,
    "out_skill_advisor": _advisor,
    "out_claims": _claims,
    "out_postings": _postings_index,
    "out_advisor_targets": _advisor_targets,
    "out_posting_pay": _posting_pay,
    "out_market_context": _market_context,
    "skills": _skills,
    "out_posting_durations": crawl_stage.posting_durations,
    "out_coverage": crawl_stage.coverage,
    "out_coverage_gaps": crawl_stage.coverage_gaps,
    "out_weight_cells": crawl_stage.weights,
    "out_weighted_figures": crawl_stage.weighted_figures,
}


# Marts a later builder reads (every other mart leaves memory as soon as the sink has it); a
# builder reading one not listed fails with a KeyError in every build.
READ_BY_LATER_MARTS = frozenset(
    {
        "out_skill_demand_monthly",
        "out_skill_premiums",
        "out_premium_ladder",
        "out_pay_bands",
        "out_demand_supply",
        "out_emerging_skills",
    }
)
MartSink = Callable[[str, pl.DataFrame], None]


def stream_marts(
    con: duckdb.DuckDBPyConnection,
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    sink: MartSink,
    progress: Progress = no_progress,
    seconds: dict[str, float] | None = None,
    builders: dict[str, Builder] | None = None,
) -> None:
    """Every mart, handed to `sink` (name, frame) as soon as it is computed; only the marts
    later builders read stay in memory, so the stage holds one large mart at a time. Each
    mart's wall seconds (its sink's included) go into `seconds` when given (the build report).
    `builders`: another engine's builders for some marts (the Spark engine's), in `BUILDERS`'
    order."""
    facts = crawl_stage.crawl_facts(con)  # first crawls and closings: every mart sees them
    inputs = MartInputs(con, facts.annotate(postings), posting_skills, crawl=facts)
    timings = seconds if seconds is not None else {}
    kept: Marts = {}
    progress("marts", 0, len(BUILDERS))
    for name, builder in {**BUILDERS, **(builders or {})}.items():
        start = time.perf_counter()
        frame = builder(inputs, kept)
        sink(name, frame)
        if name in READ_BY_LATER_MARTS:
            kept[name] = frame
        del frame
        timings[name] = round(time.perf_counter() - start, 3)
        progress("marts", len(timings), len(BUILDERS))


def compute_marts(
    con: duckdb.DuckDBPyConnection,
    postings: pl.DataFrame,
    posting_skills: pl.DataFrame,
    progress: Progress = no_progress,
    seconds: dict[str, float] | None = None,
) -> dict[str, pl.DataFrame]:
    """Every mart, all held in memory (tests, engines that compare them); `stream_marts`
    writes them as they come instead."""
    built: Marts = {}
    stream_marts(con, postings, posting_skills, built.__setitem__, progress, seconds)
    return built
