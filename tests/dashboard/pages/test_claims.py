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
    assert table["n"].tolist() == claims["n"].to_list()
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
