"""Premiums, demand-vs-supply and data-and-methods pages, and the read API behind them.

Runs the pages with Streamlit's AppTest against a synthetic snapshot (conftest.py) extended here
with more demand/supply rows and a suppressed GenAI premium. Expected values are derived from
the frames written, with Polars, never from the code under test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import streamlit as st
from polars.testing import assert_frame_equal
from streamlit.testing.v1 import AppTest

from dashboard.pages import data_methods
from tests.dashboard.conftest import (
    SF_METRO,
    SyntheticSnapshot,
    manifest_for,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = {
    "GenAI and skill premiums": "dashboard/pages/premiums.py",
    "Demand vs supply": "dashboard/pages/supply.py",
    "Data & methods": "dashboard/pages/data_methods.py",
}
TIMEOUT = 60
INJECTION = "x' OR 1=1 --"
LATEST = date(2026, 10, 31)
EARLIER = date(2026, 8, 2)
UNNAMED_METRO = "0099999"


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def rich_demand_supply() -> pl.DataFrame:
    """Two windows × two skills × places all, US, IN, a named and an unnamed metro."""
    rows = [
        # skill, place, window, demand, supply, ratio, lo, hi, inverse, band, lq
        ("genai", "all", LATEST, 600, 300, 2.0, 1.7, 2.3, 0.5, "too many jobs", 1.0),
        ("genai", "US", LATEST, 450, 150, 3.0, 2.5, 3.6, 0.33, "too many jobs", 1.1),
        ("genai", "IN", LATEST, 150, 150, 1.0, 0.8, 1.25, 1.0, "balanced", 0.7),
        ("genai", SF_METRO, LATEST, 120, 30, 4.0, 2.7, 5.9, 0.25, "too many jobs", 1.6),
        ("genai", UNNAMED_METRO, LATEST, 40, 0, None, None, None, None, None, 0.9),
        ("genai", "all", EARLIER, 500, 400, 1.25, 1.1, 1.43, 0.8, "more jobs than workers", 1.0),
        ("genai", "US", EARLIER, 380, 250, 1.52, 1.3, 1.8, 0.66, "more jobs than workers", 1.1),
        ("python", "all", LATEST, 900, 1800, 0.5, 0.46, 0.54, 2.0, "too many workers", 1.0),
        ("python", "US", LATEST, 700, 1400, 0.5, 0.45, 0.55, 2.0, "too many workers", 1.0),
    ]
    columns = [
        "skill_id",
        "place_id",
        "window_end",
        "demand_n",
        "supply_n",
        "ratio",
        "ratio_lo",
        "ratio_hi",
        "inverse_ratio",
        "inverse_band",
        "location_quotient",
    ]
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    return frame.with_columns(
        pl.col("demand_n", "supply_n").cast(pl.Int64),
        supply_source=pl.lit("talent_pool"),
    )


def rich_premiums(base: pl.DataFrame) -> pl.DataFrame:
    """The conftest premiums plus a country=IN segment whose GenAI estimate is suppressed."""
    extra = pl.DataFrame(
        [
            ("genai", "country=IN", None, None, None, 14.0, 20, 300, 8, True, "fewer than 30 with"),
            ("python", "country=IN", 3.0, 1.0, 5.0, 6.0, 200, 120, 40, False, None),
        ],
        schema=base.columns,
        orient="row",
    )
    return pl.concat([base, extra.cast(dict(base.schema))])


@pytest.fixture
def rich(empty_home: Path) -> SyntheticSnapshot:
    frames = snapshot_frames()
    frames["out_demand_supply"] = rich_demand_supply()
    frames["out_skill_premiums"] = rich_premiums(frames["out_skill_premiums"])
    build_id = "rich-build"
    manifest = manifest_for(build_id, frames)
    manifest["marts"]["out_demand_supply"]["columns"] = {
        "skill_id": "canonical skill id, or 'genai'",
        "ratio": "demand_n / supply_n (openings per candidate)",
    }
    manifest["marts"]["out_unlisted"] = {"rows": 3, "grain": "one row per thing", "columns": {}}
    directory = write_snapshot(empty_home, build_id, frames, manifest)
    stored = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return SyntheticSnapshot(empty_home, directory, build_id, stored, frames)


def open_page(title: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    ran(app).switch_page(PAGES[title])
    return ran(app)


def ran(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def metric_values(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def plotly_traces(app: AppTest, key_trace: str) -> list[dict[str, Any]]:
    """The traces of the first chart holding a trace of type `key_trace`."""
    for chart in app.get("plotly_chart"):
        traces = json.loads(chart.proto.spec)["data"]
        if any(trace.get("type", "scatter") == key_trace for trace in traces):
            return traces
    raise AssertionError(f"no chart with a {key_trace} trace")


def table_with(app: AppTest, column: str) -> Any:
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def estimated(premiums: pl.DataFrame, segment: str) -> pl.DataFrame:
    """Expected forest rows: not suppressed, genai first, then by n_with."""
    return (
        premiums.filter((pl.col("segment") == segment) & ~pl.col("is_suppressed"))
        .with_columns(is_genai_row=pl.col("skill_id") == "genai")
        .sort(["is_genai_row", "n_with", "skill_id"], descending=[True, True, False])
    )


# --------------------------------------------------------------------------- queries


def test_premium_forest_puts_genai_first_then_n_with(rich: SyntheticSnapshot) -> None:
    expected = estimated(rich.premiums, "all")
    forest = queries.premium_forest("all", 25)
    assert forest["skill_id"].to_list() == expected["skill_id"].to_list()
    assert forest["rank"].to_list() == list(range(1, expected.height + 1))
    assert forest["n_with"].to_list() == expected["n_with"].to_list()
    assert forest["premium_adj_lo"].to_list() == expected["premium_adj_lo"].to_list()
    assert queries.premium_forest("all", 2)["skill_id"].to_list() == (
        expected["skill_id"].head(2).to_list()
    )


def test_suppressed_premiums_carry_reason_and_counts_only(rich: SyntheticSnapshot) -> None:
    hidden = queries.suppressed_premiums("all")
    expected = rich.premiums.filter((pl.col("segment") == "all") & pl.col("is_suppressed"))
    assert hidden["skill_id"].to_list() == expected["skill_id"].to_list()
    assert hidden["suppressed_reason"].to_list() == expected["suppressed_reason"].to_list()
    assert not {"premium_adj_pct", "raw_gap_pct"} & set(hidden.columns)
    assert queries.suppressed_premiums("country=IN")["skill_id"].to_list() == ["genai"]


def test_demand_supply_defaults_to_latest_window_in_level_order(rich: SyntheticSnapshot) -> None:
    rows = queries.demand_supply("genai")
    source = rich_demand_supply().filter(
        (pl.col("skill_id") == "genai") & (pl.col("window_end") == LATEST)
    )
    assert rows["window_end"].unique().to_list() == [LATEST]
    assert rows["place_id"].to_list() == ["all", "US", "IN", SF_METRO, UNNAMED_METRO]
    assert rows["place_level"].to_list() == ["all", "country", "country", "metro", "metro"]
    assert rows["demand_n"].sum() == source["demand_n"].sum()
    us = rows.filter(pl.col("place_id") == "US").row(0, named=True)
    assert us["inverse_band"] == "too many jobs" and us["location_quotient"] == 1.1
    earlier = queries.demand_supply("genai", EARLIER)
    assert earlier["place_id"].to_list() == ["all", "US"]
    assert earlier["ratio"].to_list() == [1.25, 1.52]


def test_demand_supply_derives_inverse_and_band_when_not_published(
    snapshot: SyntheticSnapshot,
) -> None:
    frame = snapshot.frames["out_demand_supply"]
    assert "inverse_band" not in frame.columns
    for skill_id in ("llm", "python"):
        row = frame.filter(pl.col("skill_id") == skill_id).row(0, named=True)
        got = queries.demand_supply(skill_id).row(0, named=True)
        inverse = row["supply_n"] / row["demand_n"]
        assert got["inverse_ratio"] == pytest.approx(inverse)
        expected_band = next(
            (label for upper, label in queries.INVERSE_BANDS if inverse <= upper),
            queries.INVERSE_BAND_TOP,
        )
        assert got["inverse_band"] == expected_band
        assert got["location_quotient"] is None


def test_demand_supply_windows_and_skills(rich: SyntheticSnapshot) -> None:
    assert queries.demand_supply_windows() == (LATEST, EARLIER)
    skills = queries.demand_supply_skills()
    assert skills["skill_id"].to_list() == ["genai", "python"]
    totals = rich_demand_supply().filter(pl.col("place_id") == "all")
    genai_total = totals.filter(pl.col("skill_id") == "genai")["demand_n"].sum()
    assert skills["demand_n"][0] == genai_total
    assert skills["skill_name"].to_list() == ["Any GenAI skill", "Python"]


def test_mart_rows_returns_the_mart_and_says_when_capped(rich: SyntheticSnapshot) -> None:
    whole = queries.mart_rows("out_skill_premiums")
    assert not whole.is_capped and whole.total_rows == rich.premiums.height
    assert_frame_equal(
        whole.rows.select(rich.premiums.columns).sort("segment", "skill_id"),
        rich.premiums.sort("segment", "skill_id"),
    )
    capped = queries.mart_rows("out_skill_demand_monthly", max_rows=5)
    assert capped.is_capped and capped.rows.height == 5
    assert capped.total_rows == rich.demand.height


def test_injection_shaped_input_returns_nothing(rich: SyntheticSnapshot) -> None:
    assert queries.premium_forest(INJECTION).is_empty()
    assert queries.suppressed_premiums(INJECTION).is_empty()
    assert queries.demand_supply(INJECTION).is_empty()
    with pytest.raises(ValueError, match="unknown snapshot view"):
        queries.mart_rows("skills; DROP VIEW skills")
    with pytest.raises(ValueError, match="max_rows"):
        queries.mart_rows("skills", max_rows=0)
    assert queries.mart_rows("skills").total_rows == rich.frames["skills"].height


# --------------------------------------------------------------------------- premiums page


def test_premiums_page_plots_genai_first_with_counts(rich: SyntheticSnapshot) -> None:
    app = open_page("GenAI and skill premiums")
    assert texts(app.title) == ["GenAI and skill premiums"]
    expected = estimated(rich.premiums, "all")
    traces = plotly_traces(app, "scatter")
    adjusted = next(trace for trace in traces if trace["name"].startswith("Adjusted"))
    assert adjusted["x"] == expected["premium_adj_pct"].to_list()
    assert adjusted["y"][0] == "Any GenAI skill"
    assert all("n = " in trace["hovertemplate"] for trace in traces)
    genai = expected.row(0, named=True)
    reading = " ".join(texts(app.markdown))
    assert f"{genai['premium_adj_pct']:+.1f}%" in reading
    assert f"raw gap is {genai['raw_gap_pct']:+.1f}%" in reading
    assert "same role and level, place and month" in reading
    assert f"n = {genai['n_with']:,} postings with" in reading
    shown = table_with(app, "Adjusted (%)")
    # this snapshot predates the joint and within-company estimates: said, not left blank
    assert set(shown["Own: 95% interval"]) == {"not estimated"}
    assert set(shown["Within: 95% interval"]) == {"not estimated"}
    hidden = table_with(app, "Reason")
    assert hidden["Skill"].tolist() == ["Retrieval-augmented generation"]
    assert "Raw gap (%)" not in hidden.columns
    assert app.get("download_button")


def test_premiums_segment_choice_changes_the_output(rich: SyntheticSnapshot) -> None:
    app = open_page("GenAI and skill premiums")
    before = metric_values(app)["GenAI pay premium (adjusted)"]
    app.selectbox(key="segment").set_value("country=US")
    ran(app)
    us = rich.premiums.filter(
        (pl.col("segment") == "country=US") & (pl.col("skill_id") == "genai")
    ).row(0, named=True)
    after = metric_values(app)["GenAI pay premium (adjusted)"]
    assert after == f"{us['premium_adj_pct']:+.1f}%" != before
    app.selectbox(key="segment").set_value("country=IN")
    ran(app)
    warning = " ".join(texts(app.warning))
    assert "GenAI premium is suppressed" in warning and "n = 20 postings with" in warning
    assert "GenAI pay premium (adjusted)" not in metric_values(app)
    assert table_with(app, "Adjusted (%)")["Skill"].tolist() == ["Python"]


# --------------------------------------------------------------------------- supply page


def test_supply_page_shows_ratio_by_place_with_names_and_n(rich: SyntheticSnapshot) -> None:
    app = open_page("Demand vs supply")
    assert texts(app.title) == ["Demand vs supply"]
    metrics = metric_values(app)
    assert metrics["Openings per candidate"] == "2.00"
    assert metrics["Postings (demand n)"] == "600"
    assert metrics["Candidates (supply n)"] == "300"
    table = table_with(app, "Openings per candidate")
    sf_name = rich.pay_bands.filter(pl.col("place_id") == SF_METRO)["place_name"][0]
    assert table["Place"].tolist() == [
        "All places",
        "United States (US)",
        "India (IN)",
        f"{sf_name} (metro {SF_METRO})",
        f"Metro {UNNAMED_METRO}",
    ]
    assert table["Demand n"].tolist() == [600, 450, 150, 120, 40]
    bars = plotly_traces(app, "bar")[0]
    assert len(bars["y"]) == 4  # the metro without supply has no ratio
    assert "No US state rows" in " ".join(texts(app.info))  # this snapshot has none
    charts = [json.loads(chart.proto.spec)["data"] for chart in app.get("plotly_chart")]
    # no world map (its shapes would come from a CDN); countries as bars, highest ratio first
    assert not any(t.get("type") == "choropleth" for traces in charts for t in traces)
    country_bars = next(t for t in charts[1] if t.get("type") == "bar")
    assert len(country_bars["y"]) == 2 and country_bars["x"][0] == 3.0
    assert app.expander and app.get("download_button")


def test_supply_window_and_skill_choice_change_the_output(rich: SyntheticSnapshot) -> None:
    app = open_page("Demand vs supply")
    app.selectbox(key="window").set_value(EARLIER.isoformat())
    ran(app)
    assert table_with(app, "Openings per candidate")["Demand n"].tolist() == [500, 380]
    assert metric_values(app)["Openings per candidate"] == "1.25"
    app.selectbox(key="supply_skill").set_value("python")
    ran(app)
    assert any("no demand/supply rows" in text.lower() for text in texts(app.info))
    app.selectbox(key="window").set_value(LATEST.isoformat())
    ran(app)
    assert metric_values(app)["Candidates (supply n)"] == "1,800"


# --------------------------------------------------------------------------- data page


def test_data_page_lists_build_counts_sources_and_marts(rich: SyntheticSnapshot) -> None:
    app = open_page("Data & methods")
    assert texts(app.title) == ["Data & methods"]
    counts = rich.manifest["counts"]
    metrics = metric_values(app)
    assert metrics["Source records"] == f"{counts['source_records']:,}"
    assert metrics["Canonical postings"] == f"{counts['canonical_postings']:,}"
    assert metrics["Dedup rate"] == f"{100 * counts['dedup_rate']:.1f}%"
    assert metrics["Quarantined"] == f"{counts['quarantined']:,}"
    build = table_with(app, "Field")
    assert rich.build_id in build["Value"].tolist()
    assert rich.manifest["fx_table_date"] in build["Value"].tolist()
    sources = table_with(app, "License")
    assert sources["License"].tolist() == [s["license"] for s in rich.manifest["sources"]]
    labels = [expander.label for expander in app.expander]
    for name, info in rich.manifest["marts"].items():
        assert f"{name} · {info['rows']:,} rows" in labels
    described = [
        (column, text)
        for frame in app.dataframe
        if "Description" in frame.value.columns
        for column, text in zip(frame.value["Column"], frame.value["Description"], strict=True)
    ]
    supply_columns = rich.manifest["marts"]["out_demand_supply"]["columns"]
    assert described == list(supply_columns.items())
    readable = [name for name in rich.manifest["marts"] if name in queries.SNAPSHOT_VIEWS]
    assert len(app.get("download_button")) == len(readable)
    assert any("out_unlisted is not readable" in text for text in texts(app.caption))
    assert not any("Capped" in text for text in texts(app.warning))


def test_data_page_says_when_a_download_is_capped(
    rich: SyntheticSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = rich.premiums.height - 1
    monkeypatch.setattr(queries, "MART_ROW_CAP", cap)
    app = open_page("Data & methods")
    warnings = " ".join(texts(app.warning))
    assert f"first {cap:,} of {rich.premiums.height:,} rows" in warnings
    larger = [
        name
        for name, info in rich.manifest["marts"].items()
        if name in queries.SNAPSHOT_VIEWS and info["rows"] > cap
    ]
    assert warnings.count("Capped") == len(larger) >= 2


def test_mart_download_holds_the_whole_mart_as_csv(rich: SyntheticSnapshot) -> None:
    contents = data_methods.mart_csv(rich.build_id, "out_skill_premiums", 1000)()
    frame = pl.read_csv(contents.encode(), schema_overrides=dict(rich.premiums.schema))
    assert_frame_equal(
        frame.select(rich.premiums.columns).sort("segment", "skill_id"),
        rich.premiums.sort("segment", "skill_id"),
    )


def test_premiums_table_shows_joint_and_within_company_estimates(empty_home: Path) -> None:
    frames = snapshot_frames()
    premiums = frames["out_skill_premiums"]
    frames["out_skill_premiums"] = premiums.with_columns(
        (pl.col("premium_adj_pct") - 10).alias("premium_joint_pct"),
        (pl.col("premium_adj_lo") - 10).alias("premium_joint_lo"),
        (pl.col("premium_adj_hi") - 10).alias("premium_joint_hi"),
        pl.lit(None, pl.Float64).alias("premium_within_pct"),
        pl.lit(None, pl.Float64).alias("premium_within_lo"),
        pl.lit(None, pl.Float64).alias("premium_within_hi"),
        pl.lit(3, pl.Int64).alias("n_companies_both"),
    )
    write_snapshot(empty_home, "joint-build", frames)
    app = open_page("GenAI and skill premiums")
    shown = table_with(app, "Own, other skills held fixed (%)")
    genai = (
        frames["out_skill_premiums"]
        .filter((pl.col("segment") == "all") & (pl.col("skill_id") == "genai"))
        .row(0, named=True)
    )
    row = shown[shown["Skill"] == "Any GenAI skill"].iloc[0]
    assert row["Own, other skills held fixed (%)"] == round(genai["premium_joint_pct"], 1)
    lo, hi = round(genai["premium_joint_lo"], 1), round(genai["premium_joint_hi"], 1)
    assert row["Own: 95% interval"] == f"{lo} to {hi}"
    assert row["Within: 95% interval"] == "not estimated"  # 3 companies post both
    assert any("Within company" in caption for caption in texts(app.caption))


def test_supply_page_sets_the_estimate_beside_the_talent_pool(empty_home: Path) -> None:
    frames = snapshot_frames()
    pool = rich_demand_supply().with_columns(pl.lit("talent_pool").alias("supply_source"))
    estimate = pool.filter(pl.col("place_id") == "US").with_columns(
        pl.lit("oews_survey_estimate").alias("supply_source"),
        (pl.col("supply_n") * 1000).alias("supply_n"),
        (pl.col("ratio") / 1000).alias("ratio"),
        (pl.col("ratio_lo") / 1000).alias("ratio_lo"),
        (pl.col("ratio_hi") / 1000).alias("ratio_hi"),
    )
    frames["out_demand_supply"] = pl.concat([pool, estimate])
    write_snapshot(empty_home, "two-sources", frames)
    app = open_page("Demand vs supply")
    table = table_with(app, "Supply measure")
    assert table["Supply measure"].str.startswith("Talent pool").tolist() == [True, False]
    assert table["Demand n (US)"].tolist() == [450, 450]
    assert table["Supply (US)"].tolist() == [150, 150_000]
    # the by-place table still shows one row per place (talent pool only)
    places = table_with(app, "Openings per candidate")
    assert places["Place"].tolist().count("United States (US)") == 1
