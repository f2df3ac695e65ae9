"""Claims vs data page: verdicts, the verdict filter, and a snapshot without the claims mart.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

from pathlib import Path

from tests.dashboard.pages.apptest import (
    frame_with,
    open_page,
    ran,
    texts,
)
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)


def test_claims_page_shows_verdicts_and_filters(snapshot: SyntheticSnapshot) -> None:
    claims = snapshot.frames["out_claims"]
    app = open_page("Claims vs data")
    assert texts(app.title) == ["Claims vs data"]
    table = frame_with(app, "Verdict")
    assert table["Claim"].tolist() == claims["claim"].to_list()
    assert table["n"].tolist() == [f"{n:,}" for n in claims["n"].to_list()]  # shown as text
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Data is higher than claimed"] == f"1 of {claims.height}"
    # issue #12 bug 6: the heading counts "of" the same total as the metrics (it said "of 3
    # measurable" beside metrics "of 4")
    consistent = claims.filter(claims["verdict"] == "consistent").height
    unmeasured = claims.filter(claims["verdict"] == "not measurable").height
    heading = texts(app.subheader)[0]
    assert heading.startswith(f"{consistent} of {claims.height} claims agree")
    assert metrics["Consistent with the data"] == f"{consistent} of {claims.height}"
    assert heading.endswith(f"{unmeasured} cannot be measured with it")
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


def test_a_claim_without_an_estimate_shows_empty_cells_and_names_not_ids(
    empty_home: Path,
) -> None:
    """On the real captures 15 of 23 claims have no estimate: their value, interval and n read
    "None" (the caption says "Empty cells: no estimate"), and the measures named ids:
    "share of ml_engineer / research_scientist / ai_engineer postings naming python", "share
    naming aws among postings naming any of aws / gcp / azure", "US data_scientist"."""
    import polars as pl

    frames = snapshot_frames()
    claims = frames["out_claims"]
    measures = {
        1: "share of ml_engineer / ai_engineer postings naming python, last 12 months",
        2: "share naming aws among postings naming any of aws / gcp / azure",
        4: "range-aware median advertised pay, US data_scientist; rung 6 of genai_one",
    }
    frames["out_claims"] = claims.with_columns(
        pl.col("claim_id").replace_strict(measures, default=pl.col("measure")).alias("measure"),
        pl.when(pl.col("claim_id") == 4).then(None).otherwise(pl.col("n")).alias("n"),
        pl.when(pl.col("claim_id") == 2).then(-0.001).otherwise(pl.col("value")).alias("value"),
        pl.when(pl.col("claim_id") == 4).then(None).otherwise(pl.col("note")).alias("note"),
    )
    clouds = pl.DataFrame(
        {
            "skill_id": ["aws", "gcp", "azure"],
            "name": ["AWS", "Google Cloud", "Microsoft Azure"],
            "category": ["cloud"] * 3,
            "is_genai": [False] * 3,
        }
    )
    frames["skills"] = pl.concat([frames["skills"], clouds])
    write_snapshot(empty_home, "claims-without-estimates", frames)
    table = frame_with(open_page("Claims vs data"), "Verdict")
    missing = table[table["#"] == 4].iloc[0]
    for column in ("Our value", "95% interval", "n", "Note"):
        assert missing[column] == "", (column, missing[column])
    measured = table[table["#"] == 3].iloc[0]
    assert measured["Our value"] == "190,000" and measured["n"] == "300"
    assert measured["95% interval"].startswith("185,000–")
    assert table[table["#"] == 2].iloc[0]["Our value"] == "0"  # the real captures' "-0"
    assert table["Our measure"].tolist()[:2] == [
        "share of ML engineer / AI engineer postings naming Python, last 12 months",
        "share naming AWS among postings naming any of AWS / Google Cloud / Microsoft Azure",
    ]
    assert table["Our measure"].tolist()[3] == (
        "range-aware median advertised pay, US Data scientist; rung 6 of one GenAI skill"
    )
