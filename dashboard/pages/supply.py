"""Demand vs supply page: openings per candidate for a skill by place, in one window
(out_demand_supply: 90-day windows, the contract's `window_days`): one chart of the places at a
time, as picked (by place, the US state tile map, by country; URL `places`), above every
place's row in a table.

Runs as a Streamlit page script (`st.Page("dashboard/pages/supply.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.
Metro names come from the pay-band mart's places when it names them (else the OEWS code);
country names from pycountry.

May import: `dashboard` modules, `warehouse.queries`, `contract`, streamlit, polars,
pycountry.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

import polars as pl
import pycountry
import streamlit as st

from contract import vocab
from dashboard import charts, components, data, rules
from warehouse import queries

LEVEL_LABELS: Final = {
    "all": "All places",
    "country": "Country",
    "state": "US state",
    "metro": "Metro area",
}
NO_STATE_ROWS: Final = (
    "No US state rows for this skill and window (the snapshot predates state rows, or no US "
    "posting named a state)."
)
ESTIMATE_SOURCE: Final = vocab.ESTIMATE_SUPPLY


def how_supply_is_measured() -> str:
    """The methods note, with the window and Lightcast's bands from the contract."""
    return f"""\
**Demand** is the number of new postings naming the skill, first posted in the
{rules.supply_window_days()}-day window ending on the chosen date, in the place.

**Supply** is the talent pool: candidate profiles that list the skill, are in the place, are
marked open to work, and were updated in the same window (`supply_source` names the source).

**Openings per candidate** = demand / supply, with a 95% interval from the Poisson uncertainty
of both counts. The inverse, candidates per opening, is read with Lightcast's bands:
{rules.inverse_bands_text()}. The location quotient is the place's share of postings naming the
skill over the same share across all places.
"""


SENSITIVITY_NOTE: Final = (
    "Sensitivity: the ratio depends on who is in the talent pool. A pool that covers only part "
    "of the people who could do the job (or counts stale profiles) inflates it; a longer or "
    "shorter window changes both counts. Compare places and windows within one source rather "
    "than reading a single ratio as absolute."
)


def render() -> None:
    st.title("Demand vs supply")
    build_id = data.manifest()["build_id"]
    windows = data.demand_supply_windows(build_id)
    skills = data.demand_supply_skills(build_id)
    # a crawl's postings against national supply: no ratio
    explain_not_measurable(shown=bool(windows) and not skills.is_empty())
    if not windows or skills.is_empty():
        st.info(no_skill_rows_text(queries.demand_supply_measurability()))
        return
    components.show_filter_scope(
        [],
        f"ratios are per skill x place x {rules.supply_window_days()}-day window, all roles "
        "together: pick the skill and window below",
    )
    supply_view(build_id, skills, windows)


# One chart of the places at a time (URL `places`): the page draws one plotly chart, not three.
PLACE_VIEWS: Final = ("By place", "US map by state", "By country")


def supply_view(build_id: str, skills: pl.DataFrame, windows: tuple[date, ...]) -> None:
    """The skill and window pickers and everything they show."""
    skill_id, window_end = supply_filters(skills, windows)
    rows = data.demand_supply(build_id, skill_id, window_end)
    names = dict(zip(skills["skill_id"], skills["skill_name"], strict=True))
    st.subheader(
        f"{names.get(skill_id, skill_id)} · {rules.supply_window_days()} days to "
        f"{window_end:%d %b %Y}"
    )
    if rows.is_empty():
        st.info("No demand/supply rows for this skill in this window: pick another window.")
        return
    labelled = with_place_labels(rows, metro_names(build_id))
    show_overall(labelled)
    view = st.segmented_control(
        "Places",
        PLACE_VIEWS,
        default=PLACE_VIEWS[0],
        key="places",
        bind="query-params",
        required=True,
    )
    if view == PLACE_VIEWS[1]:
        show_state_map(labelled)
    elif view == PLACE_VIEWS[2]:
        show_country_ratios(labelled)
    show_by_place(labelled.filter(pl.col("place_level") != "state"), chart=view == PLACE_VIEWS[0])
    show_supply_sensitivity(build_id, skill_id, window_end, labelled)
    with st.expander("How supply is measured"):
        st.markdown(how_supply_is_measured())
    st.caption(SENSITIVITY_NOTE)
    components.csv_download(
        labelled.drop("iso3"),
        f"demand_supply_{skill_id}_{window_end.isoformat()}.csv",
        "Download the shown data (CSV)",
        key="supply_csv",
    )


