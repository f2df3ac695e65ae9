"""Data & methods page: sources and licenses, the build manifest, counts, and every mart's grain
and row count in one table; the column descriptions and CSV download of the mart picked.

Runs as a Streamlit page script (`st.Page("dashboard/pages/data_methods.py")`); `render()` draws
it. Everything shown comes from the snapshot's manifest; mart rows are read (at most
`queries.MART_ROW_CAP`) only when a download is asked for.

May import: `dashboard` modules, `warehouse.queries`, streamlit, polars.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import polars as pl
import streamlit as st

from dashboard import components, data
from dashboard.csv_export import spreadsheet_safe_csv
from warehouse import queries


def render() -> None:
    st.title("Data & methods")
    manifest = data.manifest()
    components.show_filter_scope([], "this page describes the whole snapshot")
    show_build(manifest)
    show_counts(manifest.get("counts"))
    show_sources(manifest["sources"])
    show_marts(manifest["build_id"], manifest["marts"])


def show_build(manifest: Mapping[str, Any]) -> None:
    st.subheader("Build")
    st.dataframe(
        pl.DataFrame(
            {
                "Field": ["Build id", "Built at", "Code version", "Data", "FX table date"],
                "Value": [
                    str(manifest["build_id"]),
                    str(manifest["built_at"]),
                    str(manifest["code_version"]),
                    str(manifest["data_label"]),
                    str(manifest["fx_table_date"]),
                ],
            }
        ),
        hide_index=True,
        key="build_table",
    )
    st.caption(
        f"Currency conversion uses the monthly FX table dated {manifest['fx_table_date']}: each "
        "posting's pay is converted at the rate of its month."
    )


def show_counts(counts: Any) -> None:
    st.subheader("Counts")
    if not isinstance(counts, Mapping):
        st.info("This snapshot's manifest has no build counts.")
        return
    source, canonical, dedup, quarantined = st.columns(4)
    source.metric("Source records", components.format_count(counts.get("source_records")))
    canonical.metric(
        "Canonical postings", components.format_count(counts.get("canonical_postings"))
    )
    rate = counts.get("dedup_rate")
    dedup.metric("Dedup rate", "—" if rate is None else f"{100 * rate:.1f}%")
    quarantined.metric("Quarantined", components.format_count(counts.get("quarantined")))
    st.caption(
        "Source records are postings as collected (a posting seen in several crawls or sources "
        "counts each time); canonical postings remain after deduplication; quarantined records "
        "failed parsing or validation and are kept with their reason, not dropped."
    )


def sources_table(sources: list[Any]) -> pl.DataFrame:
    """One row per manifest source: name, source, license, the attribution its license asks
    to show with the numbers, retrieval date and file count."""
    return pl.DataFrame(
        [
            {
                "Name": str(source.get("name", "")),
                "Source": str(source.get("source", "")),
                "License": str(source.get("license", "")),
                "Attribution": str(source.get("attribution") or ""),
                "Retrieved": str(source.get("retrieved", "")),
                "Files": file_count(source.get("files")),
            }
            for source in sources
            if isinstance(source, Mapping)
        ],
        schema={
            "Name": pl.String,
            "Source": pl.String,
            "License": pl.String,
            "Attribution": pl.String,
            "Retrieved": pl.String,
            "Files": pl.Int64,
        },
    )


def file_count(files: Any) -> int | None:
    if isinstance(files, int) and not isinstance(files, bool):
        return files
    if isinstance(files, list | dict):
        return len(files)
    return None


def show_sources(sources: list[Any]) -> None:
    st.subheader("Sources and licenses")
    components.number_table(sources_table(sources), key="sources_table")


def columns_table(columns: Any) -> pl.DataFrame:
    described = columns if isinstance(columns, Mapping) else {}
    return pl.DataFrame(
        {
            "Column": [str(name) for name in described],
            "Description": [str(text) for text in described.values()],
        },
        schema={"Column": pl.String, "Description": pl.String},
    )


def marts_table(marts: Mapping[str, Any]) -> pl.DataFrame:
    """One row per published mart: its name, rows and grain, and what its download holds."""
    cap = queries.MART_ROW_CAP
    rows_of = {name: marts_rows(marts, name) for name in marts}
    return pl.DataFrame(
        {
            "Table": list(marts),
            "Rows": [rows if isinstance(rows, int) else None for rows in rows_of.values()],
            "Grain": [
                str(info.get("grain") or "not stated") if isinstance(info, Mapping) else ""
                for info in marts.values()
            ],
            "Download": [
                "not readable by the app"
                if name not in queries.SNAPSHOT_VIEWS
                else f"capped: first {cap:,} rows"
                if isinstance(rows, int) and rows > cap
                else "whole table"
                for name, rows in rows_of.items()
            ],
        },
        schema={"Table": pl.String, "Rows": pl.Int64, "Grain": pl.String, "Download": pl.String},
    )


def show_marts(build_id: str, marts: Mapping[str, Any]) -> None:
    """Every mart in one table, then one mart's columns and its download, as picked (one
    table drawn, not one per mart: the page opens faster)."""
    st.subheader("Published tables")
    st.caption(
        f"Each download holds at most {queries.MART_ROW_CAP:,} rows; the table says when a mart "
        "is larger."
    )
    components.number_table(marts_table(marts), key="marts_table")  # "8,095 rows", not "8095"
    if not marts:
        return
    name = components.bound_selectbox(
        "Columns and download of",
        list(marts),
        "mart",
        container=st,
    )
    info = marts[name] if isinstance(marts[name], Mapping) else {}
    st.markdown(f"**Grain:** {info.get('grain') or 'not stated'}")
    st.dataframe(columns_table(info.get("columns")), hide_index=True, key="mart_columns")
    show_mart_download(build_id, name, info.get("rows"))


def marts_rows(marts: Mapping[str, Any], name: str) -> Any:
    info = marts.get(name)
    return info.get("rows") if isinstance(info, Mapping) else None


def show_mart_download(build_id: str, name: str, rows: Any) -> None:
    if name not in queries.SNAPSHOT_VIEWS:
        st.caption(f"{name} is not readable by the app, so it has no download here.")
        return
    cap = queries.MART_ROW_CAP
    if isinstance(rows, int) and rows > cap:
        st.warning(f"Capped: the download holds the first {cap:,} of {rows:,} rows.")
    st.download_button(
        f"Download {name} (CSV)",
        data=mart_csv(build_id, name, cap),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=f"csv_{name}",
        on_click="ignore",
    )


def mart_csv(build_id: str, name: str, cap: int) -> Callable[[], str]:
    """Deferred CSV of the mart: read (cached) only when the download is clicked."""

    def contents() -> str:
        rows = data.mart_rows(build_id, name, cap).rows
        # CSV has no lists: write list columns (out_postings.skill_ids) as ";"-joined text.
        lists = [column for column, dtype in rows.schema.items() if dtype == pl.List(pl.String)]
        return spreadsheet_safe_csv(rows.with_columns(pl.col(lists).list.join(";")))

    return contents


if __name__ == "__main__":
    components.run_page(render)
