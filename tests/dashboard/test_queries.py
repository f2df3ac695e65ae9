"""Tests for warehouse.queries against the synthetic snapshot written by conftest.py.

Expected values are computed here from the frames the snapshot was written from, with Polars,
independently of the SQL under test.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from tests.dashboard.conftest import (
    SF_METRO,
    SyntheticSnapshot,
    manifest_for,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries

INJECTION = "x' OR 1=1 --"


def slice_of(frame: pl.DataFrame, role_family: str = "all", country: str = "all") -> pl.DataFrame:
    return frame.filter((pl.col("role_family") == role_family) & (pl.col("country") == country))


def shifted(month: date, months: int) -> date:
    return pl.Series([month]).dt.offset_by(f"{months}mo")[0]


# --------------------------------------------------------------------------- snapshot location


def test_missing_snapshot_is_reported_with_how_to_build(empty_home: Path) -> None:
    assert not queries.snapshot_available()
    with pytest.raises(queries.SnapshotMissingError) as error:
        queries.snapshot_manifest()
    message = str(error.value)
    assert str(empty_home / "curated" / "current") in message
    assert "skillmarket demo --no-app" in message and "skillmarket build" in message
    with pytest.raises(queries.SnapshotMissingError):
        queries.top_skills()


def test_manifest_is_read_through_the_current_symlink(snapshot: SyntheticSnapshot) -> None:
    assert queries.snapshot_available()
    assert (snapshot.home / "curated" / "current").is_symlink()
    manifest = queries.snapshot_manifest()
    assert manifest == snapshot.manifest
    assert manifest["build_id"] == snapshot.build_id


def test_current_may_be_a_plain_directory(empty_home: Path) -> None:
    frames = snapshot_frames()
    write_snapshot(empty_home, "plain-build", frames, as_symlink=False)
    assert queries.snapshot_manifest()["build_id"] == "plain-build"
    assert queries.skill_catalog().height == frames["skills"].height + 1


@pytest.mark.parametrize("key", sorted(queries.MANIFEST_KEYS))
def test_manifest_without_a_required_key_is_rejected(empty_home: Path, key: str) -> None:
    frames = snapshot_frames()
    manifest = manifest_for("broken", frames)
    del manifest[key]
    write_snapshot(empty_home, "broken", frames, manifest)
    with pytest.raises(queries.SnapshotInvalidError, match=f"missing key '{key}'"):
        queries.snapshot_manifest()


def test_manifest_that_is_not_json_is_rejected(empty_home: Path) -> None:
    directory = write_snapshot(empty_home, "bad-json", snapshot_frames())
    (directory / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(queries.SnapshotInvalidError, match=r"manifest\.json: not valid JSON"):
        queries.snapshot_manifest()


def test_manifest_with_a_wrongly_typed_key_is_rejected(empty_home: Path) -> None:
    frames = snapshot_frames()
    manifest = manifest_for("typed", frames) | {"is_sample": "yes"}
    write_snapshot(empty_home, "typed", frames, manifest)
    with pytest.raises(queries.SnapshotInvalidError, match="'is_sample' has type str"):
        queries.snapshot_manifest()


def test_mart_missing_a_column_names_file_and_column(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].drop("rollup_level")
    write_snapshot(empty_home, "no-rollup", frames)
    assert not queries.skill_catalog().is_empty()
    with pytest.raises(queries.SnapshotInvalidError) as error:
        queries.pay_band("ml_engineer", "senior", "US")
    assert "out_pay_bands.parquet" in str(error.value)
    assert "rollup_level" in str(error.value)


def test_unreadable_parquet_is_reported_for_its_queries_only(empty_home: Path) -> None:
    directory = write_snapshot(empty_home, "garbled", snapshot_frames())
    (directory / "out_skill_premiums.parquet").write_bytes(b"not a parquet file")
    assert not queries.top_skills().is_empty()
    with pytest.raises(queries.SnapshotInvalidError, match="cannot be read as Parquet"):
        queries.premiums()


def test_missing_mart_fails_only_the_queries_that_read_it(empty_home: Path) -> None:
    frames = snapshot_frames()
    del frames["out_skill_premiums"]
    write_snapshot(empty_home, "no-premiums", frames)
    assert not queries.top_skills().is_empty()
    with pytest.raises(queries.SnapshotInvalidError, match=r"no out_skill_premiums\.parquet"):
        queries.premiums()


def test_new_publish_is_picked_up_and_connection_reused_within_a_build(
    snapshot: SyntheticSnapshot,
) -> None:
    queries.top_skills()
    first = queries._snapshot_connection()
    assert queries._snapshot_connection() is first
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].with_columns(pl.col("n_postings") * 2)
    write_snapshot(snapshot.home, "second-build", frames)
    assert queries.snapshot_manifest()["build_id"] == "second-build"
    second = queries._snapshot_connection()
    assert second is not first
    expected = frames["out_pay_bands"].filter(pl.col("place_id") == "US")["n_postings"].item()
    assert queries.pay_band("ml_engineer", "senior", "US")["n_postings"].item() == expected


def test_connection_reads_only_the_snapshot_files(snapshot: SyntheticSnapshot) -> None:
    outside = snapshot.home / "outside.csv"
    outside.write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        queries._query(("skills",), "SELECT * FROM read_csv($path)", {"path": str(outside)})


def test_unknown_view_names_are_refused(snapshot: SyntheticSnapshot) -> None:
    with pytest.raises(ValueError, match="unknown snapshot view"):
        queries._query(("pg_catalog",), "SELECT 1", {})


# --------------------------------------------------------------------------- skill demand


def test_skill_catalog_lists_skills_and_the_genai_pseudo_skill(
    snapshot: SyntheticSnapshot,
) -> None:
    catalog = queries.skill_catalog()
    skills = snapshot.frames["skills"]
    assert set(catalog["skill_id"]) == {*skills["skill_id"], "genai"}
    genai = catalog.filter(pl.col("skill_id") == "genai").row(0, named=True)
    assert genai["is_genai"] is True
    assert catalog["name"].str.to_lowercase().is_sorted()


def test_demand_trend_returns_the_slice_rows_with_names(snapshot: SyntheticSnapshot) -> None:
    result = queries.demand_trend(["llm", "python"], "ml_engineer", "US")
    names = snapshot.frames["skills"].select("skill_id", skill_name="name")
    expected = (
        slice_of(snapshot.demand, "ml_engineer", "US")
        .filter(pl.col("skill_id").is_in(["llm", "python"]))
        .join(names, on="skill_id")
        .select(result.columns)
        .sort("skill_id", "month")
    )
    assert result.height == 48
    assert_frame_equal(result, expected)


def test_demand_trend_date_window_is_inclusive(snapshot: SyntheticSnapshot) -> None:
    months = snapshot.demand["month"].unique().sort()
    start, end = months[3], months[8]
    result = queries.demand_trend(["pytorch"], start=start, end=end)
    assert result["month"].to_list() == months.slice(3, 6).to_list()


def test_demand_trend_with_no_skills_is_empty_and_a_bare_string_is_refused(
    snapshot: SyntheticSnapshot,
) -> None:
    assert queries.demand_trend([]).is_empty()
    with pytest.raises(TypeError, match="not the string 'llm'"):
        queries.demand_trend("llm")


def test_values_are_bound_as_parameters_not_sql(snapshot: SyntheticSnapshot) -> None:
    assert queries.demand_trend([INJECTION]).is_empty()
    assert queries.demand_trend(["llm"], role_family=INJECTION).is_empty()
    assert queries.top_skills(country=INJECTION).is_empty()
    assert queries.premiums(INJECTION).is_empty()
    assert queries.pay_band(INJECTION, "senior", "US").is_empty()
    assert queries.pay_band("ml_engineer", "senior", "US' OR '1'='1").is_empty()
    assert queries.pay_band_places(INJECTION).is_empty()
    # The same calls with real values do return rows, so emptiness above is the binding.
    assert not queries.demand_trend(["llm"]).is_empty()
    assert not queries.pay_band("ml_engineer", "senior", "US").is_empty()


def test_genai_share_trend_is_the_genai_rows(snapshot: SyntheticSnapshot) -> None:
    result = queries.genai_share_trend("all", "IN")
    expected = (
        slice_of(snapshot.demand, "all", "IN")
        .filter(pl.col("skill_id") == "genai")
        .select(result.columns)
        .sort("month")
    )
    assert_frame_equal(result, expected)


def test_top_skills_ranks_by_share_in_the_latest_month(snapshot: SyntheticSnapshot) -> None:
    result = queries.top_skills(role_family="data_scientist", country="US", n=3)
    rows = slice_of(snapshot.demand, "data_scientist", "US").filter(pl.col("skill_id") != "genai")
    latest = rows.filter(pl.col("month") == pl.col("month").max())
    expected = latest.sort("share_pct", descending=True)["skill_id"].head(3).to_list()
    assert result["skill_id"].to_list() == expected
    assert result["rank"].to_list() == [1, 2, 3]
    assert (result["month"] == rows["month"].max()).all()


def test_top_skills_for_a_given_month_leaves_out_genai(snapshot: SyntheticSnapshot) -> None:
    first = snapshot.demand["month"].min()
    result = queries.top_skills(month=first, n=10)
    rows = slice_of(snapshot.demand).filter(
        (pl.col("month") == first) & (pl.col("skill_id") != "genai")
    )
    expected = rows.sort("share_pct", descending=True)["skill_id"].to_list()
    assert result["skill_id"].to_list() == expected
    with pytest.raises(ValueError, match="positive integer"):
        queries.top_skills(n=0)


def expected_rising(
    demand: pl.DataFrame, role_family: str, country: str, min_recent: int
) -> pl.DataFrame:
    rows = slice_of(demand, role_family, country).filter(pl.col("skill_id") != "genai")
    latest = rows["month"].max()
    now = rows.filter(pl.col("month") == latest)
    ago = rows.filter(pl.col("month") == shifted(latest, -12)).select(
        "skill_id", share_ago="share_pct"
    )
    recent = (
        rows.filter(pl.col("month") > shifted(latest, -3))
        .group_by("skill_id")
        .agg(n_3m=pl.col("n_with_skill").sum())
    )
    return (
        now.join(ago, on="skill_id")
        .join(recent, on="skill_id")
        .filter((pl.col("n_3m") >= min_recent) & (pl.col("share_pct") > pl.col("share_ago")))
        .with_columns(ratio=pl.col("share_pct") / pl.col("share_ago"))
        .sort("ratio", descending=True)
    )


def test_rising_skills_rank_by_yoy_share_ratio_with_counts(snapshot: SyntheticSnapshot) -> None:
    result = queries.rising_skills(role_family="ml_engineer", country="US", min_recent_postings=30)
    expected = expected_rising(snapshot.demand, "ml_engineer", "US", 30)
    assert result["skill_id"].to_list() == expected["skill_id"].to_list()
    assert result["share_ratio"].to_list() == pytest.approx(expected["ratio"].to_list())
    assert result["n_with_skill_3m"].to_list() == expected["n_3m"].to_list()
    assert (result["change_pts"] > 0).all()
    assert result["n_postings_year_ago"].null_count() == 0


def test_rising_skills_drop_skills_below_the_support_threshold(
    snapshot: SyntheticSnapshot,
) -> None:
    all_growing = expected_rising(snapshot.demand, "all", "IN", 0)
    threshold = int(all_growing["n_3m"].median())
    result = queries.rising_skills(country="IN", min_recent_postings=threshold)
    kept = all_growing.filter(pl.col("n_3m") >= threshold)
    assert 0 < result.height < all_growing.height
    assert set(result["skill_id"]) == set(kept["skill_id"])


def test_headline_numbers_compare_the_last_12_months_with_the_prior_12(
    snapshot: SyntheticSnapshot,
) -> None:
    row = queries.headline_numbers("data_scientist", "all").row(0, named=True)
    genai = slice_of(snapshot.demand, "data_scientist", "all").filter(pl.col("skill_id") == "genai")
    latest = genai["month"].max()
    last = genai.filter(pl.col("month") > shifted(latest, -12))["n_postings"].sum()
    prior = genai.filter(pl.col("month") <= shifted(latest, -12))["n_postings"].sum()
    now = genai.filter(pl.col("month") == latest).row(0, named=True)
    ago = genai.filter(pl.col("month") == shifted(latest, -12)).row(0, named=True)
    assert row["latest_month"] == latest
    assert (row["postings_last_12m"], row["postings_prior_12m"]) == (last, prior)
    assert row["postings_change_pct"] == pytest.approx(100 * (last / prior - 1))
    assert row["genai_share_pct"] == pytest.approx(now["share_pct"])
    assert row["genai_n_postings"] == now["n_postings"]
    assert row["genai_n_with_skill_year_ago"] == ago["n_with_skill"]
    assert row["genai_change_pts"] == pytest.approx(now["share_pct"] - ago["share_pct"])


def test_headline_change_is_withheld_when_the_prior_year_is_incomplete(empty_home: Path) -> None:
    frames = snapshot_frames(n_months=18)
    write_snapshot(empty_home, "short", frames)
    row = queries.headline_numbers().row(0, named=True)
    assert (row["months_last_12m"], row["months_prior_12m"]) == (12, 6)
    assert row["postings_prior_12m"] > 0
    assert row["postings_change_pct"] is None


def test_headline_for_an_unknown_slice_is_all_null(snapshot: SyntheticSnapshot) -> None:
    row = queries.headline_numbers("no_such_role", "all").row(0, named=True)
    assert row["latest_month"] is None and row["genai_share_pct"] is None


# --------------------------------------------------------------------------- pay


def test_premiums_for_a_segment_put_suppressed_rows_last(snapshot: SyntheticSnapshot) -> None:
    result = queries.premiums("all")
    source = snapshot.premiums.filter(pl.col("segment") == "all")
    assert set(result["skill_id"]) == set(source["skill_id"])
    assert result["is_suppressed"].to_list() == sorted(source["is_suppressed"].to_list())
    shown = result.filter(~pl.col("is_suppressed"))["premium_adj_pct"]
    assert shown.is_sorted(descending=True)
    suppressed = result.filter(pl.col("is_suppressed")).row(0, named=True)
    assert suppressed["premium_adj_pct"] is None and suppressed["suppressed_reason"]
    assert result.filter(pl.col("skill_id") == "genai")["skill_name"].item() == "Any GenAI skill"
    segment = queries.premiums("role_family=ml_engineer")
    assert segment["segment"].unique().to_list() == ["role_family=ml_engineer"]


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


def test_optional_pay_columns_read_as_null_when_absent(snapshot: SyntheticSnapshot) -> None:
    row = queries.pay_band("ml_engineer", "senior", "US").row(0, named=True)
    defaults = queries.OPTIONAL_DEFAULTS["out_pay_bands"]  # e.g. window: one window published
    for column in queries.OPTIONAL_COLUMNS["out_pay_bands"]:
        if column not in ("p10_usd", "p90_usd") and column not in defaults:
            assert row[column] is None, column
    assert queries.pay_band_year_earlier("ml_engineer", "senior", "US").is_empty()


def test_mart_column_of_the_wrong_type_is_named(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_skill_premiums"] = frames["out_skill_premiums"].with_columns(
        pl.col("n_with").cast(pl.String)
    )
    write_snapshot(empty_home, "bad-type", frames)
    assert not queries.top_skills().is_empty()  # other marts still answer
    with pytest.raises(queries.SnapshotInvalidError) as error:
        queries.premiums()
    assert "out_skill_premiums.parquet" in str(error.value)
    assert "n_with is varchar, expected integer" in str(error.value)


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


# --------------------------------------------------------------------------- offer check

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
    assert queries._percentile_within_band(points, 120.0) == (37.5, "within")
    below, _ = queries._percentile_within_band(points, 119.0)
    above, _ = queries._percentile_within_band(points, 121.0)
    assert below is not None and above is not None and below < 37.5 < above


def test_decreasing_percentiles_are_reported_as_a_bad_cell(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].with_columns(
        p25=pl.when(pl.col("place_id") == "US").then(pl.col("p75")).otherwise(pl.col("p25"))
    )
    write_snapshot(empty_home, "bad-band", frames)
    with pytest.raises(queries.SnapshotInvalidError, match=r"percentiles decrease.*'US'"):
        queries.offer_percentile("ml_engineer", "senior", "US", 200_000)


# --------------------------------------------------------------------------- filters


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


def test_concurrent_queries_each_get_their_own_cursor(snapshot: SyntheticSnapshot) -> None:
    expected = queries.demand_trend(["llm", "rag"], "all", "US")
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(
            pool.map(lambda _: queries.demand_trend(["llm", "rag"], "all", "US"), range(24))
        )
    for result in results:
        assert_frame_equal(result, expected)


# --------------------------------------------------------------------------- postings-level API
# Expected values below come from the analytics code (the advisor's own recommend and
# coverage_gain) or from Polars over the frames the snapshot was written from.


def test_recommend_next_skills_ranks_like_the_analytics_advisor(
    snapshot: SyntheticSnapshot,
) -> None:
    from analytics.marts.advisor import coverage_gain, recommend
    from tests.dashboard.conftest import core_postings_frames

    postings, posting_skills = core_postings_frames()
    advisor = snapshot.frames["out_skill_advisor"]
    for mine, role, place in (
        (["python"], "ml_engineer", "all"),
        (["python", "sql"], "data_scientist", "US"),
        (["pytorch", "llm"], "ml_engineer", "IN"),
    ):
        coverage = coverage_gain(postings, posting_skills, mine, role, place)
        expected = recommend(advisor, mine, role, place, top=5, coverage=coverage)
        result = queries.recommend_next_skills(mine, role, place, top=5)
        assert result.height == expected.height > 0, (mine, role, place)
        assert result["skill_id"].to_list() == expected["skill_id"].to_list(), (mine, role)
        assert result["score"].to_list() == pytest.approx(expected["score"].to_list())
        assert not set(result["skill_id"]) & set(mine)
        assert result["rank"].to_list() == list(range(1, result.height + 1))
        assert result["reason"].str.starts_with("Named with your skills in").all()


def test_coverage_gains_match_the_analytics_rule(snapshot: SyntheticSnapshot) -> None:
    from analytics.marts.advisor import coverage_gain
    from tests.dashboard.conftest import core_postings_frames

    postings, posting_skills = core_postings_frames()
    expected = coverage_gain(postings, posting_skills, ["python", "pytorch"], "ml_engineer", "US")
    result = queries.coverage_gains(["python", "pytorch"], "ml_engineer", "US")
    assert result.height > 0
    assert_frame_equal(result, expected, check_dtypes=False)


def test_recommend_pooled_share_and_interval(snapshot: SyntheticSnapshot) -> None:
    advisor = snapshot.frames["out_skill_advisor"]
    result = queries.recommend_next_skills(["python", "sql"], "data_scientist", "all", top=3)
    for row in result.iter_rows(named=True):
        rows = advisor.filter(
            (pl.col("role_family") == "data_scientist")
            & (pl.col("place_id") == "all")
            & pl.col("given_skill").is_in(["python", "sql"])
            & (pl.col("next_skill") == row["skill_id"])
        )
        assert row["n_given"] == rows["n_given"].sum()
        assert row["pooled_share"] == pytest.approx(rows["n_both"].sum() / rows["n_given"].sum())
        assert row["pooled_lo"] < row["pooled_share"] < row["pooled_hi"]


def test_recommend_rejects_an_empty_skill_list(snapshot: SyntheticSnapshot) -> None:
    with pytest.raises(ValueError, match="my_skills is empty"):
        queries.recommend_next_skills([], "ml_engineer")
    assert queries.recommend_next_skills([INJECTION], "ml_engineer").is_empty()


def test_recommend_without_a_postings_index_has_no_coverage(empty_home: Path) -> None:
    frames = snapshot_frames()
    del frames["out_postings"]
    write_snapshot(empty_home, "no-postings", frames)
    assert not queries.view_available("out_postings")
    result = queries.recommend_next_skills(["python"], "ml_engineer", "all", top=3)
    assert result.height == 3
    assert result["coverage_gain"].is_null().all()


def test_advisor_cells_and_given_skills(snapshot: SyntheticSnapshot) -> None:
    advisor = snapshot.frames["out_skill_advisor"]
    cells = queries.advisor_cells()
    expected = advisor.select("role_family", "place_id").unique()
    assert cells.height == expected.height
    first = cells.filter(pl.col("role_family") == "ml_engineer")["place_id"].to_list()
    assert first[0] == "all"
    given = queries.advisor_given_skills("ml_engineer", "US")
    expected_given = (
        advisor.filter((pl.col("role_family") == "ml_engineer") & (pl.col("place_id") == "US"))
        .group_by("given_skill")
        .agg(pl.col("n_given").max())
    )
    assert set(given["skill_id"]) == set(expected_given["given_skill"])
    assert given["n_given"].to_list() == sorted(given["n_given"].to_list(), reverse=True)


def test_role_defining_skills_is_tfidf_over_the_last_12_months(
    snapshot: SyntheticSnapshot,
) -> None:
    demand = snapshot.demand.filter(
        (pl.col("country") == "all")
        & (pl.col("role_family") != "all")
        & (pl.col("skill_id") != "genai")
    )
    recent = demand.filter(pl.col("month") > shifted(demand["month"].max(), -12))
    tf = recent.group_by("role_family", "skill_id").agg(
        (pl.col("n_with_skill").sum() / pl.col("n_postings").sum()).alias("tf")
    )
    df = tf.group_by("skill_id").agg((pl.col("tf") >= 0.05).sum().clip(1).alias("df"))
    n_roles = tf["role_family"].n_unique()
    expected = (
        tf.filter(pl.col("role_family") == "ml_engineer")
        .join(df, on="skill_id")
        .with_columns((pl.col("tf") * (n_roles / pl.col("df")).log()).alias("tfidf"))
        .sort(["tfidf", "skill_id"], descending=[True, False])
    )
    result = queries.role_defining_skills("ml_engineer", n=3)
    assert result["skill_id"].to_list() == expected["skill_id"].head(3).to_list()
    assert result["tfidf"].to_list() == pytest.approx(expected["tfidf"].head(3).to_list())
    assert result["share_pct"].to_list() == pytest.approx((100 * expected["tf"].head(3)).to_list())


def test_emerging_skills_by_direction_leave_out_suppressed(snapshot: SyntheticSnapshot) -> None:
    rising = queries.emerging_skills("rising")
    assert rising["skill_id"].to_list() == ["llm", "rag"]
    assert rising["skill_name"].to_list()[0] == "Large language models"
    assert queries.emerging_skills("declining")["skill_id"].to_list() == ["tensorflow"]
    assert queries.emerging_skills("rising", "ml_engineer")["skill_id"].to_list() == ["llm"]
    counts = queries.emerging_counts()
    assert counts == {
        "rising": 2,
        "declining": 1,
        "flat": 1,
        "not comparable": 0,
        "suppressed": 1,
    }
    with pytest.raises(ValueError, match="direction"):
        queries.emerging_skills("sideways")  # type: ignore[arg-type]


def test_skill_role_heatmap_pools_the_period(snapshot: SyntheticSnapshot) -> None:
    start, end = date(2025, 11, 1), date(2026, 4, 1)
    period = snapshot.demand.filter(
        (pl.col("country") == "US") & pl.col("month").is_between(start, end)
    )
    pooled = period.group_by("skill_id", "role_family").agg(
        pl.col("n_with_skill").sum(), pl.col("n_postings").sum()
    )
    cells = queries.skill_role_heatmap("US", start, end, n_skills=2)
    overall = (
        pooled.filter((pl.col("role_family") == "all") & (pl.col("skill_id") != "genai"))
        .with_columns(share=pl.col("n_with_skill") / pl.col("n_postings"))
        .sort("share", descending=True)
    )
    assert (
        cells["skill_id"].unique(maintain_order=True).to_list()
        == overall["skill_id"].head(2).to_list()
    )
    assert "all" not in cells["role_family"].to_list()
    row = cells.filter(
        (pl.col("skill_id") == "python") & (pl.col("role_family") == "ml_engineer")
    ).row(0, named=True)
    expected = pooled.filter(
        (pl.col("skill_id") == "python") & (pl.col("role_family") == "ml_engineer")
    ).row(0, named=True)
    assert row["n_postings"] == expected["n_postings"]
    assert row["share_pct"] == pytest.approx(
        100 * expected["n_with_skill"] / expected["n_postings"]
    )
    assert row["share_lo"] < row["share_pct"] < row["share_hi"]
    suppressed = queries.skill_role_heatmap("US", start, end, 2, min_postings=10**6)
    assert suppressed["is_suppressed"].all()
    assert suppressed["share_pct"].is_null().all()


def test_postings_sample_applies_every_filter_and_the_limit(snapshot: SyntheticSnapshot) -> None:
    index = snapshot.frames["out_postings"]
    expected = index.filter(
        pl.col("skill_ids").list.contains("llm")
        & (pl.col("role_family") == "ml_engineer")
        & (pl.col("country") == "US")
        & (pl.col("seniority") == "mid")
    )
    sample = queries.postings_sample(
        "llm", None, "ml_engineer", "US", "mid", "all", None, None, limit=5
    )
    assert sample.height == min(5, expected.height)
    assert set(sample["posting_id"]) <= set(expected["posting_id"])
    assert sample["n_matching"].to_list() == [expected.height] * sample.height
    assert sample.equals(
        queries.postings_sample("llm", None, "ml_engineer", "US", "mid", "all", limit=5)
    )
    month = index["month"].max()
    in_month = queries.postings_sample("python", month, limit=500)
    assert (in_month["month"] == month).all()
    by_source = queries.postings_sample(source="lever", limit=500)
    assert set(by_source["source"]) == {"lever"}
    assert queries.postings_sample(INJECTION).is_empty()
    assert queries.postings_sample(source=INJECTION).is_empty()


def test_postings_sample_returns_text_as_published(snapshot: SyntheticSnapshot) -> None:
    from tests.dashboard.conftest import SCRIPT_TITLE

    sample = queries.postings_sample(limit=1000)
    assert SCRIPT_TITLE in sample["title"].to_list()


def test_posting_trend_counts_the_postings_index(snapshot: SyntheticSnapshot) -> None:
    index = snapshot.frames["out_postings"].filter(
        (pl.col("seniority") == "senior") & (pl.col("source") == "ashby")
    )
    expected = (
        index.group_by("month")
        .agg(
            pl.len().alias("n_postings"),
            pl.col("skill_ids").list.contains("pytorch").sum().alias("n_with_skill"),
        )
        .sort("month")
    )
    trend = queries.posting_trend(["pytorch"], seniority="senior", source="ashby")
    assert trend["month"].to_list() == expected["month"].to_list()
    assert trend["n_postings"].to_list() == expected["n_postings"].to_list()
    assert trend["n_with_skill"].to_list() == expected["n_with_skill"].to_list()
    share = (100 * expected["n_with_skill"] / expected["n_postings"]).to_list()
    assert trend["share_pct"].to_list() == pytest.approx(share)
    assert (trend["share_lo"] <= trend["share_pct"]).all()
    assert (trend["share_hi"] >= trend["share_pct"]).all()


def test_posting_filter_options(snapshot: SyntheticSnapshot) -> None:
    options = queries.posting_filter_options()
    assert options.seniorities == ("entry", "mid", "senior", "staff")
    assert options.sources == ("ashby", "lever")


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


def test_wilson_sql_matches_the_conftest_formula(snapshot: SyntheticSnapshot) -> None:
    from tests.dashboard.conftest import wilson_bounds

    frame = pl.DataFrame({"k": [0, 3, 50, 100], "n": [10, 40, 100, 100]})
    lo, hi = wilson_bounds(pl.col("k"), pl.col("n"))
    expected = frame.select(lo.alias("lo"), hi.alias("hi"))
    sql = (
        f"SELECT 100 * {queries._wilson_sql('k', 'n', 'lo')} AS lo, "
        f"100 * {queries._wilson_sql('k', 'n', 'hi')} AS hi FROM frame"
    )
    result = duckdb.sql(sql).pl()
    assert result["lo"].to_list() == pytest.approx(expected["lo"].to_list())
    assert result["hi"].to_list() == pytest.approx(expected["hi"].to_list())


def test_demand_slices_beyond_role_and_country_are_read_only_when_asked(
    empty_home: Path,
) -> None:
    frames = snapshot_frames()
    base = frames["out_skill_demand_monthly"].with_columns(
        seniority=pl.lit("all"), state=pl.lit("all"), metro_code=pl.lit("all"), source=pl.lit("all")
    )
    # A seniority slice with made-up counts that would corrupt every v1 read if it leaked.
    senior = base.filter(pl.col("country") == "all").with_columns(
        seniority=pl.lit("senior"), n_postings=pl.lit(7, dtype=pl.Int64), share_pct=pl.lit(99.0)
    )
    frames["out_skill_demand_monthly"] = pl.concat([base, senior])
    write_snapshot(empty_home, "slices", frames)
    top = queries.top_skills(n=5)
    assert top["skill_id"].n_unique() == top.height  # one row per skill, not one per slice
    assert (top["share_pct"] < 99.0).all()
    v1 = queries.demand_trend(["llm"], "ml_engineer", "all")
    assert v1.height == base["month"].n_unique()
    sliced = queries.demand_trend(["llm"], "ml_engineer", "all", seniority="senior")
    assert sliced.height == v1.height
    assert (sliced["n_postings"] == 7).all()
    assert queries.demand_trend(["llm"], "ml_engineer", "US", seniority="senior").is_empty()


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
