"""Skillmarket dashboard entry point (`streamlit run app.py`): routes to the pages, nothing more.

Shows the data label (real or simulated, sources, record dates), the snapshot's build time
and the shared sidebar filters (period,
role family, seniority, country, source; synced to URL query parameters) on every page, or,
when no snapshot has been published, how to build one.

May import: `dashboard` (pages, components), `warehouse.queries`, streamlit.
"""

from __future__ import annotations

import streamlit as st

from dashboard import components, data
from warehouse import queries

PAGES = (
    st.Page("dashboard/pages/overview.py", title="Overview", url_path="", default=True),
    st.Page("dashboard/pages/trends.py", title="Skill trends", url_path="trends"),
    st.Page("dashboard/pages/pay_bands.py", title="Pay bands", url_path="pay-bands"),
    st.Page("dashboard/pages/premiums.py", title="GenAI and skill premiums", url_path="premiums"),
    st.Page("dashboard/pages/supply.py", title="Demand vs supply", url_path="supply"),
    st.Page("dashboard/pages/advisor.py", title="Skill advisor", url_path="advisor"),
    st.Page("dashboard/pages/claims.py", title="Claims vs data", url_path="claims"),
    st.Page("dashboard/pages/coverage.py", title="Coverage", url_path="coverage"),
    st.Page("dashboard/pages/data_methods.py", title="Data & methods", url_path="data"),
)


def main() -> None:
    st.set_page_config(page_title="Skillmarket", layout="wide")
    try:
        manifest = queries.snapshot_manifest()
    except queries.SnapshotError as error:
        components.show_missing_snapshot(error)
        return
    page = st.navigation(list(PAGES))
    components.show_data_label(manifest)
    build_id = manifest["build_id"]
    try:
        components.sidebar_filters(
            data.filter_options(build_id), data.posting_filter_options(build_id)
        )
    except queries.SnapshotError as error:  # the page itself says what it cannot read
        st.sidebar.caption(f"Filters unavailable: {error}")
    page.run()


if __name__ == "__main__":
    main()
