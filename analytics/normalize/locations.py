"""Parse posting locations into city, region, country (ISO alpha-2), remote and hybrid flags,
US metro, world region and the level the place is known at.

How a location is resolved (all vectorized; distinct inputs are resolved once and joined back):
1. Fold the text (lower case, accents and periods removed), turn brackets into separators, and
   drop work-mode and office noise ("Remote -", "(Hybrid)", "HQ", "Office", "US-based", time
   zones; `location_patterns`). An excluded place is dropped ("Remote (non-U.S.)" is not the
   US). `is_remote` comes from the structured flag when present, else from the text (remote,
   anywhere, worldwide, work from home, remoto, télétravail); `is_hybrid` from the text.
2. Multi-location strings ("San Francisco, CA / New York, NY", "Seattle or Remote",
   "Paris or London") keep their FIRST place: the contract joins a posting's locations with
   " / " in the order the source lists them, and the first is the primary location. The
   other locations are evidence for it when all of them lie in one country ("Cambridge /
   London" is Cambridge GB; "London / Toronto / New York" spans three and leaves London GB),
   but never for a namesake a fiftieth the size of the name's first reading ("Paris office /
   Remote / New York office" is Paris, France; `WORLD_CITY_RATIO`).
3. Split the place into parts on commas, pipes and spaced dashes (and East Asian addresses
   between prefecture, city and ward: "東京都港区"); postal codes are removed, address lines
   (street, suite, floor) dropped, and a ward dropped when more follows ("Gangnam-gu,
   Seoul"); an unknown part is read with hyphens as spaces ("Tel-Aviv"), or without a
   metropolitan-area wrapper ("Greater Chicago Area", "London Area", "Sydney CBD") or a side
   of a state ("Northern Virginia" is Virginia), else
   split again on hyphens ("India-Karnataka"), after words before a well-known place (a brand:
   "Plaid New York" is New York; a city: "Pune Maharashtra") or before a trailing two- or
   three-letter code ("Austin TX", "Sydney NSW"). A trailing short letter-digit code is a
   postcode after a known town of a country with such codes ("London EC1A", "Dublin D02"),
   else the part is an address line ("Hall B2, Berlin" is Berlin).
4. Look every part up in one alias table (`place_aliases`): the hand-kept cities of
   `places.csv` (OEWS metro codes for US places), US states, `countries.csv` regions and
   country spellings, `pycountry` names and codes, then GeoNames cities of 15,000+ people
   (never over a region, country or world-region name). A part may mean several things
   ("Georgia", "CA", "Cambridge").
5. Structured hints (Ashby / JSON-LD addressLocality, addressRegion, addressCountry) join the
   same evidence pool as hint parts. Every reading of every part is a candidate; a candidate is
   ranked by (conflicts with a hint, conflicts with other text parts, city before region before
   country, support from other parts, support from the other locations, support from a
   part's first reading, hints before text, text order, gazetteer order). A part
   supports a candidate when one of its readings names the same country (and no different
   region); it conflicts when it names a region or country and none of its readings agrees.
   So "Cambridge, UK" is Cambridge GB, "Cambridge, MA" and bare "Cambridge" are Cambridge MA
   (first in the gazetteer), and a hint "United Kingdom" turns "Cambridge" into Cambridge GB.
   A region hint is read in the hinted country; parts that list countries ("DE, AT, CH",
   "DE/AT/CH") are their first country.
6. A city hint that names no known place (a small town) is kept as written, with the region
   and country the evidence supports; text that names no known place yields no city. Unknown
   places keep the country when one is recognizable, else all fields are null: nothing is
   invented. `metro_code` (OEWS area code) is set only for gazetteer cities in the US.
7. A location that names no country but a world region (`world_regions.csv`: "EMEA", "APAC",
   "Remote - LATAM", "Global Remote") gets `place_region` (EMEA, APAC, ..., WORLD), remote
   true and country null, so no country's pay or demand ever includes it. `place_level` says
   how precisely the place is known: city | region | country | world_region | null.

Ambiguous bare names resolve to the first matching gazetteer row, so places.csv is ordered by
prominence (seed rows, curated hubs, then OEWS principal cities by metro employment). A code
that is a state and a country is decided by the other parts ("Pune, IN" is India); a city known
under both readings, or a bare code, takes the code's first reading: a US state before a country
("Richmond, CA", "Remote - CA": California), a country before another country's province ("NL"
is the Netherlands, not Newfoundland). A metro's secondary city named like another state or
province is that region unless a part or hint supports the city ("Ontario" is the province,
"Ontario, CA" the California city; `place_aliases.cities_second_to_a_region`).

May import: the standard library, polars and the sibling `place_aliases`, `location_patterns`
and `markup` (its `valid_text`). Never imports `ingest`, `dashboard` or `app`.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics.normalize.inputs import HINT_CHARS, PLACE_CHARS, capped
from analytics.normalize.location_parts import (
    _BRACKETS,
    _SRC_CITY,
    _SRC_COUNTRY,
    _SRC_OTHER,
    _SRC_REGION,
    _SRC_TEXT,
    hint_parts,
    other_places_key,
    place_key,
    resplit_unknown,
    text_parts,
)
from analytics.normalize.location_patterns import (
    ALNUM_POSTCODE_COUNTRIES,
    HYBRID_PATTERN,
    NEGATED_PLACE_PATTERN,
    NOISY_PLACE_NAMES,
    REMOTE_PATTERN,
)
from analytics.normalize.place_aliases import (
    COUNTRIES_PATH,
    PLACES_PATH,
    cities_second_to_a_region,
    city_populations,
    folded,
    place_aliases,
    prominent_place_keys,
    world_region_pattern,
    world_regions,
)
from contract.vocab import POSTING_PLACE_LEVELS
from markup import valid_text

__all__ = ["COUNTRIES_PATH", "PLACES_PATH", "parse_location", "parse_locations"]

OUTPUT_SCHEMA: dict[str, pl.DataType] = {
    "city": pl.String(),
    "region": pl.String(),
    "country": pl.String(),
    "is_remote": pl.Boolean(),
    "metro_code": pl.String(),
    "is_hybrid": pl.Boolean(),
    "place_region": pl.String(),
    "place_level": pl.String(),
}
# place_level: how precisely the place is known, finest first.
PLACE_LEVELS = POSTING_PLACE_LEVELS

_SPECIFICITY = {"city": 3, "region": 2, "country": 1}
# A bare city name is its world-city namesake's whatever the posting's other offices say when
# that namesake is this many times larger ("Paris" among US offices is still Paris, France).
WORLD_CITY_RATIO = 50
# Which readings a hint part may take (text parts may take any).
_HINT_KINDS = {
    _SRC_CITY: ("city",),
    _SRC_REGION: ("region", "country"),
    _SRC_COUNTRY: ("country",),
}


# --------------------------------------------------------------------------------------------
# Candidates and scoring
# --------------------------------------------------------------------------------------------


def _text_parts_after_a_non_place(found: pl.DataFrame, parts: pl.DataFrame) -> pl.DataFrame:
    """Text parts that follow a part naming no region or country ("Alden, New York").

    Such a part is the container of the place before it, so it may not be read as a city:
    "Alden, New York" is the state, "Palo Alto, Bay Area" is Palo Alto. A leading region or
    country does not block ("United States-Chicago", "France, Paris"), nor do only unknown
    names before a part that names nothing but cities: they are its neighbourhood
    ("Koramangala, Bengaluru", "Shoreditch, London").
    """
    geo = found.filter(pl.col("kind") != "city").select("part_id").unique()
    known = found.select("part_id").unique()
    text = (
        parts.filter(pl.col("src") == _SRC_TEXT)
        .join(geo.with_columns(pl.lit(True).alias("has_geo")), on="part_id", how="left")
        .join(known.with_columns(pl.lit(True).alias("known")), on="part_id", how="left")
        .with_columns(pl.col("has_geo", "known").fill_null(False))
    )

    def before(flag: pl.Expr) -> pl.Expr:
        return flag.cast(pl.Int32).cum_sum().shift(1, fill_value=0).over("key_id")

    city_only = pl.col("known") & ~pl.col("has_geo")
    return (
        text.sort("key_id", "pos")
        .with_columns(
            before(~pl.col("has_geo")).alias("non_places_before"),
            before(pl.col("known")).alias("known_before"),
        )
        .filter((pl.col("non_places_before") > 0) & ~(city_only & (pl.col("known_before") == 0)))
        .select("part_id")
    )


def readings(parts: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """Every admissible reading of every part, with its specificity and priority.

    Hint parts take only the kinds their field allows, a region hint only in the country a
    country hint names; a list of cities is its first (`city_lists_as_first`); a text part
    after a non-place part is not read as a city. Priority:
    hints first, then text cities left to right, then text regions / countries right to left
    (the container comes last: "New Brunswick, NJ").
    """
    kind_ok = pl.lit(True)
    for src, kinds in _HINT_KINDS.items():
        kind_ok = kind_ok & ((pl.col("src") != src) | pl.col("kind").is_in(kinds))
    found = parts.join(aliases, left_on="part", right_on="key", how="inner").filter(kind_ok)
    # a region hint is read in the country the country hint names: region "MI" with country
    # "it" is no Michigan, region "BY" with country "de" no Belarus
    hinted = found.filter(pl.col("src") == _SRC_COUNTRY).select("key_id", "country").unique()
    is_region_hint = pl.col("src") == _SRC_REGION
    region_hints = found.filter(is_region_hint)
    found = pl.concat(
        [
            found.filter(~is_region_hint),
            region_hints.join(hinted.select("key_id"), on="key_id", how="anti"),
            region_hints.join(hinted, on=["key_id", "country"], how="semi"),
        ]
    )
    found = city_lists_as_first(found)
    blocked = _text_parts_after_a_non_place(found, parts)
    second = _regions_second_to_a_country(found)
    second_city = cities_second_to_a_region().with_columns(pl.lit(True).alias("second_city"))
    is_text = pl.col("src") == _SRC_TEXT
    is_city = pl.col("kind") == "city"
    is_second_city = is_city & pl.col("second_city").fill_null(False)
    specificity = pl.col("kind").replace_strict(_SPECIFICITY, return_dtype=pl.Int8)
    return (
        found.join(blocked.with_columns(pl.lit(True).alias("blocked")), on="part_id", how="left")
        .filter(~(is_city & pl.col("blocked").fill_null(False)))
        .drop("blocked")
        .join(second, on=["part_id", "rank"], how="left")
        .join(second_city, left_on=["part", "rank"], right_on=["key", "rank"], how="left")
        .with_columns(
            pl.when(pl.col("second").fill_null(False))
            .then(pl.lit(_SPECIFICITY["country"], dtype=pl.Int8))
            .otherwise(specificity)
            .alias("specificity"),
            pl.when(is_text & is_city)
            .then(10 + pl.col("pos"))
            .when(is_text)
            .then(1000 - pl.col("pos"))
            .otherwise(pl.col("src"))
            .alias("priority"),
            is_second_city.alias("second_city"),
        )
        .drop("second")
    )


def _regions_second_to_a_country(found: pl.DataFrame) -> pl.DataFrame:
    """(part_id, rank, second) of the region readings that rank after a reading of the same
    part as another country ("NL": Newfoundland after the Netherlands; not "CA": California
    ranks before Canada). Such a region counts as a country, so alone the part is the country;
    with a city it still supports the city ("St. John's, NL")."""
    regions = found.filter(pl.col("kind") == "region").select("part_id", "rank", "country")
    countries = found.filter(pl.col("kind") == "country").select(
        "part_id", pl.col("rank").alias("c_rank"), pl.col("country").alias("c_country")
    )
    return (
        regions.join(countries, on="part_id")
        .filter((pl.col("c_rank") < pl.col("rank")) & (pl.col("c_country") != pl.col("country")))
        .select("part_id", "rank", pl.lit(True).alias("second"))
        .unique()
    )


def evidence_scores(cands: pl.DataFrame, others: pl.DataFrame) -> pl.DataFrame:
    """Support and conflict counts of each candidate against the other parts of its input;
    the posting's other locations (`others`, readings of src _SRC_OTHER) only support."""
    evidence = pl.concat([cands, others], how="diagonal_relaxed").select(
        "key_id",
        pl.col("part_id").alias("o_part"),
        pl.col("src").alias("o_src"),
        pl.col("region").alias("o_region"),
        pl.col("country").alias("o_country"),
        (pl.col("kind") != "city").alias("o_geo"),
        pl.col("rank").alias("o_rank"),
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
                    # another location of the posting may lie in another region
                    | (pl.col("o_src") == _SRC_OTHER)
                )
            ).alias("agree")
        )
    )
    per_part = pairs.group_by("cand_id", "o_part").agg(
        pl.col("agree").any(),
        pl.col("o_geo").any(),
        pl.col("o_src").first(),
        # the part's first reading agrees: "Richmond, CA" is the California one
        (pl.col("agree") & (pl.col("o_rank") == pl.col("o_rank").min())).any().alias("first"),
    )
    other = pl.col("o_src") == _SRC_OTHER
    conflict = pl.col("o_geo") & ~pl.col("agree") & ~other
    # the other locations support a reading only when every one of them, read as it would be
    # alone, lies in its country: "Cambridge / London" is Cambridge GB, but the offices of
    # "London / Toronto / New York" span three countries and say nothing about London
    n_others = other.sum()
    n_others_agree = (pl.col("first") & other).sum()
    return per_part.group_by("cand_id").agg(
        (pl.col("agree") & ~other).sum().alias("n_support"),
        pl.when(n_others_agree == n_others)
        .then(n_others_agree)
        .otherwise(0)
        .alias("n_other_support"),
        (pl.col("first") & ~other).sum().alias("n_first_support"),
        (conflict & (pl.col("o_src") == _SRC_TEXT)).sum().alias("n_conflict"),
        (conflict & (pl.col("o_src") != _SRC_TEXT)).sum().alias("n_hint_conflict"),
    )


