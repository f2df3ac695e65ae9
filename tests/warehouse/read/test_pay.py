"""Pay bands: cells, places, the year-earlier window, the postings of a cell too thin for a
band and the offer check.

Expected values come from the frames the snapshot was written from.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.dashboard.pages.pay_snapshot import (
    AUSTIN,
    SAN_FRANCISCO,
    PaySnapshot,
    write_pay_snapshot,
)
from tests.fixtures.snapshot.marts import SF_METRO
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries
from warehouse.read import pay


def test_pay_band_cell_with_its_own_data(snapshot: SyntheticSnapshot) -> None:
    row = queries.pay_band("ml_engineer", "senior", "US-CA").row(0, named=True)
    source = snapshot.pay_bands.filter(pl.col("place_id") == "US-CA").row(0, named=True)
    assert row["is_rolled_up"] is False
    assert row["rollup_level"] == row["place_level"] == "state"
    for column in ("p10", "p50", "p90", "n_postings", "n_companies", "currency"):
        assert row[column] == source[column]


def test_pay_band_rolled_up_cell_is_labelled_with_its_level(snapshot: SyntheticSnapshot) -> None:
    row = queries.pay_band("ml_engineer", "senior", SF_METRO).row(0, named=True)
    source = snapshot.pay_bands.filter(pl.col("place_id") == SF_METRO).row(0, named=True)
    assert row["is_rolled_up"] is True
    assert (row["place_level"], row["rollup_level"]) == ("metro", "state")
    assert (row["n_postings"], row["n_companies"]) == (source["n_postings"], source["n_companies"])


def test_pay_band_usd_percentiles_use_the_median_rate(snapshot: SyntheticSnapshot) -> None:
    row = queries.pay_band("ml_engineer", "mid", "IN").row(0, named=True)
    rate = row["p50_usd"] / row["p50"]
    for column in ("p10", "p25", "p75", "p90"):
        assert row[f"{column}_usd"] == pytest.approx(row[column] * rate)


def test_suppressed_pay_band_keeps_its_counts(snapshot: SyntheticSnapshot) -> None:
    row = queries.pay_band("data_scientist", "mid", "0035620").row(0, named=True)
    assert row["is_suppressed"] is True and row["rollup_level"] is None
    assert row["is_rolled_up"] is False
    assert row["p50"] is None and row["p10_usd"] is None
    assert row["n_postings"] == 4


def test_published_usd_percentiles_are_preferred(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].with_columns(
        p10_usd=pl.col("p10") * 0.011, p90_usd=pl.col("p90") * 0.013
    )
    write_snapshot(empty_home, "with-usd", frames)
    row = queries.pay_band("ml_engineer", "mid", "IN").row(0, named=True)
    assert row["p10_usd"] == pytest.approx(row["p10"] * 0.011)
    assert row["p90_usd"] == pytest.approx(row["p90"] * 0.013)
    assert row["p25_usd"] == pytest.approx(row["p25"] * row["p50_usd"] / row["p50"])


def test_pay_band_places_run_coarse_to_fine_without_repeats(snapshot: SyntheticSnapshot) -> None:
    places = queries.pay_band_places()
    assert places.height == snapshot.pay_bands["place_id"].n_unique()
    order = {level: index for index, level in enumerate(queries.PLACE_LEVEL_ORDER)}
    assert places["place_level"].replace_strict(order).is_sorted()
    cell = queries.pay_band_places("ml_engineer", "senior")
    expected = snapshot.pay_bands.filter(
        (pl.col("role_family") == "ml_engineer") & (pl.col("seniority") == "senior")
    )
    assert set(cell["place_id"]) == set(expected["place_id"])


def test_pay_snapshot_lists_the_place_cells_in_level_order(snapshot: SyntheticSnapshot) -> None:
    result = queries.pay_snapshot("all")
    expected = snapshot.pay_bands.filter(pl.col("place_id") == "all")
    assert result.height == expected.height
    assert set(zip(result["role_family"], result["seniority"], strict=True)) == set(
        zip(expected["role_family"], expected["seniority"], strict=True)
    )


BAND_POINTS = ((10, "p10"), (25, "p25"), (50, "p50"), (75, "p75"), (90, "p90"))


@pytest.mark.parametrize(("percentile", "column"), BAND_POINTS)
def test_offer_at_a_band_point_gets_that_percentile(
    snapshot: SyntheticSnapshot, percentile: int, column: str
) -> None:
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US").row(0, named=True)
    position = queries.offer_percentile("ml_engineer", "senior", "US", cell[column])
    assert position.position == "within"
    assert position.percentile == pytest.approx(percentile)
    assert (position.n_postings, position.currency) == (cell["n_postings"], "USD")


def test_offer_percentile_interpolates_linearly_between_points(
    snapshot: SyntheticSnapshot,
) -> None:
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US").row(0, named=True)
    amount = cell["p50"] + 0.4 * (cell["p75"] - cell["p50"])
    position = queries.offer_percentile("ml_engineer", "senior", "US", amount)
    assert position.percentile == pytest.approx(50 + 0.4 * 25)


def test_offer_percentile_is_monotone_across_the_band(snapshot: SyntheticSnapshot) -> None:
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "IN").row(0, named=True)
    amounts = [cell["p10"] + step * (cell["p90"] - cell["p10"]) / 50 for step in range(51)]
    percentiles = [
        queries.offer_percentile("ml_engineer", "mid", "IN", amount).percentile
        for amount in amounts
    ]
    assert all(p is not None for p in percentiles)
    assert percentiles == sorted(percentiles)
    assert percentiles[0] == pytest.approx(10) and percentiles[-1] == pytest.approx(90)


def test_offer_outside_the_band_is_said_as_such(snapshot: SyntheticSnapshot) -> None:
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US").row(0, named=True)
    below = queries.offer_percentile("ml_engineer", "senior", "US", cell["p10"] - 1)
    above = queries.offer_percentile("ml_engineer", "senior", "US", cell["p90"] + 1)
    assert (below.position, below.percentile) == ("below_p10", None)
    assert (above.position, above.percentile) == ("above_p90", None)


def test_offer_in_a_suppressed_or_absent_cell_is_refused(snapshot: SyntheticSnapshot) -> None:
    with pytest.raises(queries.PayBandUnavailableError, match="suppressed"):
        queries.offer_percentile("data_scientist", "mid", "0035620", 100_000)
    with pytest.raises(queries.PayBandUnavailableError, match="No pay band"):
        queries.offer_percentile("ml_engineer", "intern", "US", 100_000)


@pytest.mark.parametrize("amount", [0, -5.0, float("nan"), float("inf"), True])
def test_offer_amount_must_be_a_positive_number(snapshot: SyntheticSnapshot, amount: float) -> None:
    with pytest.raises(ValueError, match="offer amount"):
        queries.offer_percentile("ml_engineer", "senior", "US", amount)


def test_tied_percentiles_give_the_midpoint_and_stay_monotone() -> None:
    points = [(10.0, 100.0), (25.0, 120.0), (50.0, 120.0), (75.0, 150.0), (90.0, 200.0)]
    assert pay.percentile_within_band(points, 120.0) == (37.5, "within")
    below, _ = pay.percentile_within_band(points, 119.0)
    above, _ = pay.percentile_within_band(points, 121.0)
    assert below is not None and above is not None and below < 37.5 < above


def test_decreasing_percentiles_are_reported_as_a_bad_cell(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].with_columns(
        p25=pl.when(pl.col("place_id") == "US").then(pl.col("p75")).otherwise(pl.col("p25"))
    )
    write_snapshot(empty_home, "bad-band", frames)
    with pytest.raises(queries.SnapshotInvalidError, match=r"percentiles decrease.*'US'"):
        queries.offer_percentile("ml_engineer", "senior", "US", 200_000)


def test_pages_read_the_last_window_and_the_year_before_is_one_query_away(
    empty_home: Path,
) -> None:
    frames = snapshot_frames()
    last = frames["out_pay_bands"].with_columns(pl.lit("last_12m").alias("window"))
    prior = last.with_columns(
        pl.lit("prior_12m").alias("window"),
        (pl.col("p50") * 0.9).alias("p50"),
    )
    frames["out_pay_bands"] = pl.concat([last, prior])
    write_snapshot(empty_home, "two-windows", frames)
    cell = queries.pay_band("ml_engineer", "senior", "US")
    assert cell.height == 1  # not one row per window
    before = queries.pay_band_year_earlier("ml_engineer", "senior", "US").row(0, named=True)
    assert before["p50"] == pytest.approx(0.9 * cell["p50"][0])
    assert queries.pay_band_places().height == last["place_id"].n_unique()


# --------------------------------------------------------------------------- thin cells
# On the pay snapshot built by the build's own code (tests/dashboard/pages/pay_snapshot.py).


def _crafted(pay_snapshot: PaySnapshot, role_family: str, seniority: str) -> pl.DataFrame:
    return pay_snapshot.postings.filter(
        (pl.col("role_family") == role_family) & (pl.col("seniority") == seniority)
    )


@pytest.mark.parametrize("place_id", [SAN_FRANCISCO, "US-CA", "US", "all"])
def test_a_thin_cell_returns_the_postings_it_counts(empty_home: Path, place_id: str) -> None:
    """Issue #12: ML engineer · Senior · San Francisco on the real captures (3 paid postings from
    3 companies) listed none of them: pay_band_postings is empty for a suppressed cell."""
    pay_snapshot = write_pay_snapshot(empty_home)
    cell = pay_snapshot.cell("ml_engineer", "staff", place_id)
    assert cell["is_suppressed"] is True and (cell["n_postings"], cell["n_companies"]) == (3, 3)
    assert queries.pay_band_postings("ml_engineer", "staff", place_id).is_empty()  # no band
    postings = queries.thin_cell_postings("ml_engineer", "staff", place_id)
    crafted = _crafted(pay_snapshot, "ml_engineer", "staff")  # all three in San Francisco
    assert postings.height == cell["n_postings"]
    assert postings["company"].n_unique() == cell["n_companies"]
    assert sorted(postings["posting_id"]) == sorted(crafted["posting_id"])
    assert postings["company"].to_list() == sorted(crafted["company"])
    joined = postings.join(crafted, on="posting_id")
    assert (joined["pay_min"] == joined["pay_min_annual"]).all()
    assert (joined["pay_max"] == joined["pay_max_annual"]).all()
    assert (joined["title"] == joined["title_right"]).all()
    assert (joined["currency"] == "USD").all()
    assert postings.columns[-len(queries.BEYOND_BASE_COLUMNS) :] == list(
        queries.BEYOND_BASE_COLUMNS
    )
    assert joined["bonus_min"].eq_missing(joined["bonus_min_annual"]).all()


def test_a_thin_cell_abroad_keeps_each_postings_currency_with_usd(empty_home: Path) -> None:
    pay_snapshot = write_pay_snapshot(empty_home)
    cell = pay_snapshot.cell("data_scientist", "senior", "IN")
    assert cell["is_suppressed"] is True
    postings = queries.thin_cell_postings("data_scientist", "senior", "IN")
    crafted = _crafted(pay_snapshot, "data_scientist", "senior").filter(pl.col("country") == "IN")
    assert postings.height == cell["n_postings"] == crafted.height
    joined = postings.join(crafted, on="posting_id")
    assert (joined["currency"] == "INR").all()
    assert (joined["pay_min"] == joined["pay_min_annual"]).all()
    assert (joined["pay_min_usd"] == joined["pay_min_annual_usd"]).all()
    assert (joined["pay_max_usd"] == joined["pay_max_annual_usd"]).all()


def test_a_cell_with_a_band_or_none_has_no_thin_cell_postings(empty_home: Path) -> None:
    """A band's postings are pay_band_postings' (unchanged); an absent cell has none."""
    write_pay_snapshot(empty_home)
    assert queries.pay_band_postings("ml_engineer", "senior", "US-TX").height == 28
    assert queries.thin_cell_postings("ml_engineer", "senior", "US-TX").is_empty()
    assert queries.thin_cell_postings("ml_engineer", "intern", "US").is_empty()
    assert queries.thin_cell_postings("ml_engineer", "staff", "x' OR '1'='1").is_empty()


# --------------------------------------------------------------------------- beyond base pay
# Issue #12: equity, bonus and commission beside the band, never in it (pay_snapshot.py: the
# Texas ML engineer · Senior postings list them).


def test_beyond_base_counts_the_postings_behind_the_band(empty_home: Path) -> None:
    pay_snapshot = write_pay_snapshot(empty_home)
    cell = pay_snapshot.cell("ml_engineer", "senior", "US-TX")
    row = queries.pay_band_beyond_base("ml_engineer", "senior", "US-TX").row(0, named=True)
    texas = _crafted(pay_snapshot, "ml_engineer", "senior").filter(
        (pl.col("region") == "TX") & pl.col("pay_kind").is_null()
    )
    assert row["n_postings"] == cell["shown_n_postings"] == texas.height == 28
    assert row["n_listed"] == 28
    assert (row["n_equity"], row["n_bonus"], row["n_commission"]) == (20, 25, 2)
    assert (row["n_bonus_amounts"], row["n_bonus_amount_companies"]) == (20, 10)
    given = texas.filter(pl.col("bonus_min_annual").is_not_null())
    assert row["bonus_median_low"] == pytest.approx(given["bonus_min_annual"].median())
    assert row["bonus_median_high"] == pytest.approx(given["bonus_max_annual"].median())
    assert row["band_currency"] == "USD"
    # 6 equity percents: too few for a median; no commission amounts at all
    assert row["n_equity_pct_amounts"] == 6 and row["equity_pct_median_low"] is None
    assert row["n_commission_amounts"] == 0 and row["commission_median_low"] is None
    assert row["n_ote"] == 2  # the two Austin on-target postings the band leaves out


def test_beyond_base_of_a_rolled_up_cell_is_its_bands(empty_home: Path) -> None:
    write_pay_snapshot(empty_home)
    austin = queries.pay_band_beyond_base("ml_engineer", "senior", AUSTIN)
    texas = queries.pay_band_beyond_base("ml_engineer", "senior", "US-TX")
    assert austin.equals(texas)


def test_beyond_base_where_no_source_lists_components_or_no_band(empty_home: Path) -> None:
    write_pay_snapshot(empty_home)
    row = queries.pay_band_beyond_base("ml_engineer", "senior", "US-CA").row(0, named=True)
    assert (row["n_postings"], row["n_listed"], row["n_equity"]) == (40, 0, 0)
    assert row["bonus_median_low"] is None and row["n_ote"] == 0
    assert queries.pay_band_beyond_base("ml_engineer", "staff", SAN_FRANCISCO).is_empty()
    assert queries.pay_band_beyond_base("ml_engineer", "staff", "x' OR '1'='1").is_empty()


def test_band_postings_show_each_postings_components_beside_base(empty_home: Path) -> None:
    pay_snapshot = write_pay_snapshot(empty_home)
    postings = queries.pay_band_postings("ml_engineer", "senior", "US-TX")
    assert postings.columns[-len(queries.BEYOND_BASE_COLUMNS) :] == list(
        queries.BEYOND_BASE_COLUMNS
    )
    joined = postings.join(_crafted(pay_snapshot, "ml_engineer", "senior"), on="posting_id")
    assert (joined["pay_max"] == joined["pay_max_annual"]).all()  # base as advertised
    assert joined["bonus_max"].eq_missing(joined["bonus_max_annual"]).all()
    assert joined["offers_equity"].eq_missing(joined["offers_equity_right"]).all()


def test_beyond_base_amounts_at_level_all_are_in_usd(empty_home: Path) -> None:
    """At level all the band is in USD: a posting's amounts convert at its base pay's rate."""
    write_pay_snapshot(empty_home)
    postings = queries.pay_band_postings("ml_engineer", "senior", "all")
    row = queries.pay_band_beyond_base("ml_engineer", "senior", "all").row(0, named=True)
    assert row["band_currency"] == "USD"
    assert row["n_postings"] == postings.height
    given = postings.filter(pl.col("bonus_min").is_not_null())
    assert given.height == row["n_bonus_amounts"] == 20
    assert row["bonus_median_low"] == pytest.approx(given["bonus_min"].median())


def test_alternatives_hold_the_countrys_own_cells_first(snapshot: SyntheticSnapshot) -> None:
    """ML engineer senior in India has no band; India's only band is ML engineer mid. Ordered
    by role and level first, the US and all-places senior cells filled the first rows, so a
    read of a few rows held none of India's (the page reads a bounded number)."""
    near = queries.pay_band_alternatives("ml_engineer", "senior", "IN", n=1)
    assert near.select("role_family", "seniority", "place_id").row(0) == (
        "ml_engineer",
        "mid",
        "IN",
    )
    every = queries.pay_band_alternatives("ml_engineer", "senior", "IN", n=10)
    assert every["place_id"].to_list()[1:] == ["all", "US", "US-CA"]  # then by postings
