"""Tests for analytics.normalize.locations: labeled accuracy, hints winning over text,
disambiguation, one output row per input, the gazetteer's integrity and clear input errors."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polars as pl
import pycountry
import pytest
import yaml

from analytics.normalize import locations
from analytics.normalize.locations import (
    COUNTRIES_PATH,
    OUTPUT_SCHEMA,
    PLACES_PATH,
    parse_location,
    parse_locations,
)
from contract.vocab import NO_PLACE_WORDS, WORK_MODE_WORDS

LABELED = Path(__file__).resolve().parents[2] / "fixtures" / "labeled" / "places.yml"
PLACE_THRESHOLD = 0.95
FIELDS = ("city", "region", "country", "is_remote", "metro_code")


@pytest.fixture(scope="module")
def labeled() -> list[dict]:
    return yaml.safe_load(LABELED.read_text(encoding="utf-8"))


def _hint(record: dict, key: str) -> object:
    return (record.get("hints") or {}).get(key)


def _parse_labeled(records: list[dict]) -> list[dict]:
    out = parse_locations(
        pl.Series([r["text"] for r in records], dtype=pl.String),
        pl.Series([_hint(r, "city") for r in records], dtype=pl.String),
        pl.Series([_hint(r, "region") for r in records], dtype=pl.String),
        pl.Series([_hint(r, "country") for r in records], dtype=pl.String),
        pl.Series([_hint(r, "remote") for r in records], dtype=pl.Boolean),
    )
    return out.rows(named=True)


def test_labeled_set_is_large_and_complete(labeled: list[dict]) -> None:
    assert len(labeled) >= 80
    assert sum(1 for r in labeled if r.get("hints")) >= 10
    for record in labeled:
        assert set(record["expect"]) == set(FIELDS), record


def test_place_accuracy_on_labeled_locations(labeled: list[dict]) -> None:
    got = _parse_labeled(labeled)
    misses = [
        (r["text"], r.get("hints"), g)
        for r, g in zip(labeled, got, strict=True)
        if {f: g[f] for f in FIELDS} != r["expect"]
    ]
    accuracy = 1 - len(misses) / len(labeled)
    print(f"\nplace accuracy (all five fields): {accuracy:.3f} on {len(labeled)} labeled places")
    assert accuracy >= PLACE_THRESHOLD, f"accuracy {accuracy:.3f}; misses: {misses}"


def test_country_accuracy_on_labeled_locations(labeled: list[dict]) -> None:
    got = _parse_labeled(labeled)
    hits = sum(g["country"] == r["expect"]["country"] for r, g in zip(labeled, got, strict=True))
    print(f"\ncountry accuracy: {hits / len(labeled):.3f}")
    assert hits / len(labeled) >= 0.97


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        ("Cambridge, MA", "Cambridge", "MA", "US"),
        ("Cambridge, UK", "Cambridge", "ENG", "GB"),
        ("Portland, Maine", "Portland", "ME", "US"),
        ("Atlanta, Georgia", "Atlanta", "GA", "US"),
        ("London, ON", "London", "ON", "CA"),
        ("Chennai, TN", "Chennai", "TN", "IN"),
        ("Nashville, TN", "Nashville", "TN", "US"),
    ],
)
def test_the_other_parts_disambiguate_a_city(
    text: str, city: str, region: str, country: str
) -> None:
    got = parse_location(text)
    assert (got["city"], got["region"], got["country"]) == (city, region, country)


def test_a_bare_ambiguous_name_takes_the_first_gazetteer_row() -> None:
    with PLACES_PATH.open(encoding="utf-8", newline="") as handle:
        first = next(r for r in csv.DictReader(handle) if r["city"] == "Cambridge")
    got = parse_location("Cambridge")
    assert (got["region"], got["country"]) == (first["region"], first["country"])


def test_hints_win_over_the_text() -> None:
    assert parse_location("Cambridge", country_hint="United Kingdom")["country"] == "GB"
    got = parse_location("San Francisco", city_hint="Oakland", region_hint="CA")
    assert got["city"] == "Oakland"
    assert parse_location("Remote", remote_hint=False)["is_remote"] is False
    assert parse_location("Berlin", remote_hint=True)["is_remote"] is True


def test_an_unknown_city_hint_is_kept_as_written() -> None:
    got = parse_location("Remote", city_hint="Smallville", region_hint="Kansas", country_hint="US")
    assert got == {
        "city": "Smallville",
        "region": "KS",
        "country": "US",
        "is_remote": True,
        "metro_code": None,
        "is_hybrid": False,
        "place_region": None,
        "place_level": "city",
    }


def test_unknown_places_keep_only_what_is_recognizable() -> None:
    # (not "Atlantis": the GeoNames gazetteer knows the one in the Western Cape)
    assert parse_location("Xyzzyville") == dict.fromkeys(OUTPUT_SCHEMA) | {
        "is_remote": False,
        "is_hybrid": False,
    }
    got = parse_location("Smallville, Kansas")
    assert (got["city"], got["region"], got["country"], got["metro_code"]) == (
        None,
        "KS",
        "US",
        None,
    )


def test_multi_location_strings_take_the_first_place() -> None:
    got = parse_location("Boston, MA / Austin, TX / Remote")
    assert (got["city"], got["is_remote"]) == ("Boston", True)


def test_one_row_per_input_in_order_with_nulls_and_duplicates() -> None:
    texts = pl.Series(["NYC", None, "Remote - US", "NYC", ""], dtype=pl.String)
    out = parse_locations(texts)
    assert out.schema == pl.Schema(OUTPUT_SCHEMA)
    assert out.rows() == [
        ("New York", "NY", "US", False, "0035620", False, None, "city"),
        (None, None, None, False, None, False, None, None),
        (None, None, "US", True, None, False, None, "country"),
        ("New York", "NY", "US", False, "0035620", False, None, "city"),
        (None, None, None, False, None, False, None, None),
    ]


def test_same_text_with_different_hints_resolves_separately() -> None:
    out = parse_locations(
        pl.Series(["Cambridge", "Cambridge"]),
        country_hints=pl.Series(["US", "GB"]),
    )
    assert out["country"].to_list() == ["US", "GB"]


def test_single_record_function_matches_the_vectorized_one() -> None:
    texts = ["Toronto, ON", "Remote (United States)", "München", None]
    batch = parse_locations(pl.Series(texts, dtype=pl.String)).rows(named=True)
    assert [parse_location(t) for t in texts] == batch


def test_bad_inputs_raise_clear_errors() -> None:
    with pytest.raises(TypeError, match="texts must be a String"):
        parse_locations(pl.Series([1]))
    with pytest.raises(ValueError, match="country_hints has 1 rows but texts has 2"):
        parse_locations(pl.Series(["a", "b"]), country_hints=pl.Series(["US"]))
    with pytest.raises(TypeError, match="remote_hints must be a Boolean"):
        parse_locations(pl.Series(["a"]), remote_hints=pl.Series(["yes"]))


def test_gazetteer_rows_are_well_formed() -> None:
    with PLACES_PATH.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == [
            "city",
            "region",
            "country",
            "metro_code",
            "metro_name",
            "aliases",
        ]
        rows = list(reader)
    keys = [(r["city"], r["region"], r["country"]) for r in rows]
    assert len(keys) == len(set(keys)), "duplicate (city, region, country) rows"
    for row in rows:
        assert row["city"] and pycountry.countries.get(alpha_2=row["country"]), row
        if row["country"] == "US":
            assert re.fullmatch(r"\d{7}", row["metro_code"]) and row["metro_name"], row
        else:
            assert not row["metro_code"], row


def test_countries_table_names_real_countries_and_unique_regions() -> None:
    table = pl.read_csv(COUNTRIES_PATH, infer_schema=False)
    assert table.columns == ["country", "region", "name", "aliases"]
    for code in table["country"].unique():
        assert pycountry.countries.get(alpha_2=code), code
    regions = table.filter(pl.col("region").is_not_null())
    assert regions.select("country", "region").is_duplicated().sum() == 0


def test_build_path_has_no_per_row_python() -> None:
    source = Path(locations.__file__).read_text(encoding="utf-8")
    assert "map_elements" not in source
    assert "iter_rows" not in source


@pytest.mark.parametrize(
    "word",
    [
        w
        for fragment in WORK_MODE_WORDS + NO_PLACE_WORDS
        for w in {fragment.replace("?", ""), re.sub(r".\?", "", fragment)}
    ],
)
def test_the_contracts_work_mode_and_office_words_are_no_place(word: str) -> None:
    alone = parse_location(word.title())
    assert (alone["city"], alone["country"]) == (None, None)
    with_place = parse_location(f"{word.title()} - Berlin, Germany")
    assert (with_place["city"], with_place["country"]) == ("Berlin", "DE")