def country_lists_as_first(found: pl.DataFrame) -> pl.DataFrame:
    """Readings with a list of countries read as its first country.

    Commas usually join a place to its container ("Austin, TX, USA"), but when two text parts
    are first of all countries of different countries the location lists countries ("DE, AT,
    CH", "Germany, Austria, Switzerland", "Remote - NL, BE, LU"), as does a location of one part
    whose posting's other locations are first of all countries ("DE/AT/CH"): the first part that
    reads as a country is the place, as a country ("DE" is Germany here, not Delaware), and the
    other listed parts are dropped. "Georgia, US" is no list: Georgia is first the US state;
    nor is "Recife, PE, Brasil": PE is also a state of the Brazil it lists.
    """
    text = found.filter(pl.col("src") == _SRC_TEXT)
    first = found.sort("rank").unique("part_id", keep="first")
    first_countries = first.filter(pl.col("kind") == "country")
    listed_first = first_countries.filter(pl.col("src") == _SRC_TEXT)
    lists = (
        listed_first.group_by("key_id")
        .agg(pl.col("country").n_unique().alias("n_countries"))
        .filter(pl.col("n_countries") >= 2)
        .select("key_id")
    )
    # a code that is a country and a region of another listed country is that region: "Recife,
    # PE, Brasil" is Pernambuco in Brazil, no list of Peru and Brazil
    contained = (
        text.filter(pl.col("kind") == "region")
        .join(listed_first, on=["key_id", "part_id"], how="semi")
        .join(
            listed_first.select(
                "key_id", pl.col("part_id").alias("o_part"), pl.col("country").alias("o_country")
            ),
            on="key_id",
        )
        .filter(
            (pl.col("o_part") != pl.col("part_id")) & (pl.col("country") == pl.col("o_country"))
        )
        .select("key_id")
    )
    lists = lists.join(contained, on="key_id", how="anti")
    # "DE/AT/CH": a location of one part, the posting's other locations first of all countries
    one_part = (
        text.group_by("key_id")
        .agg(pl.col("part_id").n_unique().alias("n"))
        .filter(pl.col("n") == 1)
    )
    listed_others = first_countries.filter(pl.col("src") == _SRC_OTHER).select("key_id").unique()
    lists = pl.concat(
        [lists, one_part.join(listed_others, on="key_id", how="semi").select("key_id")]
    ).unique()
    listed = text.filter(pl.col("kind") == "country").join(lists, on="key_id", how="semi")
    head = listed.sort("pos").unique("key_id", keep="first").select("key_id", "part_id")
    listed_parts = listed.select("part_id").unique()
    keep_head = pl.col("kind") == "country"
    return pl.concat(
        [
            found.join(listed_parts, on="part_id", how="anti"),
            found.join(head, on=["key_id", "part_id"], how="semi").filter(keep_head),
        ]
    )


