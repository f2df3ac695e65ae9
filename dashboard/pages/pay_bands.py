"""Pay bands page (recruiters): advertised pay P10–P90 for a role × level × place, with its
interval, n and confidence, an offer check, what its postings list beyond base pay (equity,
bonus, commission: beside the band, never in it), and the companies and postings behind it;
for a cell too thin for a band, its few postings one by one (never summarized).

Runs as a Streamlit page script (`st.Page("dashboard/pages/pay_bands.py")`); `render()` draws it.
Widgets (role, level, place and offer at the top, bound to the URL) → cached query
(`dashboard.data`) → figure builder (`dashboard.charts`) → render.

What a band may show is the build's (out_pay_bands): a thin place borrows only a coarser place
of its own country, in its currency; otherwise the page says there is not enough data in that
country and draws nothing. A place asked for in the URL that the snapshot lacks stays in the
URL and is named as missing.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl
import streamlit as st

from dashboard import charts, components, data, offer, rules
from dashboard import pay_band_without_band as without_band
from dashboard import pay_beyond_base as beyond_base
from warehouse import queries

LEVEL_NAMES: Final = {
    "metro": "metro-area",
    "state": "state",
    "country": "country",
    "all": "all-places",
}
CONFIDENCE_TEXT: Final = {
    "high": "High confidence",
    "medium": "Medium confidence",
    "low": "Low confidence",
}
TOTAL_COMP_NOTE: Final = (
    "Base pay only. Equity, bonus and commission are never added to this band: where a "
    "posting's source lists them (Ashby publishes them beside the salary) they are shown "
    "beside it, above and in the postings table; pay marked as on-target or total "
    "compensation is kept out of base."
)


def render() -> None:
    st.title("Pay bands")
    build_id = data.manifest()["build_id"]
    options = data.filter_options(build_id)
    if not options.pay_role_families:
        st.info("This snapshot has no pay-band cells.")
        return
    band_view(build_id, options)


def band_view(build_id: str, options: queries.FilterOptions) -> None:
    """Everything below the title: the cell pickers and what they select."""
    role_family, seniority, place_id, offer_text, places = cell_pickers(build_id, options)
    components.show_filter_scope(
        [],
        "a pay band is one role x level x place cell over the last 12 months: pick it above",
    )
    cell = f"{components.role_label(role_family)} · {components.seniority_label(seniority)}"
    missing = [
        components.requested_value(value)
        for value in (role_family, seniority, place_id)
        if components.requested_value(value) is not None
    ]
    if missing:
        st.subheader(cell_heading(role_family, seniority, place_id, places))
        st.warning(
            f"This snapshot has no pay data for {', '.join(str(m) for m in missing)}: nothing is "
            "drawn. The request stays in the link; pick another value above."
        )
        without_band.show_unchecked_offer(offer_text)
        without_band.show_alternatives(
            build_id,
            role_family,
            seniority,
            place_row(places, place_id),
            place_labels(places),
            offer_text,
        )
        return
    band = data.pay_band(build_id, role_family, seniority, place_id)
    place = place_row(places, place_id)
    if band.is_empty() or band.row(0, named=True)["is_suppressed"]:
        st.subheader(f"{cell} · {place['place_name']}")
        show_not_enough(cell, place, None if band.is_empty() else band.row(0, named=True), places)
        without_band.show_thin_cell_postings(build_id, role_family, seniority, place_id)
        without_band.show_unchecked_offer(offer_text)
        without_band.show_alternatives(
            build_id, role_family, seniority, place, place_labels(places), offer_text
        )
        return
    row = band.row(0, named=True)
    shown = place_row(places, row["shown_place_id"] or place_id)
    st.subheader(band_heading(cell, row, shown))
    show_confidence(row)
    show_band_metrics(row)
    pooled = row["place_level"] == "all"
    checked = None if pooled else read_offer(offer_text, row)
    if pooled:
        show_pooled_offer(build_id, role_family, seniority, offer_text, places)
    position = (
        None
        if checked is None
        else data.offer_percentile(build_id, role_family, seniority, place_id, checked.amount)
    )
    verdict = offer_verdict(position) if position is not None else None
    title = (
        f"Advertised pay: {components.format_money(row['p10'], row['currency'])} (P10) to "
        f"{components.format_money(row['p90'], row['currency'])} (P90), median "
        f"{components.format_money(row['p50'], row['currency'])}"
    )
    figure = charts.pay_band_figure(
        row,
        None if checked is None else checked.amount,
        title=title,
        offer_colour=VERDICT_COLOURS[verdict[0]] if verdict else charts.OKABE_ITO[3],
    )
    st.plotly_chart(figure, key="pay_band", config=components.CHART_CONFIG)
    if verdict is not None:
        show_verdict(*verdict)
    components.number_table(band_table(row), key="band_table")
    st.caption(band_caption(row))
    beyond_base.show_beyond_base(build_id, role_family, seniority, place_id)
    show_companies(build_id, role_family, seniority, place_id, row)
    show_incumbent_pay(row, places)
    show_h1b_offers(row)
    show_year_earlier(data.pay_band_year_earlier(build_id, role_family, seniority, place_id), row)
    st.caption(TOTAL_COMP_NOTE)
    components.csv_download(
        band, f"pay_band_{role_family}_{seniority}_{place_id}.csv", "Download (CSV)", "band_csv"
    )


# --------------------------------------------------------------------------- pickers


def cell_pickers(
    build_id: str, options: queries.FilterOptions
) -> tuple[str, str, str, str, pl.DataFrame]:
    """Role, level, place and offer at the top of the page, each bound to the URL. Every place
    of the snapshot is offered whatever the role and level (so a link keeps its place)."""
    places = data.pay_band_places(build_id)
    labels = place_labels(places)
    role_col, level_col, place_col, offer_col = st.columns([1, 1, 1.4, 1])
    role_family = components.bound_selectbox(
        "Role",
        options.pay_role_families,
        "pay_role",
        components.role_label,
        default="ml_engineer",
        container=role_col,
        keep_requested=True,
    )
    seniority = components.bound_selectbox(
        "Level",
        options.seniorities,
        "level",
        components.seniority_label,
        default="senior",
        container=level_col,
        keep_requested=True,
    )
    place_id = components.bound_selectbox(
        "Place",
        places["place_id"].to_list(),
        "place",
        lambda value: labels.get(value, value),
        default="US",
        container=place_col,
        keep_requested=True,
        aliases=legacy_place_labels(places),
    )
    offer_text = offer_col.text_input(
        "Offer to check (per year)",
        key="offer",
        placeholder="e.g. 185k, 185,000, ₹32 LPA",
        bind="query-params",
    )
    return role_family, seniority, place_id, offer_text or "", places


def place_kind(level: str, place_id: str) -> str:
    if level == "metro":
        return "city" if ":" in place_id else "metro"
    if level == "state":
        return "state" if place_id.startswith("US-") else "region"
    return level


def place_labels(places: pl.DataFrame) -> dict[str, str]:
    """place_id -> "Name (kind)", e.g. "Bengaluru, India (city)", "India (country)"."""
    return {
        place_id: name if level == "all" else f"{name} ({place_kind(level, place_id)})"
        for place_id, name, level in places.select("place_id", "place_name", "place_level").rows()
    }


def legacy_place_labels(places: pl.DataFrame) -> dict[str, str]:
    """Labels of links made before places had names ("IN (country)") -> their place."""
    return {
        f"{place_id} ({level})": place_id
        for place_id, level in places.select("place_id", "place_level").rows()
    }


def place_row(places: pl.DataFrame, place_id: str) -> dict[str, Any]:
    """The place's level, name and country (a request for an unknown place: its label)."""
    found = places.filter(pl.col("place_id") == place_id)
    if found.height:
        return found.row(0, named=True)
    return {"place_level": None, "place_id": place_id, "place_name": place_id, "country": None}


