"""Parse posting locations into city, region, country (ISO alpha-2), remote flag and US metro.

How a location is resolved (all vectorized; distinct inputs are resolved once and joined back):
1. Fold the text (lower case, accents and periods removed), turn brackets into separators, and
   drop work-mode and office noise ("Remote -", "(Hybrid)", "HQ", "Office", "US-based", time
   zones). `is_remote` comes from the structured flag when present, else from the text
   (remote, anywhere, worldwide, work from home).
2. Multi-location strings ("San Francisco, CA / New York, NY", "Seattle or Remote",
   "Paris or London") keep their FIRST place: the contract joins a posting's locations with
   " / " in the order the source lists them, and the first is the primary location.
3. Split the place into parts on commas, pipes and spaced dashes; an unknown part is split
   again on hyphens ("India-Karnataka") or before a trailing two-letter code ("Austin TX").
4. Look every part up in one alias table built from `analytics/taxonomy/places.csv` (cities,
   with OEWS metro codes for US places), US states (`us` package), `countries.csv` (region
   names for IN / CA / DE / GB / AU and a few others, extra country spellings) and `pycountry`
   (country names and alpha-2 codes). A part may mean several things ("Georgia", "CA",
   "Cambridge").
5. Structured hints (Ashby / JSON-LD addressLocality, addressRegion, addressCountry) join the
   same evidence pool as hint parts. Every reading of every part is a candidate; a candidate is
   ranked by (conflicts with a hint, conflicts with other text parts, city before region before
   country, support from other parts, hints before text, text order, gazetteer order). A part
   supports a candidate when one of its readings names the same country (and no different
   region); it conflicts when it names a region or country and none of its readings agrees.
   So "Cambridge, UK" is Cambridge GB, "Cambridge, MA" and bare "Cambridge" are Cambridge MA
   (first in the gazetteer), and a hint "United Kingdom" turns "Cambridge" into Cambridge GB.
6. A city hint that names no known place (a small town) is kept as written, with the region
   and country the evidence supports; text that names no known place yields no city. Unknown
   places keep the country when one is recognizable, else all fields are null: nothing is
   invented. `metro_code` (OEWS area code) is set only for gazetteer cities in the US.

Ambiguous bare names resolve to the first matching gazetteer row, so places.csv is ordered by
prominence (seed rows, curated hubs, then OEWS principal cities by metro employment). Bare
two-letter codes read as US states before countries ("CA" is California).

May import: the standard library, polars, pycountry, us. Never imports `ingest`, `dashboard`
or `app`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pycountry
import us

from analytics.normalize.inputs import HINT_CHARS, PLACE_CHARS, capped

TAXONOMY = Path(__file__).resolve().parents[1] / "taxonomy"
PLACES_PATH = TAXONOMY / "places.csv"
COUNTRIES_PATH = TAXONOMY / "countries.csv"

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "city": pl.String(),
    "region": pl.String(),
    "country": pl.String(),
    "is_remote": pl.Boolean(),
    "metro_code": pl.String(),
}

_B = r"(?-u:\b)"  # ASCII word boundary: keeps Rust's regex on its fast engines
_SEP = "\x1f"

REMOTE_PATTERN = (
    rf"{_B}(?:remote|anywhere|worldwide|work from home|wfh|telecommut\w*|home[- ]based"
    rf"|fully distributed|distributed team){_B}"
)
# Removed before splitting (on folded text). Words only, never place names; "area" and
# "greater" stay because aliases use them ("bay area").
NOISE_PATTERNS: tuple[str, ...] = (
    rf"{_B}(?:remote|hybrid|onsite|on-site|office|based|located|work|working)"
    rf"\s+(?:in|from|within|out of){_B}",
    rf"{_B}(?:(?:fully|100%|full|partially|mostly|flexible)\s+)?"
    rf"(?:remote|hybrid|on-?site|in[- ]office|in[- ]person|wfh|work from home|telecommut\w*)"
    rf"(?:[- ]?(?:first|friendly|only|optional|eligible|considered|possible|ok|available"
    rf"|opening|position|role|allowed|work))?{_B}",
    rf"{_B}(?:anywhere|worldwide|global|globally|distributed|multiple locations|various locations"
    rf"|multiple|locations?|offices?|hq|headquarters|campus|metropolitan area|metro area|metro"
    rf"|region|time ?zones?|east coast|west coast|eastern|central|pacific|mountain time"
    rf"|only|preferred|based|flexible|relocation|et|pt|est|edt|pst|pdt|cst|cdt|mst|mdt|gmt|utc"
    rf"|cet|cest|bst|ist){_B}",
)
_BRACKETS = r"[()\[\]{}]"
# "San Francisco (CA), Denver (CO)": a comma after a bracket separates locations.
_BRACKET_LIST = r"\)\s*,"
_MULTI_SEP = r"\s+/\s+|/|;|\s+or\s+|\s+and\s+|\s+&\s+|\s+\+\s+"
_PART_SEP = r",|\||\s+-+\s*|\s*-+\s+|[–—]|:|·|•"
_STRIP = " -_*'\"#!?+~`"
_TRAILING_CODE = r"^(.+?)\s+([a-z]{2})$"

_SPECIFICITY = {"city": 3, "region": 2, "country": 1}
_SRC_TEXT, _SRC_CITY, _SRC_REGION, _SRC_COUNTRY = 0, 1, 2, 3
# Which readings a hint part may take (text parts may take any).
_HINT_KINDS = {
    _SRC_CITY: ("city",),
    _SRC_REGION: ("region", "country"),
    _SRC_COUNTRY: ("country",),
}


def folded(expr: pl.Expr) -> pl.Expr:
    """Lower case, accents, periods and apostrophes removed, whitespace collapsed."""
    return (
        expr.str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"[.'’`]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


# --------------------------------------------------------------------------------------------
# The alias table
# --------------------------------------------------------------------------------------------


def _split_aliases(col: str) -> pl.Expr:
    return pl.col(col).fill_null("").str.split("|")


def _city_aliases() -> pl.DataFrame:
    places = pl.read_csv(PLACES_PATH, infer_schema=False)
    missing = {"city", "region", "country", "metro_code", "metro_name", "aliases"} - set(
        places.columns
    )
    if missing:
        raise ValueError(f"{PLACES_PATH.name}: missing columns {sorted(missing)}")
    bad = places.filter(pl.col("city").is_null() | pl.col("country").is_null())
    if bad.height:
        raise ValueError(f"{PLACES_PATH.name}: rows without city or country: {bad.head(3).rows()}")
    return (
        places.with_row_index("rank")
        .with_columns(
            pl.concat_list(pl.col("city"), _split_aliases("aliases")).alias("alias"),
            pl.lit("city").alias("kind"),
        )
        .explode("alias")
        .select("alias", "kind", "city", "region", "country", "metro_code", "rank")
    )


def _us_state_rows() -> list[dict[str, Any]]:
    rows = []
    states = [*us.states.STATES, us.states.DC]
    for state in states:
        for alias in (state.name, state.abbr):
            rows.append({"alias": alias, "region": state.abbr, "country": "US"})
    rows.extend({"alias": a, "region": "DC", "country": "US"} for a in ("Washington DC", "D.C."))
    return rows


def _pycountry_rows() -> list[dict[str, Any]]:
    rows = []
    for country in pycountry.countries:
        names = {country.alpha_2, country.name}
        names |= {
            getattr(country, a) for a in ("official_name", "common_name") if hasattr(country, a)
        }
        rows.extend({"alias": n, "country": country.alpha_2} for n in sorted(names))
    return rows


def _region_and_country_aliases() -> pl.DataFrame:
    table = pl.read_csv(COUNTRIES_PATH, infer_schema=False)
    table = table.with_columns(
        pl.concat_list(pl.col("name"), _split_aliases("aliases")).alias("alias")
    )
    listed = table.explode("alias").select("alias", "region", "country")
    regions = pl.concat(
        [
            pl.DataFrame(_us_state_rows()),  # US states rank first: bare "CA" is California
            listed.filter(pl.col("region").is_not_null()),
        ]
    ).with_columns(pl.lit("region").alias("kind"))
    countries = pl.concat(
        [
            listed.filter(pl.col("region").is_null()).select("alias", "country"),
            pl.DataFrame(_pycountry_rows()),
        ]
    ).with_columns(pl.lit(None, dtype=pl.String).alias("region"), pl.lit("country").alias("kind"))
    return pl.concat([regions, countries.select(regions.columns)]).with_row_index("rank")


@cache
def place_aliases() -> pl.DataFrame:
    """One row per (alias key, reading): key, kind, city, region, country, metro_code, rank."""
    cities = _city_aliases()
    others = _region_and_country_aliases().with_columns(
        pl.lit(None, dtype=pl.String).alias("city"),
        pl.lit(None, dtype=pl.String).alias("metro_code"),
    )
    cols = ["alias", "kind", "city", "region", "country", "metro_code", "rank"]
    both = pl.concat(
        [cities.select(cols).cast({"rank": pl.Int64}), others.select(cols).cast({"rank": pl.Int64})]
    )
    return (
        both.with_columns(folded(pl.col("alias")).alias("key"))
        .filter(pl.col("key") != "")
        .unique(["key", "kind", "city", "region", "country"], keep="first", maintain_order=True)
        .select("key", "kind", "city", "region", "country", "metro_code", "rank")
    )


# --------------------------------------------------------------------------------------------
# Text -> parts
# --------------------------------------------------------------------------------------------


def without_noise(expr: pl.Expr) -> pl.Expr:
    """Folded location text with brackets as separators and work-mode / office words removed."""
    out = folded(expr).str.replace_all(_BRACKET_LIST, " / ").str.replace_all(_BRACKETS, ",")
    for pattern in NOISE_PATTERNS:
        out = out.str.replace_all(pattern, " ")
    return out


def first_location(expr: pl.Expr) -> pl.Expr:
    """The first of several locations ("SF, CA / NYC" -> "sf, ca"): first segment with letters."""
    segments = expr.str.replace_all(_MULTI_SEP, _SEP).str.split(_SEP)
    return segments.list.eval(pl.element().filter(pl.element().str.contains("[a-z]"))).list.first()


def place_key(text: pl.Expr) -> pl.Expr:
    """The first location's parts, cleaned and joined: what resolution depends on.

    Parts are split on commas, pipes, spaced dashes and colons; empty parts and parts with
    digits (street addresses, floors) are dropped. Distinct raw strings that differ only in
    noise share a key, so each is resolved once.
    """
    part = pl.element().str.replace_all(r"\s+", " ").str.strip_chars(_STRIP)
    return (
        first_location(without_noise(text))
        .str.replace_all(_PART_SEP, _SEP)
        .str.split(_SEP)
        .list.eval(part)
        .list.eval(pl.element().filter((pl.element() != "") & ~pl.element().str.contains(r"\d")))
        .list.join(_SEP)
    )


def _resplit_unknown(parts: pl.DataFrame, keys: pl.Series) -> pl.DataFrame:
    """Unknown parts split again on hyphens, or before a trailing two-letter code."""
    unknown = ~pl.col("part").is_in(keys.implode())
    trailing = pl.col("part").str.extract_groups(_TRAILING_CODE)
    return (
        parts.with_columns(
            pl.when(unknown & pl.col("part").str.contains("-"))
            .then(pl.col("part").str.split("-"))
            .when(unknown & pl.col("part").str.contains(_TRAILING_CODE))
            .then(pl.concat_list(trailing.struct.field("1"), trailing.struct.field("2")))
            .otherwise(pl.concat_list(pl.col("part")))
            .alias("part")
        )
        .explode("part")
        .with_columns(pl.col("part").str.strip_chars(_STRIP))
        .filter(pl.col("part") != "")
    )


def text_parts(keys: pl.DataFrame) -> pl.DataFrame:
    """(key_id, src, part) for the location texts, from their place keys."""
    return (
        keys.select("key_id", pl.col("place").str.split(_SEP).alias("part"))
        .explode("part")
        .filter(pl.col("part").is_not_null() & (pl.col("part") != ""))
        .select("key_id", pl.lit(_SRC_TEXT).alias("src"), "part")
    )


def hint_parts(keys: pl.DataFrame, alias_keys: pl.Series) -> pl.DataFrame:
    """(key_id, src, part) for the structured hints, noise removed.

    The whole hint when it is a known name ("Washington, D.C."), else its first comma part
    ("Austin, TX" as a locality is Austin).
    """
    frames = []
    hint_cols = (
        (_SRC_CITY, "city_hint"),
        (_SRC_REGION, "region_hint"),
        (_SRC_COUNTRY, "country_hint"),
    )
    for src, col in hint_cols:
        cleaned = without_noise(pl.col(col))
        whole = cleaned.str.replace_all(r"[,\s]+", " ").str.strip_chars(_STRIP)
        first = (
            cleaned.str.split(",").list.first().str.replace_all(r"\s+", " ").str.strip_chars(_STRIP)
        )
        part = pl.when(whole.is_in(alias_keys.implode())).then(whole).otherwise(first)
        frames.append(
            keys.select("key_id", pl.lit(src).alias("src"), part.alias("part")).filter(
                pl.col("part").is_not_null() & (pl.col("part") != "")
            )
        )
    return pl.concat(frames)


# --------------------------------------------------------------------------------------------
# Candidates and scoring
# --------------------------------------------------------------------------------------------


def _text_parts_after_a_non_place(found: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """Text parts that follow a part naming no region or country ("Alden, New York").

    Such a part is the container of the place before it, so it may not be read as a city:
    "Alden, New York" is the state, "Palo Alto, Bay Area" is Palo Alto. A leading region or
    country does not block ("United States-Chicago", "France, Paris").
    """
    geo = found.filter(pl.col("kind") != "city").select("part_id").unique()
    text = parts.filter(pl.col("src") == _SRC_TEXT).join(
        geo.with_columns(pl.lit(True).alias("has_geo")), on="part_id", how="left"
    )
    return (
        text.sort("key_id", "pos")
        .with_columns(
            (~pl.col("has_geo").fill_null(False))
            .cast(pl.Int32)
            .cum_sum()
            .shift(1, fill_value=0)
            .over("key_id")
            .alias("non_places_before")
        )
        .filter(pl.col("non_places_before") > 0)
        .select("part_id")
    )


def readings(parts: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Every admissible reading of every part, with its specificity and priority.

    Hint parts take only the kinds their field allows; a text part after a non-place part is
    not read as a city. Priority: hints first, then text cities left to right, then text
    regions / countries right to left (the container comes last: "New Brunswick, NJ").
    """
    kind_ok = pl.lit(True)
    for src, kinds in _HINT_KINDS.items():
        kind_ok = kind_ok & ((pl.col("src") != src) | pl.col("kind").is_in(kinds))
    found = parts.join(aliases, left_on="part", right_on="key", how="inner").filter(kind_ok)
    blocked = _text_parts_after_a_non_place(found, parts)
    is_text = pl.col("src") == _SRC_TEXT
    is_city = pl.col("kind") == "city"
    return (
        found.join(blocked.with_columns(pl.lit(True).alias("blocked")), on="part_id", how="left")
        .filter(~(is_city & pl.col("blocked").fill_null(False)))
        .drop("blocked")
        .with_columns(
            pl.col("kind").replace_strict(_SPECIFICITY, return_dtype=pl.Int8).alias("specificity"),
            pl.when(is_text & is_city)
            .then(10 + pl.col("pos"))
            .when(is_text)
            .then(1000 - pl.col("pos"))
            .otherwise(pl.col("src"))
            .alias("priority"),
        )
    )