def city_lists_as_first(found: pl.DataFrame) -> pl.DataFrame:
    """Readings with a list of cities in several countries read as its first city.

    Three or more text parts that are each first of all a city, in two or more countries, list
    offices ("Toronto, Berlin, London", "Sydney, Singapore, Hong Kong"): the first part is the
    place and the others are dropped, so no listed city that is also a state or country
    ("Berlin", "Singapore") is taken for their container. "Paris, Texas, USA" is no list.
    """
    text = found.filter(pl.col("src") == _SRC_TEXT)
    first = text.sort("rank").unique("part_id", keep="first")
    lists = (
        first.group_by("key_id")
        .agg(
            pl.len().alias("n_parts"),
            (pl.col("kind") == "city").all().alias("all_cities"),
            pl.col("country").n_unique().alias("n_countries"),
        )
        .filter((pl.col("n_parts") >= 3) & pl.col("all_cities") & (pl.col("n_countries") >= 2))
        .select("key_id")
    )
    head = (
        text.join(lists, on="key_id", how="semi")
        .sort("pos")
        .unique("key_id", keep="first")
        .select("key_id", "part_id")
    )
    listed = text.join(lists, on="key_id", how="semi").join(head, on="part_id", how="anti")
    return found.join(listed.select("part_id").unique(), on="part_id", how="anti")


