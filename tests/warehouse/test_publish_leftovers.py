"""What an interrupted publish leaves (issue 17: a `.partial` folder and a stray `.current.<id>`
link stayed behind after kill -9) is removed by the next build; `current` and the snapshot it
points to are never touched, even while an app reads them."""

from __future__ import annotations

from pathlib import Path

from skillmarket.stages.normalize import SPILL_PREFIX, remove_stale_spill_dirs
from warehouse import publish


def published_home(curated: Path) -> Path:
    """curated/ with a published build A (current -> A), a half-written B and B's pending link."""
    (curated / "20251101T000000000000Z").mkdir(parents=True)
    (curated / "20251101T000000000000Z" / "manifest.json").write_text("{}")
    (curated / "current").symlink_to("20251101T000000000000Z", target_is_directory=True)
    partial = curated / ".20251102T000000000000Z.partial"
    partial.mkdir()
    (partial / "out_skill_demand_monthly.parquet").write_bytes(b"half")
    (curated / ".current.20251102T000000000000Z").symlink_to(
        "20251102T000000000000Z", target_is_directory=True
    )
    return curated


def test_partial_folders_and_pending_links_are_removed(tmp_path: Path) -> None:
    curated = published_home(tmp_path / "curated")
    with (curated / "current" / "manifest.json").open() as reader:  # an app reading current
        removed = publish.remove_leftovers(curated)
        assert reader.read() == "{}"
    assert sorted(path.name for path in removed) == [
        ".20251102T000000000000Z.partial",
        ".current.20251102T000000000000Z",
    ]
    assert sorted(path.name for path in curated.iterdir()) == ["20251101T000000000000Z", "current"]
    assert (curated / "current").resolve() == (curated / "20251101T000000000000Z").resolve()
    assert publish.remove_leftovers(curated) == []  # nothing left the second time
    assert publish.remove_leftovers(tmp_path / "absent") == []


def test_stale_spill_folders_are_removed_and_nothing_else(tmp_path: Path) -> None:
    spill = tmp_path / f"{SPILL_PREFIX}abc123"
    spill.mkdir()
    (spill / "records-00000.parquet").write_bytes(b"x" * 100)
    (tmp_path / "warehouse.duckdb").write_bytes(b"")
    (tmp_path / "normalize-notes.txt").write_text("a file, not a spill folder")
    (tmp_path / "raw").mkdir()
    removed = remove_stale_spill_dirs(tmp_path)
    assert removed == [spill]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "normalize-notes.txt",
        "raw",
        "warehouse.duckdb",
    ]