def evidence_scores(cands: pl.DataFrame) -> pl.DataFrame:
    """Support and conflict counts of each candidate against the other parts of its input."""
    evidence = cands.select(
        "key_id",
        pl.col("part_id").alias("o_part"),
        pl.col("src").alias("o_src"),
        pl.col("region").alias("o_region"),
        pl.col("country").alias("o_country"),
        (pl.col("kind") != "city").alias("o_geo"),
    )
    pairs = (
        cands.select("cand_id", "key_id", "part_id", "region", "country")
        .join(evidence, on="key_id")
        .filter(pl.col("part_id") != pl.col("o_part"))
        .with_columns(
            (
                (pl.col("o_country") == pl.col("country"))
                & (
                    pl.col("o_region").is_null()
                    | pl.col("region").is_null()
                    | (pl.col("o_region") == pl.col("region"))
                )
            ).alias("agree")
        )
    )
    per_part = pairs.group_by("cand_id", "o_part").agg(
        pl.col("agree").any(), pl.col("o_geo").any(), pl.col("o_src").first()
    )
    conflict = pl.col("o_geo") & ~pl.col("agree")
    return per_part.group_by("cand_id").agg(
        pl.col("agree").sum().alias("n_support"),
        (conflict & (pl.col("o_src") == _SRC_TEXT)).sum().alias("n_conflict"),
        (conflict & (pl.col("o_src") != _SRC_TEXT)).sum().alias("n_hint_conflict"),
    )