def cell_heading(role_family: str, seniority: str, place_id: str, places: pl.DataFrame) -> str:
    def shown(value: str, label: Any) -> str:
        requested = components.requested_value(value)
        return requested if requested is not None else label(value)

    place = shown(place_id, lambda value: place_row(places, value)["place_name"])
    return " · ".join(
        (
            shown(role_family, components.role_label),
            shown(seniority, components.seniority_label),
            place,
        )
    )


def band_heading(cell: str, row: dict[str, Any], shown: dict[str, Any]) -> str:
    """The heading names the place asked for, the place whose band is drawn and the n behind
    it: "ML engineer · Senior · Austin — band from Texas, US (state): 28 postings, 9 companies"."""
    n = f"{row['shown_n_postings'] or 0:,} postings, {row['shown_n_companies'] or 0:,} companies"
    if row["is_rolled_up"]:
        level = place_kind(row["rollup_level"], shown["place_id"])
        return f"{cell} · {row['place_name']} — band from {shown['place_name']} ({level}): {n}"
    return f"{cell} · {row['place_name']}: {n}"


def show_not_enough(
    cell: str, place: dict[str, Any], row: dict[str, Any] | None, places: pl.DataFrame
) -> None:
    """No band: say where data is missing (the place's country: a band rolls up within it
    only) and draw nothing."""
    country = place.get("country")
    country_name = None if country is None else place_row(places, country)["place_name"]
    where = f"in {country_name}" if country_name is not None else f"for {place['place_name']}"
    counts = ""
    if row is not None:
        counts = (
            f" {place['place_name']} has {plural(row['n_postings'], 'paid posting')} from "
            f"{plural(row['n_companies'], 'company', 'companies')}"
        )
        if country_name is not None and place.get("place_level") not in ("country", "all"):
            counts += f", and no coarser place in {country_name} has enough either"
        counts += "."
    rule = rules.pay_band_rule()
    st.warning(
        f"Not enough data {where} for {cell}.{counts} {rule[:1].upper()}{rule[1:]} in one "
        "currency, "
        "and a band never borrows another country's postings. Nothing is drawn: try a coarser "
        "place or another level."
    )