# The supply measures in words (the overall caption read "supply from talent_pool").
SUPPLY_SOURCE_WORDS: Final = {
    vocab.TALENT_POOL_SUPPLY: "the talent pool",
    ESTIMATE_SOURCE: "the OEWS estimate",
}
HOW_TO_ADD_SUPPLY: Final = (
    "per-skill supply comes from a talent pool of candidate profiles: `skillmarket ingest "
    "talent-pool`, then `skillmarket build`"
)


def no_skill_rows_text(by_source: pl.DataFrame) -> str:
    """Why there is no skill to pick, and how to get one. On the real captures the page said
    "This snapshot has no demand/supply rows" under a note about "those rows": the snapshot
    held 98 rows, every one a role family's (all skills) against the OEWS estimate."""
    n_rows = int(by_source["n_rows"].sum()) if by_source.height else 0
    if n_rows == 0:
        return f"This snapshot has no demand/supply rows: {HOW_TO_ADD_SUPPLY}."
    sources = " and ".join(
        SUPPLY_SOURCE_WORDS.get(source, source) for source in by_source["supply_source"].to_list()
    )
    return (
        f"No skill has demand/supply rows in this snapshot: its {n_rows:,} rows are per role "
        f"family (all skills together), against {sources}; {HOW_TO_ADD_SUPPLY}."
    )


def explain_not_measurable(shown: bool) -> None:
    """Why rows against a supply measure carry no ratio: "not measurable from this crawl"
    (out_demand_supply's is_measurable and not_measurable_reason, issue 13). Rows are said to
    show counts only when the page shows rows (`shown`): on the real captures it promised them
    above a page without any."""
    labels = SUPPLY_SOURCE_WORDS
    rows = queries.demand_supply_measurability().filter(pl.col("n_not_measurable") > 0)
    after = "Those rows show demand and supply counts only." if shown else "No ratio is drawn."
    for row in rows.iter_rows(named=True):
        st.warning(
            f"Openings per candidate against {labels.get(row['supply_source'], 'this supply')}: "
            f"{row['reason']}. {after}",
            icon="📏",
        )


def supply_filters(skills: pl.DataFrame, windows: tuple[date, ...]) -> tuple[str, date]:
    """Skill and window pickers at the top of the page (URL-synced); returns (skill_id,
    window_end)."""
    names = dict(zip(skills["skill_id"], skills["skill_name"], strict=True))
    skill_col, window_col = st.columns(2)
    skill_id = components.bound_selectbox(
        "Skill",
        skills["skill_id"].to_list(),
        "supply_skill",
        lambda value: names.get(value, value),
        default=queries.GENAI_SKILL_ID,
        container=skill_col,
    )
    window = components.bound_selectbox(
        "Window ending",
        [window.isoformat() for window in windows],
        "window",
        lambda value: f"{date.fromisoformat(value):%d %b %Y}",
        container=window_col,
    )
    return skill_id, date.fromisoformat(window)


def metro_names(build_id: str) -> dict[str, str]:
    """OEWS metro code -> name from the pay-band mart; empty when that mart is unavailable."""
    try:
        places = data.place_names(build_id)
    except queries.SnapshotError:
        return {}
    metros = places.filter(pl.col("place_level") == "metro")
    return dict(zip(metros["place_id"], metros["place_name"], strict=True))


def country_codes(codes: list[str]) -> dict[str, tuple[str, str]]:
    """ISO alpha-2 -> (name, alpha-3) for the codes pycountry knows."""
    known = {}
    for code in codes:
        country = pycountry.countries.get(alpha_2=code)
        if country is not None:
            known[code] = (str(country.name), str(country.alpha_3))
    return known


