"""Overview page: headline numbers with their n, the GenAI trend, rising skills, the pay
snapshot and freshness.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.dashboard.pages.apptest import (
    chart,
    chart_title,
    frame_with,
    metric_values,
    open_page,
    plotly_data,
    ran,
    texts,
)
from tests.fixtures.snapshot.contract import set_thresholds
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries


def postings_last_12m(snapshot: SyntheticSnapshot, role_family: str, country: str) -> int:
    rows = snapshot.demand.filter(
        (pl.col("role_family") == role_family)
        & (pl.col("country") == country)
        & (pl.col("skill_id") == "genai")
    )
    return int(rows.sort("month").tail(12)["n_postings"].sum())


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
    counts = snapshot.manifest["counts"]
    assert f"{counts['canonical_postings']:,} deduplicated postings" in captions
    assert f"{counts['quarantined']:,} records quarantined" in captions


# --------------------------------------------------------------------------- rising skills
# One definition: Overview's rising skills are out_emerging_skills' rising rows, as on Trends.


def test_overview_rising_skills_are_the_trends_rising_skills(snapshot: SyntheticSnapshot) -> None:
    expected = queries.emerging_skills("rising", "all", "all", 8)
    assert expected.height == 2
    app = open_page("Overview")
    recent = next(t for t in chart(app, "rising_skills") if t["name"].startswith("Last 3 months"))
    assert recent["y"] == expected["skill_name"].to_list()[::-1]  # first-ranked on top
    assert recent["x"] == expected["share_recent_pct"].to_list()[::-1]
    assert not any(frame.key == "rising_table" for frame in app.dataframe)  # until asked for
    app.toggle(key="rising_numbers").set_value(True)
    ran(app)
    table = frame_with(app, "Share, last 3 months (%)")
    assert table["Skill"].tolist() == expected["skill_name"].to_list()
    assert table["n with skill"].tolist() == expected["n_recent_with"].to_list()
    # no superlative: every rising skill's interval lies above its year-ago share, but the
    # ranking among them is not tested
    assert chart_title(app, "rising_skills").startswith("2 skills clearly rising; Large")
    captions = " ".join(texts(app.caption))
    assert "only skills named by at least 30 postings in the last 3 months" in captions
    trends = open_page("Skill trends", {"view": "Emerging and declining"})
    on_trends = next(
        t for t in chart(trends, "rising_chart") if t["name"].startswith("Last 3 months")
    )
    assert on_trends["y"] == recent["y"]


def test_overview_rising_texts_follow_the_contracts_thresholds(
    snapshot: SyntheticSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_thresholds(monkeypatch, "out_emerging_skills", min_recent_postings=45, recent_months=4)
    app = open_page("Overview")
    captions = " ".join(texts(app.caption))
    assert "only skills named by at least 45 postings in the last 4 months" in captions
    app.toggle(key="rising_numbers").set_value(True)
    ran(app)
    assert frame_with(app, "Share, last 4 months (%)") is not None
    app = open_page("Overview", {"role": "Data scientist"})  # no rising rows in this slice
    info = " ".join(texts(app.info))
    assert "No skill is clearly rising" in info and "at least 45 postings" in info


# --------------------------------------------------------------------------- premiums, deltas


def test_the_premium_chart_shows_the_15_best_evidenced_skills_with_intervals(
    empty_home: Path,
) -> None:
    """Issue #12: the Overview premium chart drew ~180 skills in 300 px."""
    frames = snapshot_frames()
    base = frames["out_skill_premiums"]
    many = pl.concat(
        [
            base.filter(pl.col("skill_id") == "python")
            .with_columns(
                skill_id=pl.lit(f"skill{i:02d}"),
                skill_name=pl.lit(f"Skill {i:02d}"),
                n_with=pl.lit(100 + 10 * i, dtype=base.schema["n_with"]),
                premium_adj_pct=pl.lit(float(i)),
                premium_adj_lo=pl.lit(float(i) - 20),
                premium_adj_hi=pl.lit(float(i) + 20),
            )
            .select(base.columns)
            for i in range(40)
        ]
        + [base],
        how="vertical_relaxed",
    )
    frames["out_skill_premiums"] = many
    write_snapshot(empty_home, "many-premiums", frames)
    app = open_page("Overview")
    adjusted = next(t for t in chart(app, "premiums") if t["name"].startswith("Adjusted"))
    estimated = queries.premiums("all").filter(~pl.col("is_suppressed"))
    assert estimated.height > 15
    most_evidence = estimated.sort("n_with", descending=True).head(15)["skill_name"]
    assert len(adjusted["y"]) == 15
    assert set(adjusted["y"]) == set(most_evidence.to_list())
    assert adjusted["error_x"]["array"]  # each with its interval
    title = chart_title(app, "premiums")
    assert "pay most" not in title  # the highest one's interval overlaps others'
    assert "best-evidenced" in title


