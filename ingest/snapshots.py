"""The raw store: immutable, dated snapshot files with a manifest entry for each.

Layout: `<raw_root>/<source>/<YYYY-MM-DD>/<name>` plus a `manifest.json` in each snapshot
(one entry per file: path, source, url, fetched_at, http_status, etag, last_modified, sha256,
size_bytes). A file that already exists with the same bytes is left alone; different bytes
under an existing name are refused (raw is append-only).

May import: the standard library only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path


class RawStoreError(RuntimeError):
    """A write would change an existing raw snapshot file."""


@dataclass(frozen=True)
class ManifestEntry:
    path: str
    source: str
    fetched_at: str
    sha256: str
    size_bytes: int
    url: str | None = None
    http_status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    captured_basis: str | None = None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def snapshot_dir(raw_root: Path, source: str, snapshot_date: date) -> Path:
    return raw_root / source / snapshot_date.isoformat()


def read_manifest(directory: Path) -> dict[str, dict]:
    path = directory / "manifest.json"
    if not path.exists():
        return {}
    return {entry["path"]: entry for entry in json.loads(path.read_text())["files"]}


def write_manifest(directory: Path, entries: dict[str, dict]) -> None:
    path = directory / "manifest.json"
    tmp = path.with_suffix(".json.tmp")
    body = {"files": [entries[key] for key in sorted(entries)]}
    tmp.write_text(json.dumps(body, indent=1, sort_keys=True))
    tmp.replace(path)


def store_raw_file(
    raw_root: Path,
    source: str,
    snapshot_date: date,
    name: str,
    data: bytes,
    fetched_at: str,
    url: str | None = None,
    http_status: int | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    captured_basis: str | None = None,
) -> Path:
    """Write one raw file into its dated snapshot and record it in the manifest
    (`captured_basis`: how an imported file's capture date was established)."""
    directory = snapshot_dir(raw_root, source, snapshot_date)
    target = directory / name
    digest = sha256_bytes(data)
    if target.exists():
        if sha256_file(target) != digest:
            raise RawStoreError(f"{target}: raw files are immutable; refusing to change it")
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(target)
    entries = read_manifest(directory)
    rel = str(target.relative_to(raw_root))
    entries[rel] = asdict(
        ManifestEntry(
            path=rel,
            source=source,
            fetched_at=fetched_at,
            sha256=digest,
            size_bytes=len(data),
            url=url,
            http_status=http_status,
            etag=etag,
            last_modified=last_modified,
            captured_basis=captured_basis,
        )
    )
    write_manifest(directory, entries)
    return target