def plural(n: int, one: str, many: str | None = None) -> str:
    """ "1 paid posting", "4 paid postings" (the real captures read "1 paid postings from 1
    companies")."""
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


# --------------------------------------------------------------------------- the band


def show_confidence(row: dict[str, Any]) -> None:
    word = row.get("confidence")
    if word is None:
        return
    recent = row.get("recent_share")
    recency = "" if recent is None else f", {100 * recent:.0f}% of them in the last 6 months"
    st.caption(
        f"**{CONFIDENCE_TEXT.get(word, word)}**: {row['shown_n_postings']:,} postings from "
        f"{row['shown_n_companies']:,} companies{recency}. {rules.confidence_rule()}"
    )


def show_band_metrics(row: dict[str, Any]) -> None:
    currency = row["currency"]
    median, median_usd, postings, companies = st.columns(4)
    median.metric(f"Median (P50), {currency}", components.format_money(row["p50"], currency))
    if currency == "USD":  # USD beside a USD band would repeat it: the middle half instead
        # short amounts ($271k–$349k): the full ones did not fit a quarter of a 1400 px page
        # ("$270,660–$3…"); they are in the percentile table below and in the tooltip
        middle = components.format_money_range_short(row["p25"], row["p75"], currency)
        full = (
            f"{components.format_money(row['p25'], currency)} to "
            f"{components.format_money(row['p75'], currency)}"
        )
        median_usd.metric("Middle half (P25–P75)", middle, help=f"P25 to P75: {full}.")
    else:
        median_usd.metric("Median in USD", components.format_money(row["p50_usd"], "USD"))
    postings.metric("Postings behind the band", components.format_count(row["shown_n_postings"]))
    companies.metric("Companies", components.format_count(row["shown_n_companies"]))
    if row["p50_lo"] is not None and row["p50_hi"] is not None:
        st.caption(
            f"Median 95% interval {components.format_money(row['p50_lo'], currency)} to "
            f"{components.format_money(row['p50_hi'], currency)} (bootstrap over companies)."
        )


# Whose band a thin place borrows, said of the place ("so the band is its state's"): never
# another country's.
BORROWED_FROM: Final = {"metro": "metro area's", "state": "state's", "country": "country's"}


