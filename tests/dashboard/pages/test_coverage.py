"""The coverage page (AppTest) on a synthetic snapshot whose coverage, gaps, durations and
weighting marts are computed by the build's own functions from the synthetic postings: totals
and first crawl, the breakdown by month, what the crawl does not cover (an outage warned), the
days-open chart and table, the weighted figures labelled beside the unweighted ones; and the
supply page's explanation of rows not measurable from a crawl."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from analytics.marts.supply import with_measurability
from dashboard.components import source_label
from tests.dashboard.pages.apptest import TIMEOUT, chart, frame_with, metric_values, ran, texts
from tests.fixtures.coverage_snapshot import coverage_frames
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    rich_demand_supply,
    snapshot_frames,
    write_snapshot,
)

PAGE = "dashboard/pages/coverage.py"


@pytest.fixture
def covered(empty_home: Path) -> SyntheticSnapshot:
    frames = coverage_frames()
    directory = write_snapshot(empty_home, "coverage-build", frames)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    return SyntheticSnapshot(empty_home, directory, "coverage-build", manifest, frames)


def open_coverage(query_params: dict[str, str] | None = None):
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.pages.apptest import APP

    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params.update(query_params or {})  # as on a fresh load of a shared link
    ran(app).switch_page(PAGE)
    app.query_params.update(query_params or {})
    return ran(app)


def test_totals_first_crawl_and_sources(covered: SyntheticSnapshot) -> None:
    app = open_coverage()
    total = (
        covered.frames["out_coverage"]
        .filter(
            pl.all_horizontal(
                [pl.col(c) == "all" for c in ("source", "country", "role_family", "month")]
            )
        )
        .row(0, named=True)
    )
    metrics = metric_values(app)
    assert metrics["Postings"] == f"{total['n_postings']:,}"
    assert metrics["Boards"] == f"{total['n_boards']:,}"
    assert metrics["Advertise pay"] == f"{100 * total['pay_share']:.0f}%"
    markdown = " ".join(texts(app.markdown))
    assert "Trends begin at the first crawl" in markdown and "05 Nov 2025" in markdown
    sources = frame_with(app, "First crawl")
    per_source = covered.frames["out_coverage"].filter(
        (pl.col("source") != "all")
        & pl.all_horizontal([pl.col(c) == "all" for c in ("country", "role_family", "month")])
    )
    shown = dict(zip(sources["Source"], sources["First crawl"].astype(str), strict=True))
    assert shown == {
        source_label(source): str(first)
        for source, first in zip(per_source["source"], per_source["first_crawl_date"], strict=True)
    }
    assert sorted(shown.values()) == ["2025-11-05", "2026-10-05"]  # Lever crawled later


def test_breakdown_by_month_draws_new_and_already_open(covered: SyntheticSnapshot) -> None:
    app = open_coverage()
    app.selectbox(key="coverage_by").set_value("month")
    ran(app)
    traces = chart(app, "coverage_months")
    assert [t["name"] for t in traces] == ["New in the month", "Already open at the first crawl"]
    months = (
        covered.frames["out_coverage"]
        .filter(
            (pl.col("month") != "all")
            & pl.all_horizontal([pl.col(c) == "all" for c in ("source", "country", "role_family")])
        )
        .sort("month")
    )
    assert traces[0]["x"] == months["month"].to_list()
    assert sum(traces[1]["y"]) == months["n_open_at_first_crawl"].sum()


def test_gaps_warn_of_the_outage_and_list_uncovered_countries(covered) -> None:
    app = open_coverage()
    warnings = " ".join(texts(app.warning))
    assert "Board ashby/Down Co: all 6 postings vanished on 2026-10-05" in warnings
    gaps = frame_with(app, "What it means")
    assert "India" not in set(gaps["Where"])  # IN has postings in the synthetic snapshot
    countries = [frame.value for frame in app.dataframe if "What it means" in frame.value.columns]
    assert any("China" in set(frame["Where"]) for frame in countries)


def test_days_open_chart_and_table(covered: SyntheticSnapshot) -> None:
    app = open_coverage()
    traces = chart(app, "durations_chart")
    durations = covered.frames["out_posting_durations"]
    overall = durations.filter((pl.col("role_family") == "all") & (pl.col("skill_id") == "all"))
    first = traces[0]
    assert first["y"][0] == "All roles"
    assert first["base"][0] == overall["p50_days_open"][0]
    assert first["base"][0] + first["x"][0] == overall["p50_days_open_max"][0]
    table = frame_with(app, "P50 days open")
    assert table["Closed (n)"].iloc[0] == overall["n_closed"][0]


def test_weighted_figures_are_labelled_beside_the_unweighted(covered) -> None:
    app = open_coverage()
    traces = chart(app, "weighted_chart")
    assert [t["name"] for t in traces] == [
        "Unweighted (postings as crawled)",
        "Weighted to OEWS employment",  # the legend fits a phone; the caption says how
    ]
    assert any(
        "weighted to OEWS employment (occupation x US state, OEWS 2025A01)" in text
        for text in texts(app.caption)
    )
    table = frame_with(app, "Weighted to OEWS employment (percent)")
    assert "Unweighted (percent)" in table.columns
    shares = covered.frames["out_weighted_figures"].filter(pl.col("figure") == "role_family_share")
    assert table["Weighted to OEWS employment (percent)"].sum() == pytest.approx(
        shares["weighted"].round(1).sum()
    )
    # ML engineers stand for 400k of 460k jobs in the cells: weighted share about 87%
    ml = shares.filter(pl.col("role_family") == "ml_engineer")["weighted"][0]
    assert ml == pytest.approx(100 * 400 / 460)
    captions = " ".join(texts(app.caption))
    assert "weighted to OEWS employment" in captions and "Kish" in captions


def test_weighted_pay_and_a_snapshot_without_coverage(covered, empty_home: Path) -> None:
    app = open_coverage()
    app.selectbox(key="weighted_figure").set_value("pay_p50")
    ran(app)
    pay = frame_with(app, "Weighted to OEWS employment (USD per year)")
    assert len(pay) == 3  # all roles and the two role families
    write_snapshot(empty_home, "old-build", snapshot_frames())
    app = open_coverage()
    assert "no coverage mart" in " ".join(texts(app.info))


def test_supply_page_explains_rows_not_measurable_from_a_crawl(empty_home: Path) -> None:
    frames = snapshot_frames()
    pool = rich_demand_supply().with_columns(pl.lit("US").alias("place_level"))
    estimate = pool.with_columns(pl.lit("oews_survey_estimate").alias("supply_source"))
    frames["out_demand_supply"] = with_measurability(
        pl.concat([pool, estimate]).with_columns(
            pl.lit("all").alias("role_family"),
            pl.col("window_end").alias("window_start"),
        ),
        demand_covers_market=False,
    )
    write_snapshot(empty_home, "crawl-build", frames)
    from streamlit.testing.v1 import AppTest

    from tests.dashboard.pages.apptest import APP

    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    ran(app).switch_page("dashboard/pages/supply.py")
    ran(app)
    warnings = " ".join(texts(app.warning))
    assert "Openings per candidate against the OEWS estimate: not measurable from this crawl" in (
        warnings
    )
    assert "against the talent pool" not in warnings  # its ratios stand


def test_one_crawl_date_is_singular() -> None:
    from dashboard.pages.coverage import crawl_dates

    assert crawl_dates(1) == "1 crawl date"
    assert crawl_dates(3) == "3 crawl dates"


def test_no_coverage_table_shows_none_or_raw_column_names(covered) -> None:
    """On the real captures the coverage page read "None" in 49 cells: the shares of every
    thin country, state and role (no share is computed for them), P50/P75 days open of rows
    with too few closed postings, the Note of the rows that have them, and the weighting
    cells' pooled cells; that table was the mart as stored (soc_code, role_families listing
    ids such as ml_engineer, weight_cell)."""
    app = open_coverage()
    for frame in app.dataframe:
        table = frame.value
        missing = {column: int(table[column].isna().sum()) for column in table.columns}
        assert not any(missing.values()), (list(table.columns)[:3], missing)
    cells = next(
        frame.value
        for frame in app.dataframe
        if any("soc" in column.lower() for column in frame.value.columns)
    )
    assert not any("_" in column for column in cells.columns), list(cells.columns)
    assert not cells["Role families"].str.contains("_").any()