def with_place_labels(rows: pl.DataFrame, metros: dict[str, str]) -> pl.DataFrame:
    """Adds place_label (readable name) and iso3 (countries only) to the demand/supply rows."""
    countries = country_codes(
        rows.filter(pl.col("place_level") == "country")["place_id"].unique().to_list()
    )
    country_names = {code: components.country_name(code) for code in countries}
    metro_labels = {code: f"{name} (metro {code})" for code, name in metros.items()}
    place = pl.col("place_id")
    label = (
        pl.when(pl.col("place_level") == "all")
        .then(pl.lit("All places"))
        .when(pl.col("place_level") == "country")
        .then(place.replace_strict(country_names, default=place, return_dtype=pl.String))
        .when(pl.col("place_level") == "state")
        .then(place.str.strip_prefix("US-") + pl.lit(" (US state)"))
        .otherwise(
            place.replace_strict(
                metro_labels, default=pl.lit("Metro ") + place, return_dtype=pl.String
            )
        )
    )
    iso3 = (
        pl.when(pl.col("place_level") == "country")
        .then(
            place.replace_strict(
                {code: alpha_3 for code, (_, alpha_3) in countries.items()},
                default=None,
                return_dtype=pl.String,
            )
        )
        .otherwise(None)
    )
    return rows.with_columns(place_label=label, iso3=iso3)


def show_overall(rows: pl.DataFrame) -> None:
    overall = rows.filter(pl.col("place_level") == "all")
    if overall.is_empty():
        return
    row = overall.row(0, named=True)
    ratio, inverse, demand, supply = st.columns(4)
    ratio.metric("Openings per candidate", format_ratio(row["ratio"]))
    inverse.metric("Candidates per opening", format_ratio(row["inverse_ratio"]))
    demand.metric("Postings (demand n)", components.format_count(row["demand_n"]))
    supply.metric("Candidates (supply n)", components.format_count(row["supply_n"]))
    st.caption(overall_caption(row))


def format_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def overall_caption(row: dict[str, Any]) -> str:
    counts = f"n = {row['demand_n']:,} postings, {row['supply_n']:,} candidates"
    if row["ratio"] is None:
        return f"All places: no candidates in the pool, so no ratio; {counts}."
    return (
        f"All places: 95% interval {row['ratio_lo']:.2f}–{row['ratio_hi']:.2f} openings per "
        f"candidate; Lightcast band of the inverse: {row['inverse_band'] or '—'}; {counts}; "
        f"supply from {SUPPLY_SOURCE_WORDS.get(row['supply_source'], row['supply_source'])}."
    )


def show_by_place(rows: pl.DataFrame, chart: bool = True) -> None:
    """Every place's row in a table, under the ratio chart of those with one (`chart`)."""
    st.markdown("**By place**")
    if chart and rows.filter(pl.col("ratio").is_not_null()).height:
        st.plotly_chart(
            charts.demand_supply_figure(rows, title=ratio_finding(rows)),
            key="supply_by_place",
            config=components.CHART_CONFIG,
        )
    st.dataframe(place_table(rows), hide_index=True, key="supply_table")
    no_supply = rows.filter(pl.col("ratio").is_null())
    if no_supply.height:
        st.caption(
            f"{no_supply.height:,} place(s) have postings but no candidates in the pool, so no "
            "ratio (shown in the table, not the chart)."
        )


METRO_CODE: Final = re.compile(r" \(metro \d+\)$")


def ratio_finding(rows: pl.DataFrame) -> str:
    """The chart's title: where openings per candidate are highest, called the tightest only
    when its 95% interval lies wholly above every other place's (otherwise the intervals do
    not support a superlative, and the title says how many overlap)."""
    ranked = rows.filter(pl.col("ratio").is_not_null()).sort("ratio", descending=True)
    top = ranked.row(0, named=True)
    interval = (
        f" (95% {top['ratio_lo']:.2f}–{top['ratio_hi']:.2f})"
        if top["ratio_lo"] is not None and top["ratio_hi"] is not None
        else ""
    )
    place = METRO_CODE.sub("", top["place_label"])  # the bars name metros without codes
    reading = f"{place}, {top['ratio']:.2f} openings per candidate{interval}"
    others = ranked.slice(1)
    if others.is_empty():
        return f"Only place with a ratio: {reading}"
    if top["ratio_lo"] is None:
        return f"Highest ratio: {reading}; no interval, so not called the tightest"
    overlapping = others.filter(
        pl.col("ratio_hi").is_null() | (pl.col("ratio_hi") >= top["ratio_lo"])
    ).height
    if overlapping == 0:
        return f"Tightest: {reading}"
    return (
        f"Highest ratio: {reading}; its interval overlaps that of {overlapping:,} other "
        f"place{'s' if overlapping != 1 else ''}, so none is clearly the tightest"
    )


