"""What the crawl saw of each canonical posting: the first crawl of its boards, whether it was
already open then, whether it has closed, until when it was live and how many days it stayed
open. The demand, duration and coverage marts read these columns (`CRAWL_COLUMNS`).

Inputs: the core postings, their source records (`core_posting_sources`), and each source
record's board with that board's first and last observed crawl (`warehouse.continuity`). A crawl
is a series of snapshots; a job board lists open postings only, so:
- `first_crawl_date`: the first crawl of the posting's boards. A posting first posted in an
  earlier month was already open at the first crawl (`is_open_at_first_crawl`): it is active
  from that month on but new in none, so trends begin at the first crawl instead of showing
  the postings that happened to survive until it as new in their own months.
- `is_closed`: every record of the posting is gone from a later observed crawl of its board
  (an outage snapshot is not observed: `warehouse.continuity`); `open_through` is its last
  sighting when closed, else the board's last fetch (an outage keeps it open through it).
- `days_open`: last sighting - first sighting, for closed postings first seen after their
  board's first crawl (a posting listed at the first crawl has an unseen start: left out); a
  lower bound, 0 for a posting seen once. `days_open_max`, the upper bound: from the board's
  crawl before the first sighting to the crawl that found the posting gone.
Sources that keep closed postings listed (`Source.lists_closed_postings`: HN threads) say
nothing by absence: their postings get no first crawl, never close and keep their own dates.

May import: polars, `contract`.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from contract.sources import posting_sources

CRAWL_COLUMNS = {
    "board": pl.String,
    "first_crawl_date": pl.Date,
    "is_open_at_first_crawl": pl.Boolean,
    "is_closed": pl.Boolean,
    "open_through": pl.Date,
    "entry_month": pl.Date,
    "days_open": pl.Int64,
    "days_open_max": pl.Int64,
}


def archive_sources() -> list[str]:
    """Posting sources whose listings keep closed postings (the contract, read now)."""
    return [record.id for record in posting_sources() if record.lists_closed_postings]


def with_crawl_facts(
    postings: pl.DataFrame,
    posting_sources_frame: pl.DataFrame,
    records: pl.DataFrame,
    archives: Iterable[str] | None = None,
) -> pl.DataFrame:
    """`postings` with the columns of `CRAWL_COLUMNS` (replacing any already there).

    `posting_sources_frame`: posting_id, source, source_posting_id (core_posting_sources);
    `records`: one row per source record as `warehouse.continuity.crawl_continuity` returns.
    """
    archives = list(archive_sources() if archives is None else archives)
    postings = postings.drop([c for c in CRAWL_COLUMNS if c in postings.columns])
    keys = ["source", "source_posting_id"]
    facts = records.select(
        *keys,
        "board",
        "record_last_seen",
        "board_first_crawl",
        "board_last_crawl",
        "board_last_fetch",
        "crawl_before_first_seen",
        "crawl_after_last_seen",
    )
    linked = (
        posting_sources_frame.select("posting_id", *keys)
        .join(facts, on=keys, how="left")
        .with_columns(
            (~pl.col("source").is_in(archives) & pl.col("board_first_crawl").is_not_null()).alias(
                "_live"
            )
        )
    )
    live = pl.col("_live")
    record_closed = pl.col("record_last_seen") < pl.col("board_last_crawl")
    per_posting = linked.group_by("posting_id").agg(
        pl.col("board_first_crawl").filter(live).min().alias("first_crawl_date"),
        (live.any() & record_closed.filter(live).all()).alias("is_closed"),
        # an open posting is live through the last fetch of the boards still listing it
        pl.col("board_last_fetch").filter(live & ~record_closed).max().alias("_last_fetch"),
        pl.col("crawl_before_first_seen").filter(live).min().alias("_crawl_before"),
        pl.col("crawl_after_last_seen").filter(live).max().alias("_crawl_after"),
    )
    rep_board = facts.select(*keys, "board")
    month = pl.col("posted_date").dt.truncate("1mo")
    first_crawl_month = pl.col("first_crawl_date").dt.truncate("1mo")
    open_at_first = (
        pl.col("first_crawl_date").is_not_null() & (month < first_crawl_month)
    ).fill_null(False)
    closed = pl.col("is_closed").fill_null(False)
    out = (
        postings.join(per_posting, on="posting_id", how="left")
        .join(rep_board, on=keys, how="left")
        .with_columns(open_at_first.alias("is_open_at_first_crawl"), closed.alias("is_closed"))
        .with_columns(
            pl.when(pl.col("is_closed"))
            .then(pl.col("last_seen"))
            .otherwise(pl.max_horizontal("last_seen", "_last_fetch"))
            .alias("open_through"),
            pl.when(pl.col("is_open_at_first_crawl"))
            .then(first_crawl_month)
            .otherwise(month)
            .alias("entry_month"),
            pl.when(pl.col("is_closed") & (pl.col("first_seen") > pl.col("first_crawl_date")))
            .then((pl.col("last_seen") - pl.col("first_seen")).dt.total_days())
            .otherwise(None)
            .cast(pl.Int64)
            .alias("days_open"),
        )
        .with_columns(
            pl.when(pl.col("days_open").is_not_null())
            .then((pl.col("_crawl_after") - pl.col("_crawl_before")).dt.total_days())
            .otherwise(None)
            .cast(pl.Int64)
            .alias("days_open_max")
        )
        .drop("_last_fetch", "_crawl_before", "_crawl_after")
    )
    return out.with_columns([pl.col(c).cast(t) for c, t in CRAWL_COLUMNS.items()])


def crawl_interval_days(board_snapshots: pl.DataFrame) -> float | None:
    """Median days between consecutive observed crawls of a board, over every board of a
    source that lists open postings only (the resolution of days open), or None."""
    archives = archive_sources()
    gaps = (
        board_snapshots.filter(~pl.col("is_outage") & ~pl.col("source").is_in(archives))
        .sort("source", "board", "snapshot_date")
        .select(pl.col("snapshot_date").diff().over("source", "board").dt.total_days().alias("gap"))
        .drop_nulls()
    )
    if gaps.height == 0:
        return None
    value = gaps["gap"].median()
    return float(value) if value is not None else None  # type: ignore[arg-type]
