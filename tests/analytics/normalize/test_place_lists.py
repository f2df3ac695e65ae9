"""A posting's other locations are evidence for its first one only when they all lie in one
country: offices across countries say nothing about which London is meant (real Ashby boards
list "London / New York / Toronto / Montreal / Paris" with a UK address; the Canadian cities had
made it London, Ontario)."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize.locations import parse_locations


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        # offices in several countries: the first place read as it would be alone
        ("London / New York / Toronto / Montreal / Paris", "London", "ENG", "GB"),
        ("London / Toronto / San Francisco / New York / Montreal", "London", "ENG", "GB"),
        ("Paris / London / Toronto / New York / Montreal", "Paris", "IDF", "FR"),
        # every other location in one country still decides (controls)
        ("Cambridge / London", "Cambridge", "ENG", "GB"),
        ("Cambridge / Boston", "Cambridge", "MA", "US"),
        ("London / Toronto / Ottawa", "London", "ON", "CA"),
        ("Birmingham / Manchester", "Birmingham", "ENG", "GB"),
    ],
)
def test_first_place_of_a_list(text: str, city: str, region: str, country: str) -> None:
    got = parse_locations(pl.Series([text])).row(0, named=True)
    assert (got["city"], got["region"], got["country"]) == (city, region, country)
