"""`out_coverage` and `out_coverage_gaps`: what the crawl holds, and what it does not cover.

`out_coverage`: canonical postings, the boards and companies they came from, how many
advertise pay, and how many were already open at their board's first crawl, by source ×
country × role family × month, every combination with 'all' for the dimensions a row sums
over (distinct counts are counted per row, never summed). The month is the one the posting
entered the data (`entry_month` of `analytics.marts.sightings`: its posted month, or its
board's first crawl month when it was already open then). Each row carries its source's first
and latest crawl and number of crawl dates ('all': over every source): trends begin at the
first crawl.

`out_coverage_gaps`: the thin spots a reader should know about before trusting a figure:
- countries of `contract.marts.COVERAGE_COUNTRIES` with no postings, or fewer than
  `thin_postings`;
- US states against OEWS employment in the role families' primary occupations: no postings,
  or a posting share under `under_ratio` × the employment share (under-represented);
- role families and posting sources with no postings or fewer than `thin_postings`;
- boards whose latest snapshot listed none of their postings (an outage, kept open).

May import: polars, pycountry, us, `contract`.
"""

from __future__ import annotations

from itertools import combinations

import polars as pl
import pycountry
import us

from contract.marts import COVERAGE_COUNTRIES, mart
from contract.sources import posting_sources, source
from contract.vocab import ALL, ROLE_FAMILIES

DIMENSIONS = ("source", "country", "role_family", "month")
_GAPS = mart("out_coverage_gaps")
THIN_POSTINGS = _GAPS.threshold_int("thin_postings")
UNDER_RATIO = _GAPS.threshold("under_ratio")
COVERAGE_SCHEMA = {
    "source": pl.String,
    "country": pl.String,
    "role_family": pl.String,
    "month": pl.String,
    "n_postings": pl.Int64,
    "n_boards": pl.Int64,
    "n_companies": pl.Int64,
    "n_with_pay": pl.Int64,
    "pay_share": pl.Float64,
    "n_open_at_first_crawl": pl.Int64,
    "first_crawl_date": pl.Date,
    "last_crawl_date": pl.Date,
    "n_crawls": pl.Int64,
}
COUNT_COLUMNS = ("n_postings", "n_boards", "n_companies", "n_with_pay", "n_open_at_first_crawl")
GAP_SCHEMA = {
    "dimension": pl.String,
    "value": pl.String,
    "label": pl.String,
    "n_postings": pl.Int64,
    "posting_share": pl.Float64,
    "employment_share": pl.Float64,
    "status": pl.String,
    "reason": pl.String,
}


def _posting_dims(postings: pl.DataFrame) -> pl.DataFrame:
    entry = pl.col("entry_month") if "entry_month" in postings.columns else pl.col("posted_date")
    board = pl.col("board") if "board" in postings.columns else pl.lit(None, pl.String)
    already = (
        pl.col("is_open_at_first_crawl")
        if "is_open_at_first_crawl" in postings.columns
        else pl.lit(False)
    )
    return postings.select(
        pl.col("source").fill_null("unknown"),
        pl.col("country").fill_null("unknown"),
        pl.col("role_family").fill_null("other"),
        entry.dt.strftime("%Y-%m").fill_null("unknown").alias("month"),
        board.alias("board"),
        pl.col("company").str.strip_chars().str.to_lowercase().alias("_company"),
        pl.col("pay_min_annual_usd").is_not_null().alias("_paid"),
        already.fill_null(False).alias("_already"),
    )


def _crawl_dates(board_snapshots: pl.DataFrame) -> pl.DataFrame:
    """source -> first, last and number of crawl dates (observed crawls), plus 'all'."""
    observed = board_snapshots.filter(~pl.col("is_outage"))
    aggs = [
        pl.col("snapshot_date").min().alias("first_crawl_date"),
        pl.col("snapshot_date").max().alias("last_crawl_date"),
        pl.col("snapshot_date").n_unique().cast(pl.Int64).alias("n_crawls"),
    ]
    per_source = observed.group_by("source").agg(aggs)
    overall = observed.select(aggs).with_columns(pl.lit(ALL).alias("source"))
    return pl.concat([per_source, overall.select(per_source.columns)])


