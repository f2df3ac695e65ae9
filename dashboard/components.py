"""Shared UI pieces: labels and number formats, the snapshot banner, the shared sidebar filters
(bound to URL query parameters, drawn by app.py on every page), CSV downloads and the page
error guard.

Widget helpers return what the user chose; show_* helpers only draw. No HTML from the data is
ever rendered (no unsafe_allow_html).

May import: `warehouse.queries`, `contract`, streamlit, polars, pycountry (country names) and
the standard library.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Final

import polars as pl
import pycountry
import streamlit as st

from contract import sources
from contract.vocab import CATCH_ALL_ROLE_FAMILY
from dashboard.csv_export import spreadsheet_safe_csv
from warehouse import queries

ROLE_LABELS: Final[Mapping[str, str]] = {
    "all": "All roles",
    "ml_engineer": "ML engineer",
    "data_scientist": "Data scientist",
    "research_scientist": "Research scientist",
    "mlops_engineer": "MLOps engineer",
    "ai_engineer": "AI engineer",
    "data_engineer": "Data engineer",
    "data_analyst": "Data analyst",
    "software_engineer": "Software engineer",
    "other": "Other roles",
}
SENIORITY_LABELS: Final[Mapping[str, str]] = {
    "intern": "Intern",
    "entry": "Entry",
    "mid": "Mid",
    "senior": "Senior",
    "staff": "Staff / principal",
    "manager": "Manager",
}
CURRENCY_SYMBOLS: Final[Mapping[str, str]] = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "INR": "₹",
    "CAD": "CA$",
    "AUD": "A$",
    "SGD": "S$",
}

# No plotly toolbar (mode bar): on a phone it covered the legend and title at the first tap;
# Streamlit's own element toolbar still offers full screen.
CHART_CONFIG: Final[Mapping[str, Any]] = {"displaylogo": False, "displayModeBar": False}

HOW_TO_BUILD: Final = """\
skillmarket demo --no-app   # simulate a sample market, build and publish a snapshot
skillmarket build           # or build from the raw files you collected
"""


# --------------------------------------------------------------------------- labels and formats


def role_label(role_family: str) -> str:
    return ROLE_LABELS.get(role_family, role_family.replace("_", " ").capitalize())


def named_roles_first(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` (ranked rows with a role_family) with the catch-all role family's rows moved
    after the named ones, each group keeping its order."""
    return (
        frame.with_row_index("_rank")
        .sort([pl.col("role_family") == CATCH_ALL_ROLE_FAMILY, pl.col("_rank")])
        .drop("_rank")
    )


def seniority_label(seniority: str) -> str:
    return SENIORITY_LABELS.get(seniority, seniority.capitalize())


def country_label(country: str) -> str:
    """The country picker's label: its code (links carry it: `country=US`)."""
    return {"all": "All countries", "unknown": "Unknown country"}.get(country, country)


def country_name(country: str) -> str:
    """ "India (IN)": the name with its code, for text (summaries and captions read "IN",
    "IL", "CH")."""
    label = country_label(country)
    found = pycountry.countries.get(alpha_2=country) if len(country) == 2 else None
    if found is None:
        return label
    name = getattr(found, "common_name", None) or found.name
    return f"{name} ({country})"


def format_count(n: int | None) -> str:
    return "—" if n is None else f"{n:,}"


def format_money(amount: float | None, currency: str) -> str:
    """`$185,000`, `₹2,000,000`, or `1,000 XYZ` for currencies without a symbol here."""
    if amount is None:
        return "—"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{amount:,.0f}" if symbol else f"{amount:,.0f} {currency}"


def format_money_short(amount: float | None, currency: str) -> str:
    """`$271k`, `₹3.2M`, `$950`: short enough for a metric tile (the full amounts are in the
    page's tables); thousands rounded to the nearest thousand, millions to one decimal."""
    if amount is None:
        return "—"
    size = abs(amount)
    if size >= 999_500:
        number = f"{amount / 1_000_000:.1f}".removesuffix(".0") + "M"
    elif size >= 1_000:
        number = f"{amount / 1_000:.0f}k"
    else:
        number = f"{amount:,.0f}"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{number}" if symbol else f"{number} {currency}"


