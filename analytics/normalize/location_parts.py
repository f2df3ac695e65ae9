"""Location text -> parts: what `analytics.normalize.locations` resolves.

A location string is folded, its noise removed (`location_patterns`), split into locations
(" / ", ";", " or " ...; the first is the posting's primary place, the others evidence) and
each location into parts (commas, pipes, spaced dashes; Japanese, Chinese and Korean addresses
between prefecture, city and ward); postal codes are removed, address lines dropped, and a
city's ward dropped when the location names more ("Minato-ku, Tokyo"). Structured hints
become parts of their own. Parts are tagged with their source (`_SRC_*`). All vectorized.

May import: the standard library, polars and the sibling `place_aliases` (folded,
world_regions) and `location_patterns`.
"""

from __future__ import annotations

import polars as pl

from analytics.normalize.location_patterns import (
    CJK_UNIT_BREAK,
    DISTRICT_NUMBER_PATTERN,
    HANGUL_WORD_BREAK,
    KOREAN_CITY_SUFFIX,
    NEGATED_PLACE_PATTERN,
    NOISE_PATTERNS,
    NOISY_PLACE_NAMES,
    OUTWARD_CODE_PATTERN,
    POSTAL_PATTERN,
    STREET_PATTERN,
    UK_POSTCODE_PATTERN,
    WARD_AFTER_COMMA,
    WARD_BEFORE_COMMA,
)
from analytics.normalize.place_aliases import folded, world_regions

_SEP = "\x1f"

_BRACKETS = r"[()\[\]{}]"
# "San Francisco (CA), Denver (CO)": a comma after a bracket separates locations.
_BRACKET_LIST = r"\)\s*,"
_MULTI_SEP = r"\s+/\s+|/|;|\s+or\s+|\s+and\s+|\s+&\s+|\s+\+\s+"
_PART_SEP = r",|\||\s+-+\s*|\s*-+\s+|[–—]|:|·|•"
_STRIP = " -_*'\"#!?+~`〒"
_LEADING_PREPOSITION = r"^(?:in|within|across|throughout)\s+(?:the\s+)?"
# "Austin TX", "Sydney NSW", "Melbourne VIC": a trailing two- or three-letter region code.
_TRAILING_CODE = r"^(.+?)\s+([a-z]{2,3})$"
# A metropolitan area or district named after its principal city ("Greater Chicago Area",
# "London Area", "Greater Paris Metropolitan Region", "Taipei City", "Sydney CBD", "Downtown
# Toronto", Indian districts "Bangalore Urban", "Pune District", "Thane West"): the wrapper is
# dropped only when the whole part is no known name ("Greater Noida", "Mexico City"). Not
# "Central" / "Inner" ("Central America", "Inner Mongolia").
_METRO_WRAPPER = (
    r"^(?:greater\s+)?(.+?)(?:\s+(?:metropolitan|metro|area|region|metroplex|city|cbd|downtown"
    r"|urban|suburban|district|east|west|north|south"
    r"|city centre|city center|centre|center|surrounds|and surrounding areas?))+$"
    r"|^(?:greater|downtown)\s+(.+)$"
)

# A side of a state or province ("Northern Virginia", "South Wales", "West Texas"): the state,
# when the rest is a region's name ("South Jersey" is no Jersey, the island).
_SIDE_OF = (
    r"^(?:north|south|east|west|northern|southern|eastern|western|northeast|northwest|southeast"
    r"|southwest|northeastern|northwestern|southeastern|southwestern|upstate|downstate|coastal)"
    r"\s+(.+)$"
)

# A part of words before a known place: a brand or office name ("plaid new york", "acme inc
# seattle") or, when the words are a place too, a city and its container written without a
# comma ("hyderabad telangana"). The leading one to three words and the rest; not when the
# first word begins a place name itself ("South Jersey", "New Haven", "Fort Mill").
_WORDS_BEFORE = (r"^(\S+)\s+(.+)$", r"^(\S+\s+\S+)\s+(.+)$", r"^(\S+\s+\S+\s+\S+)\s+(.+)$")
_PLACE_NAME_START = (
    r"^(?:north|south|east|west|northern|southern|eastern|western|central|new|old|upper|lower"
    r"|greater|inner|outer|saint|st|san|santa|sao|fort|port|mount|mt|lake|little|big|grand"
    r"|great|la|le|los|las|el|al|de|del|den|bad|sankt)\s"
)

