"""Overview page: headline numbers (changes only with enough postings behind them), GenAI share
trend, rising skills (out_emerging_skills, the same list as Skill trends), the premiums of the
15 skills with the most evidence (with intervals), the pay snapshot, and the build in a line.

Runs as a Streamlit page script (`st.Page("dashboard/pages/overview.py")`); `render()` draws it.
Widgets → cached query (`dashboard.data`) → figure builder (`dashboard.charts`) → render.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl
import streamlit as st

from dashboard import charts, components, data, rules

RISING_N = 8
PREMIUM_TOP = 15
TOO_FEW = "too few postings"


def render() -> None:
    st.title("Overview")
    manifest = data.manifest()
    build_id = manifest["build_id"]
    filters = components.active_filters()
    role_family, country = filters.role_family, filters.country
    slice_name = f"{components.role_label(role_family)} · {components.country_name(country)}"
    st.caption(f"Slice: {slice_name}")
    components.show_filter_scope(
        ["role", "country"],
        "the headline compares the latest 12 months with the 12 before, and the overview's "
        "marts are not sliced by seniority or source; Skill trends applies them all",
    )
    show_headline(
        data.headline_numbers(build_id, role_family, country).row(0, named=True),
        open_at_first_crawl(build_id),
    )
    show_genai_trend(data.genai_share_trend(build_id, role_family, country))
    show_rising_skills(build_id, role_family, country)
    pay_place, pay_place_note = pay_snapshot_place(build_id, country)
    segment, segment_note = premium_segment(
        data.filter_options(build_id).premium_segments, role_family, country
    )
    show_pay_snapshot(
        data.premiums(build_id, segment),
        data.pay_snapshot(build_id, pay_place),
        pay_place_name(build_id, pay_place),
        pay_place_note,
        segment_note,
    )
    show_build_line(manifest)


def premium_segment(segments: tuple[str, ...], role_family: str, country: str) -> tuple[str, str]:
    """The premium segment of the sidebar's slice, and a note saying whose premiums are shown:
    premiums are estimated for all postings, one role family or one country (on the real
    captures the slice United Kingdom showed all postings' premium without a word)."""
    role_segment, country_segment = f"role_family={role_family}", f"country={country}"
    role_name, country_name = (
        components.role_label(role_family),
        components.country_name(country),
    )
    if role_family != "all" and country != "all":
        for segment, name in ((role_segment, role_name), (country_segment, country_name)):
            if segment in segments:
                return segment, (
                    "Premiums are estimated for one role family or one country at a time: "
                    f"these are {name} postings'."
                )
        return "all", (
            f"No premium is estimated for {role_name} or {country_name}: these are all postings'."
        )
    if role_family != "all" or country != "all":
        segment, name = (
            (role_segment, role_name) if role_family != "all" else (country_segment, country_name)
        )
        if segment in segments:
            return segment, f"Premiums of {name} postings."
        return "all", (
            f"No premium is estimated for {name} alone (too few postings): these are all postings'."
        )
    return "all", "Premiums of all postings."


def min_n() -> int:
    """Postings below which a change or a "rising" claim is not made (the emerging mart's)."""
    return rules.emerging_min_recent_postings()


def open_at_first_crawl(build_id: str) -> int:
    """Postings of the whole snapshot already open at their board's first crawl: counted as
    active, never as new (the real captures: 652 new postings of 1,969, unexplained here)."""
    if not data.view_available(build_id, "out_coverage"):
        return 0
    return int(data.coverage_total(build_id).get("n_open_at_first_crawl") or 0)


def show_headline(headline: dict[str, Any], open_before: int = 0) -> None:
    if headline["latest_month"] is None:
        st.info("No postings in this slice of the snapshot: pick another role family or country.")
        return
    month = headline["latest_month"].strftime("%b %Y")
    postings, genai, latest = st.columns(3)
    with postings:
        change = headline["postings_change_pct"]
        enough = min(headline["postings_last_12m"] or 0, headline["postings_prior_12m"] or 0)
        st.metric(
            "Postings, last 12 months",
            components.format_count(headline["postings_last_12m"]),
            delta=None
            if change is None
            else f"{change:+.1f}% vs prior 12 months"
            if enough >= min_n()
            else TOO_FEW,
            delta_color="normal" if enough >= min_n() else "off",
        )
        st.caption(postings_caption(headline, open_before))
    with genai:
        share = headline["genai_share_pct"]
        if share is None:
            st.metric("GenAI share of postings", "—")
            st.caption(f"No GenAI counts for this slice in {month}.")
        else:
            change_pts = headline["genai_change_pts"]
            enough = min(
                headline["genai_n_postings"] or 0, headline["genai_n_postings_year_ago"] or 0
            )
            st.metric(
                f"GenAI share of postings, {month}",
                f"{share:.1f}%",
                delta=None
                if change_pts is None
                else f"{change_pts:+.1f} pts vs a year ago"
                if enough >= min_n()
                else TOO_FEW,
                delta_color="normal" if enough >= min_n() else "off",
            )
            st.caption(genai_caption(headline))
    with latest:
        st.metric("Latest month", month)
        st.caption("Counts are new postings, deduplicated across sources.")


def postings_caption(headline: dict[str, Any], open_before: int = 0) -> str:
    months = headline["months_last_12m"]
    last = (
        f"n = {headline['postings_last_12m']:,} new postings in {months} "
        f"month{'s' if months != 1 else ''}"
    )
    before = (
        f" Not counted as new: {open_before:,} postings of the snapshot already open at their "
        "board's first crawl (Coverage)."
        if open_before
        else ""
    )
    if headline["postings_change_pct"] is None:
        prior_months = headline["months_prior_12m"]
        return (
            f"{last}; the prior 12 months hold {prior_months} months of data, so no change."
            + before
        )
    return f"{last}; prior 12 months: {headline['postings_prior_12m']:,}." + before


def genai_caption(headline: dict[str, Any]) -> str:
    now = (
        f"95% interval {headline['genai_share_lo']:.1f}–{headline['genai_share_hi']:.1f}%; "
        f"n = {headline['genai_n_with_skill']:,} of {headline['genai_n_postings']:,} postings"
    )
    if headline["genai_share_year_ago_pct"] is None:
        return f"{now}; no data a year earlier."
    return (
        f"{now}; a year earlier {headline['genai_share_year_ago_pct']:.1f}% "
        f"({headline['genai_n_with_skill_year_ago']:,} of "
        f"{headline['genai_n_postings_year_ago']:,})."
    )


def show_genai_trend(trend: pl.DataFrame) -> None:
    st.subheader("GenAI share of postings")
    if trend.is_empty():
        st.info("No GenAI counts for this slice.")
        return
    if trend.height < 2:  # one month is a number, not a trend: the headline shows it
        row = trend.row(0, named=True)
        st.info(
            f"One month of data ({row['month']:%b %Y}): {row['share_pct']:.1f}% of "
            f"{row['n_postings']:,} new postings name a GenAI skill; a trend needs two months."
        )
        return
    series = trend.with_columns(series=pl.lit("Any GenAI skill"))
    ordered = trend.sort("month")
    first, last = ordered.row(0, named=True), ordered.row(-1, named=True)
    title = (
        f"GenAI skills: {first['share_pct']:.1f}% → {last['share_pct']:.1f}% of new postings "
        f"({first['month']:%b %Y} to {last['month']:%b %Y})"
    )
    st.plotly_chart(
        charts.share_trend_figure(series, title=title),
        key="genai_trend",
        config=components.CHART_CONFIG,
    )
    st.caption(
        "Share of new postings naming at least one GenAI skill, with its Wilson 95% interval; "
        f"n = {trend['n_postings'].sum():,} postings over {trend.height} months."  # 2 or more
    )


def show_rising_skills(build_id: str, role_family: str, country: str) -> None:
    """The slice's rising skills as out_emerging_skills rates them (Skill trends lists the
    same ones, with the declining ones beside them)."""
    st.subheader("Rising skills")
    if not data.view_available(build_id, "out_emerging_skills"):
        st.info("This snapshot has no emerging-skills mart (out_emerging_skills).")
        return
    rising = data.emerging_skills(build_id, "rising", role_family, country, RISING_N)
    if rising.is_empty():
        st.info(rising_empty_text())
        return
    top = rising.row(0, named=True)
    before = top["share_year_ago_pct"]
    title = (
        f"{rising.height} skill{'s' if rising.height != 1 else ''} clearly rising; "
        f"{top['skill_name']}: {'n/a' if before is None else f'{before:.1f}%'} → "
        f"{top['share_recent_pct']:.1f}% of new postings in a year"
    )
    st.plotly_chart(
        charts.emerging_figure(rising, title=title),
        key="rising_skills",
        config=components.CHART_CONFIG,
    )
    window = rules.emerging_recent_window()
    # the chart shows each share with its interval (n on hover): its table is drawn when asked
    # for, a grid fewer on the landing page's first paint
    if not st.toggle("Show the numbers", key="rising_numbers", bind="query-params"):
        st.caption(rising_caption())
        return
    st.dataframe(
        rising.select(
            pl.col("skill_name").alias("Skill"),
            pl.col("share_recent_pct").round(1).alias(f"Share, {window} (%)"),
            pl.col("share_recent_lo").round(1).alias("95% low"),
            pl.col("share_recent_hi").round(1).alias("95% high"),
            pl.col("share_year_ago_pct").round(1).alias("Share a year earlier (%)"),
            pl.col("yoy_change_pts").round(1).alias("Change (pts)"),
            pl.col("yoy_ratio").round(2).alias("Ratio"),
            pl.col("n_recent_with").alias("n with skill"),
            pl.col("n_recent").alias("of postings"),
        ),
        hide_index=True,
        key="rising_table",
    )
    st.caption(rising_caption())


def rising_empty_text() -> str:
    return (
        "No skill is clearly rising in this slice: none has its share of the "
        f"{rules.emerging_recent_window()} wholly above its share a year earlier (95% interval) "
        f"with at least {rules.emerging_min_recent_postings()} postings naming it."
    )


def rising_caption() -> str:
    return (
        f"{rules.emerging_rule()}. Ranked by the ratio of the two shares; only skills named by "
        f"at least {rules.emerging_min_recent_postings()} postings in the "
        f"{rules.emerging_recent_window()}. Skill trends lists the same skills."
    )


# Pay is not pooled across countries here: the all-places cells mix every country's postings
# converted to USD (on the sample, ML engineer · Senior: $298,000 over all places against
# $317,900 in the US, with INR and GBP postings pooled in); a country's cells are in its own
# currency. The default country when the filter is "All countries" (the pay bands' default).
DEFAULT_PAY_COUNTRY: Final = "US"


def pay_snapshot_place(build_id: str, country: str) -> tuple[str, str]:
    """The country whose pay cells the overview shows, and a note when it is not the filter's:
    the filter's country; for all countries the US, else the country with the most paid
    postings (all places only when the snapshot has no country cells)."""
    countries = data.pay_band_places(build_id).filter(pl.col("place_level") == "country")
    ids = countries["place_id"].to_list()
    if country != "all":  # a country without pay cells says so; no other country stands in
        return country, ""
    if not ids:
        return "all", ""
    if DEFAULT_PAY_COUNTRY in ids:
        chosen = DEFAULT_PAY_COUNTRY
    else:
        chosen = max(
            ids, key=lambda place: int(data.pay_snapshot(build_id, place)["n_postings"].sum())
        )
    return chosen, (
        "Pay is not pooled across countries and currencies: this is "
        f"{pay_place_name(build_id, chosen)}; pick a country in the filters for another."
    )


def pay_place_name(build_id: str, place_id: str) -> str:
    names = data.pay_band_places(build_id).filter(pl.col("place_id") == place_id)["place_name"]
    return str(names[0]) if names.len() else ("All places" if place_id == "all" else place_id)


def show_pay_snapshot(
    premiums: pl.DataFrame,
    pay: pl.DataFrame,
    place_name: str = "All places",
    note: str = "",
    premium_note: str = "",
) -> None:
    st.subheader("Pay snapshot")
    if premium_note:
        st.caption(premium_note)
    genai = premiums.filter(pl.col("skill_id") == "genai")
    if genai.is_empty():
        st.info("This snapshot has no GenAI pay premium.")
    else:
        show_genai_premium(genai.row(0, named=True))
    estimated = premiums.filter(~pl.col("is_suppressed") & pl.col("premium_adj_pct").is_not_null())
    if estimated.height:
        top = best_evidenced(estimated)
        st.plotly_chart(
            charts.premium_figure(top, title=premium_finding(top)),
            key="premiums",
            config=components.CHART_CONFIG,
        )
        st.caption(
            f"The {top.height} skills with the most postings behind their estimate (of "
            f"{estimated.height} estimated), each with its 95% interval; hover for n. "
            "GenAI and skill premiums lists them all."
        )
    suppressed = premiums.filter(pl.col("is_suppressed"))
    if suppressed.height:
        st.caption(
            " ".join(
                f"{row['skill_name']}: premium suppressed — {suppression_reason(row)}."
                for row in suppressed.head(5).iter_rows(named=True)
            )
            + (f" And {suppressed.height - 5} more." if suppressed.height > 5 else "")
        )
    st.markdown(f"**Median advertised pay, {place_name} (per year)**")
    if note:
        st.caption(note)
    if pay.is_empty():
        st.info(f"No pay-band cells for {place_name} in this snapshot.")
        return
    table = pay_snapshot_table(pay)
    suppressed = pay.height - table.height
    if table.height:
        components.number_table(table, key="pay_snapshot")
    st.caption(
        f"{table.height} role × level cells with a band"
        + (f"; {suppressed} without ({rules.pay_band_rule()})." if suppressed else ".")
        + " Pay bands has every place."
    )


def best_evidenced(estimated: pl.DataFrame, n: int = PREMIUM_TOP) -> pl.DataFrame:
    """The `n` estimated premiums with the most postings naming the skill (then companies)."""
    return estimated.sort(
        ["n_with", "n_companies", "skill_id"], descending=[True, True, False]
    ).head(n)


def premium_finding(top: pl.DataFrame) -> str:
    """The chart's title: the highest premium is called the highest only when its 95%
    interval lies above every other shown skill's."""
    ranked = top.sort("premium_adj_pct", descending=True)
    best = ranked.row(0, named=True)
    others = ranked.slice(1)
    reading = f"{best['skill_name']} {components.format_signed_pct(best['premium_adj_pct'])}"
    if others.height and best["premium_adj_lo"] is not None:
        overlapping = others.filter(
            pl.col("premium_adj_hi").is_null()
            | (pl.col("premium_adj_hi") >= best["premium_adj_lo"])
        ).height
        if overlapping == 0:
            return (
                f"{best['skill_name']} postings pay most after adjustment: "
                f"{components.format_signed_pct(best['premium_adj_pct'])}"
            )
        return (
            f"Adjusted premiums of the {top.height} best-evidenced skills; highest {reading}, "
            f"within the interval of {overlapping} other{'s' if overlapping != 1 else ''}"
        )
    return f"Adjusted premiums of the {top.height} best-evidenced skills"


def show_genai_premium(row: dict[str, Any]) -> None:
    counts = (
        f"n = {row['n_with']:,} postings with GenAI skills, {row['n_without']:,} without, "
        f"{row['n_companies']:,} companies"
    )
    if row["is_suppressed"] or row["premium_adj_pct"] is None:
        st.metric("GenAI pay premium (adjusted)", "suppressed")
        st.caption(f"{suppression_reason(row)}; {counts}.")
        return
    st.metric("GenAI pay premium (adjusted)", components.format_signed_pct(row["premium_adj_pct"]))
    st.caption(
        f"95% interval {row['premium_adj_lo']:+.1f}% to {row['premium_adj_hi']:+.1f}%; "
        f"raw gap {components.format_signed_pct(row['raw_gap_pct'])}; {counts}."
    )


def suppression_reason(row: dict[str, Any]) -> str:
    reason = row["suppressed_reason"] or "too few postings or companies"
    return f"{reason} (n = {row['n_with']:,} with, {row['n_without']:,} without)"


def pay_snapshot_table(pay: pl.DataFrame) -> pl.DataFrame:
    """Role × level rows with a band: the median in the place's currency (and in USD beside
    it when that differs), its 95% interval, the n behind the band drawn, and whether it is
    the cell's own or rolled up (suppressed cells are counted in the caption, not listed)."""
    shown = components.named_roles_first(  # "Other roles" led the real captures' table
        pay.filter(~pl.col("is_suppressed") & pl.col("p50_usd").is_not_null())
    )
    note = (
        pl.when(pl.col("is_rolled_up"))
        .then(pl.concat_str(pl.lit("rolled up to "), pl.col("rollup_level")))
        .otherwise(pl.lit(""))
    )
    currencies = shown["currency"].unique().to_list()
    local = currencies[0] if len(currencies) == 1 and currencies[0] != "USD" else None
    median = [pl.col("p50").round(0).alias(f"Median ({local})")] if local is not None else []
    return shown.select(
        pl.col("role_family")
        .replace_strict(components.ROLE_LABELS, default=pl.col("role_family"))
        .alias("Role"),
        pl.col("seniority")
        .replace_strict(components.SENIORITY_LABELS, default=pl.col("seniority"))
        .alias("Level"),
        *median,
        *([] if local else [pl.col("p50_usd").round(0).alias("Median (USD)")]),
        pl.col("p50_lo").round(0).alias(f"95% low ({local or 'USD'})"),
        pl.col("p50_hi").round(0).alias(f"95% high ({local or 'USD'})"),
        *([pl.col("p50_usd").round(0).alias("Median (USD)")] if local else []),
        pl.coalesce("shown_n_postings", "n_postings").alias("n postings"),
        pl.coalesce("shown_n_companies", "n_companies").alias("Companies"),
        note.alias("Note"),
    )


def show_build_line(manifest: dict[str, Any]) -> None:
    """The build in one line; Data & methods has the sources, licenses and marts."""
    counts = build_counts_caption(manifest.get("counts"))
    built = components.built_at_text(manifest["built_at"])
    st.caption(
        f"Built {built} (build {manifest['build_id']}, code "
        f"{manifest['code_version']}); currency conversion uses the FX table of "
        f"{manifest['fx_table_date']}. {counts or ''} Sources, licenses and every table: "
        "Data & methods."
    )


def build_counts_caption(counts: Any) -> str | None:
    """Postings kept, deduplicated and quarantined by the build, when the manifest has them."""
    if not isinstance(counts, dict) or "canonical_postings" not in counts:
        return None
    text = f"{counts['canonical_postings']:,} deduplicated postings"
    if "source_records" in counts and "dedup_rate" in counts:
        text += (
            f" from {counts['source_records']:,} source records "
            f"({100 * counts['dedup_rate']:.1f}% removed as duplicates)"
        )
    if "quarantined" in counts:
        text += f"; {counts['quarantined']:,} records quarantined"
    return text + "."


if __name__ == "__main__":
    components.run_page(render)
