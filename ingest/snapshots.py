"""The raw store: immutable, dated snapshot files with a manifest entry for each.

Layout: `<raw_root>/<source>/<YYYY-MM-DD>/<name>` plus a `manifest.json` in each snapshot
(one entry per file: path, source, url, fetched_at, http_status, etag, last_modified, sha256,
size_bytes). A file that already exists with the same bytes is left alone; different bytes
under an existing name are refused (raw is append-only).

Writers of one snapshot take turns: each store holds an `flock` on the snapshot's
`manifest.json.lock` while it writes the file and rewrites the manifest (through a temporary
file and a rename), so two ingests of the same date (two processes, or a collector's threads)
never interleave. The names `manifest.json`, its lock and its temporary files belong to the
store: a board or imported file by that name is stored with its first letter percent-encoded
(`%6Danifest.json`), which raw-file discovery unquotes back to the board name `manifest`.

A file refused at import (not a regular file, over the size cap) is not stored; the manifest
lists it under `refused` with the reason, and the build quarantines it (`refused_files`).
`MAX_DECOMPRESSED_BYTES` is what one raw file may hold once decompressed, online or imported.

May import: the standard library only.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

MANIFEST = "manifest.json"
LOCK = f"{MANIFEST}.lock"
_TEMPORARY = (f"{MANIFEST}.tmp", f"{MANIFEST}.unreadable")  # prefixes of the store's own files
# One raw file's size once decompressed, at most: the online client abandons a body past it and
# an import refuses a file past it (a 1.5 GB gzip bomb otherwise costs 3.4 GB in the build).
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024


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


def is_reserved_name(component: str) -> bool:
    """True for the store's own names in a snapshot (the manifest, its lock and temp files)."""
    return component in (MANIFEST, LOCK) or component.startswith(_TEMPORARY)


def raw_name(name: str) -> str:
    """The name a file is stored under: `name` with every path component that collides with
    the store's own names escaped (first character percent-encoded, so unquoting gives the
    original back). Other names are returned unchanged."""
    parts = name.split("/")
    if not any(is_reserved_name(part) for part in parts):
        return name
    return "/".join(
        f"%{ord(part[0]):02X}{part[1:]}" if is_reserved_name(part) else part for part in parts
    )


@contextmanager
def snapshot_lock(directory: Path) -> Iterator[None]:
    """Hold the snapshot's lock (waiting for another writer to finish) while the block runs."""
    directory.mkdir(parents=True, exist_ok=True)
    fd = os.open(directory / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def read_manifest(directory: Path) -> dict[str, dict]:
    """path -> entry of a snapshot's manifest (see `_read_body`)."""
    return _entries(_read_body(directory))


def _read_body(directory: Path) -> dict:
    """A snapshot's manifest ({"files": [...], "refused": [...]}). A manifest that does not
    parse (written by two ingests at once before snapshots were locked, or replaced by a board
    named `manifest`) is moved aside as `manifest.json.unreadable-<time>`, keeping its bytes,
    and the entries of its first complete JSON document are kept when there are any."""
    path = directory / MANIFEST
    if not path.exists():
        return {"files": []}
    text = path.read_text(errors="replace")
    try:
        return _checked(json.loads(text))
    except (ValueError, TypeError, KeyError):
        pass
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    path.replace(directory / f"{MANIFEST}.unreadable-{stamp}")
    try:
        return _checked(json.JSONDecoder().raw_decode(text)[0])
    except (ValueError, TypeError, KeyError):
        return {"files": []}


def _checked(body: object) -> dict:
    if not isinstance(body, dict) or not isinstance(body["files"], list):
        raise TypeError("not a raw snapshot manifest")
    _entries(body)  # every entry has a path
    if not isinstance(body.get("refused", []), list):
        raise TypeError("not a raw snapshot manifest")
    return body


def _entries(body: dict) -> dict[str, dict]:
    return {entry["path"]: entry for entry in body["files"]}


def write_manifest(
    directory: Path, entries: dict[str, dict], refused: list[dict] | None = None
) -> None:
    """Replace the snapshot's manifest in one rename (call under `snapshot_lock`)."""
    path = directory / MANIFEST
    tmp = directory / f"{MANIFEST}.tmp-{os.getpid()}"
    body: dict = {"files": [entries[key] for key in sorted(entries)]}
    if refused:
        body["refused"] = sorted(refused, key=lambda entry: entry["name"])
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
    (`captured_basis`: how an imported file's capture date was established). `name` may
    collide with the store's own names; it is escaped (`raw_name`)."""
    directory = snapshot_dir(raw_root, source, snapshot_date)
    target = directory / raw_name(name)
    rel = str(target.relative_to(raw_root))
    entry = ManifestEntry(
        path=rel,
        source=source,
        fetched_at=fetched_at,
        sha256=sha256_bytes(data),
        size_bytes=len(data),
        url=url,
        http_status=http_status,
        etag=etag,
        last_modified=last_modified,
        captured_basis=captured_basis,
    )
    with snapshot_lock(directory):
        if target.exists():
            if sha256_file(target) != entry.sha256:
                raise RawStoreError(f"{target}: raw files are immutable; refusing to change it")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(data)
            tmp.replace(target)
        body = _read_body(directory)
        entries = _entries(body)
        entries[rel] = asdict(entry)
        write_manifest(directory, entries, body.get("refused"))
    return target


def record_refused(
    raw_root: Path, source: str, snapshot_date: date, name: str, reason: str, url: str
) -> str:
    """List a file refused at import in the snapshot's manifest (it is not stored); returns
    the path it would have had, relative to the raw root."""
    directory = snapshot_dir(raw_root, source, snapshot_date)
    rel = str((directory / raw_name(name)).relative_to(raw_root))
    with snapshot_lock(directory):
        body = _read_body(directory)
        refused = {entry["name"]: entry for entry in body.get("refused", [])}
        refused[rel] = {"name": rel, "source": source, "url": url, "reason": reason}
        write_manifest(directory, _entries(body), list(refused.values()))
    return rel


def refused_files(raw_root: Path, sources: Iterable[str]) -> list[dict]:
    """Every file refused at import (name, source, url, reason) into `sources`, from their
    snapshots' manifests (`<raw_root>/<source>/<date>/manifest.json`)."""
    found: list[dict] = []
    paths = (path for source in sources for path in (raw_root / source).glob(f"*/{MANIFEST}"))
    for path in sorted(paths):
        try:
            body = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        refused = body.get("refused") if isinstance(body, dict) else None
        found.extend(entry for entry in refused or [] if isinstance(entry, dict))
    return found