# A trailing postcode or district number (`OUTWARD_CODE_PATTERN`, `DISTRICT_NUMBER_PATTERN`)
_SHORT_CODE = r"^(.+?)\s+(?:[a-z]{1,2}[0-9][a-z0-9]?|[0-9]{1,2})$"

_SRC_TEXT, _SRC_CITY, _SRC_REGION, _SRC_COUNTRY, _SRC_OTHER = 0, 1, 2, 3, 4
# Other locations of the same posting ("Cambridge / London") read as evidence only.
MAX_OTHER_LOCATIONS = 8


def without_noise(expr: pl.Expr) -> pl.Expr:
    """Folded location text with brackets as separators and work-mode / office words removed."""
    out = folded(expr).str.replace_all(_BRACKET_LIST, " / ").str.replace_all(_BRACKETS, ",")
    for _ in range(2):  # prefecture, city, ward: "東京都港区", "上海市浦东新区"
        out = out.str.replace_all(CJK_UNIT_BREAK, "${1}, ${2}")
    out = out.str.replace_all(HANGUL_WORD_BREAK, "${1}, ${2}").str.replace_all(
        KOREAN_CITY_SUFFIX, ""
    )
    for pattern, name in NOISY_PLACE_NAMES:
        out = out.str.replace_all(pattern, name)
    out = out.str.replace_all(NEGATED_PLACE_PATTERN, " ")
    for pattern in NOISE_PATTERNS:
        out = out.str.replace_all(pattern, " ")
    return out


def locations_of(expr: pl.Expr) -> pl.Expr:
    """The locations of a multi-location string, in order ("SF, CA / NYC" -> ["sf, ca", "nyc"]):
    segments with letters."""
    segments = expr.str.replace_all(_MULTI_SEP, _SEP).str.split(_SEP)
    return segments.list.eval(pl.element().filter(pl.element().str.contains(r"\p{L}")))


def first_location(expr: pl.Expr) -> pl.Expr:
    """The first of several locations ("SF, CA / NYC" -> "sf, ca")."""
    return locations_of(expr).list.first()


def _clean_parts(location: pl.Expr) -> pl.Expr:
    """A location's parts, cleaned and joined with the separator.

    Parts are split on commas, pipes, spaced dashes and colons. Postal codes are removed from
    a part; a part that still holds digits or names a street (an address line, a floor) is
    dropped, as are empty parts. A part whose only digits are in a trailing short code ("london
    ec1a", "hall b2") or number ("praha 4") is kept whole: `resplit_unknown` decides whether
    that is a postcode or district.
    """
    e = pl.element()
    no_postal = e.str.replace_all(POSTAL_PATTERN, " ").str.strip_chars(" ")
    short_code_only = no_postal.str.contains(_SHORT_CODE) & ~no_postal.str.replace(
        _SHORT_CODE, "${1}"
    ).str.contains(r"\d")
    address = (no_postal.str.contains(r"\d") & ~short_code_only) | no_postal.str.contains(
        STREET_PATTERN
    )
    cleaned = pl.when(e.str.contains(r"\d")).then(
        pl.when(address).then(pl.lit("")).otherwise(no_postal)
    )
    part = (
        cleaned.otherwise(e)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars(_STRIP)
        # a preposition left by removed noise: "Various locations in Germany"
        .str.replace(_LEADING_PREPOSITION, "")
    )
    # a full UK postcode adds the country as a part of its own: "cambridge cb2 1tn"
    part = (
        pl.when(e.str.contains(UK_POSTCODE_PATTERN))
        .then(pl.concat_str(part, pl.lit(f"{_SEP}united kingdom")))
        .otherwise(part)
    )
    # a ward is dropped when its location names more: "Minato-ku, Tokyo" is Tokyo
    without_ward = location.str.replace_all(WARD_BEFORE_COMMA, ",").str.replace(
        WARD_AFTER_COMMA, ""
    )
    return (
        without_ward.str.replace_all(_PART_SEP, _SEP)
        .str.split(_SEP)
        .list.eval(part)
        .list.eval(e.filter(e != ""))
        .list.join(_SEP)
    )


def place_key(text: pl.Expr) -> pl.Expr:
    """The first location's parts, cleaned and joined: what resolution depends on.

    Distinct raw strings that differ only in noise share a key, so each is resolved once.
    """
    return _clean_parts(first_location(without_noise(text)))


