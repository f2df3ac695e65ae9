"""AppTest for the skill advisor and claims pages, the trends page's emerging skills, heatmap
and drill-down, and the shared sidebar filters restored from URL query parameters.

Expected values come from the frames the snapshot was written from (conftest.py) or from the
read API's tested functions, never from the page under test.
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

from tests.dashboard.conftest import (
    BAD_URL,
    SCRIPT_COMPANY,
    SCRIPT_TITLE,
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = {
    "Skill trends": "dashboard/pages/trends.py",
    "Skill advisor": "dashboard/pages/advisor.py",
    "Claims vs data": "dashboard/pages/claims.py",
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
    app.query_params.update(query_params or {})  # as on a fresh page load of a shared link
    ran(app).switch_page(PAGES[title])
    app.query_params.update(query_params or {})
    return ran(app)


def ran(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def texts(elements: Any) -> list[str]:
    return [str(element.value) for element in elements]


def chart(app: AppTest, key: str) -> list[dict[str, Any]]:
    for element in app.get("plotly_chart"):
        if element.key == key:
            return json.loads(element.proto.spec)["data"]
    raise AssertionError(f"no chart {key!r}: {[e.key for e in app.get('plotly_chart')]}")


def chart_title(app: AppTest, key: str) -> str:
    for element in app.get("plotly_chart"):
        if element.key == key:
            return json.loads(element.proto.spec)["layout"]["title"]["text"]
    raise AssertionError(f"no chart {key!r}")


def frame_with(app: AppTest, column: str) -> Any:
    for frame in app.dataframe:
        if column in frame.value.columns:
            return frame.value
    raise AssertionError(f"no dataframe with column {column!r}")


def download_keys(app: AppTest) -> list[str]:
    return [element.proto.id for element in app.get("download_button")]


# --------------------------------------------------------------------------- advisor


def test_advisor_ranks_next_skills_with_reasons(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill advisor")
    assert texts(app.title) == ["Skill advisor"]
    assert any("Pick at least one skill" in text for text in texts(app.info))
    app.selectbox(key="target_role").set_value("ml_engineer")
    app.selectbox(key="target_place").set_value("all")
    app.multiselect(key="my_skills").set_value(["python"])
    ran(app)
    expected = queries.recommend_next_skills(["python"], "ml_engineer", "all", top=10)
    assert expected.height > 0
    table = frame_with(app, "Share with your skills (%)")
    assert table["Skill"].tolist() == expected["skill_name"].to_list()
    assert table["n"].tolist() == expected["n_given"].to_list()
    reasons = [text for text in texts(app.caption) if text.startswith("Named with your skills")]
    assert reasons == expected["reason"].to_list()
    top = expected.row(0, named=True)
    assert chart_title(app, "advisor_chart").startswith(top["skill_name"])
    bars = chart(app, "advisor_chart")[0]
    assert bars["y"][-1] == top["skill_name"]  # best-ranked on top
    assert "Python" not in table["Skill"].tolist()
    assert any("advisor_csv" in key for key in download_keys(app))
    defining = frame_with(app, "Share of role's postings (%)")
    assert defining["Skill"].tolist() == (
        queries.role_defining_skills("ml_engineer", "all", 10)["skill_name"].to_list()
    )


def test_advisor_names_skills_too_rare_to_rank_from(snapshot: SyntheticSnapshot) -> None:
    # data_scientist x IN: about 33 postings, where rag (10%) is named by fewer than the
    # conftest advisor's 10-posting minimum, so it cannot be ranked from.
    given = set(queries.advisor_given_skills("data_scientist", "IN")["skill_id"])
    assert "rag" not in given
    app = open_page("Skill advisor")
    app.selectbox(key="target_role").set_value("data_scientist")
    ran(app)
    app.selectbox(key="target_place").set_value("IN")
    app.multiselect(key="my_skills").set_value(["rag"])
    ran(app)
    assert any("too few" in text and "Retrieval" in text for text in texts(app.caption))
    assert any("None of your skills" in text for text in texts(app.info))


def test_advisor_restores_its_choices_from_the_url(snapshot: SyntheticSnapshot) -> None:
    app = open_page(
        "Skill advisor",
        {
            "target_role": "Data scientist",
            "target_place": "US",
            "my_skills": ["Python", "TensorFlow"],
        },
    )
    assert app.selectbox(key="target_role").value == "data_scientist"
    assert app.selectbox(key="target_place").value == "US"
    assert app.multiselect(key="my_skills").value == ["python", "tensorflow"]
    expected = queries.recommend_next_skills(["python", "tensorflow"], "data_scientist", "US")
    assert frame_with(app, "Share with your skills (%)")["Skill"].tolist() == (
        expected["skill_name"].to_list()
    )


# --------------------------------------------------------------------------- claims


def test_claims_page_shows_verdicts_and_filters(snapshot: SyntheticSnapshot) -> None:
    claims = snapshot.frames["out_claims"]
    app = open_page("Claims vs data")
    assert texts(app.title) == ["Claims vs data"]
    table = frame_with(app, "Verdict")
    assert table["Claim"].tolist() == claims["claim"].to_list()
    assert table["n"].tolist() == claims["n"].to_list()
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Data is higher than claimed"] == f"1 of {claims.height}"
    # 1 consistent of the 3 measurable claims
    assert texts(app.subheader)[0].startswith("1 of 3 measurable claims agree")
    app.selectbox(key="verdict").set_value("higher")
    ran(app)
    table = frame_with(app, "Verdict")
    assert table["Verdict"].tolist() == ["higher"]
    assert table["Note"].tolist() == ["advertised pay <b>only</b>"]  # plain text, as published
    assert not any("<b>only</b>" in text for text in texts(app.markdown))


def test_claims_page_without_the_mart_says_so(empty_home: Path) -> None:
    frames = snapshot_frames()
    del frames["out_claims"]
    write_snapshot(empty_home, "no-claims", frames)
    app = open_page("Claims vs data")
    assert any("no claims mart" in text for text in texts(app.info))


# --------------------------------------------------------------------------- trends additions


def test_trends_shows_emerging_and_declining_skills(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends")
    rising = chart(app, "rising_chart")
    recent = next(trace for trace in rising if trace["name"].startswith("Last 3 months"))
    # first-ranked on top (the last y value)
    assert recent["y"] == ["Retrieval-augmented generation", "Large language models"]
    assert recent["x"] == [6.0, 15.0]
    assert chart_title(app, "rising_chart").startswith("Large language models rose most")
    assert chart(app, "declining_chart")[1]["y"] == ["TensorFlow"]
    captions = " ".join(texts(app.caption))
    assert "2 rising, 1 declining, 1 flat" in captions
    assert "1 skills with fewer than 30 recent postings" in captions


def test_trends_heatmap_shows_pooled_shares_with_suppressed_cells_explained(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends")
    heatmap = chart(app, "heatmap")[0]
    expected = queries.skill_role_heatmap("all", None, None, 15)
    first = expected.filter(pl.col("skill_rank") == 1)
    assert heatmap["y"][0] == first["skill_name"][0]
    assert heatmap["x"] == sorted(["ML engineer", "Data scientist"])
    by_role = dict(zip(first["role_family"], first["share_pct"], strict=True))
    assert heatmap["z"][0] == pytest.approx([by_role["data_scientist"], by_role["ml_engineer"]])
    assert any("Every cell rests on at least 30 postings" in t for t in texts(app.caption))
    assert any("heatmap_csv" in key for key in download_keys(app))


def test_trends_drill_down_shows_posting_text_escaped(snapshot: SyntheticSnapshot) -> None:
    index = snapshot.frames["out_postings"]
    script_row = index.filter(pl.col("title") == SCRIPT_TITLE).row(0, named=True)
    app = open_page("Skill trends")
    skill = script_row["skill_ids"][0]
    app.multiselect(key="skills").set_value([skill])
    ran(app)
    app.selectbox(key="drill_month").set_value(script_row["month"])
    ran(app)
    table = frame_with(app, "Title")
    assert SCRIPT_TITLE in table["Title"].tolist()  # shown as plain text in a dataframe cell
    row = table[table["Title"] == SCRIPT_TITLE].iloc[0]
    assert row["Company"] == SCRIPT_COMPANY
    assert row["Link"] is None or row["Link"] != row["Link"]  # javascript: link dropped
    assert BAD_URL not in table["Link"].dropna().tolist()
    rendered = texts(app.markdown) + texts(app.caption) + texts(app.text)
    assert not any("<script>" in text for text in rendered)
    n_expected = index.filter(
        pl.col("skill_ids").list.contains(skill) & (pl.col("month") == script_row["month"])
    ).height
    assert any(f"of {n_expected:,} postings naming" in text for text in texts(app.caption))


def test_trends_seniority_filter_counts_from_the_postings_index(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends", {"seniority": "Senior"})
    app.multiselect(key="skills").set_value(["pytorch"])
    ran(app)
    assert any("Counted from the postings index" in text for text in texts(app.caption))
    expected = queries.posting_trend(["pytorch"], seniority="senior")
    line = next(trace for trace in chart(app, "skill_trend") if trace.get("mode"))
    assert line["y"] == pytest.approx(expected["share_pct"].to_list())


# --------------------------------------------------------------------------- shared filters


def test_sidebar_filters_are_restored_from_the_url_on_any_page(
    snapshot: SyntheticSnapshot,
) -> None:
    params = {
        "role": "Data scientist",
        "country": "IN",
        "seniority": "Mid",
        "source": "Lever",
        "from": "2025-06",
        "to": "2026-03",
    }
    for page in ("Skill trends", "Pay bands", "Claims vs data"):
        app = open_page(page, params)
        assert app.selectbox(key="role").value == "data_scientist", page
        assert app.selectbox(key="country").value == "IN", page
        assert app.selectbox(key="seniority").value == "mid", page
        assert app.selectbox(key="source").value == "lever", page
        assert app.selectbox(key="from").value == "2025-06-01", page
        assert app.selectbox(key="to").value == "2026-03-01", page


def test_period_filter_narrows_the_trend(snapshot: SyntheticSnapshot) -> None:
    app = open_page("Skill trends", {"from": "2025-06", "to": "2026-03"})
    app.multiselect(key="skills").set_value(["llm"])
    ran(app)
    line = next(trace for trace in chart(app, "skill_trend") if trace.get("mode"))
    months = [value[:7] for value in line["x"]]
    assert months[0] == "2025-06" and months[-1] == "2026-03"
    assert len(months) == 10


def test_trend_title_states_the_largest_move_in_pooled_3_month_shares(
    snapshot: SyntheticSnapshot,
) -> None:
    app = open_page("Skill trends")
    app.multiselect(key="skills").set_value(["llm", "python"])
    ran(app)
    rows = snapshot.demand.filter(
        (pl.col("role_family") == "all") & (pl.col("country") == "all")
    ).sort("month")

    def pooled(frame: pl.DataFrame) -> float:
        return 100 * frame["n_with_skill"].sum() / frame["n_postings"].sum()

    moves = {}
    for skill in ("llm", "python"):
        series = rows.filter(pl.col("skill_id") == skill)
        moves[skill] = (pooled(series.head(3)), pooled(series.tail(3)))
    skill = max(moves, key=lambda key: abs(moves[key][1] - moves[key][0]))
    first, last = moves[skill]
    name = {"llm": "Large language models", "python": "Python"}[skill]
    verb = "rose" if last > first else "fell"
    assert chart_title(app, "skill_trend").startswith(
        f"{name} {verb} most: {first:.1f}% → {last:.1f}% of new postings"
    )


def test_postings_index_download_writes_skill_lists_as_text(snapshot: SyntheticSnapshot) -> None:
    import io

    from dashboard.pages import data_methods

    csv = data_methods.mart_csv(snapshot.build_id, "out_postings", 1000)()
    rows = pl.read_csv(io.StringIO(csv))
    index = snapshot.frames["out_postings"]
    assert rows.height == index.height
    expected = dict(zip(index["posting_id"], index["skill_ids"].list.join(";"), strict=True))
    got = dict(zip(rows["posting_id"], rows["skill_ids"].fill_null(""), strict=True))
    assert got == expected