def out_coverage(postings: pl.DataFrame, board_snapshots: pl.DataFrame) -> pl.DataFrame:
    """Postings, boards, companies and pay share by every combination of the dimensions."""
    if postings.height == 0:
        return pl.DataFrame(schema=COVERAGE_SCHEMA)
    dims = _posting_dims(postings)
    # grouped and counted on integer codes: each text column as an enum of its own values
    dims = dims.with_columns(
        pl.col(c).cast(pl.Enum(dims[c].drop_nulls().unique().sort()))
        for c in (*DIMENSIONS, "board", "_company")
    )
    frames = []
    for size in range(len(DIMENSIONS) + 1):
        for varying in combinations(DIMENSIONS, size):
            grouped = dims.group_by(list(varying)) if varying else dims.group_by(pl.lit(1))
            part = grouped.agg(
                pl.len().cast(pl.Int64).alias("n_postings"),
                pl.col("board").drop_nulls().n_unique().cast(pl.Int64).alias("n_boards"),
                pl.col("_company").drop_nulls().n_unique().cast(pl.Int64).alias("n_companies"),
                pl.col("_paid").sum().cast(pl.Int64).alias("n_with_pay"),
                pl.col("_already").sum().cast(pl.Int64).alias("n_open_at_first_crawl"),
            )
            frames.append(
                part.with_columns(
                    [pl.col(d).cast(pl.String) for d in varying]
                    + [pl.lit(ALL).alias(d) for d in DIMENSIONS if d not in varying]
                ).select(*DIMENSIONS, *COUNT_COLUMNS)
            )
    out = pl.concat(frames)
    out = out.with_columns((pl.col("n_with_pay") / pl.col("n_postings")).alias("pay_share"))
    out = out.join(_crawl_dates(board_snapshots), on="source", how="left")
    return (
        out.with_columns(pl.col("n_crawls").fill_null(0))
        .cast(COVERAGE_SCHEMA)  # type: ignore[arg-type]
        .select(list(COVERAGE_SCHEMA))
        .sort(*DIMENSIONS)
    )


def _country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code)
    return found.name if found is not None else code


def _thin(dimension: str, counts: pl.DataFrame, values: list[str], labels: dict) -> pl.DataFrame:
    """Rows for `values` with no postings or fewer than THIN_POSTINGS."""
    table = pl.DataFrame({"value": values}).join(counts, on="value", how="left")
    table = table.with_columns(pl.col("n_postings").fill_null(0).cast(pl.Int64))
    table = table.filter(pl.col("n_postings") < THIN_POSTINGS)
    what = {
        "country": "{postings} from {label}",
        "role_family": "{label} {postings}",
        "source": "{postings} from {label}",
    }[dimension]
    rows = []
    for value, n in table.iter_rows():  # at most a few dozen reference values
        label = labels.get(value, value)
        subject = what.format(label=label, postings="posting" if n == 1 else "postings")
        if n == 0:
            status, reason = "none", f"no {subject} in this crawl: figures for it are missing"
        else:
            status = "thin"
            reason = (
                f"only {n} {subject}: most figures need {THIN_POSTINGS} or more and are suppressed"
            )
        if dimension == "country" and n == 0:
            reason += (
                f"; add boards of employers there (skillmarket boards add ... --country {value})"
            )
        rows.append((dimension, value, label, n, None, None, status, reason))
    return pl.DataFrame(rows, schema=GAP_SCHEMA, orient="row")


