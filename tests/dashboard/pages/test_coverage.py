"""The coverage page (AppTest) on a synthetic snapshot whose coverage, gaps, durations and
weighting marts are computed by the build's own functions from the synthetic postings: totals
and first crawl, the breakdown by month, what the crawl does not cover (an outage warned), the
days-open chart and table, the weighted figures labelled beside the unweighted ones; and the
supply page's explanation of rows not measurable from a crawl."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics.marts.coverage import out_coverage, out_coverage_gaps
from analytics.marts.durations import out_posting_durations
from analytics.marts.supply import with_measurability
from analytics.marts.weights import out_weighted_figures, weight_cells, weighting_label
from dashboard.components import source_label
from tests.dashboard.pages.apptest import TIMEOUT, chart, frame_with, metric_values, ran, texts
from tests.fixtures.snapshot.postings import core_postings_frames
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    rich_demand_supply,
    snapshot_frames,
    write_snapshot,
)

FIRST_CRAWL = date(2025, 11, 5)
PAGE = "dashboard/pages/coverage.py"
GENAI = frozenset({"llm", "rag"})


def crawl_postings() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The synthetic postings with crawl facts: every third posting closed after 7 x k days,
    every fifth already open at the first crawl, pay on two of three."""
    postings, skills = core_postings_frames()
    index = pl.int_range(pl.len())
    postings = postings.with_columns(
        (pl.col("source") + "/" + pl.col("company")).alias("board"),
        pl.lit(FIRST_CRAWL).alias("first_crawl_date"),
        (index % 5 == 0).alias("is_open_at_first_crawl"),
        (index % 3 == 0).alias("is_closed"),
        pl.when((index % 3 == 0) & (index % 5 != 0)).then(7 * (index % 9)).alias("days_open"),
        pl.when((index % 3 == 0) & (index % 5 != 0))
        .then(7 * (index % 9) + 7)
        .alias("days_open_max"),
        pl.col("posted_date").dt.truncate("1mo").alias("entry_month"),
        pl.when(index % 3 != 2).then(120_000.0 + 1000 * (index % 40)).alias("pay_min_annual_usd"),
        pl.when(index % 3 != 2).then(150_000.0 + 1000 * (index % 40)).alias("pay_max_annual_usd"),
        pl.lit("base").alias("pay_kind"),
    )
    return postings, skills


BENCHMARKS = pl.DataFrame(
    {
        "release": ["2025A01"] * 4,
        "area_type": ["state"] * 4,
        "state_code": ["48", "06", "48", "06"],
        "soc_code": ["15-1252", "15-1252", "15-2051", "15-2051"],
        "soc_title": ["Software Developers"] * 2 + ["Data Scientists"] * 2,
        "employment": [100_000.0, 300_000.0, 20_000.0, 40_000.0],
    }
)
CROSSWALK = pl.DataFrame(
    {
        "role_family": ["ml_engineer", "data_scientist"],
        "soc_code": ["15-1252", "15-2051"],
        "soc_rank": [1, 1],
    }
)
BOARD_SNAPSHOTS = pl.DataFrame(
    {
        "source": ["ashby", "ashby", "lever", "ashby"],
        "board": ["ashby/Company 1", "ashby/Company 1", "lever/Company 2", "ashby/Down Co"],
        "snapshot_date": [FIRST_CRAWL, date(2026, 10, 5), date(2026, 10, 5), date(2026, 10, 5)],
        "n_postings": [10, 12, 8, 0],
        "n_previous": [None, 10, None, 6],
        "n_kept": [0, 9, 0, 0],
        "is_outage": [False, False, False, True],
    }
)


def coverage_frames() -> dict[str, pl.DataFrame]:
    postings, skills = crawl_postings()
    frames = snapshot_frames()
    _, weighted = weight_cells(postings, BENCHMARKS, CROSSWALK)
    frames.update(
        {
            "out_coverage": out_coverage(postings, BOARD_SNAPSHOTS),
            "out_coverage_gaps": out_coverage_gaps(
                postings, BOARD_SNAPSHOTS, BENCHMARKS, CROSSWALK
            ),
            "out_posting_durations": out_posting_durations(postings, skills, GENAI, 28.0),
            "out_weight_cells": weight_cells(postings, BENCHMARKS, CROSSWALK)[0],
            "out_weighted_figures": out_weighted_figures(
                weighted, skills, GENAI, weighting_label(BENCHMARKS)
            ),
        }
    )
    return frames


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
        "Weighted to OEWS employment (occupation x US state, OEWS 2025A01)",
    ]
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
