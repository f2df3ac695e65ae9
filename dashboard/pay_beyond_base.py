"""Beyond base pay on the pay-bands page: what the postings behind a band list besides their
base salary (equity, a bonus, a commission, with amounts where given) and the on-target
postings the band leaves out, in words under the band; and each posting's components as a
column of the postings table. Never added to base pay: the band, its metrics and the offer
check read base pay alone.

Text only (no chart): the page stays as fast as it was on first paint.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from typing import Any, Final

import polars as pl
import streamlit as st

from dashboard import components, data

# Share of postings shown as a percentage only from this many postings listing components
# (the bands' min_postings); below it, counts alone.
MIN_FOR_SHARES: Final = 20
COMPONENT_NAMES: Final = (
    ("equity", "equity"),
    ("bonus", "a bonus"),
    ("commission", "a commission"),
)
# amount prefix -> (words for its median, words for a count too small for one)
AMOUNT_WORDS: Final = {
    "equity_pct": ("equity grant", "equity percent"),
    "bonus": ("bonus", "bonus"),
    "commission": ("commission at target", "commission"),
    "equity_value": ("equity grant value", "equity value"),
}
POSTING_COLUMN: Final = "Beyond base (not in base)"


def beyond_base_text(row: dict[str, Any], min_for_shares: int = MIN_FOR_SHARES) -> str:
    """One paragraph on what the band's postings list beyond base pay (a
    `queries.pay_band_beyond_base` row), saying it is not in the band."""
    n, listed = row["n_postings"], row["n_listed"]
    head = "**Beyond base pay** (not included in the band above): "
    if listed == 0:
        return (
            head + f"none of the sources of these {n:,} postings lists equity, bonus or "
            "commission (only Ashby boards publish them beside the salary)."
        )
    counts = [(row[f"n_{kind}"], words) for kind, words in COMPONENT_NAMES]
    if listed >= min_for_shares:
        offers = ", ".join(
            f"{100 * count / listed:.0f}% {'offer ' if i == 0 else ''}{words} (n={count:,})"
            for i, (count, words) in enumerate(counts)
        )
        whose = (
            f"of these {n:,} postings, "
            if listed == n
            else f"of the {listed:,} of these {n:,} postings whose source lists pay components, "
        )
        sentences = [head + whose + offers + "."]
    else:
        offers = ", ".join(f"{words}: {count:,}" for count, words in counts)
        lists = "lists" if listed == 1 else "list"
        sentences = [
            head + f"{listed:,} of these {n:,} postings {lists} pay components, too few for "
            f"shares; offering {offers}."
        ]
    sentences += _amount_sentences(row)
    if row.get("n_ote"):
        sentences.append(
            f"{row['n_ote']:,} more postings here advertise on-target earnings (base plus "
            "commission at target) and are left out of the band."
        )
    return " ".join(sentences)


def _amount_sentences(row: dict[str, Any]) -> list[str]:
    """A median per amount enough postings give; one sentence for those too few give."""
    currency = row["band_currency"]
    medians, few = [], []
    for prefix, (words, short) in AMOUNT_WORDS.items():
        n = row[f"n_{prefix}_amounts"]
        if not n:
            continue
        low, high = row[f"{prefix}_median_low"], row[f"{prefix}_median_high"]
        if low is None or high is None:
            few.append(f"{short} ({n:,} posting{'' if n == 1 else 's'})")
            continue
        if prefix == "equity_pct":
            amounts = f"{low:.3g}%–{high:.3g}% of the company"
        else:
            amounts = (
                f"{components.format_money(low, currency)}–"
                f"{components.format_money(high, currency)} a year"
            )
        firms = row[f"n_{prefix}_amount_companies"]
        medians.append(
            f"Median {words} where given: {amounts} (n={n:,} postings from {firms:,} companies)."
        )
    if few:
        medians.append(f"Amounts too rarely given for a median: {', '.join(few)}.")
    return medians


def show_beyond_base(build_id: str, role_family: str, seniority: str, place_id: str) -> None:
    """The beyond-base paragraph for the band drawn (nothing for a snapshot without it)."""
    if not data.view_available(build_id, "out_posting_pay"):
        return
    summary = data.pay_band_beyond_base(build_id, role_family, seniority, place_id)
    if summary.is_empty():
        return
    st.markdown(beyond_base_text(summary.row(0, named=True)))


def posting_components(postings: pl.DataFrame, currency: str | None = None) -> pl.Series:
    """Each posting's pay beyond base in words (`queries.pay_band_postings` or
    `thin_cell_postings` rows, amounts in `currency`, else in each row's own `currency`):
    "equity 0.05%–0.25% · bonus $16,800–$32,250", "none listed", or "" where its source lists
    no pay components."""
    texts = []
    for row in postings.iter_rows(named=True):
        money = currency or row["currency"]
        if row["offers_equity"] is None:
            texts.append("")
            continue
        parts = []
        if row["offers_equity"]:
            low, high = row["equity_pct_min"], row["equity_pct_max"]
            value = _range(row["equity_value_min"], row["equity_value_max"], money)
            percent = f" {low:.3g}%–{high:.3g}%" if low is not None and high is not None else ""
            parts.append(f"equity{percent}{f' (value {value})' if value else ''}")
        for kind in ("bonus", "commission"):
            if row[f"offers_{kind}"]:
                amount = _range(row[f"{kind}_min"], row[f"{kind}_max"], money)
                parts.append(f"{kind} {amount}" if amount else kind)
        texts.append(" · ".join(parts) if parts else "none listed")
    return pl.Series(POSTING_COLUMN, texts, dtype=pl.String)


def _range(low: float | None, high: float | None, currency: str) -> str:
    if low is None or high is None:
        return ""
    if low == high:
        return components.format_money(low, currency)
    return f"{components.format_money(low, currency)}–{components.format_money(high, currency)}"