def format_money_range_short(low: float | None, high: float | None, currency: str) -> str:
    """`$271k–$349k` (or `271k–349k XYZ` for a currency without a symbol here)."""
    low_text = format_money_short(low, currency)
    if currency not in CURRENCY_SYMBOLS:
        low_text = low_text.removesuffix(f" {currency}")
    return f"{low_text}–{format_money_short(high, currency)}"


def format_signed_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:+.1f}%"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 62nd ..."""
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


# --------------------------------------------------------------------------- snapshot status


@dataclass(frozen=True)
class DataLabel:
    """What the snapshot's postings are: real, simulated or mixed, from which sources, dated
    when (the manifest's posting-source entries)."""

    kind: str  # "real" | "simulated" | "mixed" | "none"
    sources: tuple[str, ...]  # short names
    first: str | None  # earliest record date (YYYY-MM-DD)
    last: str | None

    def text(self) -> str:
        dates = ""
        if self.first and self.last:
            dates = f", records dated {_day(self.first)} to {_day(self.last)}"
        names = ", ".join(self.sources) or "no posting source"
        if self.kind == "simulated":
            formats = f" in the formats of {names}" if self.sources else ""
            return f"Simulated data: the sample market{formats}{dates}. Not real postings."
        if self.kind == "mixed":
            return (
                f"Mixed data: simulated and real postings in one snapshot ({names}{dates}); "
                "build real data in a home of its own."
            )
        if self.kind == "real":
            return f"Real data: {names}{dates}."
        return "No postings in this snapshot."


def _day(text: str) -> str:
    try:
        return f"{date.fromisoformat(text[:10]):%d %b %Y}"
    except ValueError:
        return text


def data_label(manifest: Mapping[str, Any]) -> DataLabel:
    """The snapshot's data label, from the manifest's posting-source entries (a simulated
    entry is named after the sample source; a real one carries its capture label)."""
    posting_ids = {source.id for source in sources.posting_sources()}
    sample_title = sources.SAMPLE_SOURCE.display_name
    simulated, real, dates = [], [], []
    for entry in manifest.get("sources") or []:
        if entry.get("source") not in posting_ids:
            continue
        if str(entry.get("name", "")).startswith(sample_title):
            simulated.append(source_label(str(entry["source"])))
        else:
            real.append(str(entry.get("label") or entry.get("name") or entry["source"]))
        retrieved = str(entry.get("retrieved") or "")
        dates += [part.strip() for part in retrieved.split("…") if part.strip()]
    kind = (
        "mixed" if simulated and real else "simulated" if simulated else "real" if real else "none"
    )
    if kind == "none" and manifest.get("is_sample"):
        kind = "simulated"
    names = tuple(dict.fromkeys(sorted(simulated) + sorted(real)))
    return DataLabel(kind, names, min(dates) if dates else None, max(dates) if dates else None)


def show_data_label(manifest: Mapping[str, Any]) -> None:
    """Real, simulated or mixed, the sources and their dates, and the build, on every page."""
    label = data_label(manifest)
    if label.kind == "simulated":
        st.warning(label.text(), icon="🧪")
    elif label.kind == "mixed":
        st.error(label.text(), icon="⚠️")
    else:
        st.info(label.text(), icon="📄")
    st.caption(f"Snapshot {manifest['build_id']} · built {built_at_text(manifest['built_at'])}")


def built_at_text(built_at: str) -> str:
    """`07 Dec 2026 00:33 UTC`. Not the ISO text: its `:33:` reads as an emoji code to
    Streamlit's markdown, which then fetches and runs its emoji plugin (about 250 kB of
    script) on every page load."""
    try:
        moment = datetime.fromisoformat(built_at)
    except ValueError:
        return built_at.replace(":", "\\:")
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{moment:%d %b %Y %H:%M} UTC"


def show_missing_snapshot(error: queries.SnapshotError) -> None:
    """Explain that there is nothing to show yet and how to publish a snapshot."""
    st.title("Skillmarket")
    st.error(str(error))
    st.markdown("Build and publish a snapshot, then reload this page:")
    st.code(HOW_TO_BUILD, language="bash")


