"""Run app.py and every page with Streamlit's AppTest against the synthetic snapshot.

Expected numbers come from the frames the snapshot was written from (conftest.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import SF_METRO, SyntheticSnapshot, snapshot_frames, write_snapshot

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = {
    "Overview": "dashboard/pages/overview.py",
    "Skill trends": "dashboard/pages/trends.py",
    "Pay bands": "dashboard/pages/pay_bands.py",
}
TIMEOUT = 60


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def open_page(title: str, query_params: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if title == "Overview":
        app.query_params.update(query_params or {})
        return ran(app)
    ran(app).switch_page(PAGES[title])
    app.query_params.update(query_params or {})
    return ran(app)


def ran(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def plotly_data(app: AppTest, index: int = 0) -> list[dict[str, Any]]:
    return json.loads(app.get("plotly_chart")[index].proto.spec)["data"]


def postings_last_12m(snapshot: SyntheticSnapshot, role_family: str, country: str) -> int:
    rows = snapshot.demand.filter(
        (pl.col("role_family") == role_family)
        & (pl.col("country") == country)
        & (pl.col("skill_id") == "genai")
    )
    return int(rows.sort("month").tail(12)["n_postings"].sum())


# --------------------------------------------------------------------------- app shell


def test_app_without_a_snapshot_says_how_to_build_one(empty_home: Path) -> None:
    app = ran(AppTest.from_file(str(APP), default_timeout=TIMEOUT))
    message = " ".join(texts(app.error))
    assert "No published snapshot" in message
    assert "skillmarket demo --no-app" in message
    assert any("skillmarket build" in block for block in texts(app.code))
    assert not app.metric


@pytest.mark.parametrize("title", list(PAGES))
def test_every_page_runs_with_banner_and_build_time(
    snapshot: SyntheticSnapshot, title: str
) -> None:
    app = open_page(title)
    assert texts(app.title) == [title]
    assert "Sample data: simulated market" in texts(app.warning)
    assert any(snapshot.manifest["built_at"] in caption for caption in texts(app.caption))


def test_banner_is_absent_for_real_data(empty_home: Path) -> None:
    frames = snapshot_frames()
    directory = write_snapshot(empty_home, "real-build", frames)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    manifest |= {"is_sample": False, "data_label": "Collected postings"}
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    app = open_page("Overview")
    assert not any("Sample data" in warning for warning in texts(app.warning))


def test_broken_mart_shows_a_clear_error_not_a_traceback(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_skill_demand_monthly"] = frames["out_skill_demand_monthly"].drop("share_lo")
    write_snapshot(empty_home, "broken-build", frames)
    app = open_page("Overview")
    message = " ".join(texts(app.error))
    assert "out_skill_demand_monthly.parquet" in message and "share_lo" in message


# --------------------------------------------------------------------------- overview


def test_overview_headline_numbers_show_their_n(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Overview")
    metrics = metric_values(app)
    assert metrics["Postings, last 12 months"] == f"{postings_last_12m(snapshot, 'all', 'all'):,}"
    genai_label = next(label for label in metrics if label.startswith("GenAI share"))
    latest = snapshot.demand.filter(
        (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
        & (pl.col("skill_id") == "genai")
    ).sort("month")[-1]
    assert metrics[genai_label] == f"{latest['share_pct'].item():.1f}%"
    captions = " ".join(texts(app.caption))
    assert f"n = {latest['n_with_skill'].item():,} of {latest['n_postings'].item():,}" in captions
    assert metrics["GenAI pay premium (adjusted)"] == "+18.0%"


def test_overview_country_filter_changes_the_headline(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Overview")
    before = metric_values(app)["Postings, last 12 months"]
    app.selectbox(key="country").set_value("IN")
    ran(app)
    after = metric_values(app)["Postings, last 12 months"]
    assert after == f"{postings_last_12m(snapshot, 'all', 'IN'):,}"
    assert after != before


def test_overview_filters_start_from_url_query_parameters(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Overview", {"role": "ML engineer", "country": "US"})
    assert app.selectbox(key="role").value == "ml_engineer"
    assert app.selectbox(key="country").value == "US"
    expected = postings_last_12m(snapshot, "ml_engineer", "US")
    assert metric_values(app)["Postings, last 12 months"] == f"{expected:,}"


def test_overview_charts_and_explained_suppression(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Overview")
    genai_band = plotly_data(app, 0)[0]
    assert genai_band["fill"] == "toself"
    captions = " ".join(texts(app.caption))
    rag = snapshot.premiums.filter(pl.col("is_suppressed")).row(0, named=True)
    assert f"premium suppressed — {rag['suppressed_reason']}" in captions
    pay = next(frame.value for frame in app.dataframe if "Median (USD)" in frame.value.columns)
    assert not pay["Note"].isna().any()
    sources = next(frame.value for frame in app.dataframe if "License" in frame.value.columns)
    assert sources["Source"].tolist() == [s["name"] for s in snapshot.manifest["sources"]]
    counts = snapshot.manifest["counts"]
    assert f"{counts['canonical_postings']:,} deduplicated postings" in captions
    assert f"{counts['quarantined']:,} records quarantined" in captions


# --------------------------------------------------------------------------- skill trends


def test_trends_default_to_top_skills_with_interval_bands(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    latest = snapshot.demand.filter(
        (pl.col("role_family") == "all")
        & (pl.col("country") == "all")
        & (pl.col("skill_id") != "genai")
        & (pl.col("month") == pl.col("month").max())
    ).sort("share_pct", descending=True)
    assert app.multiselect(key="skills").value == latest["skill_id"].head(5).to_list()
    traces = plotly_data(app)
    bands = [trace for trace in traces if trace.get("fill") == "toself"]
    lines = [trace for trace in traces if trace.get("mode") == "lines+markers"]
    assert len(bands) == len(lines) == 5
    assert all("n = " in line["hovertemplate"] for line in lines)
    assert app.get("download_button")


def test_trends_skill_and_role_choice_change_the_shown_data(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value(["llm"])
    ran(app)
    table = app.dataframe[0].value
    assert table["Skill"].tolist() == ["Large language models"]
    all_roles_n = int(table["of postings"].iloc[0])
    app.selectbox(key="role").set_value("data_scientist")
    ran(app)
    table = app.dataframe[0].value
    expected = snapshot.demand.filter(
        (pl.col("role_family") == "data_scientist")
        & (pl.col("country") == "all")
        & (pl.col("skill_id") == "llm")
        & (pl.col("month") == pl.col("month").max())
    )
    assert int(table["of postings"].iloc[0]) == expected["n_postings"].item() != all_roles_n
    assert int(table["n with skill"].iloc[0]) == expected["n_with_skill"].item()


def test_trends_with_no_skills_asks_for_one(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value([])
    ran(app)
    assert any("Pick one or more skills" in info for info in texts(app.info))
    assert "skill_trend" not in [chart.key for chart in app.get("plotly_chart")]


# --------------------------------------------------------------------------- pay bands


def choose_cell(app: AppTest, role_family: str, seniority: str, place_id: str) -> AppTest:
    app.selectbox(key="pay_role").set_value(role_family)
    ran(app)
    app.selectbox(key="level").set_value(seniority)
    ran(app)
    app.selectbox(key="place").set_value(place_id)
    return ran(app)


def test_pay_band_shows_band_n_and_companies(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "mid", "IN")
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "IN").row(0, named=True)
    metrics = metric_values(app)
    assert metrics["Median (P50), INR"] == f"₹{cell['p50']:,.0f}"
    assert metrics["Median in USD"] == f"${cell['p50_usd']:,.0f}"
    assert metrics["Postings (n)"] == f"{cell['n_postings']:,}"
    assert metrics["Companies"] == f"{cell['n_companies']:,}"
    table = app.dataframe[0].value
    assert table["INR per year"].tolist() == [cell[c] for c in ("p10", "p25", "p50", "p75", "p90")]
    assert "USD per year" in table.columns
    assert app.get("download_button")


def test_rolled_up_cell_names_the_level_shown(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", SF_METRO)
    cell = snapshot.pay_bands.filter(pl.col("place_id") == SF_METRO).row(0, named=True)
    notes = " ".join(texts(app.info))
    assert "Not enough postings in San Francisco-Oakland-Hayward, CA" in notes
    assert f"({cell['n_postings']} postings from {cell['n_companies']} companies" in notes
    assert "showing state data" in notes
    assert metric_values(app)["Postings (n)"] == f"{cell['n_postings']:,}"


def test_suppressed_cell_is_explained(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    warning = " ".join(texts(app.warning))
    assert "Suppressed" in warning and "4 postings from 2 companies" in warning
    assert not app.number_input


def test_offer_check_follows_the_number_input(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "US")
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US").row(0, named=True)
    assert any("is at the 50th percentile" in text for text in texts(app.success))
    app.number_input[0].set_value(cell["p75"])
    ran(app)
    assert any(f"${cell['p75']:,.0f} is at the 75th percentile" in t for t in texts(app.success))
    app.number_input[0].set_value(cell["p10"] - 1000)
    ran(app)
    assert any("is below the 10th percentile" in text for text in texts(app.warning))
    offer = [trace for trace in plotly_data(app) if trace.get("name") == "Your offer"]
    assert offer[0]["x"] == [cell["p10"] - 1000]


def test_pay_filters_start_from_url_query_parameters(snapshot: SyntheticSnapshot) -> None:
    app = open_page(
        "Pay bands", {"pay_role": "ML engineer", "level": "Senior", "place": "California (state)"}
    )
    assert app.selectbox(key="place").value == "US-CA"
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US-CA").row(0, named=True)
    assert metric_values(app)["Postings (n)"] == f"{cell['n_postings']:,}"
