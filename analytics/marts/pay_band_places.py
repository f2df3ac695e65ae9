"""The places of a pay band, and `out_posting_pay`: each paid posting's pay and the pay-band
places it counts in.

A posting counts in up to four places, fine to coarse, each within its own country:
- metro: a US posting's OEWS metro area (`metro_code`), or a city elsewhere (`<CC>:<city>`,
  e.g. "IN:Bengaluru", "GB:London");
- state: its state or region (`<CC>-<region>`, e.g. "US-CA", "IN-KA", "GB-ENG");
- country: its ISO alpha-2 country;
- all: every posting (pay in USD).
A place's parent is the next coarser place *of the same country* (metro -> state, else the
country; state -> country); a country has none, so a band never borrows another country's
postings or currency (issue #12: a thin Indian cell once showed a US-dominated all-places band).

Place names: US metros from the gazetteer, US states "California, US", other regions
"Karnataka, India" (ISO 3166-2 names via pycountry, accents folded), cities "Bengaluru, India",
countries by name.

May import: polars, pycountry, us, the standard library and
`analytics.normalize.pay_components` (the columns of pay beside base pay).
"""

from __future__ import annotations

import unicodedata
from functools import cache

import polars as pl
import pycountry
import us

from analytics.normalize.pay_components import PAY_COMPONENT_SCHEMA

ALL_PLACES = "all"
ALL_PLACES_NAME = "All places"
# Region names ISO 3166-2 (as pycountry has it) spells in ways readers would not recognize, or
# under an older code.
REGION_NAMES = {"IN-TG": "Telangana", "IL-TA": "Tel Aviv District", "IE-L": "Leinster"}


def with_band_places(postings: pl.DataFrame) -> pl.DataFrame:
    """Adds metro_place_id, state_place_id and country_place_id (null where the posting has no
    such place) to postings with country, region, metro_code and (optionally) city."""
    city = pl.col("city") if "city" in postings.columns else pl.lit(None, dtype=pl.String)
    us_posting = pl.col("country") == "US"
    metro = (
        pl.when(pl.col("metro_code").is_not_null())
        .then(pl.col("metro_code"))
        .when(~us_posting & pl.col("country").is_not_null() & city.is_not_null())
        .then(pl.concat_str(pl.col("country"), pl.lit(":"), city))
        .otherwise(None)
    )
    state = (
        pl.when(pl.col("country").is_not_null() & pl.col("region").is_not_null())
        .then(pl.concat_str(pl.col("country"), pl.lit("-"), pl.col("region")))
        .otherwise(None)
    )
    return postings.with_columns(
        metro.alias("metro_place_id"),
        state.alias("state_place_id"),
        pl.col("country").alias("country_place_id"),
    )


def place_rows(paid: pl.DataFrame) -> pl.DataFrame:
    """One row per posting and place it counts in: place_level, place_id and _parent_id (the
    next coarser place of the same country; null for countries and all)."""
    paid = with_band_places(paid)
    levels = [
        paid.filter(pl.col("metro_place_id").is_not_null()).with_columns(
            pl.lit("metro").alias("place_level"),
            pl.col("metro_place_id").alias("place_id"),
            pl.coalesce("state_place_id", "country_place_id").alias("_parent_id"),
        ),
        paid.filter(pl.col("state_place_id").is_not_null()).with_columns(
            pl.lit("state").alias("place_level"),
            pl.col("state_place_id").alias("place_id"),
            pl.col("country_place_id").alias("_parent_id"),
        ),
        paid.filter(pl.col("country_place_id").is_not_null()).with_columns(
            pl.lit("country").alias("place_level"),
            pl.col("country_place_id").alias("place_id"),
            pl.lit(None, dtype=pl.String).alias("_parent_id"),
        ),
        paid.with_columns(
            pl.lit(ALL_PLACES).alias("place_level"),
            pl.lit(ALL_PLACES).alias("place_id"),
            pl.lit(None, dtype=pl.String).alias("_parent_id"),
        ),
    ]
    return pl.concat(levels).drop("metro_place_id", "state_place_id", "country_place_id")


