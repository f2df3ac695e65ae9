"""Premiums page: adjusted pay premium vs raw gap per skill (GenAI first), by segment.

Runs as a Streamlit page script (`st.Page("dashboard/pages/premiums.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.
Suppressed estimates are listed with their reason and counts, never as numbers.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules
from warehouse import queries

MAX_SKILLS: Final = 25
DIMENSION_LABELS: Final = {"role_family": "Role family", "country": "Country"}
ADJUSTMENT_NOTE: Final = (
    "Adjusted compares postings in the same role and level, place and month; the raw gap also "
    "includes where and at what level these jobs sit"
)


def render() -> None:
    st.title("GenAI and skill premiums")
    build_id = data.manifest()["build_id"]
    segments = data.filter_options(build_id).premium_segments
    if not segments:
        st.info("This snapshot has no pay premiums.")
        return
    components.show_filter_scope(
        [], "premiums are estimated once per segment over all months: pick the segment below"
    )
    st.sidebar.header("Segment")
    segment = components.bound_selectbox(
        "Segment", segments, "segment", segment_label, default="all"
    )
    forest = data.premium_forest(build_id, segment, MAX_SKILLS)
    suppressed = data.suppressed_premiums(build_id, segment)
    st.subheader(segment_label(segment))
    show_genai_reading(forest, suppressed)
    show_forest(forest)
    show_suppressed(suppressed)
    components.csv_download(
        shown_rows(forest, suppressed),
        f"premiums_{segment.replace('=', '_')}.csv",
        "Download the shown data (CSV)",
        key="premiums_csv",
    )


def segment_label(segment: str) -> str:
    """Readable segment name: "all" is all postings, "role_family=ml_engineer" a role family."""
    if segment == "all":
        return "All postings"
    dimension, _, value = segment.partition("=")
    if dimension == "role_family":
        return f"Role family: {components.role_label(value)}"
    if dimension == "country":
        return f"Country: {components.country_label(value)}"
    return f"{DIMENSION_LABELS.get(dimension, dimension)}: {value}"


def counts_text(row: dict[str, Any]) -> str:
    return (
        f"n = {row['n_with']:,} postings with, {row['n_without']:,} without, "
        f"{row['n_companies']:,} companies"
    )


def genai_reading(row: dict[str, Any]) -> str:
    """Plain-language reading of the GenAI estimate, numbers filled in."""
    return (
        f"Postings naming at least one GenAI skill advertise "
        f"{components.format_signed_pct(row['premium_adj_pct'])} pay (95% interval "
        f"{row['premium_adj_lo']:+.1f}% to {row['premium_adj_hi']:+.1f}%) against comparable "
        f"postings without one; the raw gap is {components.format_signed_pct(row['raw_gap_pct'])}. "
        f"{ADJUSTMENT_NOTE}. {counts_text(row)}."
    )


def show_genai_reading(forest: pl.DataFrame, suppressed: pl.DataFrame) -> None:
    genai = forest.filter(pl.col("skill_id") == queries.GENAI_SKILL_ID)
    if not genai.is_empty():
        row = genai.row(0, named=True)
        st.metric(
            "GenAI pay premium (adjusted)", components.format_signed_pct(row["premium_adj_pct"])
        )
        st.markdown(genai_reading(row))
        return
    hidden = suppressed.filter(pl.col("skill_id") == queries.GENAI_SKILL_ID)
    if not hidden.is_empty():
        row = hidden.row(0, named=True)
        st.warning(
            f"The GenAI premium is suppressed in this segment: {row['suppressed_reason']} "
            f"({counts_text(row)})."
        )
    else:
        st.info("This segment has no GenAI premium estimate.")
    st.caption(f"{ADJUSTMENT_NOTE}.")


def show_forest(forest: pl.DataFrame) -> None:
    if forest.is_empty():
        st.info("No skill has an estimated premium in this segment.")
        return
    best = forest.sort("premium_adj_pct", descending=True).row(0, named=True)
    title = (
        f"Largest adjusted premium: {best['skill_name']} "
        f"{components.format_signed_pct(best['premium_adj_pct'])} (95% "
        f"{components.format_signed_pct(best['premium_adj_lo'])} to "
        f"{components.format_signed_pct(best['premium_adj_hi'])})"
    )
    st.plotly_chart(charts.premium_forest_figure(forest, title=title), key="premium_forest")
    st.caption(
        f"GenAI first, then the skills named by most paid postings (at most {MAX_SKILLS}). "
        "Dots: adjusted premium, exp(β) − 1 from OLS of log pay with fixed effects for role × "
        "level, place and month, with its 95% interval (company-clustered errors). Diamonds: "
        "raw gap, median pay with the skill / without − 1. "
        f"n = {forest['n_with'].sum():,} skill mentions among paid postings over "
        f"{forest.height} skills."
    )
    st.dataframe(forest_table(forest), hide_index=True, key="premium_table")
    st.caption(
        "Two more readings of each premium. *Own, other skills held fixed*: every skill and "
        "the GenAI flag in one regression, so a skill that mostly appears in GenAI postings "
        "(LLMs, PyTorch) is not credited with their pay; for GenAI itself, the non-GenAI skills "
        "are held fixed. *Within company*: the same comparison between postings of one employer "
        f"(company fixed effects), {rules.within_company_rule()}; it removes employers' pay "
        "levels, at the cost of wider intervals."
    )


def _interval(lo: str, hi: str) -> pl.Expr:
    """'lo to hi' in percent, or 'not estimated' (suppressed, collinear or too few companies
    posting both)."""
    return (
        pl.when(pl.col(lo).is_not_null())
        .then(
            pl.format(
                "{} to {}",
                pl.col(lo).round(1).cast(pl.String),
                pl.col(hi).round(1).cast(pl.String),
            )
        )
        .otherwise(pl.lit("not estimated"))
    )


def forest_table(forest: pl.DataFrame) -> pl.DataFrame:
    return forest.select(
        pl.col("skill_name").alias("Skill"),
        pl.col("premium_adj_pct").round(1).alias("Adjusted (%)"),
        pl.col("premium_adj_lo").round(1).alias("95% low"),
        pl.col("premium_adj_hi").round(1).alias("95% high"),
        pl.col("raw_gap_pct").round(1).alias("Raw gap (%)"),
        pl.col("premium_joint_pct").round(1).alias("Own, other skills held fixed (%)"),
        _interval("premium_joint_lo", "premium_joint_hi").alias("Own: 95% interval"),
        pl.col("premium_within_pct").round(1).alias("Within company (%)"),
        _interval("premium_within_lo", "premium_within_hi").alias("Within: 95% interval"),
        pl.col("n_with").alias("n with"),
        pl.col("n_without").alias("n without"),
        pl.col("n_companies").alias("Companies"),
    )


def show_suppressed(suppressed: pl.DataFrame) -> None:
    if suppressed.is_empty():
        return
    st.markdown("**Not estimated** (too few postings or companies; no numbers are shown)")
    st.dataframe(
        suppressed.select(
            pl.col("skill_name").alias("Skill"),
            pl.col("suppressed_reason").alias("Reason"),
            pl.col("n_with").alias("n with"),
            pl.col("n_without").alias("n without"),
            pl.col("n_companies").alias("Companies"),
        ),
        hide_index=True,
        key="suppressed_table",
    )
    st.caption(rules.premium_rule())


def shown_rows(forest: pl.DataFrame, suppressed: pl.DataFrame) -> pl.DataFrame:
    """The estimates and the suppressed skills as shown: suppressed rows carry counts only."""
    estimated = forest.drop("rank").with_columns(
        is_suppressed=pl.lit(False), suppressed_reason=pl.lit(None, dtype=pl.String)
    )
    hidden = suppressed.with_columns(is_suppressed=pl.lit(True))
    return pl.concat([estimated, hidden], how="diagonal_relaxed").select(
        "segment",
        "skill_id",
        "skill_name",
        "premium_adj_pct",
        "premium_adj_lo",
        "premium_adj_hi",
        "raw_gap_pct",
        "n_with",
        "n_without",
        "n_companies",
        "is_suppressed",
        "suppressed_reason",
    )


if __name__ == "__main__":
    components.run_page(render)