def other_places_key(text: pl.Expr) -> pl.Expr:
    """The parts of the posting's other locations (up to MAX_OTHER_LOCATIONS), joined: evidence
    for the first one ("Cambridge / London" is Cambridge, GB)."""
    others = locations_of(without_noise(text)).list.slice(1, MAX_OTHER_LOCATIONS)
    return _clean_parts(others.list.join(", "))


def _is_known(frame: pl.DataFrame, column: str, keys: pl.DataFrame, flag: str) -> pl.DataFrame:
    """`frame` with a boolean column `flag`: `column` is an alias key. The frame's distinct
    values are inner-joined to the keys (the join hashes the smaller side; is_in against the
    ~130k keys cost 0.1 s per call, a left join of every key ~7 ms), then marked."""
    found = (
        frame.select(pl.col(column).alias("key"))
        .unique()
        .join(keys.select("key"), on="key", how="inner")
    )
    known = pl.col(column).is_in(found["key"].implode()).fill_null(False)
    return frame.with_columns(known.alias(flag))


def _words_before_a_place(
    unknown: pl.DataFrame, keys: pl.DataFrame, prominent_keys: pl.DataFrame
) -> pl.DataFrame:
    """(_row, _after_words) for unknown parts that are words before one of `prominent_keys`
    (`_WORDS_BEFORE`, the fewest words dropped first): the place alone after a brand ("plaid
    new york" -> ["new york"]), the words and the place when the words are a known name too
    ("pune maharashtra" -> ["pune", "maharashtra"]). Not a world region's name ("latin
    america") nor a part that begins like a place name ("south jersey")."""
    candidates = unknown.filter(
        pl.col("part").str.contains(" ")
        & ~pl.col("part").str.contains(_PLACE_NAME_START)
        & ~pl.col("part").is_in(world_regions()["key"].implode())
    ).select("_row", "part")
    splits = pl.concat(
        [
            candidates.select(
                "_row",
                pl.lit(i).alias("_dropped"),
                pl.col("part").str.extract_groups(pattern).alias("_split"),
            ).unnest("_split")
            for i, pattern in enumerate(_WORDS_BEFORE)
        ]
    ).filter(pl.col("2").is_not_null())
    found = (
        splits.join(prominent_keys.select("key"), left_on="2", right_on="key", how="inner")
        .sort("_row", "_dropped")
        .unique("_row", keep="first")
    )
    return _is_known(found, "1", keys, "_lead_known").select(
        "_row",
        pl.when(pl.col("_lead_known"))
        .then(pl.concat_list("1", "2"))
        .otherwise(pl.concat_list("2"))
        .alias("_after_words"),
    )