@cache
def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


@cache
def region_name(place_id: str) -> str:
    """'US-CA' -> 'California, US'; 'IN-KA' -> 'Karnataka, India'; unknown codes as given."""
    code, _, region = place_id.partition("-")
    if code == "US":
        state = us.states.lookup(region)
        return f"{state.name if state else region}, US"
    subdivision = pycountry.subdivisions.get(code=place_id)
    name = REGION_NAMES.get(place_id) or (
        _folded(str(subdivision.name)) if subdivision is not None else region
    )
    return f"{name}, {country_name(code)}"


def city_name(place_id: str) -> str:
    """'IN:Bengaluru' -> 'Bengaluru, India'."""
    code, _, city = place_id.partition(":")
    country = country_name(code)
    return city if city == country else f"{city}, {country}"


def _folded(text: str) -> str:
    """Karnātaka -> Karnataka: ISO's romanizations carry marks most readers do not type."""
    return "".join(
        char for char in unicodedata.normalize("NFKD", text) if not unicodedata.combining(char)
    )


def with_place_names(cells: pl.DataFrame, metro_names: pl.DataFrame | None) -> pl.DataFrame:
    """Adds place_name to rows with place_level and place_id (named once per distinct place)."""
    lookup = {}
    if metro_names is not None and metro_names.height:
        lookup = dict(
            metro_names.select("metro_code", "metro_name").unique("metro_code").iter_rows()
        )
    places = cells.select("place_level", "place_id").unique()
    names = places.with_columns(
        pl.Series(
            "place_name",
            [_place_name(level, place, lookup) for level, place in places.iter_rows()],
            dtype=pl.String,
        )
    )
    return cells.join(names, on=["place_level", "place_id"], how="left")


def _place_name(level: str, place_id: str, metros: dict[str, str]) -> str:
    if level == ALL_PLACES:
        return ALL_PLACES_NAME
    if level == "country":
        return country_name(place_id)
    if level == "state":
        return region_name(place_id)
    if ":" in place_id:
        return city_name(place_id)
    return metros.get(place_id, place_id)


POSTING_PAY_SCHEMA: dict[str, pl.DataType] = {
    "posting_id": pl.String(),
    "posted_date": pl.Date(),
    "currency": pl.String(),
    "pay_period": pl.String(),
    "pay_min": pl.Float64(),
    "pay_max": pl.Float64(),
    "pay_min_annual": pl.Float64(),
    "pay_max_annual": pl.Float64(),
    "pay_min_annual_usd": pl.Float64(),
    "pay_max_annual_usd": pl.Float64(),
    "pay_source": pl.String(),
    "pay_kind": pl.String(),
    **PAY_COMPONENT_SCHEMA,
    "metro_place_id": pl.String(),
    "state_place_id": pl.String(),
    "country_place_id": pl.String(),
}


def out_posting_pay(postings: pl.DataFrame) -> pl.DataFrame:
    """One row per canonical posting with advertised pay: the pay as advertised (pay_min,
    pay_max, currency, pay_period), annualized in its currency and in USD, where it came from
    (pay_source), what kind of pay it is (pay_kind: base, ote or total; null where the build
    predates it, read as base), the equity, bonus and commission it lists beside base pay
    (`analytics.normalize.pay_components`, never added to base pay) and the pay-band places it
    counts in. Sorted by posted_date."""
    paid = postings.filter(pl.col("pay_min_annual_usd").is_not_null())
    for column, kind in POSTING_PAY_SCHEMA.items():
        if column not in paid.columns and column not in (
            "metro_place_id",
            "state_place_id",
            "country_place_id",
        ):
            paid = paid.with_columns(pl.lit(None, dtype=kind).alias(column))
    return (
        with_band_places(paid)
        .select([pl.col(c).cast(t) for c, t in POSTING_PAY_SCHEMA.items()])
        .sort("posted_date", "posting_id", nulls_last=True)
    )