def run_page(render: Callable[[], None]) -> None:
    """Run a page's render function, turning snapshot problems into a clear message."""
    try:
        render()
    except queries.SnapshotError as error:
        st.error(f"The published snapshot cannot be read: {error}")


# --------------------------------------------------------------------------- widgets


def bound_selectbox(
    label: str,
    options: Sequence[str],
    key: str,
    format_func: Callable[[str], str] = str,
    default: str | None = None,
    container: Any = None,
    keep_requested: bool = False,
    aliases: Mapping[str, str] | None = None,
) -> str:
    """A selectbox (in the sidebar unless `container` is given) whose choice is mirrored in the
    URL query parameter `key`.

    Streamlit's query-parameter binding writes the option's label (format_func) to the URL.
    `default` is preselected when it is among the options (else the first option). With
    `keep_requested`, a value asked for in the URL that is not among the options is kept as
    an extra option `REQUESTED + label` (Streamlit would silently drop it), so the page can say
    what is missing instead of showing something else; one of `aliases` (an older link's
    label -> option) is kept as written and answered as its option.
    """
    choices = list(options)
    labels = {format_func(choice) for choice in choices}
    requested = st.query_params.get(key)
    unknown = None
    if requested and requested not in labels and not (aliases and requested in aliases):
        # a link naming the option by id, letter case or name without its kind ("California"
        # for "California (CA)", "ml_engineer", "US"): read as that option (it was dropped)
        found = option_named(requested, choices, format_func)
        if found is not None:  # preselected: Streamlit ignores the URL's unknown label
            default, requested = found, format_func(found)
        elif not keep_requested:
            unknown = requested
    kept = REQUESTED + str(requested)
    if keep_requested and requested and requested not in labels and kept not in choices:
        choices.append(kept)
    index = choices.index(default) if default in choices else 0
    target = container if container is not None else st.sidebar
    choice = target.selectbox(
        label,
        choices,
        index=index,
        format_func=lambda value: (
            value.removeprefix(REQUESTED) if value.startswith(REQUESTED) else format_func(value)
        ),
        key=key,
        bind="query-params",
    )
    if unknown is not None:  # Streamlit drops it without a word
        target.caption(
            f"The link asks for {label.lower()} “{unknown}”, which this snapshot does not "
            f"have: showing {format_func(str(choice))}."
        )
    requested_label = requested_value(str(choice))
    if requested_label is not None and aliases and requested_label in aliases:
        return aliases[requested_label]
    return str(choice)


REQUESTED: Final = "\x00requested:"


def requested_value(choice: str) -> str | None:
    """The URL's label when `choice` is a kept request that matches no option, else None."""
    return choice.removeprefix(REQUESTED) if choice.startswith(REQUESTED) else None


def safe_url(url: pl.Expr) -> pl.Expr:
    """Links that are not http(s), or missing, become empty rather than clickable (a null
    drew "None" in the table's Link column)."""
    return pl.when(url.str.contains(r"^https?://")).then(url).otherwise(pl.lit(""))


def number_or_blank(column: pl.Expr, decimals: int = 1) -> pl.Expr:
    """A number as text with thousands separators, empty where it is missing: a table draws a
    null as "None" (the real captures' coverage page had 49 such cells)."""
    return column.map_elements(
        lambda value: f"{value:,.{decimals}f}", return_dtype=pl.String
    ).fill_null("")


def localized_numbers(frame: pl.DataFrame, **config: Any) -> dict[str, Any]:
    """Column config showing every number column of `frame` with thousands separators (pay
    tables read "185000" and "3500000"), merged with `config`."""
    numbers = {
        name: st.column_config.NumberColumn(name, format="localized")
        for name, dtype in frame.schema.items()
        if dtype.is_numeric()
    }
    return {**numbers, **config}


