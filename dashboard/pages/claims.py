"""Claims vs data page: each published claim beside what the loaded data says (our closest
measure, its value with a 95% interval and n) and a verdict; filter by verdict; CSV.

Runs as a Streamlit page script (`st.Page("dashboard/pages/claims.py")`); `render()` draws it.
Claim text is shown only through st.dataframe (plain text), never as HTML.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

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
    catalog = data.skill_catalog(build_id)
    names = dict(zip(catalog["skill_id"], catalog["name"], strict=True))
    st.dataframe(claims_table(rows, names), hide_index=True, key="claims_table")
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


def claims_table(rows: pl.DataFrame, skill_names: Mapping[str, str]) -> pl.DataFrame:
    """The claims as shown: numbers as text with thousands separators and empty where there is
    no estimate (a null drew "None" in 15 of the real captures' 23 rows), measures and notes
    naming roles and skills in words."""
    interval = pl.when(pl.col("value_lo").is_not_null() & pl.col("value_hi").is_not_null()).then(
        pl.format("{}–{}", number_text("value_lo"), number_text("value_hi"))
    )
    roles = {role: label for role, label in components.ROLE_LABELS.items() if "_" in role}
    words = {**ID_WORDS, **skill_names, **roles}
    return rows.select(
        pl.col("claim_id").alias("#"),
        pl.col("claim").alias("Claim"),
        pl.col("figure").alias("Claimed"),
        pl.col("source").alias("Source"),
        pl.col("measure")
        .map_elements(lambda text: in_words(text, words), return_dtype=pl.String)
        .alias("Our measure"),
        number_text("value").fill_null("").alias("Our value"),
        interval.fill_null("").alias("95% interval"),
        pl.col("unit").fill_null("").alias("Unit"),
        pl.col("n")
        .map_elements(lambda n: f"{n:,}", return_dtype=pl.String)
        .fill_null("")
        .alias("n"),
        pl.col("verdict").alias("Verdict"),
        pl.col("note")
        .map_elements(lambda text: in_words(text, words), return_dtype=pl.String)
        .fill_null("")
        .alias("Note"),
    )


def number_text(column: str) -> pl.Expr:
    """A value as people read it: thousands separated, whole above 1,000 ("238,973"), else
    to two decimals ("6.9", "0.79"; never "-0"); null stays null."""
    return pl.col(column).map_elements(
        lambda value: f"{value:,.0f}" if abs(value) >= 1000 else f"{round(value, 2) + 0.0:g}",
        return_dtype=pl.String,
    )


# Ids the claims mart writes that are neither a role nor a skill (the ladder's GenAI counts).
ID_WORDS: Final = {"genai_one": "one GenAI skill", "genai_two_plus": "two or more GenAI skills"}
# Where the claims mart names a role or skill by its id: any id with an underscore, a skill
# after "naming", and each member of an "a / b / c" list (a bare "go" or "r" elsewhere is a word).
_ID = r"[a-z][a-z0-9_]*"
_NAMED_IDS = re.compile(rf"(?<=naming ){_ID}|\b{_ID}(?: / {_ID})+\b|\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def in_words(text: str, words: Mapping[str, str]) -> str:
    """`text` with the role and skill ids it names replaced by their names."""

    def named(match: re.Match[str]) -> str:
        return " / ".join(words.get(part, part) for part in match.group(0).split(" / "))

    return _NAMED_IDS.sub(named, text)


if __name__ == "__main__":
    components.run_page(render)
