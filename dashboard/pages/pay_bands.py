"""Pay bands page: P10–P90 of advertised pay for a role × level × place, and an offer check.

Runs as a Streamlit page script (`st.Page("dashboard/pages/pay_bands.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules
from warehouse import queries

LEVEL_NAMES = {"metro": "metro-area", "state": "state", "country": "country", "all": "all-places"}


def render() -> None:
    st.title("Pay bands")
    build_id = data.manifest()["build_id"]
    options = data.filter_options(build_id)
    if not options.pay_role_families:
        st.info("This snapshot has no pay-band cells.")
        return
    components.show_filter_scope(
        [],
        "a pay band is one role x level x place cell over the last 12 months: pick it under "
        "Cell in the sidebar",
    )
    st.sidebar.header("Cell")
    role_family = components.bound_selectbox(
        "Role family",
        options.pay_role_families,
        "pay_role",
        components.role_label,
        default="ml_engineer",
    )
    seniority = components.bound_selectbox(
        "Level", options.seniorities, "level", components.seniority_label, default="senior"
    )
    places = data.pay_band_places(build_id, role_family, seniority)
    cell = f"{components.role_label(role_family)} · {components.seniority_label(seniority)}"
    if places.is_empty():
        st.info(f"No pay-band cell for {cell} in this snapshot: pick another role or level.")
        return
    place_id = place_picker(places)
    band = data.pay_band(build_id, role_family, seniority, place_id)
    row = band.row(0, named=True)
    st.subheader(f"{cell} · {row['place_name']}")
    if row["is_suppressed"] or row["p50"] is None:
        show_suppressed(row)
        return
    if row["is_rolled_up"]:
        st.info(
            f"Not enough postings in {row['place_name']} ({row['n_postings']:,} postings from "
            f"{row['n_companies']:,} companies; {rules.pay_band_rule()}); showing "
            f"{LEVEL_NAMES.get(row['rollup_level'], row['rollup_level'])} data."
        )
    show_band_metrics(row)
    offer = offer_input(row, f"offer_{role_family}_{seniority}_{place_id}")
    position = data.offer_percentile(build_id, role_family, seniority, place_id, offer)
    title = (
        f"Advertised pay: {components.format_money(row['p10'], row['currency'])} (P10) to "
        f"{components.format_money(row['p90'], row['currency'])} (P90), median "
        f"{components.format_money(row['p50'], row['currency'])}"
    )
    st.plotly_chart(charts.pay_band_figure(row, offer, title=title), key="pay_band")
    show_offer_position(position)
    show_incumbent_pay(row)
    show_h1b_offers(row)
    show_year_earlier(data.pay_band_year_earlier(build_id, role_family, seniority, place_id), row)
    st.dataframe(band_table(row), hide_index=True, key="band_table")
    components.csv_download(
        band, f"pay_band_{role_family}_{seniority}_{place_id}.csv", "Download (CSV)", "band_csv"
    )


def place_picker(places: pl.DataFrame) -> str:
    labels = {
        place_id: f"{name} ({level})"
        for place_id, name, level in places.select("place_id", "place_name", "place_level").rows()
    }
    return components.bound_selectbox(
        "Place",
        places["place_id"].to_list(),
        "place",
        lambda place_id: labels[place_id],
        default="US",
    )


def show_suppressed(row: dict[str, Any]) -> None:
    st.warning(
        f"Suppressed: {rules.pay_band_rule()}. {row['place_name']} has "
        f"{row['n_postings']:,} postings from {row['n_companies']:,} companies for this cell; "
        "try a coarser place."
    )


def show_band_metrics(row: dict[str, Any]) -> None:
    currency = row["currency"]
    median, median_usd, postings, companies = st.columns(4)
    median.metric(f"Median (P50), {currency}", components.format_money(row["p50"], currency))
    median_usd.metric("Median in USD", components.format_money(row["p50_usd"], "USD"))
    postings.metric("Postings (n)", components.format_count(row["n_postings"]))
    companies.metric("Companies", components.format_count(row["n_companies"]))
    st.caption(band_caption(row))


def band_caption(row: dict[str, Any]) -> str:
    level = LEVEL_NAMES.get(row["rollup_level"], row["rollup_level"])
    window = ""
    if row["window_start"] is not None and row["window_end"] is not None:
        window = f" first posted {row['window_start']:%b %Y}–{row['window_end']:%b %Y}"
    counts = "the counts are this place's own, the band " if row["is_rolled_up"] else "the band "
    return (
        f"Advertised pay per year in postings{window}, range-aware percentiles; {counts}"
        f"comes from {level} data. USD figures are the build's where it publishes them, "
        "otherwise converted at the median's rate."
    )


def show_incumbent_pay(row: dict[str, Any]) -> None:
    """BLS OEWS percentiles for the mapped occupation and area, when the build attached them."""
    if row["oews_p50_annual"] is None:
        return
    st.caption(
        f"Posted vs paid: BLS OEWS incumbent base pay for SOC {row['oews_soc_code']} in area "
        f"{row['oews_area_code']}: P10 {components.format_money(row['oews_p10_annual'], 'USD')}, "
        f"P50 {components.format_money(row['oews_p50_annual'], 'USD')}, "
        f"P90 {components.format_money(row['oews_p90_annual'], 'USD')} (a different universe: "
        "people employed, not postings)."
    )


def show_h1b_offers(row: dict[str, Any]) -> None:
    """DOL H-1B offered wages for the same occupation and place, when disclosures are loaded."""
    n = row.get("h1b_n") or 0
    if n == 0:
        return
    if row.get("h1b_p50_annual") is None:
        st.caption(f"H-1B offered wages: {n} certified cases here, fewer than 10: not shown.")
        return
    st.caption(
        f"H-1B offered wages (DOL LCA, certified full-time, SOC {row['oews_soc_code'] or ''}): "
        f"P10 {components.format_money(row['h1b_p10_annual'], 'USD')}, "
        f"P50 {components.format_money(row['h1b_p50_annual'], 'USD')}, "
        f"P90 {components.format_money(row['h1b_p90_annual'], 'USD')}; n = {n:,} cases "
        "(offers to visa holders over the fiscal years loaded, not postings)."
    )


def show_year_earlier(prior: pl.DataFrame, row: dict[str, Any]) -> None:
    """The median of the same cell a year earlier, with its n, or why there is none."""
    if prior.is_empty():
        return
    before = prior.row(0, named=True)
    period = f"{before['window_start']:%b %Y}–{before['window_end']:%b %Y}"
    if before["is_suppressed"] or before["p50"] is None:
        st.caption(f"A year earlier ({period}): too few postings for a band.")
        return
    change = ""
    if before["currency"] == row["currency"] and before["p50"]:
        change = f", {100 * (row['p50'] / before['p50'] - 1):+.1f}% since"
    level = (
        ""
        if before["rollup_level"] == row["place_level"]
        else (f" ({LEVEL_NAMES.get(before['rollup_level'], before['rollup_level'])} data)")
    )
    st.caption(
        f"A year earlier ({period}): median "
        f"{components.format_money(before['p50'], before['currency'])}{level}{change}; "
        f"n = {before['n_postings']:,} postings, {before['n_companies']:,} companies."
    )


def offer_input(row: dict[str, Any], key: str) -> float:
    currency = row["currency"]
    amount = st.number_input(
        f"Offer to check ({currency} per year)",
        min_value=1.0,
        value=max(1.0, float(round(row["p50"], -3))),
        step=1000.0,
        format="%.0f",
        key=key,
    )
    return float(amount)


def show_offer_position(position: queries.OfferPosition) -> None:
    amount = components.format_money(position.amount, position.currency)
    n = f"n = {position.n_postings:,} postings, {position.n_companies:,} companies"
    if position.position == "below_p10":
        p10 = components.format_money(position.p10, position.currency)
        st.warning(f"{amount} is below the 10th percentile (P10 = {p10}); {n}.")
    elif position.position == "above_p90":
        p90 = components.format_money(position.p90, position.currency)
        st.success(f"{amount} is above the 90th percentile (P90 = {p90}); {n}.")
    else:
        percentile = components.ordinal(round(position.percentile or 0))
        st.success(f"{amount} is at the {percentile} percentile; {n}.")


def band_table(row: dict[str, Any]) -> pl.DataFrame:
    """P10…P90 in the cell's currency, and in USD when that differs."""
    percentiles = list(charts.PERCENTILE_COLUMNS)
    columns: dict[str, list[Any]] = {
        "Percentile": [column.upper() for column in percentiles],
        f"{row['currency']} per year": [row[column] for column in percentiles],
    }
    if row["currency"] != "USD":
        columns["USD per year"] = [row[f"{column}_usd"] for column in percentiles]
    return pl.DataFrame(columns).with_columns(pl.exclude("Percentile").cast(pl.Float64).round(0))


if __name__ == "__main__":
    components.run_page(render)