def band_caption(row: dict[str, Any]) -> str:
    window = ""
    if row["window_start"] is not None and row["window_end"] is not None:
        window = f" first posted {row['window_start']:%b %Y}–{row['window_end']:%b %Y}"
    own = ""
    if row["is_rolled_up"]:
        borrowed = BORROWED_FROM.get(row["rollup_level"], "country's")
        own = (
            f" {row['place_name']} itself has {plural(row['n_postings'], 'paid posting')} "
            f"from {plural(row['n_companies'], 'company', 'companies')} "
            f"({rules.pay_band_rule()}), so the band is its {borrowed}."
        )
    usd = (
        ""
        if row["currency"] == "USD"
        else ", with USD beside them (each posting at its month's rate)"
    )
    pooled = ""
    if row["place_level"] == "all":  # the sample's ML engineer · Senior: $298,000, US $317,900
        pooled = (
            " All places pools every country's postings, each converted to USD at its month's "
            "rate, so its band mixes markets and currencies: check an offer against its own "
            "country's band."
        )
    return (
        f"Advertised base pay per year in postings{window}, range-aware percentiles in "
        f"{row['currency']}{usd}. The 95% intervals come from a bootstrap over companies."
        + own
        + pooled
    )


def band_table(row: dict[str, Any]) -> pl.DataFrame:
    """P10…P90 in the cell's currency with their 95% interval, and in USD when that differs."""
    percentiles = list(charts.PERCENTILE_COLUMNS)
    currency = row["currency"]
    columns: dict[str, list[Any]] = {
        "Percentile": [column.upper() for column in percentiles],
        f"{currency} per year": [row[column] for column in percentiles],
        "95% low": [row.get(f"{column}_lo") for column in percentiles],
        "95% high": [row.get(f"{column}_hi") for column in percentiles],
    }
    if currency != "USD":
        columns["USD per year"] = [row[f"{column}_usd"] for column in percentiles]
    return pl.DataFrame(columns).with_columns(pl.exclude("Percentile").cast(pl.Float64).round(0))


# --------------------------------------------------------------------------- the offer

VERDICT_COLOURS: Final = {
    "below": charts.OKABE_ITO[1],
    "middle": charts.NEUTRAL,
    "above": charts.OKABE_ITO[2],
}


def read_offer(text: str, row: dict[str, Any]) -> offer.Offer | None:
    """The typed offer in the band's currency, or None (nothing typed, or refused: the reason
    is shown and no verdict is given)."""
    if not text.strip():
        st.caption("Type an offer above to see where it falls in this band.")
        return None
    try:
        checked = offer.parse_offer(text, row["currency"], row["p10"], row["p90"])
    except offer.OfferError as error:
        st.error(f"No verdict: {error}")
        return None
    if checked.period != "year":  # annualized as postings' pay is: say how
        st.caption(
            f"“{checked.text}” read as pay {offer.PERIOD_WORDS_SHOWN[checked.period]}: × "
            f"{checked.periods_per_year} = "
            f"{components.format_money(checked.amount, row['currency'])} a year, as postings' "
            "pay is annualized for the band."
        )
    return checked


def show_pooled_offer(
    build_id: str, role_family: str, seniority: str, offer_text: str, places: pl.DataFrame
) -> None:
    """A typed offer is not checked against All places (every country's postings pooled in
    USD: on the 60k sample "185k" read 19th percentile there, below P10 in the US band), but
    links to the same role and level's country bands keep it."""
    if not offer_text.strip():
        return
    st.info(
        f"Your offer ({offer_text.strip()}) is not checked against All places: this band pools "
        "every country's postings, converted to USD, so a percentile in it mixes markets and "
        "currencies. Check it against the band of the offer's own country."
    )
    countries = data.pay_band_alternatives(
        build_id, role_family, seniority, None, n=without_band.ALTERNATIVES_READ
    ).filter(
        (pl.col("role_family") == role_family)
        & (pl.col("seniority") == seniority)
        & (pl.col("place_level") == "country")
    )
    if countries.height:
        st.markdown(
            "**Country bands for this role and level:**\n"
            + without_band.alternative_links(
                countries.head(without_band.ALTERNATIVES_SHOWN), place_labels(places), offer_text
            )
        )


