"""Demand vs supply page: ratio by place with names and n, window and skill choice, and the
estimate beside the talent pool.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from tests.dashboard.pages.apptest import (
    frame_with,
    metric_values,
    open_page,
    plotly_traces,
    ran,
    texts,
)
from tests.fixtures.snapshot.marts import SF_METRO
from tests.fixtures.snapshot.publish import (
    EARLIER,
    LATEST,
    UNNAMED_METRO,
    SyntheticSnapshot,
    rich_demand_supply,
    snapshot_frames,
    write_snapshot,
)


def test_supply_page_shows_ratio_by_place_with_names_and_n(rich: SyntheticSnapshot) -> None:
    app = open_page("Demand vs supply")
    assert texts(app.title) == ["Demand vs supply"]
    metrics = metric_values(app)
    assert metrics["Openings per candidate"] == "2.00"
    assert metrics["Postings (demand n)"] == "600"
    assert metrics["Candidates (supply n)"] == "300"
    table = frame_with(app, "Openings per candidate")
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
    assert [chart.key for chart in app.get("plotly_chart")] == ["supply_by_place"]  # one view
    assert app.expander and app.get("download_button")
    app = open_page("Demand vs supply", {"places": "US map by state"})
    assert "No US state rows" in " ".join(texts(app.info))  # this snapshot has none
    assert not app.get("plotly_chart")
    assert frame_with(app, "Openings per candidate")["Demand n"].tolist()[0] == 600
    app = open_page("Demand vs supply", {"places": "By country"})
    charts = [json.loads(chart.proto.spec)["data"] for chart in app.get("plotly_chart")]
    # no world map (its shapes would come from a CDN); countries as bars, highest ratio first
    assert not any(t.get("type") == "choropleth" for traces in charts for t in traces)
    country_bars = next(t for t in charts[0] if t.get("type") == "bar")
    assert len(country_bars["y"]) == 2 and country_bars["x"][0] == 3.0


def test_supply_window_and_skill_choice_change_the_output(rich: SyntheticSnapshot) -> None:
    app = open_page("Demand vs supply")
    app.selectbox(key="window").set_value(EARLIER.isoformat())
    ran(app)
    assert frame_with(app, "Openings per candidate")["Demand n"].tolist() == [500, 380]
    assert metric_values(app)["Openings per candidate"] == "1.25"
    app.selectbox(key="supply_skill").set_value("python")
    ran(app)
    assert any("no demand/supply rows" in text.lower() for text in texts(app.info))
    app.selectbox(key="window").set_value(LATEST.isoformat())
    ran(app)
    assert metric_values(app)["Candidates (supply n)"] == "1,800"


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
    table = frame_with(app, "Supply measure")
    assert table["Supply measure"].str.startswith("Talent pool").tolist() == [True, False]
    assert table["Demand n (US)"].tolist() == [450, 450]
    assert table["Supply (US)"].tolist() == [150, 150_000]
    # the by-place table still shows one row per place (talent pool only)
    places = frame_with(app, "Openings per candidate")
    assert places["Place"].tolist().count("United States (US)") == 1


def test_the_skill_picker_never_offers_the_raw_all_of_role_rows(empty_home: Path) -> None:
    """Issue #12 bug 6: role-family rows (skill_id "all") showed up as a skill named "all"."""
    frames = snapshot_frames()
    rich = rich_demand_supply()
    role_row = rich.head(1).with_columns(skill_id=pl.lit("all"), role_family=pl.lit("ml_engineer"))
    frames["out_demand_supply"] = pl.concat(
        [rich.with_columns(role_family=pl.lit("all")), role_row], how="vertical_relaxed"
    )
    write_snapshot(empty_home, "role-rows", frames)
    app = open_page("Demand vs supply")
    options = app.selectbox(key="supply_skill").options
    assert options and all(option.strip().lower() != "all" for option in options)