def resplit_unknown(
    parts: pl.DataFrame,
    keys: pl.DataFrame,
    postcode_towns: pl.DataFrame,
    region_keys: pl.DataFrame,
    prominent_keys: pl.DataFrame,
) -> pl.DataFrame:
    """Unknown parts split again on hyphens, or before a trailing two- or three-letter code;
    "tel-aviv" is read as "tel aviv" and "greater chicago area" as "chicago" when that is a
    known name, and "northern virginia" as "virginia" when that is a region's name
    (`region_keys`). A part ending in a short letter-digit code is its town when that is one of
    `postcode_towns` (keys of towns in countries with such postcodes: "london ec1a" is
    "london"), else an address line and dropped ("hall b2", "halle a1"); one ending in a one- or
    two-digit number is its city when that is known ("praha 4"), else dropped. Words before
    one of `prominent_keys` are a brand or office name and dropped ("plaid new york" is "new
    york"), or the place's city when they are a known name ("pune maharashtra")."""
    parts = _is_known(parts, "part", keys, "_known")
    # an unknown part loses its metropolitan-area wrapper even when the rest is unknown too, so
    # "greater minneapolis-st paul area" splits on the hyphen below
    wrapped = pl.col("part").str.extract_groups(_METRO_WRAPPER)
    core = pl.coalesce(wrapped.struct.field("1"), wrapped.struct.field("2"))
    parts = parts.with_columns(
        pl.when(~pl.col("_known") & core.is_not_null()).then(core).otherwise("part").alias("part")
    )
    parts = _is_known(parts.drop("_known"), "part", keys, "_known")
    parts = _is_known(
        parts.with_columns(pl.col("part").str.replace_all("-", " ").alias("_spaced")),
        "_spaced",
        keys,
        "_spaced_known",
    )
    parts = parts.with_columns(
        pl.when(~pl.col("_known") & pl.col("_spaced_known"))
        .then(pl.col("_spaced"))
        .otherwise(pl.col("part"))
        .alias("part"),
        (pl.col("_known") | pl.col("_spaced_known")).alias("_known"),
    ).drop("_spaced", "_spaced_known")
    parts = _is_known(
        parts.with_columns(pl.col("part").str.extract(_SIDE_OF, 1).alias("_side")),
        "_side",
        region_keys,
        "_side_known",
    )
    parts = parts.with_columns(
        pl.when(~pl.col("_known") & pl.col("_side_known"))
        .then(pl.col("_side"))
        .otherwise(pl.col("part"))
        .alias("part"),
        (pl.col("_known") | pl.col("_side_known")).alias("_known"),
    ).drop("_side", "_side_known")
    unknown = ~pl.col("_known")
    # words before a known place: a brand ("plaid new york") or a city and its container
    parts = parts.with_row_index("_row")
    parts = parts.join(
        _words_before_a_place(parts.filter(unknown), keys, prominent_keys),
        on="_row",
        how="left",
        maintain_order="left",
    )
    after_words = pl.col("_after_words")
    trailing = pl.col("part").str.extract_groups(_TRAILING_CODE)
    outward = unknown & pl.col("part").str.contains(OUTWARD_CODE_PATTERN)
    parts = _is_known(
        parts.with_columns(pl.col("part").str.replace(OUTWARD_CODE_PATTERN, "${1}").alias("_town")),
        "_town",
        postcode_towns,
        "_town_known",
    )
    # "praha 4": a numbered district is its city when that is known, else an address line
    district = unknown & pl.col("part").str.contains(DISTRICT_NUMBER_PATTERN)
    parts = _is_known(
        parts.with_columns(
            pl.col("part").str.replace(DISTRICT_NUMBER_PATTERN, "${1}").alias("_city")
        ),
        "_city",
        keys,
        "_city_known",
    )
    return (
        parts.with_columns(
            pl.when(outward & pl.col("_town_known"))
            .then(pl.concat_list(pl.col("_town")))
            .when(outward)
            .then(pl.concat_list(pl.lit("")))
            .when(district & pl.col("_city_known"))
            .then(pl.concat_list(pl.col("_city")))
            .when(district)
            .then(pl.concat_list(pl.lit("")))
            .when(unknown & pl.col("part").str.contains("-"))
            .then(pl.col("part").str.split("-"))
            .when(unknown & after_words.is_not_null())
            .then(after_words)
            .when(unknown & pl.col("part").str.contains(_TRAILING_CODE))
            .then(pl.concat_list(trailing.struct.field("1"), trailing.struct.field("2")))
            .otherwise(pl.concat_list(pl.col("part")))
            .alias("part")
        )
        .drop("_row", "_known", "_town", "_town_known", "_city", "_city_known", "_after_words")
        .explode("part")
        .with_columns(pl.col("part").str.strip_chars(_STRIP))
        .filter(pl.col("part") != "")
    )


def text_parts(keys: pl.DataFrame, column: str = "place", src: int = _SRC_TEXT) -> pl.DataFrame:
    """(key_id, src, part) for the location texts, from their place keys (or other places)."""
    return (
        keys.select("key_id", pl.col(column).str.split(_SEP).alias("part"))
        .explode("part")
        .filter(pl.col("part").is_not_null() & (pl.col("part") != ""))
        .select("key_id", pl.lit(src).alias("src"), "part")
    )


def hint_parts(keys: pl.DataFrame, alias_keys: pl.DataFrame) -> pl.DataFrame:
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
        both = keys.select("key_id", whole.alias("_whole"), first.alias("_first"))
        both = _is_known(both, "_whole", alias_keys, "_known")
        part = pl.when(pl.col("_known")).then(pl.col("_whole")).otherwise(pl.col("_first"))
        frames.append(
            both.select("key_id", pl.lit(src).alias("src"), part.alias("part")).filter(
                pl.col("part").is_not_null() & (pl.col("part") != "")
            )
        )
    return pl.concat(frames)
