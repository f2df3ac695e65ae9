"""The normalizer's version: one hash over everything a normalized source record depends on
besides the record itself, so a build can keep normalized rows and re-normalize only what is
new or changed (or everything, when this hash changes).

It covers the normalizer code (`analytics/normalize/**/*.py`), the taxonomy files
(`analytics/taxonomy/*` but the marts' own), the HTML-to-text leaf (`markup/**/*.py`), the
staging contract and the sources' dedupe ranks (`contract/staging.py`, `contract/sources.py`),
the versions of the libraries the results depend on (polars' hashes feed the dedupe word
sets; pycountry, us and pyyaml feed places and taxonomies), and the FX table the build
converts pay with (`rates`, which the build derives from the ECB rates it loaded).

May import: the standard library, polars.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[2]
CODE_GLOBS = (
    "analytics/normalize/**/*.py",
    "analytics/taxonomy/*",
    "markup/**/*.py",
    "contract/staging.py",
    "contract/sources.py",
)
# taxonomy files only the marts read: a change to them keeps the normalized rows
NOT_NORMALIZER_INPUTS = ("analytics/taxonomy/claims.yml", "analytics/taxonomy/soc_crosswalk.csv")
LIBRARIES = ("polars", "pycountry", "us", "pyyaml")


def normalizer_files(root: Path = ROOT) -> list[Path]:
    """The files the normalizer's version hashes, in a fixed order."""
    found = {
        path.relative_to(root).as_posix()
        for pattern in CODE_GLOBS
        for path in root.glob(pattern)
        if path.is_file() and "__pycache__" not in path.parts
    }
    return [root / name for name in sorted(found - set(NOT_NORMALIZER_INPUTS))]


def _library_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"


def normalizer_version(rates: pl.DataFrame | None = None, root: Path = ROOT) -> str:
    """Hex digest (16 characters) of the normalizer's code, taxonomies, library versions and the
    FX table `rates` (None: the shipped table)."""
    digest = hashlib.sha256()
    for path in normalizer_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    for name in LIBRARIES:
        digest.update(f"{name}={_library_version(name)}\0".encode())
    if rates is not None:
        digest.update(rates.sort(rates.columns).write_csv().encode())
    return digest.hexdigest()[:16]
