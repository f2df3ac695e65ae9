"""Premiums page: adjusted pay premium vs raw gap per skill (GenAI first), by segment, and the
control ladder: how a premium shrinks as the comparison gets stricter (rungs 0–6) and why in a
sentence; below it, one at a time as picked (`ladder_detail`, nothing by default: each is drawn
only when asked for), the decomposition as a waterfall, GenAI intensity (one skill vs two or
more), published estimates beside the matching rung, and the postings behind any rung.

Runs as a Streamlit page script (`st.Page("dashboard/pages/premiums.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.
Suppressed estimates are listed with their reason and counts, never as numbers.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl
import streamlit as st

from contract.marts import GENAI_INTENSITY, mart
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
    # on the page, where the scope note says it is (in the sidebar it was out of sight)
    segment = components.bound_selectbox(
        "Segment", segments, "segment", segment_label, default="all", container=st
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
    st.divider()
    show_ladder(build_id)


def segment_label(segment: str) -> str:
    """Readable segment name: "all" is all postings, "role_family=ml_engineer" a role family."""
    if segment == "all":
        return "All postings"
    dimension, _, value = segment.partition("=")
    if dimension == "role_family":
        return f"Role family: {components.role_label(value)}"
    if dimension == "country":
        return f"Country: {components.country_name(value)}"
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
    st.plotly_chart(
        charts.premium_forest_figure(forest, title=title),
        key="premium_forest",
        config=components.CHART_CONFIG,
    )
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


# --------------------------------------------------------------------------- the control ladder

LADDER_INTRO: Final = (
    "Published AI pay premiums range from +56% to +5% because each answers a different "
    "question. The ladder below compares the same postings ever more strictly: each rung adds "
    "controls to the one before, so you can see how much of the gap is who posts these jobs, "
    "where and at what level, and how much is left between comparable postings."
)
DRILL_LIMIT: Final = 50
# Below the ladder, one at a time (a chart or table is sent only when asked for): the URL
# parameter `ladder_detail` holds the label.
LADDER_DETAILS: Final = {
    "decomposition": "Why it shrinks",
    "intensity": "How much GenAI",
    "published": "Published estimates",
    "postings": "Postings behind a rung",
}
_LADDER = mart("out_premium_ladder")
LADDER_RULE: Final = (
    f"at least {_LADDER.threshold_int('min_companies_both')} companies and "
    f"{_LADDER.threshold_int('min_titles_both')} titles"
)


def show_ladder(build_id: str) -> None:
    st.subheader("Why published premiums disagree: the control ladder")
    if not queries.view_available("out_premium_ladder"):
        st.info("This snapshot has no control ladder (it was built before the ladder existed).")
        return
    skills = data.ladder_skills(build_id)
    if skills.is_empty():
        st.info("No flag has enough postings for a control ladder in this snapshot.")
        return
    st.markdown(LADDER_INTRO)
    names = dict(skills.select("skill_id", "skill_name").iter_rows())
    choices = skills["skill_id"].to_list()
    skill = components.bound_selectbox(
        "Ladder for",
        choices,
        "ladder_skill",
        lambda value: names.get(value, value),
        default=queries.GENAI_SKILL_ID,
        container=st,
    )
    name = names.get(skill, skill)
    ladder = data.premium_ladder(build_id, skill)
    claims = data.ladder_claims(build_id)  # the ladder's marts are published together
    parts = data.premium_decomposition(build_id, skill)
    sentence = decomposition_sentence(name, ladder, parts)
    if sentence:
        st.markdown(sentence)
    st.plotly_chart(
        charts.ladder_figure(
            ladder.with_columns(pl.lit(name).alias("series")),
            claims_on_ladder(claims, skill),
            title=f"{name}: pay premium at each rung (95% intervals)",
        ),
        key="ladder_chart",
        config=components.CHART_CONFIG,
    )
    st.dataframe(ladder_table(ladder), hide_index=True, key="ladder_table")
    st.caption(
        f"n = {ladder['n_postings'][0]:,} postings on every rung (paid, with company, place, "
        "month and title known); rung 0 is the ratio of median pay, rungs 1–6 exp(β) − 1 from "
        "OLS of log pay; intervals are 95% with errors clustered by company. Rung 5 needs "
        f"companies posting both with and without the skill, rung 6 titles ({LADDER_RULE})."
    )
    detail = st.segmented_control(
        "More on this ladder",
        list(LADDER_DETAILS),
        format_func=LADDER_DETAILS.get,
        default=None,
        key="ladder_detail",
        bind="query-params",
    )
    if detail is None:
        st.caption(
            "Pick one above: the drop from rung to rung split by control (a waterfall), one "
            "GenAI skill vs two or more, published estimates beside the matching rung, or the "
            "postings behind any rung."
        )
    elif detail == "decomposition":
        if parts.is_empty():
            st.info(f"No decomposition for {name}: its full model is not estimated.")
        else:
            show_decomposition(name, parts)
    elif detail == "intensity":
        if skill == queries.GENAI_SKILL_ID:
            show_intensity(build_id, names)
        else:
            st.info("The split by the number of GenAI skills is drawn for the GenAI flag.")
    elif detail == "published":
        if claims.is_empty():
            st.info("No published estimate is compared with this snapshot's ladder.")
        else:
            show_published(claims, names)
    else:
        show_drill_down(build_id, skill, name, ladder)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else components.format_signed_pct(value)


def _ci_text(row: dict[str, Any]) -> str:
    return f"95% {_pct(row['premium_lo'])} to {_pct(row['premium_hi'])}"


def decomposition_sentence(name: str, ladder: pl.DataFrame, parts: pl.DataFrame) -> str:
    """The ladder in plain words: the gap with no controls, how many points each group of
    controls accounts for, and what is left in the full model, with n and intervals."""
    rows = {row["rung"]: row for row in ladder.iter_rows(named=True)}
    first = rows.get(1)
    if first is None or not first["is_estimated"]:
        return ""
    raw = rows.get(0)
    raw_text = (
        f" (raw gap of medians {_pct(raw['premium_pct'])}, {_ci_text(raw)})"
        if raw is not None and raw["is_estimated"]
        else ""
    )
    opening = (
        f"With no controls, postings naming **{name}** advertise {_pct(first['premium_pct'])} "
        f"more pay ({_ci_text(first)}){raw_text}; n = {first['n_with']:,} with, "
        f"{first['n_without']:,} without."
    )
    if parts.is_empty():
        return opening
    total = parts.filter(pl.col("control") == "total").row(0, named=True)
    pieces = parts.filter(pl.col("control") != "total")
    down = [r for r in pieces.iter_rows(named=True) if r["contribution_pct_pts"] >= 0]
    up = [r for r in pieces.iter_rows(named=True) if r["contribution_pct_pts"] < 0]
    said = ", ".join(
        f"{r['contribution_pct_pts']:.1f}{' points' if i == 0 else ''} "
        f"{'are ' if i == 0 else ''}{r['control_label']}"
        for i, r in enumerate(down)
    )
    against = "".join(
        f"; {r['control_label']} works the other way ({r['contribution_pct_pts']:.1f} points)"
        for r in up
    )
    full = rows[total["rung_to"]]
    drop = total["premium_from_pct"] - total["premium_to_pct"]
    return (
        f"{opening} Of that gap, the controls account for {drop:.1f} points: {said}{against}. "
        f"Left in the full model (rung {total['rung_to']}, {full['controls']}): "
        f"{_pct(full['premium_pct'])} ({_ci_text(full)})."
    )


def claims_on_ladder(claims: pl.DataFrame, skill: str) -> pl.DataFrame:
    """The published estimates compared with this flag's ladder, with their number."""
    return (
        claims.filter(pl.col("ladder_skill_id") == skill)
        .with_columns(
            pl.col("figure")
            .str.extract(r"([-+]?\d+(?:\.\d+)?)\s*%", 1)
            .cast(pl.Float64, strict=False)
            .alias("value_claimed")
        )
        .filter(pl.col("value_claimed").is_not_null())
    )


