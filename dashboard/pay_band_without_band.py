"""What the pay-bands page shows for a cell too thin for a band: its few postings one by one
(never summarized: no percentile, median or verdict from them), that a typed offer is not
checked, and links to the nearest cells with a band of their own, keeping the offer.

May import: `dashboard` modules (not pages), `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlencode

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard import pay_beyond_base as beyond_base


def thin_cell_heading(postings: pl.DataFrame) -> str:
    """The count above the postings: "3 postings from 3 companies — too few for a band; here
    they are"."""
    n_postings = postings.height
    n_companies = postings["company"].n_unique()
    posting_word = "posting" if n_postings == 1 else "postings"
    company_word = "company" if n_companies == 1 else "companies"
    return (
        f"{n_postings:,} {posting_word} from {n_companies:,} {company_word} — too few for a "
        "band; here they are"
    )


def thin_cell_table(postings: pl.DataFrame) -> pl.DataFrame:
    """One row per posting as advertised: its own currency per year, USD beside it when any
    posting is in another currency, what it lists beyond base pay (never added to it); links
    that are not http(s) left out."""
    columns = [
        pl.col("company").alias("Company"),
        pl.col("title").alias("Title"),
        pl.col("place_label").alias("Place"),
        pl.col("posted_date").dt.strftime("%Y-%m-%d").alias("Posted"),  # not "… 00:00:00"
        pl.col("currency").alias("Currency"),
        pl.col("pay_min").round(0).alias("Min per year"),
        pl.col("pay_max").round(0).alias("Max per year"),
    ]
    if (postings["currency"] != "USD").any():
        columns += [
            pl.col("pay_min_usd").round(0).alias("Min per year (USD)"),
            pl.col("pay_max_usd").round(0).alias("Max per year (USD)"),
        ]
    return postings.select(
        *columns,
        beyond_base.posting_components(postings),
        components.safe_url(pl.col("url")).alias("Link"),
    )


def show_thin_cell_postings(build_id: str, role_family: str, seniority: str, place_id: str) -> None:
    """A cell too thin for a band: its own postings, each on its own row, for a recruiter to
    judge one by one. No percentile, median or verdict is computed from them."""
    if not data.view_available(build_id, "out_posting_pay"):
        return
    postings = data.thin_cell_postings(build_id, role_family, seniority, place_id)
    if postings.is_empty():
        return
    st.markdown(f"**{thin_cell_heading(postings)}**")
    st.caption(
        "Individual postings, not a band: each shows the base pay it advertises, per year, in "
        "its own currency. Read them one by one; no percentile, median or offer verdict is "
        "drawn from so few."
    )
    components.number_table(
        thin_cell_table(postings),
        key="thin_cell_postings",
        height=min(36 * (postings.height + 1) + 2, 400),
        Link=st.column_config.LinkColumn("Link", display_text="open"),
    )


def show_unchecked_offer(offer_text: str) -> None:
    """A typed offer that no band here can check is said to be unchecked, not ignored."""
    if offer_text.strip():
        st.info(
            f"Your offer ({offer_text.strip()}) is not checked: this cell has no band to check "
            "it against. The bands below keep it when opened."
        )


ALTERNATIVES_SHOWN: Final = 5
# How many candidate cells to read before putting the place's own country first (the read API
# orders by role, then level, then country: a Bengaluru request had five US and all-places
# bands before any Indian one).
ALTERNATIVES_READ: Final = 400


def show_alternatives(
    build_id: str,
    role_family: str,
    seniority: str,
    place: dict[str, Any],
    labels: Mapping[str, str],
    offer_text: str = "",
) -> None:
    """Links to the nearest cells that have a band of their own, those of the place's own
    country first (the catch-all role family last), each keeping the typed offer. Bands of
    other countries come after, said to be elsewhere and without the offer (a band there is
    in another currency and market: a "£70,000" carried to a US band was refused);
    `labels` are the place pickers' labels by place id."""
    country = place.get("country")
    near = data.pay_band_alternatives(
        build_id, role_family, seniority, country, n=ALTERNATIVES_READ
    )
    if near.is_empty():
        return
    places = data.pay_band_places(build_id)
    near = near.join(
        places.select("place_id", "country").unique("place_id"), on="place_id", how="left"
    )
    if country is None:
        own, elsewhere = near, near.clear()
    else:
        own = near.filter(pl.col("country") == country)
        elsewhere = near.filter(pl.col("country").is_null() | (pl.col("country") != country))
    # the catch-all role family last: a recruiter for one role learns little from its band
    own = components.named_roles_first(own).head(ALTERNATIVES_SHOWN)
    if own.height:
        where = "nearby" if country is None else f"in {band_country_name(places, country, place)}"
        st.markdown(
            f"**Bands with enough data {where}:**\n" + alternative_links(own, labels, offer_text)
        )
        return
    shown = components.named_roles_first(elsewhere).head(ALTERNATIVES_SHOWN)
    name = band_country_name(places, country, place)
    st.markdown(
        f"**No band of any nearby role or level in {name}. Bands elsewhere** (other countries, "
        f"other currencies: not comparable with pay in {name}, so your offer is not carried):\n"
        + alternative_links(shown, labels, "")
    )


def band_country_name(places: pl.DataFrame, country: str | None, place: dict[str, Any]) -> str:
    """The country's place name ("India"), else its code."""
    if country is None:
        return str(place.get("place_name") or "")
    named = places.filter(pl.col("place_id") == country)["place_name"]
    return str(named[0]) if named.len() else country


def alternative_links(near: pl.DataFrame, labels: Mapping[str, str], offer_text: str) -> str:
    links = []
    for row in near.iter_rows(named=True):
        params = {
            "pay_role": components.role_label(row["role_family"]),
            "level": components.seniority_label(row["seniority"]),
            "place": labels.get(row["place_id"], row["place_id"]),
        }
        if offer_text.strip():
            params["offer"] = offer_text.strip()
        text = (
            f"{components.role_label(row['role_family'])} · "
            f"{components.seniority_label(row['seniority'])} · {row['place_name']}"
        )
        links.append(
            f"- [{escape_link_text(text)}](?{urlencode(params)}) — {row['n_postings']:,} "
            f"postings, {row['n_companies']:,} companies"
        )
    return "\n".join(links)


def escape_link_text(text: str) -> str:
    """Place and role names come from the snapshot; keep them literal in a markdown link."""
    return "".join(f"\\{char}" if char in "\\[]()*_`<>#!|" else char for char in text)