def _state_gaps(
    postings: pl.DataFrame, benchmarks: pl.DataFrame, crosswalk: pl.DataFrame
) -> pl.DataFrame:
    """US states with no postings or under-represented against OEWS employment."""
    primary = crosswalk.filter(pl.col("soc_rank") == 1).select("soc_code").unique()
    fips = pl.DataFrame(
        [(s.fips, s.abbr, s.name) for s in us.states.STATES_AND_TERRITORIES if s.fips],
        schema=["state_code", "value", "label"],
        orient="row",
    )
    employment = (
        benchmarks.filter((pl.col("area_type") == "state") & pl.col("employment").is_not_null())
        .join(primary, on="soc_code")
        .group_by("state_code")
        .agg(pl.col("employment").sum())
        .join(fips, on="state_code")
    )
    if employment.height == 0:
        return pl.DataFrame(schema=GAP_SCHEMA)
    us_postings = postings.filter(pl.col("country") == "US")
    counts = (
        us_postings.filter(pl.col("region").is_not_null())
        .group_by(pl.col("region").alias("value"))
        .agg(pl.len().cast(pl.Int64).alias("n_postings"))
    )
    total_postings = max(counts["n_postings"].sum(), 1)
    table = (
        employment.join(counts, on="value", how="left")
        .with_columns(pl.col("n_postings").fill_null(0))
        .with_columns(
            (pl.col("n_postings") / total_postings).alias("posting_share"),
            (pl.col("employment") / pl.col("employment").sum()).alias("employment_share"),
        )
        .filter(
            (pl.col("n_postings") == 0)
            | (pl.col("posting_share") < UNDER_RATIO * pl.col("employment_share"))
        )
        .sort("employment_share", descending=True)
    )
    none = pl.col("n_postings") == 0
    share_text = (pl.col("employment_share") * 100).round(1).cast(pl.String)
    posting_text = (pl.col("posting_share") * 100).round(1).cast(pl.String)
    return table.select(
        pl.lit("us_state").alias("dimension"),
        "value",
        "label",
        pl.col("n_postings").cast(pl.Int64),
        "posting_share",
        "employment_share",
        pl.when(none).then(pl.lit("none")).otherwise(pl.lit("under-represented")).alias("status"),
        pl.when(none)
        .then(
            pl.lit("no US postings in ")
            + pl.col("label")
            + ", which holds "
            + share_text
            + "% of OEWS employment in the role families' occupations"
        )
        .otherwise(
            pl.col("label")
            + " has "
            + posting_text
            + "% of the US postings with a state but "
            + share_text
            + "% of the employment: weighted figures lean on few postings"
        )
        .alias("reason"),
    )


def _outages(board_snapshots: pl.DataFrame) -> pl.DataFrame:
    """Boards whose latest snapshot is an outage (postings kept open)."""
    latest = board_snapshots.sort("snapshot_date").group_by("source", "board").last()
    outages = latest.filter(pl.col("is_outage"))
    return outages.select(
        pl.lit("board").alias("dimension"),
        pl.col("board").alias("value"),
        pl.col("board").alias("label"),
        pl.col("n_previous").cast(pl.Int64).alias("n_postings"),
        pl.lit(None, pl.Float64).alias("posting_share"),
        pl.lit(None, pl.Float64).alias("employment_share"),
        pl.lit("outage").alias("status"),
        (
            pl.lit("all ")
            + pl.col("n_previous").cast(pl.String)
            + " postings vanished on "
            + pl.col("snapshot_date").cast(pl.String)
            + ": likely an outage, kept open until the next crawl confirms or lists them"
        ).alias("reason"),
    )


def out_coverage_gaps(
    postings: pl.DataFrame,
    board_snapshots: pl.DataFrame,
    benchmarks: pl.DataFrame,
    crosswalk: pl.DataFrame,
) -> pl.DataFrame:
    """The thin spots of the crawl (see the module docstring), one row each."""

    def counts(column: str) -> pl.DataFrame:
        return postings.group_by(pl.col(column).alias("value")).agg(
            pl.len().cast(pl.Int64).alias("n_postings")
        )

    countries = list(COVERAGE_COUNTRIES)
    sources = [record.id for record in posting_sources()]
    frames = [
        _thin("country", counts("country"), countries, {c: _country_name(c) for c in countries}),
        _state_gaps(postings, benchmarks, crosswalk),
        _thin(
            "role_family",
            counts("role_family"),
            [r for r in ROLE_FAMILIES if r != "other"],
            {r: r.replace("_", " ") for r in ROLE_FAMILIES},
        ),
        _thin("source", counts("source"), sources, {s: source(s).short_name for s in sources}),
        _outages(board_snapshots),
    ]
    return pl.concat([f.cast(GAP_SCHEMA) for f in frames]).select(list(GAP_SCHEMA))  # type: ignore[arg-type]
