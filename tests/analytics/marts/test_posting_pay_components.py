"""Pay beside base pay in the marts (issue #12): out_posting_pay publishes each posting's
equity, bonus and commission as columns of their own, and the pay bands are exactly what they
are without them (never mixed into base)."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from analytics.marts.pay_band_places import out_posting_pay
from analytics.marts.pay_bands import out_pay_bands_by_window
from analytics.normalize.pay_components import PAY_COMPONENT_COLUMNS
from contract.marts.pay import OUT_POSTING_PAY
from tests.dashboard.pages.pay_snapshot import crafted_postings


def test_posting_pay_carries_the_components_as_their_own_columns() -> None:
    postings = crafted_postings()
    published = out_posting_pay(postings)
    assert list(published.columns) == list(OUT_POSTING_PAY.column_names)
    got = published.join(postings, on="posting_id", suffix="_core")
    for column in ("offers_equity", "offers_bonus", "bonus_min_annual", "equity_pct_max"):
        assert got[column].eq_missing(got[f"{column}_core"]).all()
    # base pay as in core_postings: no bonus added anywhere
    assert (got["pay_max_annual"] == got["pay_max_annual_core"]).all()
    # a posting whose source lists no components reads null, not "does not offer"
    unlisted = got.filter(pl.col("city") == "San Jose")
    assert unlisted["offers_equity"].null_count() == unlisted.height


def test_posting_pay_of_a_build_before_components_reads_null() -> None:
    postings = crafted_postings()
    older = postings.drop([c for c in PAY_COMPONENT_COLUMNS if c in postings.columns])
    published = out_posting_pay(older)
    nulls = published.select(PAY_COMPONENT_COLUMNS).null_count().row(0)
    assert nulls == (published.height,) * len(PAY_COMPONENT_COLUMNS)


def test_bands_are_the_same_with_or_without_components() -> None:
    postings = crafted_postings()
    present = [c for c in PAY_COMPONENT_COLUMNS if c in postings.columns]
    with_components = out_pay_bands_by_window(postings)
    without = out_pay_bands_by_window(postings.drop(present))
    assert_frame_equal(with_components, without)
