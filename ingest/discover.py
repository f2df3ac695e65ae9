"""Find the raw posting files a build should parse, with the source, board and snapshot date
each one belongs to.

Raw files live either in a collector's layout `raw/<source>/<YYYY-MM-DD>/<board>.<suffix>` or
in the sample market's `raw/sample/<YYYY-MM-DD>/<source>/<board>.<suffix>`, for every posting
source of the contract and its `file_suffixes`. Greenhouse pay details sit one level deeper:
`.../greenhouse/<token>/<job_id>.json[.gz]`. Anything else (manifests, truth files, partial
downloads) is ignored.

May import: the standard library, `contract`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote

from contract.sources import posting_sources

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
Suffixes = dict[str, tuple[str, ...]]  # posting source id -> the file suffixes it parses


@dataclass(frozen=True)
class RawFile:
    location: str  # the file's path (a string: 275k Path objects cost seconds to make)
    rel: str  # path relative to the raw root: the lineage key
    source: str
    kind: str  # "postings" | "greenhouse_pay"
    board: str
    snapshot_date: date | None

    @property
    def path(self) -> Path:
        return Path(self.location)


def posting_suffixes() -> Suffixes:
    """Every posting source of the contract with its file suffixes (read at call time)."""
    return {source.id: source.file_suffixes for source in posting_sources()}


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def _snapshot_date(parts: tuple[str, ...]) -> date | None:
    for part in reversed(parts):
        if _DATE.match(part):
            return date.fromisoformat(part)
    return None


@dataclass(frozen=True)
class _Folder:
    """What a folder's place under the raw root says of the files in it."""

    source: str
    pay_board: str | None  # the Greenhouse board of a pay-detail folder, else None
    snapshot_date: date | None


def _folder(rel_dir: tuple[str, ...], sources: Suffixes) -> _Folder | None:
    """The source (and pay board) of the posting files directly in the folder `rel_dir`
    (its parts under the raw root), or None when it holds none."""
    if not rel_dir or "truth" in rel_dir:
        return None
    parent, grandparent = rel_dir[-1], rel_dir[-2] if len(rel_dir) >= 2 else ""
    if parent in sources:  # raw/sample/<date>/<source>/<board>
        source, pay_board = parent, None
    elif grandparent == "greenhouse" and not _DATE.match(parent):  # not raw/greenhouse/<date>/x
        source, pay_board = "greenhouse", parent
    elif len(rel_dir) >= 2 and rel_dir[0] in sources and _DATE.match(parent):
        source, pay_board = rel_dir[0], None  # raw/<source>/<date>/<board>
    elif len(rel_dir) >= 3 and rel_dir[0] == "greenhouse" and _DATE.match(rel_dir[1]):
        source, pay_board = "greenhouse", parent
    else:
        return None
    return _Folder(source, pay_board, _snapshot_date(rel_dir))


def _file(folder: _Folder, location: str, rel: str, name: str, sources: Suffixes) -> RawFile | None:
    if name == "manifest.json" or name == "truth":
        return None
    stem = _strip_suffix(name, sources.get(folder.source, ()))
    if stem is None:
        return None
    if folder.pay_board is not None:  # a Greenhouse pay detail: .../greenhouse/<token>/<job_id>
        return RawFile(
            location, rel, folder.source, "greenhouse_pay", folder.pay_board, folder.snapshot_date
        )
    return RawFile(location, rel, folder.source, "postings", unquote(stem), folder.snapshot_date)


def classify_raw_file(raw_root: Path, path: Path) -> RawFile | None:
    """The RawFile for `path`, or None when it is not a posting file."""
    sources = posting_suffixes()
    parts = path.relative_to(raw_root).parts
    folder = _folder(parts[:-1], sources)
    if folder is None:
        return None
    return _file(folder, str(path), "/".join(parts), path.name, sources)


def raw_posting_files(raw_root: Path) -> list[RawFile]:
    """Every posting file under the raw root, ordered by snapshot date then path.

    Walks with `os.walk` (directory entries carry their type, so no stat per file) and skips
    `truth` folders whole; what a file is follows from its folder, worked out once per folder,
    and its path stays a string: listing the 275k files of a 1M-posting store takes about a
    second (7 s with `Path.rglob`). Symlinked subfolders are not followed, as with `rglob`."""
    if not raw_root.exists():
        return []
    found: list[RawFile] = []
    sources = posting_suffixes()
    root = str(raw_root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "truth"]
        relative = os.path.relpath(dirpath, root)
        rel_dir = () if relative == os.curdir else tuple(relative.split(os.sep))
        folder = _folder(rel_dir, sources)
        if folder is None:
            continue
        prefix = "/".join(rel_dir) + "/"
        for name in filenames:
            raw = _file(folder, os.path.join(dirpath, name), prefix + name, name, sources)
            if raw is not None:
                found.append(raw)
    return sorted(found, key=lambda r: (r.snapshot_date or date.min, r.rel))


def talent_pool_files(raw_root: Path) -> list[Path]:
    """Talent-pool CSVs: the sample market's and any imported with `ingest talent-pool`."""
    if not raw_root.exists():
        return []
    return sorted(p for p in raw_root.rglob("talent_pool*.csv") if "truth" not in p.parts)