def test_tightest_is_said_only_where_the_intervals_support_it(rich: SyntheticSnapshot) -> None:
    from dashboard.pages.supply import ratio_finding

    def places(*rows: tuple[str, float, float, float]) -> pl.DataFrame:
        return pl.DataFrame(
            rows, schema=["place_label", "ratio", "ratio_lo", "ratio_hi"], orient="row"
        )

    clear = places(("A", 4.0, 3.5, 4.6), ("B", 2.0, 1.6, 2.4), ("C", 1.0, 0.8, 1.3))
    assert ratio_finding(clear).startswith("Tightest: A, 4.00")
    overlapping = places(("A", 15.7, 6.9, 35.8), ("B", 14.0, 1.8, 106.5), ("C", 1.0, 0.8, 1.3))
    title = ratio_finding(overlapping)
    assert not title.startswith("Tightest")
    assert title.startswith("Highest ratio: A, 15.70")
    # it read "overlaps 1 other place'" (and "22 other places'" on the sample)
    assert "its interval overlaps that of 1 other place, so none" in title


def test_a_snapshot_with_role_rows_only_says_why_no_skill_is_offered(empty_home: Path) -> None:
    """The real captures: 98 role-family rows against the OEWS estimate, and the page said
    "This snapshot has no demand/supply rows" under a note about "those rows"."""
    frames = snapshot_frames()
    role_rows = rich_demand_supply().with_columns(
        skill_id=pl.lit("all"),
        role_family=pl.lit("ml_engineer"),
        supply_source=pl.lit("oews_survey_estimate"),
    )
    frames["out_demand_supply"] = role_rows
    write_snapshot(empty_home, "role-rows-only", frames)
    app = open_page("Demand vs supply")
    info = " ".join(texts(app.info))
    assert f"its {role_rows.height:,} rows are per role family" in info
    assert "against the OEWS estimate" in info
    assert "skillmarket ingest talent-pool" in info
    assert "has no demand/supply rows" not in info


def test_the_supply_measure_is_named_in_words(rich: SyntheticSnapshot) -> None:
    """The sample's caption ended "supply from talent_pool"."""
    app = open_page("Demand vs supply")
    caption = next(text for text in texts(app.caption) if text.startswith("All places:"))
    assert caption.endswith("supply from the talent pool.")
    assert "talent_pool" not in " ".join(texts(app.caption))


def test_rows_not_measurable_are_not_promised_when_none_is_shown(empty_home: Path) -> None:
    """The real captures: 98 role-family rows against the OEWS estimate, none measurable; the
    warning ended "Those rows show demand and supply counts only" above a page that shows no
    row at all (no skill has rows)."""
    from analytics.marts.supply import with_measurability

    frames = snapshot_frames()
    role_rows = rich_demand_supply().with_columns(
        skill_id=pl.lit("all"),
        role_family=pl.lit("ml_engineer"),
        supply_source=pl.lit("oews_survey_estimate"),
        window_start=pl.col("window_end"),
    )
    frames["out_demand_supply"] = with_measurability(role_rows, demand_covers_market=False)
    write_snapshot(empty_home, "role-rows-not-measurable", frames)
    app = open_page("Demand vs supply")
    warning = " ".join(texts(app.warning))
    assert "not measurable from this crawl" in warning
    assert "Those rows show" not in warning
    assert "No ratio is drawn" in warning
    assert "rows are per role family" in " ".join(texts(app.info))


def test_the_chart_title_names_a_metro_without_its_code() -> None:
    """The sample's title read "Highest ratio: San Jose-Sunnyvale-Santa Clara, CA (metro
    0041940), 15.67 openings per candidate" above bars that name metros without codes."""
    from dashboard.pages.supply import ratio_finding

    rows = pl.DataFrame(
        [
            ("San Jose-Sunnyvale-Santa Clara, CA (metro 0041940)", 15.67, 6.86, 35.76),
            ("United States (US)", 3.2, 2.9, 3.5),
        ],
        schema=["place_label", "ratio", "ratio_lo", "ratio_hi"],
        orient="row",
    )
    assert ratio_finding(rows).startswith("Tightest: San Jose-Sunnyvale-Santa Clara, CA, 15.67")
