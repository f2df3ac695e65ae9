"""Coverage page: what the crawl holds (postings, boards, companies, share with pay, by source,
country, role family or month, and when each source's trends begin), what it does not cover,
how long closed postings stayed open, and shares and pay weighted to OEWS employment beside
the unweighted figures.

Runs as a Streamlit page script (`st.Page("dashboard/pages/coverage.py")`); `render()` draws it.
Widgets → cached query → figure builder (`dashboard.charts.coverage`) → render. Every weighted
number is labelled "weighted to OEWS employment" beside its unweighted figure, never alone.

May import: `dashboard` modules, `warehouse.queries`, `contract`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.charts import coverage as charts
from warehouse import queries

CACHE = st.cache_data(show_spinner=False, max_entries=64)
DIMENSION_LABELS: Final = {
    "source": "Source",
    "country": "Country",
    "role_family": "Role family",
    "month": "Month",
}
FIGURE_LABELS: Final = {
    "role_family_share": "Share of postings by role family",
    "skill_share": "Share of postings naming a skill",
    "pay_p50": "Median advertised base pay by role family",
    "pay_p25": "25th percentile of advertised base pay",
    "pay_p75": "75th percentile of advertised base pay",
}
GAP_LABELS: Final = {
    "country": "Countries",
    "us_state": "US states (against OEWS employment)",
    "role_family": "Role families",
    "source": "Sources",
    "board": "Boards down at the latest crawl",
}
MARTS: Final = (
    "out_coverage",
    "out_coverage_gaps",
    "out_posting_durations",
    "out_weighted_figures",
    "out_weight_cells",
)
DURATION_NOTE: Final = (
    "Days open run between a closed posting's first and last sighting (the lower bound; a "
    "posting seen once counts 0 days) and between the crawl before its first sighting and the "
    "crawl that found it gone (the upper bound): the crawl interval sets the resolution. Only "
    "closed postings whose start the crawl saw count: postings still listed (right-censored) "
    "and postings already listed at their board's first crawl (left-censored) are left out "
    "and counted beside, so a young crawl leans towards short-lived postings. A board that "
    "suddenly lists none of its postings is taken for an outage: its postings stay open. "
    "Sources that keep closed postings listed (Hacker News threads) never close."
)
WEIGHTING_NOTE: Final = (
    "Job-board crawls over-represent startups and tech hubs. Each US posting with a state and "
    "a mapped role family is weighted so that occupations (the role family's primary SOC) and "
    "states count as in BLS OEWS employment: weight = the cell's employment share / its share "
    "of postings. Cells with fewer than 5 postings are pooled per occupation ('small states'); "
    "a pool without postings leaves its employment to the occupation's other states; an "
    "occupation without postings cannot be represented and the others are renormalized. "
    "Weights are trimmed to 1/5-5x the mean and renormalized. Intervals of weighted figures "
    "use the Kish effective sample size. Pay is advertised base pay (range midpoints; OTE and "
    "total compensation left out)."
)


def labelled(frame: pl.DataFrame, column: str, label: Any) -> pl.Expr:
    """`column` as display text: `label` of each distinct value (a lookup, not a row loop)."""
    values = [v for v in frame[column].unique().to_list() if v is not None]
    return pl.col(column).replace_strict(
        {v: label(v) for v in values}, default=None, return_dtype=pl.String
    )


@CACHE
def _coverage(build_id: str, dimension: str | None) -> pl.DataFrame:
    return queries.coverage_by(dimension)


@CACHE
def _gaps(build_id: str) -> pl.DataFrame:
    return queries.coverage_gaps()


@CACHE
def _durations(build_id: str, subject: str) -> pl.DataFrame:
    return queries.posting_durations(subject)


@CACHE
def _weighted(build_id: str, figure: str) -> pl.DataFrame:
    return queries.weighted_figures(figure)


@CACHE
def _cells(build_id: str) -> pl.DataFrame:
    return queries.weight_cells()


def render() -> None:
    st.title("Coverage and representativeness")
    build_id = data.manifest()["build_id"]
    missing = [m for m in MARTS if not data.view_available(build_id, m)]
    if "out_coverage" in missing:
        st.info("This snapshot has no coverage mart (out_coverage): rebuild with this version.")
        return
    components.show_filter_scope([], "coverage describes the whole snapshot")
    show_totals(build_id)
    show_breakdown(build_id)
    if "out_coverage_gaps" not in missing:
        show_gaps(build_id)
    if "out_posting_durations" not in missing:
        show_durations(build_id)
    if "out_weighted_figures" not in missing:
        show_weighted(build_id, with_cells="out_weight_cells" not in missing)


def show_totals(build_id: str) -> None:
    total = _coverage(build_id, None).row(0, named=True)
    columns = st.columns(4)
    columns[0].metric("Postings", components.format_count(total["n_postings"]))
    columns[1].metric("Boards", components.format_count(total["n_boards"]))
    columns[2].metric("Companies", components.format_count(total["n_companies"]))
    columns[3].metric(
        "Advertise pay",
        f"{100 * total['pay_share']:.0f}%",
        help=f"{total['n_with_pay']:,} of {total['n_postings']:,} postings",
    )
    sources = _coverage(build_id, "source")
    if total["first_crawl_date"] is not None:
        st.markdown(
            f"**Trends begin at the first crawl**: {total['first_crawl_date']:%d %b %Y} "
            f"(latest {total['last_crawl_date']:%d %b %Y}, {crawl_dates(total['n_crawls'])}). "
            f"{total['n_open_at_first_crawl']:,} postings were already open at their board's "
            "first crawl: they count as active from then, never as new in the month they were "
            "posted. Each source's first crawl is in the table below."
        )
    st.dataframe(source_table(sources), hide_index=True, key="coverage_sources")


def source_table(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        labelled(rows, "source", components.source_label).alias("Source"),
        pl.col("n_postings").alias("Postings"),
        pl.col("n_boards").alias("Boards"),
        pl.col("n_companies").alias("Companies"),
        (100 * pl.col("pay_share")).round(1).alias("With pay (%)"),
        pl.col("n_open_at_first_crawl").alias("Open at first crawl"),
        pl.col("first_crawl_date").alias("First crawl"),
        pl.col("last_crawl_date").alias("Latest crawl"),
        pl.col("n_crawls").alias("Crawl dates"),
    )


def show_breakdown(build_id: str) -> None:
    st.subheader("What the crawl holds")
    dimension = components.bound_selectbox(
        "Break down by", list(DIMENSION_LABELS), "coverage_by", DIMENSION_LABELS.get
    )
    rows = _coverage(build_id, dimension)
    if dimension == "month":
        st.plotly_chart(
            charts.postings_by_month_figure(rows),
            key="coverage_months",
            config=components.CHART_CONFIG,
        )
    label = {
        "country": components.country_name,
        "role_family": components.role_label,
        "source": components.source_label,
    }.get(dimension, str)
    table = rows.select(
        labelled(rows, dimension, label).alias(DIMENSION_LABELS[dimension]),
        pl.col("n_postings").alias("Postings"),
        pl.col("n_boards").alias("Boards"),
        pl.col("n_companies").alias("Companies"),
        pl.col("n_with_pay").alias("With pay"),
        (100 * pl.col("pay_share")).round(1).alias("With pay (%)"),
        pl.col("n_open_at_first_crawl").alias("Open at first crawl"),
    )
    st.dataframe(table, hide_index=True, key="coverage_breakdown")
    components.csv_download(
        rows,
        f"coverage_by_{dimension}.csv",
        "Download the shown coverage (CSV)",
        key="coverage_csv",
    )


def show_gaps(build_id: str) -> None:
    st.subheader("What the crawl does not cover")
    gaps = _gaps(build_id)
    if gaps.is_empty():
        st.success("No gaps found against the reference countries, OEWS states and role families.")
        return
    for row in gaps.filter(pl.col("status") == "outage").iter_rows(named=True):
        st.warning(f"Board {row['value']}: {row['reason']}")
    for dimension, title in GAP_LABELS.items():
        part = gaps.filter((pl.col("dimension") == dimension) & (pl.col("status") != "outage"))
        if part.is_empty():
            continue
        st.markdown(f"**{title}**")
        st.dataframe(
            part.select(
                pl.col("label").alias("Where"),
                pl.col("status").alias("Status"),
                pl.col("n_postings").alias("Postings"),
                components.number_or_blank(100 * pl.col("posting_share")).alias(
                    "Share of postings (%)"
                ),
                components.number_or_blank(100 * pl.col("employment_share")).alias(
                    "Share of employment (%)"
                ),
                pl.col("reason").alias("What it means"),
            ),
            hide_index=True,
            key=f"gaps_{dimension}",
        )


def show_durations(build_id: str) -> None:
    st.subheader("How long postings stay open")
    roles = _durations(build_id, "role_family")
    if roles.is_empty():
        st.info("No closed postings yet: days open need at least two crawls of a board.")
        return
    overall = roles.row(0, named=True)
    interval = overall["crawl_interval_days"]
    st.caption(
        f"{overall['n_closed']:,} closed postings with a seen start; "
        f"{overall['n_still_open']:,} still open and {overall['n_open_at_first_crawl']:,} "
        "closed but already open at the first crawl are left out"
        + (f"; crawls every {interval:.0f} days (median)." if interval is not None else ".")
    )
    if roles.filter(~pl.col("is_suppressed")).is_empty():
        st.info("Too few closed postings for percentiles (P50/P75 need 10 per row).")
    else:
        st.plotly_chart(
            charts.durations_figure(roles, _role_or_all),
            key="durations_chart",
            config=components.CHART_CONFIG,
        )
    st.dataframe(
        durations_table(roles, "role_family", _role_or_all), hide_index=True, key="durations_roles"
    )
    skills = _durations(build_id, "skill")
    if not skills.is_empty():
        st.markdown("**By skill** (skills with the most closed postings)")
        st.dataframe(
            durations_table(skills, "skill_name", str), hide_index=True, key="durations_skills"
        )
    st.caption(DURATION_NOTE)


def _role_or_all(value: str) -> str:
    return "All roles" if value == "all" else components.role_label(value)


def durations_table(rows: pl.DataFrame, column: str, label: Any) -> pl.DataFrame:
    def days(low: str, high: str) -> pl.Expr:
        return (
            pl.when(pl.col(low).is_not_null())
            .then(pl.format("{}-{}", pl.col(low).round(0), pl.col(high).round(0)))
            .otherwise(pl.lit(""))
        )

    return rows.select(
        labelled(rows, column, label).alias("Role" if column == "role_family" else "Skill"),
        pl.col("n_closed").alias("Closed (n)"),
        days("p50_days_open", "p50_days_open_max").alias("P50 days open"),
        days("p75_days_open", "p75_days_open_max").alias("P75 days open"),
        pl.col("n_still_open").alias("Still open"),
        pl.col("n_open_at_first_crawl").alias("Open at first crawl"),
        pl.when(pl.col("is_suppressed"))
        .then(pl.lit("too few closed"))
        .otherwise(pl.lit(""))
        .alias("Note"),
    )


def show_weighted(build_id: str, with_cells: bool) -> None:
    st.subheader("Weighted to OEWS employment")
    figure = components.bound_selectbox(
        "Figure", list(FIGURE_LABELS), "weighted_figure", FIGURE_LABELS.get
    )
    rows = _weighted(build_id, figure)
    if rows.is_empty():
        st.info("No US postings with a state and a mapped role family: nothing to weight.")
        return
    weighting = rows["weighting"][0]
    unit = rows["unit"][0]
    subject = "skill_name" if figure == "skill_share" else "role_family"
    shown = rows.with_columns(pl.col(subject).alias("_label"))
    label = str if figure == "skill_share" else _role_or_all
    st.caption(
        f"Unweighted: the postings as crawled. Weighted: {weighting}. "
        f"US postings only (n = {rows['n_postings'].max():,}, effective n of the weighted "
        f"figures {rows['effective_n'].min():,.0f}); 95% intervals."
    )
    plotted = shown.filter(pl.col("weighted").is_not_null())
    if not plotted.is_empty():
        st.plotly_chart(
            charts.weighted_figure(plotted, label, unit, weighting),
            key="weighted_chart",
            config=components.CHART_CONFIG,
        )
    st.dataframe(
        shown.select(
            labelled(shown, "_label", label).alias("Skill" if figure == "skill_share" else "Role"),
            pl.col("unweighted").round(1).alias(f"Unweighted ({unit})"),
            pl.format(
                "{}-{}", pl.col("unweighted_lo").round(1), pl.col("unweighted_hi").round(1)
            ).alias("Unweighted 95%"),
            pl.col("weighted").round(1).alias(f"Weighted to OEWS employment ({unit})"),
            pl.format(
                "{}-{}", pl.col("weighted_lo").round(1), pl.col("weighted_hi").round(1)
            ).alias("Weighted 95%"),
            pl.col("n_postings").alias("n"),
            pl.col("effective_n").round(0).alias("Effective n"),
        ),
        hide_index=True,
        key="weighted_table",
    )
    st.caption(WEIGHTING_NOTE)
    if with_cells:
        with st.expander("Weighting cells (occupation x state)"):
            st.dataframe(cells_table(_cells(build_id)), hide_index=True, key="weight_cells")
    components.csv_download(
        rows,
        f"weighted_{figure}.csv",
        "Download the weighted and unweighted figures (CSV)",
        key="weighted_csv",
    )


def cells_table(cells: pl.DataFrame) -> pl.DataFrame:
    """The weighting cells in words: headers and role names, not the mart's ids (soc_code,
    "ai_engineer, ml_engineer"), and empty cells where a cell has no postings and so no
    weight."""
    return cells.select(
        pl.col("soc_code").alias("SOC code"),
        pl.col("soc_title").alias("Occupation"),
        pl.col("role_families")
        .str.split(", ")
        .list.eval(pl.element().replace_strict(components.ROLE_LABELS, default=pl.element()))
        .list.join(", ")
        .alias("Role families"),
        pl.col("state").alias("State"),
        pl.col("employment").alias("Employment"),
        components.number_or_blank(100 * pl.col("employment_share"), 2).alias(
            "Share of employment (%)"
        ),
        pl.col("n_postings").alias("Postings"),
        components.number_or_blank(100 * pl.col("posting_share"), 2).alias("Share of postings (%)"),
        pl.col("weight_cell").fill_null("").alias("Weighting cell"),
        components.number_or_blank(pl.col("weight"), 3).alias("Weight"),
        pl.col("status").alias("Status"),
    )


def crawl_dates(n: int) -> str:
    """`1 crawl date`, `3 crawl dates` (the real captures have one: it read "1 crawl dates")."""
    return f"{n:,} crawl date{'' if n == 1 else 's'}"


if __name__ == "__main__":
    components.run_page(render)
