"""Where the read API finds the published snapshot, and the manifest it requires.

Expected values come from the frames and manifest the test writes, never from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    manifest_for,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries


def test_missing_snapshot_is_reported_with_how_to_build(empty_home: Path) -> None:
    assert not queries.snapshot_available()
    with pytest.raises(queries.SnapshotMissingError) as error:
        queries.snapshot_manifest()
    message = str(error.value)
    assert str(empty_home / "curated" / "current") in message
    assert "skillmarket demo --no-app" in message and "skillmarket build" in message
    with pytest.raises(queries.SnapshotMissingError):
        queries.top_skills()


def test_manifest_is_read_through_the_current_symlink(snapshot: SyntheticSnapshot) -> None:
    assert queries.snapshot_available()
    assert (snapshot.home / "curated" / "current").is_symlink()
    manifest = queries.snapshot_manifest()
    assert manifest == snapshot.manifest
    assert manifest["build_id"] == snapshot.build_id


def test_current_may_be_a_plain_directory(empty_home: Path) -> None:
    frames = snapshot_frames()
    write_snapshot(empty_home, "plain-build", frames, as_symlink=False)
    assert queries.snapshot_manifest()["build_id"] == "plain-build"
    assert queries.skill_catalog().height == frames["skills"].height + 1


@pytest.mark.parametrize("key", sorted(queries.MANIFEST_KEYS))
def test_manifest_without_a_required_key_is_rejected(empty_home: Path, key: str) -> None:
    frames = snapshot_frames()
    manifest = manifest_for("broken", frames)
    del manifest[key]
    write_snapshot(empty_home, "broken", frames, manifest)
    with pytest.raises(queries.SnapshotInvalidError, match=f"missing key '{key}'"):
        queries.snapshot_manifest()


def test_manifest_that_is_not_json_is_rejected(empty_home: Path) -> None:
    directory = write_snapshot(empty_home, "bad-json", snapshot_frames())
    (directory / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(queries.SnapshotInvalidError, match=r"manifest\.json: not valid JSON"):
        queries.snapshot_manifest()


def test_manifest_with_a_wrongly_typed_key_is_rejected(empty_home: Path) -> None:
    frames = snapshot_frames()
    manifest = manifest_for("typed", frames) | {"is_sample": "yes"}
    write_snapshot(empty_home, "typed", frames, manifest)
    with pytest.raises(queries.SnapshotInvalidError, match="'is_sample' has type str"):
        queries.snapshot_manifest()