def ladder_table(ladder: pl.DataFrame) -> pl.DataFrame:
    return ladder.select(
        pl.col("rung").alias("Rung"),
        pl.col("controls").alias("Holds fixed"),
        # as text, so a rung not estimated is an empty cell (a null number drew "None")
        pl.col("premium_pct")
        .map_elements(lambda pct: f"{pct:+.1f}", return_dtype=pl.String)
        .fill_null("")
        .alias("Premium (%)"),
        _interval("premium_lo", "premium_hi").alias("95% interval"),
        pl.col("n_with").alias("n with"),
        pl.col("n_without").alias("n without"),
        pl.col("n_companies_both").alias("Companies with both"),
        pl.col("n_titles_both").alias("Titles with both"),
        pl.col("note").fill_null("").alias("Why not estimated"),
    )


def show_decomposition(name: str, parts: pl.DataFrame) -> None:
    total = parts.filter(pl.col("control") == "total").row(0, named=True)
    st.plotly_chart(
        charts.decomposition_figure(
            parts,
            title=f"{name}: from {_pct(total['premium_from_pct'])} with no controls to "
            f"{_pct(total['premium_to_pct'])} (rung {total['rung_to']})",
        ),
        key="decomposition_chart",
        config=components.CHART_CONFIG,
    )
    st.dataframe(
        parts.select(
            pl.col("control_label").alias("Controls"),
            pl.col("contribution_pct_pts").round(1).alias("Points of the premium"),
            pl.col("contribution_log_pts").round(2).alias("Log points x 100"),
            pl.format(
                "{} to {}",
                pl.col("contribution_lo").round(2).cast(pl.String),
                pl.col("contribution_hi").round(2).cast(pl.String),
            ).alias("95% interval (log points x 100)"),
            pl.col("n_postings").alias("n"),
        ),
        hide_index=True,
        key="decomposition_table",
    )
    st.caption(
        "Gelbach (2016) decomposition: each group's part is the full model's effects of that "
        "group projected on the flag, so no part depends on the order the groups are added; "
        "the parts add up to the drop exactly (in log points; the points of the premium split "
        "the drop in proportion). Titles are nested in role families, so the title's part is "
        "what titles add beyond every other control (rung 5 − rung 6). Intervals: 95%, "
        "clustered by company."
    )


