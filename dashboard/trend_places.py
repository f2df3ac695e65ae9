"""US places for the skill-trends page: the state and metro pickers (bound to the URL), their
labels, the read API's place arguments, and the name of the slice a chart shows.

May import: `dashboard` (components, data), `warehouse.queries`, streamlit, polars, pycountry.
"""

from __future__ import annotations

import polars as pl
import pycountry
import streamlit as st

from dashboard import components, data
from warehouse import queries


def place_pickers(build_id: str, filters: components.Filters) -> str:
    """US state and metro pickers (URL-bound) when the sidebar country allows a US place;
    returns "" (no place), "state:<code>" or "metro:<code>". A metro wins over its state."""
    places = data.demand_places(build_id)
    states = places.filter(pl.col("place_level") == "state")["place_id"].to_list()
    metros = places.filter(pl.col("place_level") == "metro")["place_id"].to_list()
    if not states and not metros:
        return ""
    names = metro_names(build_id)
    left, right = st.columns(2)
    state = components.bound_selectbox(
        "US state", ["all", *states], "state", state_label, container=left
    )
    metro = components.bound_selectbox(
        "US metro area",
        ["all", *metros],
        "metro",
        lambda code: "All metros" if code == "all" else names.get(code, f"Metro {code}"),
        container=right,
    )
    if (state != "all" or metro != "all") and filters.country not in ("all", "US"):
        st.caption(
            f"The US state and metro apply to US postings only: they are ignored while the "
            f"sidebar country is {components.country_name(filters.country)}."
        )
        return ""
    if metro != "all":
        return f"metro:{metro}"
    return f"state:{state}" if state != "all" else ""


def state_label(code: str) -> str:
    if code == "all":
        return "All states"
    subdivision = pycountry.subdivisions.get(code=f"US-{code}")
    return f"{subdivision.name} ({code})" if subdivision is not None else code


def metro_names(build_id: str) -> dict[str, str]:
    try:
        places = data.place_names(build_id)
    except queries.SnapshotError:
        return {}
    metros = places.filter(pl.col("place_level") == "metro")
    return dict(zip(metros["place_id"], metros["place_name"], strict=True))


def place_args(place: str) -> tuple[str, str]:
    """(state, metro_code) for the read API ("all" where not chosen)."""
    level, _, code = place.partition(":")
    return (code if level == "state" else "all", code if level == "metro" else "all")


def slice_name(filters: components.Filters, place: str = "") -> str:
    parts = [components.role_label(filters.role_family), components.country_name(filters.country)]
    if place:
        level, _, code = place.partition(":")
        parts[1] = state_label(code) if level == "state" else f"US metro {code}"
    if filters.seniority != "all":
        parts.append(components.seniority_label(filters.seniority))
    if filters.source != "all":
        parts.append(components.source_label(filters.source))
    return " · ".join(parts)