def offer_verdict(position: queries.OfferPosition) -> tuple[str, str]:
    """(below | middle | above, the verdict in words) by the offer's position in the band."""
    amount = components.format_money(position.amount, position.currency)
    p25_word = "the 25th percentile (P25)"
    n = f"n = {position.n_postings:,} postings, {position.n_companies:,} companies"
    if position.position == "below_p10":
        p10 = components.format_money(position.p10, position.currency)
        return "below", (
            f"{amount} is below the 10th percentile (P10 = {p10}): lower than 9 in 10 "
            f"advertised salaries for this band; {n}."
        )
    if position.position == "above_p90":
        p90 = components.format_money(position.p90, position.currency)
        return "above", (
            f"{amount} is above the 90th percentile (P90 = {p90}): higher than 9 in 10 "
            f"advertised salaries for this band; {n}."
        )
    percentile = position.percentile or 0.0
    at = f"{amount} is at the {components.ordinal(round(percentile))} percentile"
    if percentile < 25:
        return "below", f"{at}: below {p25_word}, in the lowest quarter of the band; {n}."
    if percentile > 75:
        return "above", f"{at}: above the 75th percentile, in the top quarter of the band; {n}."
    return "middle", f"{at}: within the middle half of the band (P25–P75); {n}."


def show_verdict(kind: str, text: str) -> None:
    if kind == "below":
        st.warning(text, icon="⚠️")
    elif kind == "above":
        st.success(text, icon="✅")
    else:
        st.info(text, icon="➖")


# --------------------------------------------------------------------------- behind the band


def show_companies(
    build_id: str, role_family: str, seniority: str, place_id: str, row: dict[str, Any]
) -> None:
    """The companies and postings behind the band drawn, with a link to each posting."""
    if not data.view_available(build_id, "out_posting_pay"):
        return
    companies = data.pay_band_companies(build_id, role_family, seniority, place_id)
    if companies.is_empty():
        return
    currency = companies["band_currency"][0]
    st.markdown(f"**Companies behind the band** ({companies.height:,})")
    by_company = companies.select(
        pl.col("company").alias("Company"),
        pl.col("n_postings").alias("Postings"),
        pl.col("pay_low").round(0).alias(f"Lowest ({currency})"),
        pl.col("pay_high").round(0).alias(f"Highest ({currency})"),
        pl.col("pay_mid_median").round(0).alias(f"Median midpoint ({currency})"),
    )
    components.number_table(
        by_company, key="band_companies", height=min(36 * (companies.height + 1) + 2, 300)
    )
    with st.expander(f"Every posting behind the band ({int(companies['n_postings'].sum()):,})"):
        postings = data.pay_band_postings(build_id, role_family, seniority, place_id)
        shown = postings.select(
            pl.col("company").alias("Company"),
            pl.col("title").alias("Title"),
            pl.col("place_label").alias("Place"),
            pl.col("posted_date").dt.strftime("%Y-%m-%d").alias("Posted"),  # not "… 00:00:00"
            pl.col("pay_min").round(0).alias(f"Min ({currency})"),
            pl.col("pay_max").round(0).alias(f"Max ({currency})"),
            beyond_base.posting_components(postings, currency),
            components.safe_url(pl.col("url")).alias("Link"),
        )
        link = st.column_config.LinkColumn("Link", display_text="open")
        components.number_table(shown, key="band_postings", Link=link)


def show_incumbent_pay(row: dict[str, Any], places: pl.DataFrame) -> None:
    """BLS OEWS percentiles for the mapped occupation and area, when the build attached them."""
    if row["oews_p50_annual"] is None:
        return
    st.caption(
        f"Posted vs paid: BLS OEWS incumbent base pay for SOC {row['oews_soc_code']} in "
        f"{oews_area_name(row['oews_area_code'], places)}: "
        f"P10 {components.format_money(row['oews_p10_annual'], 'USD')}, "
        f"P50 {components.format_money(row['oews_p50_annual'], 'USD')}, "
        f"P90 {components.format_money(row['oews_p90_annual'], 'USD')} (a different universe: "
        "people employed, not postings)."
    )


# OEWS's code for the whole country (its metro codes are the pay-band mart's metro place ids)
OEWS_NATIONAL: Final = "0000000"


def oews_area_name(code: str, places: pl.DataFrame) -> str:
    """`the US as a whole`, a metro's name, or `OEWS area <code>` (it read "area 0000000")."""
    if code == OEWS_NATIONAL:
        return "the US as a whole"
    metros = places.filter((pl.col("place_level") == "metro") & (pl.col("place_id") == code))
    return str(metros["place_name"][0]) if metros.height else f"OEWS area {code}"


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


if __name__ == "__main__":
    components.run_page(render)