def show_intensity(build_id: str, names: dict[str, str]) -> None:
    """One GenAI skill vs two or more (each against none) at every rung: the Lightcast split."""
    frames = [
        data.premium_ladder(build_id, skill).with_columns(
            pl.lit(names.get(skill, skill)).alias("series")
        )
        for skill in GENAI_INTENSITY
        if skill in names
    ]
    if not frames:
        return
    both = pl.concat(frames, how="vertical_relaxed")
    st.markdown("**How much GenAI**: postings naming one GenAI skill, or two or more, vs none")
    st.plotly_chart(
        charts.ladder_figure(both, title="Premium by the number of GenAI skills asked"),
        key="intensity_chart",
        config=components.CHART_CONFIG,
    )
    readings = []
    for frame in frames:
        full = frame.filter(pl.col("is_estimated")).sort("rung").tail(1)
        if full.height:
            row = full.row(0, named=True)
            readings.append(
                f"{row['series']}: {_pct(row['premium_pct'])} at rung {row['rung']} "
                f"({_ci_text(row)}; n = {row['n_with']:,} vs {row['n_without']:,} naming none)"
            )
    if readings:
        st.caption("Full model: " + "; ".join(readings) + ".")


def show_published(claims: pl.DataFrame, names: dict[str, str]) -> None:
    st.markdown("**Published estimates beside the rung that matches their method**")
    st.dataframe(
        claims.select(
            pl.col("figure").alias("Published"),
            pl.col("ladder_rung").alias("Rung"),
            # as text: a claim matched to a rung not estimated is an empty cell, not "None"
            pl.col("value")
            .map_elements(lambda pct: f"{round(pct, 1) + 0.0:+.1f}", return_dtype=pl.String)
            .fill_null("")
            .alias("Ours (%)"),
            _interval("value_lo", "value_hi").alias("95% interval"),
            pl.col("n").alias("n"),
            pl.col("verdict").alias("Verdict"),
            pl.col("ladder_skill_id")
            .replace_strict(names, default=pl.col("ladder_skill_id"))
            .alias("Our flag"),
            pl.col("claim").alias("Claim"),
            pl.col("source").alias("Source"),
            pl.col("note").alias("Note"),
        ),
        hide_index=True,
        key="published_table",
    )


def show_drill_down(build_id: str, skill: str, name: str, ladder: pl.DataFrame) -> None:
    st.markdown("**The postings behind a rung**")
    labels = {
        row["rung"]: f"{row['rung']} · {row['rung_label']}" for row in ladder.iter_rows(named=True)
    }
    left, right = st.columns(2)
    rung = left.selectbox("Rung", list(labels), format_func=lambda r: labels[r], key="ladder_rung")
    side = right.radio(
        "Postings",
        ["with", "without"],
        horizontal=True,
        key="ladder_side",
        format_func=lambda s: f"{s} {name}" if s == "with" else "without it",
    )
    sample = data.ladder_postings(build_id, skill, int(rung), str(side), DRILL_LIMIT)
    if sample.is_empty():
        st.info("No postings match.")
        return
    st.caption(
        f"{sample['n_matching'][0]:,} postings match (a stable sample of at most {DRILL_LIMIT} "
        "shown). Rungs 5 and 6 compare within company and title: their postings are those of "
        "companies (and titles) with postings on both sides."
    )
    st.dataframe(
        sample.select(
            pl.col("month").dt.strftime("%Y-%m").alias("Month"),
            pl.col("title").alias("Title"),
            pl.col("company").alias("Company"),
            pl.col("place_label").alias("Place"),
            pl.col("seniority")
            .replace_strict(components.SENIORITY_LABELS, default=pl.col("seniority"))
            .alias("Level"),
            pl.col("pay_mid_annual_usd").round(0).alias("Pay midpoint (USD / year)"),
            pl.col("n_genai_skills").alias("GenAI skills"),
            components.safe_url(pl.col("url")).alias("Link"),
        ),
        hide_index=True,
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
        key="ladder_postings",
    )


if __name__ == "__main__":
    components.run_page(render)