def _others_support_no_small_namesake(ranked: pl.DataFrame) -> pl.DataFrame:
    """`ranked` with the other locations' support of a city taken back when the part's first
    reading is a city `WORLD_CITY_RATIO` times its size or more: "Paris office / Remote / New
    York office" is Paris, France, not Paris, Texas (the offices are in the US), but "Kingston
    / Toronto" is Kingston, Ontario, and "London / Toronto / Ottawa" London, Ontario."""
    city_key = folded(pl.col("city"))
    sized = ranked.join(
        city_populations(),
        left_on=[city_key, pl.col("country")],
        right_on=["city_key", "country"],
        how="left",
        maintain_order="left",
    )
    first = (
        sized.sort("rank")
        .unique("part_id", keep="first")
        .filter(pl.col("kind") == "city")
        .select("part_id", pl.col("population").alias("first_population"))
    )
    small = pl.col("population").fill_null(0) * WORLD_CITY_RATIO < pl.col("first_population")
    return (
        sized.join(first, on="part_id", how="left", maintain_order="left")
        .with_columns(
            pl.when(small).then(0).otherwise(pl.col("n_other_support")).alias("n_other_support")
        )
        .drop("population", "first_population")
    )


def best_candidates(parts: pl.DataFrame, aliases: pl.DataFrame) -> pl.DataFrame:
    """The winning reading per key_id."""
    parts = parts.with_row_index("part_id")
    found = country_lists_as_first(readings(parts, aliases))
    others = found.filter(pl.col("src") == _SRC_OTHER)
    cands = found.filter(pl.col("src") != _SRC_OTHER).with_row_index("cand_id")
    scores = evidence_scores(cands, others)
    ranked = cands.join(scores, on="cand_id", how="left").with_columns(
        pl.col(
            "n_support", "n_other_support", "n_first_support", "n_conflict", "n_hint_conflict"
        ).fill_null(0)
    )
    ranked = _others_support_no_small_namesake(ranked)
    # a city named like another state or province, with nothing for it, comes after the
    # regions: "Ontario" alone is the province, "Ontario, Ohio" Ohio, "Ontario, CA" the city
    unsupported = pl.col("second_city") & (pl.col("n_support") + pl.col("n_other_support") == 0)
    ranked = ranked.with_columns(
        pl.when(unsupported)
        .then(pl.lit(_SPECIFICITY["region"], dtype=pl.Int8))
        .otherwise(pl.col("specificity"))
        .alias("specificity"),
        pl.when(unsupported)
        .then(2000 + pl.col("pos"))
        .otherwise(pl.col("priority"))
        .alias("priority"),
    )
    order = [
        "key_id", "n_hint_conflict", "n_conflict", "specificity", "n_support", "n_other_support",
        "n_first_support", "priority", "rank",
    ]  # fmt: skip
    return ranked.sort(
        order, descending=[False, False, False, True, True, True, True, False, False]
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
    """The region a region hint names (first gazetteer reading), else one a text part names, to
    fill a region the winning reading leaves empty ("Cambridge, Ontario": GeoNames' Cambridge
    has no region code, the text's Ontario has)."""
    return (
        parts.filter(pl.col("src").is_in([_SRC_REGION, _SRC_TEXT]))
        .join(aliases.filter(pl.col("kind") == "region"), left_on="part", right_on="key")
        .sort("key_id", pl.col("src") != _SRC_REGION, "rank")
        .select(
            "key_id",
            pl.col("region").alias("hint_region"),
            pl.col("country").alias("hint_country"),
        )
    )


def resolve_places(keys: pl.DataFrame) -> pl.DataFrame:
    """city, region, country, metro_code for each distinct (place key, hints) row, by key_id."""
    aliases = place_aliases()
    alias_keys = aliases.select("key").unique()
    postcode_towns = (
        aliases.filter(
            (pl.col("kind") == "city") & pl.col("country").is_in(ALNUM_POSTCODE_COUNTRIES)
        )
        .select("key")
        .unique()
    )
    region_keys = aliases.filter(pl.col("kind") == "region").select("key").unique()
    known = (alias_keys, postcode_towns, region_keys, prominent_place_keys())
    texts = resplit_unknown(text_parts(keys), *known)
    texts = texts.with_columns(pl.int_range(pl.len()).over("key_id").alias("pos"))
    hints = hint_parts(keys, alias_keys).with_columns(pl.lit(0, dtype=pl.Int64).alias("pos"))
    others = resplit_unknown(text_parts(keys, "others", _SRC_OTHER), *known)
    others = others.with_columns(pl.lit(0, dtype=pl.Int64).alias("pos"))
    parts = pl.concat([hints, texts.cast({"pos": pl.Int64}), others]).select(
        "key_id", "src", "pos", "part"
    )
    best = best_candidates(parts, aliases)
    raw = raw_city_hints(keys, parts, aliases, best)
    hinted = (
        hint_regions(parts, aliases)
        .join(best.select("key_id", pl.col("country").alias("best_country")), on="key_id")
        .filter(pl.col("hint_country") == pl.col("best_country"))
        .unique("key_id", keep="first", maintain_order=True)
    )
    is_city = pl.col("kind") == "city"
    return (
        keys.select("key_id")
        .join(best, on="key_id", how="left")
        .join(raw, on="key_id", how="left")
        .join(hinted, on="key_id", how="left")
        .select(
            "key_id",
            pl.coalesce("raw_city", pl.when(is_city).then(pl.col("city"))).alias("city"),
            pl.coalesce("region", "hint_region").alias("region"),
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
    text = folded(pl.col("text"))
    keys = (
        rows.select(key_cols)
        .unique()
        .with_columns(
            place_key(pl.col("text")).alias("place"),
            other_places_key(pl.col("text")).alias("others"),
            text.str.contains(REMOTE_PATTERN).alias("text_remote"),
            text.str.contains(HYBRID_PATTERN).fill_null(False).alias("is_hybrid"),
            world_region_key(pl.col("text"), pl.col("region_hint"), pl.col("country_hint")),
        )
    )
    unit_cols = ["place", "others", *hint_cols]
    units = keys.select(unit_cols).unique(maintain_order=True).with_row_index("key_id")
    resolved = units.join(resolve_places(units), on="key_id", how="left").drop("key_id")
    keys = keys.join(resolved, on=unit_cols, how="left", nulls_equal=True)
    out = rows.join(keys, on=key_cols, how="left", nulls_equal=True, maintain_order="left")
    # a place wider than a country counts only where no country was found
    region_place = pl.col("country").is_null() & pl.col("place_region").is_not_null()
    return out.select(
        "city",
        "region",
        "country",
        (pl.coalesce("remote_hint", "text_remote", pl.lit(False)) | region_place).alias(
            "is_remote"
        ),
        "metro_code",
        pl.col("is_hybrid").fill_null(False),
        pl.when(region_place).then(pl.col("place_region")).alias("place_region"),
        pl.when(pl.col("city").is_not_null())
        .then(pl.lit("city"))
        .when(pl.col("region").is_not_null())
        .then(pl.lit("region"))
        .when(pl.col("country").is_not_null())
        .then(pl.lit("country"))
        .when(region_place)
        .then(pl.lit("world_region"))
        .alias("place_level"),
    ).cast(OUTPUT_SCHEMA)


def world_region_key(text: pl.Expr, region_hint: pl.Expr, country_hint: pl.Expr) -> pl.Expr:
    """place_region: the first world region (EMEA, APAC, WORLD, ...) the text or the hints
    name, the world only when nothing narrower is named ("Anywhere in EMEA" is EMEA), excluded
    places removed ("Remote (non-EMEA)" names none)."""
    joined = pl.concat_str([text, region_hint, country_hint], separator=" / ", ignore_nulls=True)
    cleaned = folded(joined)
    for pattern, name in NOISY_PLACE_NAMES:  # "European timezone" is Europe
        cleaned = cleaned.str.replace_all(pattern, name)
    cleaned = cleaned.str.replace_all(_BRACKETS, ",").str.replace_all(NEGATED_PLACE_PATTERN, " ")
    keys, codes = world_regions()["key"], world_regions()["place_region"]
    found = cleaned.str.extract_all(world_region_pattern()).list.eval(
        pl.element().str.replace_all(r"\s+", " ").replace_strict(keys, codes, default=None)
    )
    # a narrower region wins over the world: "Anywhere in EMEA" is EMEA
    narrower = found.list.eval(pl.element().filter(pl.element() != "WORLD")).list.first()
    return pl.coalesce(narrower, found.list.first()).alias("place_region")


def parse_location(
    text: str | None,
    city_hint: str | None = None,
    region_hint: str | None = None,
    country_hint: str | None = None,
    remote_hint: bool | None = None,
) -> dict[str, Any]:
    """Single-record parse_locations: {"city", "region", "country", "is_remote", "metro_code",
    "is_hybrid", "place_region", "place_level"}. Never raises on a str (lone surrogates are
    replaced)."""

    def one(value: Any, dtype: pl.DataType) -> pl.Series:
        return pl.Series([valid_text(value) if isinstance(value, str) else value], dtype=dtype)

    return parse_locations(
        one(text, pl.String()),
        one(city_hint, pl.String()),
        one(region_hint, pl.String()),
        one(country_hint, pl.String()),
        one(remote_hint, pl.Boolean()),
    ).row(0, named=True)