def best_candidates(parts: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """The winning reading per key_id."""
    parts = parts.with_row_index("part_id")
    cands = readings(parts, aliases).with_row_index("cand_id")
    scores = evidence_scores(cands)
    ranked = cands.join(scores, on="cand_id", how="left").with_columns(
        pl.col("n_support", "n_conflict", "n_hint_conflict").fill_null(0)
    )
    return ranked.sort(
        ["key_id", "n_hint_conflict", "n_conflict", "specificity", "n_support", "priority", "rank"],
        descending=[False, False, False, True, True, False, False],
    ).unique("key_id", keep="first", maintain_order=True)


def raw_city_hints(
    keys: pl.DataFrame, parts: pl.DataFrame, aliases: pl.DataFrame, best: pl.DataFrame
) -> pl.DataFrame:
    """City hints kept as the source wrote them (a town the gazetteer does not know).

    Kept when the hint names no known place at all, or when no city won and the hint is not
    the name of a region or country in the winning country ("England", "United States").
    """
    hint = parts.filter(pl.col("src") == _SRC_CITY).select("key_id", "part")
    known = hint.join(aliases, left_on="part", right_on="key", how="inner")
    winner = best.select(
        "key_id", pl.col("kind").alias("best_kind"), pl.col("country").alias("best_country")
    )
    same_country_geo = (
        known.filter(pl.col("kind") != "city")
        .join(winner, on="key_id", how="left")
        .filter(pl.col("best_country").is_null() | (pl.col("country") == pl.col("best_country")))
        .select("key_id")
    )
    unknown = hint.join(known.select("key_id"), on="key_id", how="anti")
    no_city_won = (
        hint.join(winner, on="key_id", how="left")
        .filter(pl.col("best_kind").fill_null("none") != "city")
        .join(same_country_geo, on="key_id", how="anti")
    )
    kept = pl.concat([unknown.select("key_id"), no_city_won.select("key_id")]).unique()
    return kept.join(keys.select("key_id", "city_hint"), on="key_id").select(
        "key_id",
        pl.col("city_hint").str.split(",").list.first().str.strip_chars().alias("raw_city"),
    )


def hint_regions(parts: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """The region a region hint names (first gazetteer reading), to fill a region left empty."""
    return (
        parts.filter(pl.col("src") == _SRC_REGION)
        .join(aliases.filter(pl.col("kind") == "region"), left_on="part", right_on="key")
        .sort("key_id", "rank")
        .unique("key_id", keep="first", maintain_order=True)
        .select(
            "key_id",
            pl.col("region").alias("hint_region"),
            pl.col("country").alias("hint_country"),
        )
    )


def resolve_places(keys: pl.DataFrame) -> pl.DataFrame:
    """city, region, country, metro_code for each distinct (place key, hints) row, by key_id."""
    aliases = place_aliases()
    alias_keys = aliases.get_column("key").unique()
    texts = _resplit_unknown(text_parts(keys), alias_keys)
    texts = texts.with_columns(pl.int_range(pl.len()).over("key_id").alias("pos"))
    hints = hint_parts(keys, alias_keys).with_columns(pl.lit(0, dtype=pl.Int64).alias("pos"))
    parts = pl.concat([hints, texts.cast({"pos": pl.Int64})]).select("key_id", "src", "pos", "part")
    best = best_candidates(parts, aliases)
    raw = raw_city_hints(keys, parts, aliases, best)
    hinted = hint_regions(parts, aliases)
    is_city = pl.col("kind") == "city"
    return (
        keys.select("key_id")
        .join(best, on="key_id", how="left")
        .join(raw, on="key_id", how="left")
        .join(hinted, on="key_id", how="left")
        .select(
            "key_id",
            pl.coalesce("raw_city", pl.when(is_city).then(pl.col("city"))).alias("city"),
            pl.coalesce(
                "region", pl.when(pl.col("hint_country") == pl.col("country")).then("hint_region")
            ).alias("region"),
            pl.col("country"),
            pl.when(pl.col("raw_city").is_null() & is_city)
            .then(pl.col("metro_code"))
            .alias("metro_code"),
        )
    )


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _as_string(series: pl.Series | None, param: str, column: str, n: int) -> pl.Series:
    if series is None:
        return pl.repeat(None, n, dtype=pl.String, eager=True).alias(column)
    if series.dtype not in (pl.String, pl.Null):
        raise TypeError(f"parse_locations: {param} must be a String Series, got {series.dtype}")
    if series.len() != n:
        raise ValueError(f"parse_locations: {param} has {series.len()} rows but texts has {n}")
    return capped(series.cast(pl.String), HINT_CHARS).alias(column)  # bounded work per record


def _as_bool(series: pl.Series | None, n: int) -> pl.Series:
    if series is None:
        return pl.repeat(None, n, dtype=pl.Boolean, eager=True).alias("remote_hint")
    if series.dtype not in (pl.Boolean, pl.Null):
        raise TypeError(
            f"parse_locations: remote_hints must be a Boolean Series, got {series.dtype}"
        )
    if series.len() != n:
        raise ValueError(f"parse_locations: remote_hints has {series.len()} rows but texts has {n}")
    return series.cast(pl.Boolean).alias("remote_hint")


def parse_locations(
    texts: pl.Series,
    city_hints: pl.Series | None = None,
    region_hints: pl.Series | None = None,
    country_hints: pl.Series | None = None,
    remote_hints: pl.Series | None = None,
) -> pl.DataFrame:
    """city, region, country, is_remote, metro_code for each location, one row per input.

    Hints are the structured address parts a source gives (addressLocality, addressRegion,
    addressCountry, isRemote); when present they win over the text. Null inputs give nulls
    (and is_remote False).
    """
    if texts.dtype not in (pl.String, pl.Null):
        raise TypeError(f"parse_locations: texts must be a String Series, got {texts.dtype}")
    n = texts.len()
    key_cols = ["text", "city_hint", "region_hint", "country_hint"]
    rows = pl.DataFrame(
        [
            capped(texts.cast(pl.String), PLACE_CHARS).alias("text"),
            _as_string(city_hints, "city_hints", "city_hint", n),
            _as_string(region_hints, "region_hints", "region_hint", n),
            _as_string(country_hints, "country_hints", "country_hint", n),
            _as_bool(remote_hints, n),
        ]
    )
    hint_cols = ["city_hint", "region_hint", "country_hint"]
    # Two levels of de-duplication: raw strings, then the cleaned place they name.
    keys = (
        rows.select(key_cols)
        .unique()
        .with_columns(
            place_key(pl.col("text")).alias("place"),
            folded(pl.col("text")).str.contains(REMOTE_PATTERN).alias("text_remote"),
        )
    )
    units = keys.select("place", *hint_cols).unique(maintain_order=True).with_row_index("key_id")
    resolved = units.join(resolve_places(units), on="key_id", how="left").drop("key_id")
    keys = keys.join(resolved, on=["place", *hint_cols], how="left", nulls_equal=True)
    out = rows.join(keys, on=key_cols, how="left", nulls_equal=True, maintain_order="left")
    return out.select(
        "city",
        "region",
        "country",
        pl.coalesce("remote_hint", "text_remote", pl.lit(False)).alias("is_remote"),
        "metro_code",
    ).cast(OUTPUT_SCHEMA)


def parse_location(
    text: str | None,
    city_hint: str | None = None,
    region_hint: str | None = None,
    country_hint: str | None = None,
    remote_hint: bool | None = None,
) -> dict[str, Any]:
    """Single-record parse_locations: {"city", "region", "country", "is_remote", "metro_code"}."""

    def one(value: Any, dtype: pl.DataType) -> pl.Series:
        return pl.Series([value], dtype=dtype)

    return parse_locations(
        one(text, pl.String()),
        one(city_hint, pl.String()),
        one(region_hint, pl.String()),
        one(country_hint, pl.String()),
        one(remote_hint, pl.Boolean()),
    ).row(0, named=True)