def test_changes_are_not_claimed_below_the_minimum_n(empty_home: Path) -> None:
    frames = snapshot_frames()
    demand = frames["out_skill_demand_monthly"]
    tiny = demand.with_columns(
        n_postings=pl.lit(2, dtype=demand.schema["n_postings"]),
        n_with_skill=pl.lit(1, dtype=demand.schema["n_with_skill"]),
    )
    frames["out_skill_demand_monthly"] = tiny
    write_snapshot(empty_home, "tiny", frames)
    app = open_page("Overview")
    deltas = [metric.proto.delta for metric in app.metric if metric.proto.delta]
    assert deltas and all(delta == "too few postings" for delta in deltas)


def test_one_month_of_data_is_a_number_not_a_trend(empty_home: Path) -> None:
    """Real captures hold one month: a one-point 'trend' drew clock times on its axis."""
    frames = snapshot_frames(n_months=1)
    write_snapshot(empty_home, "one-month", frames)
    app = open_page("Overview")
    assert "genai_trend" not in [element.key for element in app.get("plotly_chart")]
    assert any(text.startswith("One month of data") for text in texts(app.info))
    pay = next(f.value for f in app.dataframe if "Median (USD)" in f.value.columns)
    assert not pay["Median (USD)"].isna().any()  # suppressed cells are counted, not listed


# --------------------------------------------------------------------------- pay snapshot


def test_the_pay_snapshot_never_pools_countries(empty_home: Path) -> None:
    """The sample's overview listed "Median advertised pay, all places (USD per year)": every
    country's postings converted to USD and pooled ($298,000 for ML engineer · Senior against
    $317,900 in the US), whatever the country filter."""
    from tests.dashboard.pages.pay_snapshot import write_pay_snapshot

    pay = write_pay_snapshot(empty_home)
    app = open_page("Overview")
    markdown = texts(app.markdown)
    assert "**Median advertised pay, United States (per year)**" in markdown
    assert any("not pooled across countries" in text for text in texts(app.caption))
    table = next(f.value for f in app.dataframe if "Median (USD)" in f.value.columns)
    us = pay.cell("ml_engineer", "senior", "US")
    row = table[(table["Role"] == "ML engineer") & (table["Level"] == "Senior")].iloc[0]
    assert row["Median (USD)"] == round(us["p50_usd"])
    assert row["n postings"] == us["shown_n_postings"]
    assert row["95% low (USD)"] == round(us["p50_lo"])

    app = open_page("Overview", {"country": "IN"})
    assert "**Median advertised pay, India (per year)**" in texts(app.markdown)
    table = next(f.value for f in app.dataframe if "Median (INR)" in f.value.columns)
    india = pay.cell("ml_engineer", "senior", "IN")
    row = table[(table["Role"] == "ML engineer") & (table["Level"] == "Senior")].iloc[0]
    assert row["Median (INR)"] == round(india["p50"])
    assert row["n postings"] == india["shown_n_postings"]


def test_postings_open_at_the_first_crawl_are_said_not_to_be_new(empty_home: Path) -> None:
    """The real captures: "Postings, last 12 months 652" beside "1,969 deduplicated postings",
    the 1,317 already open at the first crawl unexplained."""
    from tests.fixtures.coverage_snapshot import coverage_frames

    write_snapshot(empty_home, "coverage-build", coverage_frames())
    open_before = int(queries.coverage_by(None)["n_open_at_first_crawl"][0])
    assert open_before > 0
    app = open_page("Overview")
    assert any(
        f"Not counted as new: {open_before:,} postings of the snapshot already open" in text
        for text in texts(app.caption)
    )


def test_the_pay_snapshot_premium_follows_the_slice_or_says_whose_it_is(
    snapshot: SyntheticSnapshot,
) -> None:
    """On the real captures, Overview filtered to United Kingdom (or ML engineer) showed the
    GenAI premium of all postings (n = 189 with, 689 without) under "Sidebar filters used
    here: role family, country", without a word."""
    premiums = snapshot.frames["out_skill_premiums"]

    def genai(segment: str) -> dict:
        rows = premiums.filter((pl.col("segment") == segment) & (pl.col("skill_id") == "genai"))
        return rows.row(0, named=True)

    us = open_page("Overview", {"country": "US"})
    assert genai("country=US")["n_with"] != genai("all")["n_with"]
    captions = " ".join(texts(us.caption))
    assert f"n = {genai('country=US')['n_with']:,} postings with GenAI skills" in captions
    assert "Premiums of United States (US) postings" in captions
    india = open_page("Overview", {"country": "IN"})  # no premium segment for India
    captions = " ".join(texts(india.caption))
    assert f"n = {genai('all')['n_with']:,} postings with GenAI skills" in captions
    assert "No premium is estimated for India (IN) alone" in captions
    assert "these are all postings'" in captions
    both = open_page("Overview", {"role": "ML engineer", "country": "US"})
    captions = " ".join(texts(both.caption))
    assert "one role family or one country at a time" in captions
