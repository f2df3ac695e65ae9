"""Data & methods page: build, counts, sources and every mart from the manifest, with capped
CSV downloads.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

import io

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from dashboard.pages import data_methods
from tests.dashboard.pages.apptest import (
    frame_with,
    metric_values,
    open_page,
    texts,
)
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)
from warehouse import queries


def test_data_page_lists_build_counts_sources_and_marts(rich: SyntheticSnapshot) -> None:
    app = open_page("Data & methods")
    assert texts(app.title) == ["Data & methods"]
    counts = rich.manifest["counts"]
    metrics = metric_values(app)
    assert metrics["Source records"] == f"{counts['source_records']:,}"
    assert metrics["Canonical postings"] == f"{counts['canonical_postings']:,}"
    assert metrics["Dedup rate"] == f"{100 * counts['dedup_rate']:.1f}%"
    assert metrics["Quarantined"] == f"{counts['quarantined']:,}"
    build = frame_with(app, "Field")
    assert rich.build_id in build["Value"].tolist()
    assert rich.manifest["fx_table_date"] in build["Value"].tolist()
    sources = frame_with(app, "License")
    assert sources["License"].tolist() == [s["license"] for s in rich.manifest["sources"]]
    # a license that asks for attribution has it shown beside the source
    assert sources["Attribution"].tolist() == [
        s.get("attribution", "") for s in rich.manifest["sources"]
    ]
    assert any("GeoNames" in text for text in sources["Attribution"])
    marts = frame_with(app, "Grain")
    assert marts["Table"].tolist() == list(rich.manifest["marts"])
    assert marts["Rows"].tolist() == [info["rows"] for info in rich.manifest["marts"].values()]
    readable = [name for name in rich.manifest["marts"] if name in queries.SNAPSHOT_VIEWS]
    downloads = dict(zip(marts["Table"], marts["Download"], strict=True))
    assert downloads["out_unlisted"] == "not readable by the app"
    assert all(downloads[name] == "whole table" for name in readable)
    # one mart's columns and download at a time, the one picked (a shared link names it)
    app = open_page("Data & methods", {"mart": "out_demand_supply"})
    described = [
        (column, text)
        for frame in app.dataframe
        if "Description" in frame.value.columns
        for column, text in zip(frame.value["Column"], frame.value["Description"], strict=True)
    ]
    supply_columns = rich.manifest["marts"]["out_demand_supply"]["columns"]
    assert described == list(supply_columns.items())
    assert [button.label for button in app.get("download_button")] == [
        "Download out_demand_supply (CSV)"
    ]
    assert not any("Capped" in text for text in texts(app.warning))
    app = open_page("Data & methods", {"mart": "out_unlisted"})
    assert any("out_unlisted is not readable" in text for text in texts(app.caption))
    assert not app.get("download_button")


def test_data_page_says_when_a_download_is_capped(
    rich: SyntheticSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = rich.premiums.height - 1
    monkeypatch.setattr(queries, "MART_ROW_CAP", cap)
    app = open_page("Data & methods", {"mart": "out_skill_premiums"})
    warnings = " ".join(texts(app.warning))
    assert f"first {cap:,} of {rich.premiums.height:,} rows" in warnings
    larger = [
        name
        for name, info in rich.manifest["marts"].items()
        if name in queries.SNAPSHOT_VIEWS and info["rows"] > cap
    ]
    downloads = frame_with(app, "Grain")["Download"].tolist()
    assert downloads.count(f"capped: first {cap:,} rows") == len(larger) >= 2


def test_mart_download_holds_the_whole_mart_as_csv(rich: SyntheticSnapshot) -> None:
    contents = data_methods.mart_csv(rich.build_id, "out_skill_premiums", 1000)()
    frame = pl.read_csv(contents.encode(), schema_overrides=dict(rich.premiums.schema))
    assert_frame_equal(
        frame.select(rich.premiums.columns).sort("segment", "skill_id"),
        rich.premiums.sort("segment", "skill_id"),
    )


def test_postings_index_download_writes_skill_lists_as_text(snapshot: SyntheticSnapshot) -> None:
    csv = data_methods.mart_csv(snapshot.build_id, "out_postings", 1000)()
    rows = pl.read_csv(io.StringIO(csv))
    index = snapshot.frames["out_postings"]
    assert rows.height == index.height
    expected = dict(zip(index["posting_id"], index["skill_ids"].list.join(";"), strict=True))
    got = dict(zip(rows["posting_id"], rows["skill_ids"].fill_null(""), strict=True))
    assert got == expected


def test_every_number_column_reads_with_thousands_separators(rich: SyntheticSnapshot) -> None:
    """The published-tables list read "8095" and "18792" rows on the real captures."""
    import json

    app = open_page("Data & methods")
    numeric_frames = 0
    for frame in app.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        numeric = [name for name, dtype in frame.value.dtypes.items() if dtype.kind in "if"]
        numeric_frames += bool(numeric)
        for name in numeric:
            assert config[name]["type_config"]["format"] == "localized", (frame.proto.id, name)
    assert numeric_frames  # the marts table's Rows at least
