"""Published tables as they are: whole marts (capped) and the claims; injection-shaped input."""

from __future__ import annotations

import pytest
from polars.testing import assert_frame_equal

from tests.fixtures.snapshot.helpers import INJECTION
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)
from warehouse import queries


def test_claims_filter_by_verdict_and_count(snapshot: SyntheticSnapshot) -> None:
    every = queries.claims()
    assert every["claim_id"].to_list() == [1, 2, 3, 4]
    assert queries.claims("higher")["claim_id"].to_list() == [3]
    assert queries.claims(INJECTION).is_empty()
    assert queries.claim_verdict_counts() == {
        "consistent": 1,
        "higher": 1,
        "lower": 1,
        "not measurable": 1,
    }


def test_mart_rows_returns_the_mart_and_says_when_capped(rich: SyntheticSnapshot) -> None:
    whole = queries.mart_rows("out_skill_premiums")
    assert not whole.is_capped and whole.total_rows == rich.premiums.height
    assert_frame_equal(
        whole.rows.select(rich.premiums.columns).sort("segment", "skill_id"),
        rich.premiums.sort("segment", "skill_id"),
    )
    capped = queries.mart_rows("out_skill_demand_monthly", max_rows=5)
    assert capped.is_capped and capped.rows.height == 5
    assert capped.total_rows == rich.demand.height


def test_injection_shaped_input_returns_nothing(rich: SyntheticSnapshot) -> None:
    assert queries.premium_forest(INJECTION).is_empty()
    assert queries.suppressed_premiums(INJECTION).is_empty()
    assert queries.demand_supply(INJECTION).is_empty()
    with pytest.raises(ValueError, match="unknown snapshot view"):
        queries.mart_rows("skills; DROP VIEW skills")
    with pytest.raises(ValueError, match="max_rows"):
        queries.mart_rows("skills", max_rows=0)
    assert queries.mart_rows("skills").total_rows == rich.frames["skills"].height
