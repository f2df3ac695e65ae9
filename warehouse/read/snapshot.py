"""Where the published snapshot lives and what its manifest must hold.

The snapshot is `$SKILLMARKET_HOME/curated/current/` (a directory, or a symlink to
`curated/<build-id>/`) with one Parquet file per mart plus `manifest.json`. The location comes
from the environment variable, so the read API never imports `skillmarket`.

May import: the standard library.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

DEFAULT_HOME: Final = "data"
MANIFEST_KEYS: Final[Mapping[str, type]] = {
    "build_id": str,
    "built_at": str,
    "code_version": str,
    "is_sample": bool,
    "data_label": str,
    "sources": list,
    "marts": dict,
    "fx_table_date": str,
}


class SnapshotError(RuntimeError):
    """The published snapshot cannot be read."""


class SnapshotMissingError(SnapshotError):
    """No snapshot has been published yet."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"No published snapshot at {path}: run `skillmarket demo --no-app` or "
            "`skillmarket build`"
        )
        self.path = path


class SnapshotInvalidError(SnapshotError):
    """The snapshot exists but breaks the published contract (manifest or mart schema)."""


def snapshot_path() -> Path:
    """The published snapshot directory, `$SKILLMARKET_HOME/curated/current` (not resolved)."""
    home = Path(os.environ.get("SKILLMARKET_HOME", DEFAULT_HOME)).expanduser()
    return home / "curated" / "current"


def snapshot_available() -> bool:
    """Whether a snapshot with a manifest has been published."""
    return (snapshot_path() / "manifest.json").is_file()


def snapshot_manifest() -> dict[str, Any]:
    """The published snapshot's manifest, checked against the contract's required keys."""
    return manifest_of(published_directory())


def published_directory() -> Path:
    """The resolved snapshot directory (symlink followed), or SnapshotMissingError."""
    path = snapshot_path()
    if not (path / "manifest.json").is_file():
        raise SnapshotMissingError(path)
    return path.resolve()


def manifest_of(directory: Path) -> dict[str, Any]:
    """The manifest of the snapshot in `directory`, or SnapshotInvalidError naming the key."""
    manifest_file = directory / "manifest.json"
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SnapshotMissingError(directory) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotInvalidError(f"{manifest_file}: not valid JSON ({exc})") from exc
    if not isinstance(manifest, dict):
        raise SnapshotInvalidError(f"{manifest_file}: expected a JSON object")
    for key, expected in MANIFEST_KEYS.items():
        if key not in manifest:
            raise SnapshotInvalidError(f"{manifest_file}: missing key {key!r}")
        if not isinstance(manifest[key], expected):
            raise SnapshotInvalidError(
                f"{manifest_file}: key {key!r} has type {type(manifest[key]).__name__}"
            )
    if not manifest["build_id"]:
        raise SnapshotInvalidError(f"{manifest_file}: empty 'build_id'")
    return manifest