def number_table(frame: pl.DataFrame, key: str, height: int | None = None, **config: Any) -> None:
    """`frame` as a table without its index, every number column with thousands separators
    (`localized_numbers`, merged with `config`)."""
    kwargs: dict[str, Any] = {} if height is None else {"height": height}
    st.dataframe(
        frame,
        hide_index=True,
        key=key,
        column_config=localized_numbers(frame, **config),
        **kwargs,
    )


def csv_download(frame: pl.DataFrame, file_name: str, label: str, key: str) -> None:
    """A button that downloads exactly the rows shown, as CSV safe in a spreadsheet."""
    data = spreadsheet_safe_csv(frame)
    st.download_button(label, data=data, file_name=file_name, mime="text/csv", key=key)


# --------------------------------------------------------------------------- shared sidebar filters

FILTER_NAMES: Final[Mapping[str, str]] = {
    "period": "period",
    "role": "role family",
    "seniority": "seniority",
    "country": "country",
    "source": "source",
}
SOURCE_LABELS: Final[Mapping[str, str]] = {
    "all": "All sources",
    "ashby": "Ashby",
    "greenhouse": "Greenhouse",
    "lever": "Lever",
    "hn": "Hacker News",
    "jsonld": "Career pages (JSON-LD)",
}


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices, shared by every page ("all" = no filter; months are month starts)."""

    start: date | None
    end: date | None
    role_family: str
    seniority: str
    country: str
    source: str

    @property
    def is_default_slice(self) -> bool:
        """No seniority or source filter: the pre-aggregated marts answer directly."""
        return self.seniority == "all" and self.source == "all"

    def as_columns(self) -> dict[str, str]:
        """The filters as text columns, to stamp on downloads so a CSV says what it shows."""
        return {
            "filter_from": "" if self.start is None else self.start.isoformat(),
            "filter_to": "" if self.end is None else self.end.isoformat(),
            "filter_role_family": self.role_family,
            "filter_seniority": self.seniority,
            "filter_country": self.country,
            "filter_source": self.source,
        }


def month_label(value: date | str) -> str:
    return (date.fromisoformat(value) if isinstance(value, str) else value).strftime("%Y-%m")


def source_label(source: str) -> str:
    return SOURCE_LABELS.get(source, source)


def sidebar_filters(
    options: queries.FilterOptions, posting_options: queries.PostingFilterOptions
) -> Filters:
    """The shared sidebar filters, each bound to a URL query parameter (period `from`/`to`,
    `role`, `seniority`, `country`, `source`), drawn by app.py before every page so that a
    shared link reproduces the view on any page. Returns the choices.

    The six pickers sit in a sidebar popover, with the choices written out under it: a closed
    popover's widgets are not drawn by the browser (six select boxes cost a page about 0.1 s
    to draw, a third of a bare Streamlit page). Their values, and the pages' use of them, are
    as before; the URL is kept by `url_selectbox` (Streamlit's own binding is kept by the
    browser's widget, so a closed popover would drop the filters from the URL of the next
    page)."""
    panel = st.sidebar.popover("Filters", width="stretch")
    months = [month.isoformat() for month in options.months]
    start = end = None
    swapped = False
    if months:
        start_text = url_selectbox(panel, "From month", months, "from", month_label, months[0])
        end_text = url_selectbox(panel, "To month", months, "to", month_label, months[-1])
        start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
        if start > end:
            swapped = True
            start, end = end, start
    role_family = url_selectbox(panel, "Role family", options.role_families, "role", role_label)
    seniorities = ("all", *(posting_options.seniorities or options.seniorities))
    seniority = url_selectbox(
        panel, "Seniority", seniorities, "seniority", _all_or(seniority_label)
    )
    country = url_selectbox(panel, "Country", options.countries, "country", country_label)
    sources = ("all", *posting_options.sources)
    source = url_selectbox(panel, "Source", sources, "source", source_label)
    filters = Filters(start, end, role_family, seniority, country, source)
    st.sidebar.caption(filters_text(filters))
    if swapped:
        st.sidebar.caption("“From” is after “To”: the two months are swapped.")
    st.session_state["_filters"] = filters
    return filters


def url_selectbox(
    container: Any,
    label: str,
    options: Sequence[str],
    key: str,
    format_func: Callable[[str], str],
    default: str | None = None,
) -> str:
    """A selectbox in `container` whose choice is written to the URL query parameter `key` (its
    label, as Streamlit's binding writes it) by the script itself, on every run: the URL keeps
    it on every page even while the widget is not drawn. The first run of a session starts
    from the URL's label (a shared link), else `default` (else the first option); a choice
    equal to the default leaves the URL.

    A link may also name an option by its id (`role=data_scientist`, `country=US`) or in
    other letter case; a value matching no option is not dropped silently (it was: the page
    showed every country under a link asking for one): the sidebar says what was asked for
    and what is shown instead, until that filter is changed."""
    choices = list(options)
    first = default if default in choices else choices[0]
    ignored_key = f"_ignored_{key}"
    if st.session_state.get(key) not in choices:
        requested = st.query_params.get(key)
        found = option_named(requested or "", choices, format_func)
        st.session_state[key] = first if found is None else found
        if requested and found is None:
            st.session_state[ignored_key] = requested
    choice = str(container.selectbox(label, choices, format_func=format_func, key=key))
    ignored = st.session_state.get(ignored_key)
    if ignored is not None and choice == first:
        st.sidebar.warning(
            f"The link asks for {label.lower()} “{ignored}”, which this snapshot does not "
            f"have: showing {format_func(first)}.",
        )
    elif ignored is not None:
        del st.session_state[ignored_key]
    if choice == first:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != format_func(choice):
        st.query_params[key] = format_func(choice)
    return choice


def option_named(
    requested: str, choices: Sequence[str], format_func: Callable[[str], str]
) -> str | None:
    """The option a URL value names: by its label, its id, or either in another letter case,
    else by its label's name without the kind in parentheses ("Texas" for "Texas (TX)"), else
    by that name's first part when one option alone has it ("Massachusetts" for
    "Massachusetts, US (state)"; the real captures' link said there was no pay data for it)."""
    if not requested:
        return None
    for match in (str, str.casefold):
        wanted = match(requested)
        for choice in choices:
            if wanted in (match(format_func(choice)), match(choice)):
                return choice
    named = requested.casefold() + " ("
    for choice in choices:
        if format_func(choice).casefold().startswith(named):
            return choice
    wanted = requested.casefold().strip()
    first_parts = [
        choice
        for choice in choices
        if format_func(choice).casefold().rsplit(" (", 1)[0].split(", ")[0] == wanted
    ]
    return first_parts[0] if len(first_parts) == 1 else None


def filters_text(filters: Filters) -> str:
    """The shared filters in words, shown under the closed filter panel:
    `2025-01 to 2026-03 · Data scientist · All levels · US · All sources`."""
    period = (
        "All months"
        if filters.start is None or filters.end is None
        else f"{month_label(filters.start)} to {month_label(filters.end)}"
    )
    return " · ".join(
        (
            period,
            role_label(filters.role_family),
            _all_or(seniority_label)(filters.seniority),
            country_name(filters.country),
            source_label(filters.source),
        )
    )


def _all_or(label: Callable[[str], str]) -> Callable[[str], str]:
    return lambda value: "All levels" if value == "all" else label(value)


def active_filters() -> Filters:
    """The filters app.py drew in this run (all defaults when a page runs on its own)."""
    filters = st.session_state.get("_filters")
    if isinstance(filters, Filters):
        return filters
    return Filters(None, None, "all", "all", "all", "all")


def show_filter_scope(used: Sequence[str], reason: str = "") -> None:
    """Say which sidebar filters shape this page and which do not apply (and why), so an
    unchanged chart after a filter change is explained rather than puzzling."""
    unused = [FILTER_NAMES[name] for name in FILTER_NAMES if name not in used]
    why = f" ({reason})" if reason else ""
    if not used:
        st.caption(f"The sidebar filters do not apply to this page{why}.")
        return
    text = "Sidebar filters used here: " + ", ".join(FILTER_NAMES[name] for name in used)
    st.caption(text + (f". Not applied: {', '.join(unused)}{why}." if unused else "."))
