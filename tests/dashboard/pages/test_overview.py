"""Overview page: headline numbers with their n, the GenAI trend, rising skills, the pay
snapshot and freshness.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

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
    sources = next(frame.value for frame in app.dataframe if "License" in frame.value.columns)
    assert sources["Source"].tolist() == [s["name"] for s in snapshot.manifest["sources"]]
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
    table = frame_with(app, "Share, last 3 months (%)")
    assert table["Skill"].tolist() == expected["skill_name"].to_list()
    assert table["n with skill"].tolist() == expected["n_recent_with"].to_list()
    assert chart_title(app, "rising_skills").startswith("Large language models rose most")
    captions = " ".join(texts(app.caption))
    assert "only skills named by at least 30 postings in the last 3 months" in captions
    trends = open_page("Skill trends")
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
    assert frame_with(app, "Share, last 4 months (%)") is not None
    app = open_page("Overview", {"role": "Data scientist"})  # no rising rows in this slice
    info = " ".join(texts(app.info))
    assert "No skill is clearly rising" in info and "at least 45 postings" in info
