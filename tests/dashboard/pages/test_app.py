"""app.py: the router's shell on every page (sample banner, build time, no snapshot, a broken
mart) and the shared sidebar filters restored from the URL.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.pages.apptest import (
    APP,
    PAGES,
    TIMEOUT,
    open_page,
    ran,
    texts,
)
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)


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
