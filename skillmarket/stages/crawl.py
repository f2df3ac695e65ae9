"""The crawl's continuity in the marts stage: each board's snapshots and outages, each posting's
first crawl, open/closed state and days open (`analytics.marts.sightings`), whether the
postings cover a whole market, and the builders of the marts made from them (durations,
coverage and its gaps, post-stratification weights and the weighted figures).

`crawl_facts` reads the warehouse once per build; `compute_marts` annotates the postings with
it, so every mart (demand first) sees the same first crawl and closing.

May import: polars, duckdb, `analytics`, `contract`, `warehouse`, `skillmarket.stages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from analytics.marts.coverage import out_coverage, out_coverage_gaps
from analytics.marts.durations import out_posting_durations
from analytics.marts.sightings import crawl_interval_days, with_crawl_facts
from analytics.marts.weights import out_weighted_figures, weight_cells, weighting_label
from contract.sources import posting_sources, source
from warehouse import continuity, extract

if TYPE_CHECKING:
    from skillmarket.stages.marts import MartInputs, Marts


@dataclass(frozen=True)
class CrawlFacts:
    """What the warehouse says about the crawl, read once per build."""

    board_snapshots: pl.DataFrame
    records: pl.DataFrame
    posting_sources: pl.DataFrame
    covers_market: bool  # every loaded posting file belongs to a whole-market source

    def annotate(self, postings: pl.DataFrame) -> pl.DataFrame:
        """The postings with their crawl facts (`analytics.marts.sightings.CRAWL_COLUMNS`)."""
        return with_crawl_facts(postings, self.posting_sources, self.records)

    @property
    def outages(self) -> pl.DataFrame:
        """Board snapshots that are outages (their postings kept open)."""
        return self.board_snapshots.filter(pl.col("is_outage"))


def covers_market(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the loaded postings are a whole market: every raw folder holding posting
    files is a source whose record says `covers_market` (the simulated sample)."""
    postings = {record.id for record in posting_sources()}
    roots = {
        root for root, source_id, *_ in extract.loaded_file_groups(con) if source_id in postings
    }
    if not roots:
        return False
    try:
        return all(source(root).covers_market for root in roots)
    except KeyError:  # a folder no source owns
        return False


def crawl_facts(con: duckdb.DuckDBPyConnection) -> CrawlFacts:
    snapshots, records = continuity.crawl_continuity(con)
    links = extract.table(con, "core_posting_sources").select(
        "posting_id", "source", "source_posting_id"
    )
    return CrawlFacts(snapshots, records, links, covers_market(con))


# ------------------------------------------------------------------------------ mart builders
def _crawl(x: MartInputs) -> CrawlFacts:
    if x.crawl is None:
        raise RuntimeError("the marts stage was started without the crawl's facts")
    return x.crawl


def posting_durations(x: MartInputs, marts: Marts) -> pl.DataFrame:
    interval = crawl_interval_days(_crawl(x).board_snapshots)
    return out_posting_durations(x.postings, x.posting_skills, x.genai, interval)


def coverage(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_coverage(x.postings, _crawl(x).board_snapshots)


def coverage_gaps(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return out_coverage_gaps(x.postings, _crawl(x).board_snapshots, x.benchmarks, x.crosswalk)


def weights(x: MartInputs, marts: Marts) -> pl.DataFrame:
    return weight_cells(x.postings, x.benchmarks, x.crosswalk)[0]


def weighted_figures(x: MartInputs, marts: Marts) -> pl.DataFrame:
    _, weighted = weight_cells(x.postings, x.benchmarks, x.crosswalk)
    label = weighting_label(x.benchmarks)
    return out_weighted_figures(weighted, x.posting_skills, x.genai, label)
