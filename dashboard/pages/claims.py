"""Claims vs data page: each published claim beside what the loaded data says (our closest
measure, its value with a 95% interval and n) and a verdict; filter by verdict; CSV.

Runs as a Streamlit page script (`st.Page("dashboard/pages/claims.py")`); `render()` draws it.
Claim text is shown only through st.dataframe (plain text), never as HTML.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import components, data
from warehouse import queries

VERDICT_LABELS = {
    "all": "All verdicts",
    "consistent": "Consistent with the data",
    "higher": "Data is higher than claimed",
    "lower": "Data is lower than claimed",
    "not measurable": "Not measurable here",
}


def render() -> None:
    st.title("Claims vs data")
    build_id = data.manifest()["build_id"]
    if not data.view_available(build_id, "out_claims"):
        st.info("This snapshot has no claims mart (out_claims).")
        return
    components.show_filter_scope(
        [], "each claim is checked once against its own closest measure in the whole snapshot"
    )
    counts = data.claim_verdict_counts(build_id)
    total = sum(counts.values())
    if total == 0:
        st.info("The claims mart is empty.")
        return
    st.subheader(headline(counts))
    columns = st.columns(len(queries.CLAIM_VERDICTS))
    for column, verdict in zip(columns, queries.CLAIM_VERDICTS, strict=True):
        column.metric(VERDICT_LABELS[verdict], f"{counts[verdict]} of {total}")
    claims_view(build_id)


def claims_view(build_id: str) -> None:
    """The verdict filter (at the top of the list) and the claims."""
    verdict = components.bound_selectbox(
        "Verdict",
        ("all", *queries.CLAIM_VERDICTS),
        "verdict",
        VERDICT_LABELS.get,
        container=st,
    )
    rows = data.claims(build_id, None if verdict == "all" else verdict)
    if rows.is_empty():
        st.info(f"No claim has the verdict “{verdict}”.")
        return
    st.dataframe(claims_table(rows), hide_index=True, key="claims_table")
    st.caption(
        "Value: our closest measure in the loaded data, with its 95% interval and the postings "
        "behind it (n). “Consistent”: our interval overlaps the claimed figure or range; "
        "“higher”/“lower”: our interval lies wholly above/below it (without an interval, our "
        "value is compared within 10%); “not measurable”: no estimate, or the interval "
        "straddles a strict claimed bound. The note says where our measure differs from the "
        "claim's definition. Empty cells: no estimate."
    )
    components.csv_download(
        rows.with_columns(verdict_filter=pl.lit(verdict)),
        "claims_vs_data.csv",
        "Download the shown claims (CSV)",
        key="claims_csv",
    )


def headline(counts: dict[str, int]) -> str:
    """The page's finding in one line, counted from the same numbers as the metrics below it
    (every claim, "of N" where N is all claims)."""
    total = sum(counts.values())
    unmeasured = counts.get("not measurable", 0)
    text = (
        f"{counts['consistent']} of {total} claims agree with the data; "
        f"{counts['higher']} understate and {counts['lower']} overstate what it shows"
    )
    return text + (f"; {unmeasured} cannot be measured with it" if unmeasured else "")


def claims_table(rows: pl.DataFrame) -> pl.DataFrame:
    value = pl.col("value").round(2)
    interval = pl.when(pl.col("value_lo").is_not_null() & pl.col("value_hi").is_not_null()).then(
        pl.format("{}–{}", pl.col("value_lo").round(2), pl.col("value_hi").round(2))
    )
    return rows.select(
        pl.col("claim_id").alias("#"),
        pl.col("claim").alias("Claim"),
        pl.col("figure").alias("Claimed"),
        pl.col("source").alias("Source"),
        pl.col("measure").alias("Our measure"),
        value.alias("Our value"),
        interval.alias("95% interval"),
        pl.col("unit").alias("Unit"),
        pl.col("n").alias("n"),
        pl.col("verdict").alias("Verdict"),
        pl.col("note").alias("Note"),
    )


if __name__ == "__main__":
    components.run_page(render)