def place_table(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        pl.col("place_label").alias("Place"),
        pl.col("place_level")
        .replace_strict(LEVEL_LABELS, default=pl.col("place_level"))
        .alias("Level"),
        pl.col("ratio").round(2).alias("Openings per candidate"),
        pl.col("ratio_lo").round(2).alias("95% low"),
        pl.col("ratio_hi").round(2).alias("95% high"),
        pl.col("inverse_ratio").round(2).alias("Candidates per opening"),
        pl.col("inverse_band").alias("Band (Lightcast)"),
        pl.col("demand_n").alias("Demand n"),
        pl.col("supply_n").alias("Supply n"),
        pl.col("location_quotient").round(2).alias("Location quotient"),
    )


def show_state_map(rows: pl.DataFrame) -> None:
    """US states on a tile grid coloured by openings per candidate."""
    st.markdown("**US map by state**")
    states = rows.filter(pl.col("place_level") == "state")
    if states.is_empty():
        st.info(NO_STATE_ROWS)
        return
    with_ratio = states.filter(pl.col("ratio").is_not_null())
    title = (
        ratio_finding(with_ratio)
        if with_ratio.height
        else "No US state has both postings and candidates for this skill"
    )
    st.plotly_chart(
        charts.state_tile_map(states, title=title),
        key="supply_state_map",
        config=components.CHART_CONFIG,
    )
    st.caption(
        f"{with_ratio.height:,} of {states.height:,} states with postings or candidates have a "
        f"ratio; n = {states['demand_n'].sum():,} postings, {states['supply_n'].sum():,} "
        "candidates. Grey tiles: no ratio."
    )


def show_supply_sensitivity(
    build_id: str, skill_id: str, window_end: date, pool_rows: pl.DataFrame
) -> None:
    """The same demand against the second supply measure, side by side for the US."""
    estimate = data.demand_supply_from(build_id, skill_id, window_end, ESTIMATE_SOURCE)
    st.markdown("**Sensitivity to the supply measure**")
    if estimate.is_empty():
        st.caption(
            "Only the talent pool measures supply here: the OEWS × survey estimate needs a "
            "developer survey naming this skill (`skillmarket ingest so-survey`)."
        )
        return
    measures = (
        ("Talent pool (candidates counted)", pool_rows),
        ("OEWS employment × survey share × seeking rate (estimate)", estimate),
    )
    columns = ("demand_n", "supply_n", "ratio", "ratio_lo", "ratio_hi")
    parts = [
        rows.filter(pl.col("place_id") == "US").select(
            pl.lit(label).alias("Supply measure"), *columns
        )
        for label, rows in measures
    ]
    table = pl.concat(parts, how="vertical_relaxed").rename(
        {
            "demand_n": "Demand n (US)",
            "supply_n": "Supply (US)",
            "ratio": "Openings per candidate",
            "ratio_lo": "95% low",
            "ratio_hi": "95% high",
        }
    )
    st.dataframe(table, hide_index=True, key="supply_sensitivity")
    st.caption(
        "The estimate counts every employed worker in the mapped occupations who may be looking "
        f"in {rules.supply_window_days()} days, while demand counts only the postings collected "
        "here, so its ratio is far "
        "lower: compare skills and places within one measure, not across them. The estimate's "
        "interval carries the demand count's uncertainty only."
    )


def show_country_ratios(rows: pl.DataFrame) -> None:
    st.markdown("**By country**")
    countries = rows.filter(pl.col("iso3").is_not_null() & pl.col("ratio").is_not_null())
    if countries.is_empty():
        st.caption("No country rows with a ratio for this skill and window.")
        return
    ordered = countries.sort("ratio", descending=True)
    st.plotly_chart(
        charts.demand_supply_figure(ordered, title=ratio_finding(ordered)),
        key="supply_map",
        config=components.CHART_CONFIG,
    )
    st.caption(
        f"{countries.height:,} countries; n = {countries['demand_n'].sum():,} postings, "
        f"{countries['supply_n'].sum():,} candidates."
    )


if __name__ == "__main__":
    components.run_page(render)
