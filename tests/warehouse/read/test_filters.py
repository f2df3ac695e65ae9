"""The filters' values, read once per snapshot build."""

from __future__ import annotations

from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)
from warehouse import queries


def test_filter_options_come_from_the_marts(snapshot: SyntheticSnapshot) -> None:
    options = queries.filter_options()
    demand = snapshot.demand
    assert options.role_families[0] == "all" and options.countries[0] == "all"
    assert set(options.role_families) == set(demand["role_family"])
    assert set(options.countries) == set(demand["country"])
    assert list(options.months) == demand["month"].unique().sort().to_list()
    assert set(options.premium_segments) == set(snapshot.premiums["segment"])
    assert set(options.pay_role_families) == set(snapshot.pay_bands["role_family"])
    order = [s for s in queries.SENIORITY_ORDER if s in set(snapshot.pay_bands["seniority"])]
    assert list(options.seniorities) == order


def test_posting_filter_options(snapshot: SyntheticSnapshot) -> None:
    options = queries.posting_filter_options()
    assert options.seniorities == ("entry", "mid", "senior", "staff")
    assert options.sources == ("ashby", "lever")
