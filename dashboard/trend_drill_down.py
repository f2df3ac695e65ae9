"""The postings behind one point of the skill trend (skill x month), page by page: pickers
preset by a click on the chart, a page of postings with title, company, place, pay and a safe
link, and its CSV. Posting text is shown only through st.dataframe, never as HTML.

May import: `dashboard` (components, data, trend_places), streamlit, polars and the standard
library.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.trend_places import place_args, slice_name

PAGE_SIZE = 50


def show_drill_down(
    build_id: str, trend: pl.DataFrame, filters: components.Filters, place: str = ""
) -> None:
    """Every posting behind one point of the trend (skill x month), page by page."""
    st.subheader("Postings behind a point")
    st.caption("Click a point on the trend chart, or pick a skill and month here.")
    names = dict(zip(trend["skill_id"], trend["skill_name"], strict=False))
    months = sorted(trend["month"].unique().to_list(), reverse=True)
    apply_clicked_point(names, months)
    drill_down_pages(build_id, names, months, filters, place)


@st.fragment
def drill_down_pages(
    build_id: str,
    names: dict[str, str],
    months: list[date],
    filters: components.Filters,
    place: str,
) -> None:
    """The pickers and the page of postings: a fragment, so paging reruns only this part."""
    left, middle, right = st.columns([2, 2, 1])
    with left:
        skill_id = st.selectbox(
            "Skill", list(names), format_func=lambda value: names[value], key="drill_skill"
        )
    with middle:
        month = st.selectbox(
            "Month", months, format_func=lambda value: f"{value:%b %Y}", key="drill_month"
        )
    state, metro = place_args(place)

    def postings_from(offset: int) -> pl.DataFrame:
        return data.postings_page(
            build_id,
            skill_id,
            month,
            filters.role_family,
            filters.country,
            filters.seniority,
            filters.source,
            state,
            metro,
            offset,
            PAGE_SIZE,
        )

    first = postings_from(0)
    if first.is_empty():
        st.info(f"No postings naming {names[skill_id]} in {month:%b %Y} in this slice.")
        return
    n_matching = int(first["n_matching"][0])
    n_pages = max(1, -(-n_matching // PAGE_SIZE))
    with right:
        page_number = st.number_input(
            f"Page (of {n_pages:,})",
            min_value=1,
            max_value=n_pages,
            value=1,
            step=1,
            key=f"drill_page_{skill_id}_{month}",
        )
    page = first if page_number == 1 else postings_from((int(page_number) - 1) * PAGE_SIZE)
    start = (int(page_number) - 1) * PAGE_SIZE + 1
    st.caption(
        f"Postings {start:,}–{start + page.height - 1:,} of {n_matching:,} naming "
        f"{names[skill_id]} in {month:%b %Y} ({slice_name(filters, place)}), newest first. "
        "Text is shown as posted, as plain text; pay is the advertised range per year."
    )
    st.dataframe(
        postings_table(page),
        hide_index=True,
        key="drill_table",
        column_config={"Link": st.column_config.LinkColumn("Link", display_text="open")},
    )
    components.csv_download(
        page.drop("n_matching"),
        "postings_page.csv",
        "Download this page of postings (CSV)",
        "drill_csv",
    )


def apply_clicked_point(names: dict[str, str], months: list[date]) -> None:
    """Preset the drill-down pickers from a newly clicked trend point (its series name and
    month); a click already applied is left alone so the pickers stay free to change."""
    selection = st.session_state.get("skill_trend")
    points = (selection or {}).get("selection", {}).get("points", []) if selection else []
    ids_by_name = {name: skill_id for skill_id, name in names.items()}
    for point in points:
        skill_id = ids_by_name.get(str(point.get("legendgroup", "")))
        # the point's month: its x (with one month of data the x is the skill: that month)
        try:
            month = date.fromisoformat(str(point.get("x", ""))[:10]).replace(day=1)
        except ValueError:
            if len(months) != 1:
                continue
            month = months[0]
        picked = (skill_id, month)
        if skill_id and month in months and picked != st.session_state.get("_drill_point"):
            st.session_state["_drill_point"] = picked
            st.session_state["drill_skill"] = skill_id
            st.session_state["drill_month"] = month
        return


def postings_table(page: pl.DataFrame) -> pl.DataFrame:
    """Display columns, levels and sources in words (they read "mid", "jsonld", "hn" on the
    sample); links that are not http(s) are dropped rather than made clickable."""
    return page.select(
        pl.col("month").dt.strftime("%Y-%m").alias("Month"),
        pl.col("title").alias("Title"),
        pl.col("company").alias("Company"),
        pl.col("place_label").alias("Place"),
        pay_text().alias("Pay per year"),
        pl.col("seniority")
        .replace_strict(components.SENIORITY_LABELS, default=pl.col("seniority"))
        .alias("Level"),
        pl.col("source")
        .replace_strict(components.SOURCE_LABELS, default=pl.col("source"))
        .alias("Source"),
        components.safe_url(pl.col("url")).alias("Link"),
    )


def pay_text() -> pl.Expr:
    """ "150,000–200,000 USD", or "2,500,000–3,500,000 INR (29,400–41,200 USD)"; one amount
    when the range has one ("180,300 USD", not "180,300–180,300 USD"), "from" / "up to" one
    with an open end; empty when the posting advertises no pay."""

    def amount(column: str) -> pl.Expr:
        return pl.col(column).map_elements(lambda value: f"{value:,.0f}", return_dtype=pl.String)

    def pay_range(low: str, high: str) -> pl.Expr:
        single = amount(low) == amount(high)
        return (
            pl.when(single)
            .then(amount(low))
            .when(pl.col(high).is_null())
            .then(pl.lit("from ") + amount(low))
            .when(pl.col(low).is_null())
            .then(pl.lit("up to ") + amount(high))
            .otherwise(pl.concat_str([amount(low), pl.lit("–"), amount(high)]))
        )

    local = pl.concat_str(
        [pay_range("pay_min_annual", "pay_max_annual"), pl.lit(" "), pl.col("currency")]
    )
    usd = pl.concat_str(
        [pl.lit(" ("), pay_range("pay_min_annual_usd", "pay_max_annual_usd"), pl.lit(" USD)")]
    )
    both = pl.when(pl.col("currency") == "USD").then(local).otherwise(local + usd)
    advertised = pl.col("pay_min_annual").is_not_null() | pl.col("pay_max_annual").is_not_null()
    return pl.when(advertised).then(both).otherwise(pl.lit(""))


# --------------------------------------------------------------------------- emerging skills
