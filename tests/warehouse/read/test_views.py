"""The snapshot's views and column checks, derived from the contract: required columns and
their kinds checked, optional ones read as null (or their default) when absent.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from tests.fixtures.snapshot.marts import SF_METRO
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
    snapshot_frames,
    write_snapshot,
)
from warehouse import queries
from warehouse.read import views


def test_mart_missing_a_column_names_file_and_column(empty_home: Path) -> None:
    frames = snapshot_frames()
    frames["out_pay_bands"] = frames["out_pay_bands"].drop("rollup_level")
    write_snapshot(empty_home, "no-rollup", frames)
    assert not queries.skill_catalog().is_empty()
    with pytest.raises(queries.SnapshotInvalidError) as error:
        queries.pay_band("ml_engineer", "senior", "US")
    assert "out_pay_bands.parquet" in str(error.value)
    assert "rollup_level" in str(error.value)


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


def test_optional_pay_columns_read_as_null_when_absent(snapshot: SyntheticSnapshot) -> None:
    row = queries.pay_band("ml_engineer", "senior", "US").row(0, named=True)
    defaults = queries.OPTIONAL_DEFAULTS["out_pay_bands"]  # e.g. window: one window published
    # the view derives these where the mart lacks them: USD at the median's rate, and the n
    # behind the band from the cell's own n when it shows its own level
    derived = {"p10_usd", "p25_usd", "p75_usd", "p90_usd", "shown_place_id"}
    derived |= {"shown_n_postings", "shown_n_companies"}
    for column in queries.OPTIONAL_COLUMNS["out_pay_bands"]:
        if column not in derived and column not in defaults:
            assert row[column] is None, column
    assert row["shown_place_id"] == "US" and row["shown_n_postings"] == row["n_postings"]
    rolled = queries.pay_band("ml_engineer", "senior", SF_METRO).row(0, named=True)
    assert rolled["shown_n_postings"] is None  # an older snapshot does not say: never its own
    assert queries.pay_band_year_earlier("ml_engineer", "senior", "US").is_empty()


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


# --------------------------------------------------------------------------- from the contract


def test_views_and_column_checks_are_the_contracts_records() -> None:
    from contract.marts import MARTS

    readable = [m for m in MARTS if any(c.read == "required" for c in m.columns)]
    assert list(queries.SNAPSHOT_VIEWS) == [m.name for m in readable]
    for record in readable:
        file_name, required = queries.SNAPSHOT_VIEWS[record.name]
        assert file_name == f"{record.name}.parquet"
        assert dict(required) == {c.name: c.kind for c in record.columns if c.read == "required"}
        optional = {c.name: c.kind for c in record.columns if c.read == "optional"}
        assert dict(queries.OPTIONAL_COLUMNS.get(record.name, {})) == optional
        defaults = {
            c.name: c.read_default
            for c in record.columns
            if c.read == "optional" and c.read_default is not None
        }
        assert dict(queries.OPTIONAL_DEFAULTS.get(record.name, {})) == defaults
    # a mart the app never reads (only "published" columns) gets no view
    assert "out_market_context" not in queries.SNAPSHOT_VIEWS


def test_windows_and_vocabularies_are_the_contracts() -> None:
    from contract import vocab

    assert dict(queries.DEFAULT_WINDOWS) == {"out_pay_bands": vocab.DEFAULT_PAY_BAND_WINDOW}
    assert queries.SENIORITY_ORDER == vocab.SENIORITIES
    assert queries.PLACE_LEVEL_ORDER == queries.SUPPLY_PLACE_LEVEL_ORDER == vocab.PLACE_LEVELS
    assert queries.GENAI_SKILL_ID == vocab.GENAI_SKILL_ID
    assert queries.CLAIM_VERDICTS == vocab.CLAIM_VERDICTS
    assert set(queries.EMERGING_DIRECTIONS) == set(vocab.EMERGING_DIRECTIONS) - {"flat"}
    assert queries.INVERSE_BANDS == vocab.INVERSE_BANDS
    assert vocab.INVERSE_BANDS[-1][1] == queries.INVERSE_BAND_TOP


def test_a_new_optional_column_in_the_contract_reads_as_its_default(
    empty_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_snapshot(empty_home, "plain", snapshot_frames())
    monkeypatch.setitem(
        views.OPTIONAL_COLUMNS,  # type: ignore[arg-type]
        "skills",
        {"aliases_text": "text"},
    )
    monkeypatch.setitem(
        views.OPTIONAL_DEFAULTS,  # type: ignore[arg-type]
        "skills",
        {"aliases_text": "none"},
    )
    rows = queries.mart_rows("skills").rows
    assert set(rows["aliases_text"]) == {"none"}


def test_state_and_metro_slices_are_read_when_asked(empty_home: Path) -> None:
    frames = snapshot_frames()
    base = frames["out_skill_demand_monthly"].with_columns(
        seniority=pl.lit("all"), state=pl.lit("all"), metro_code=pl.lit("all"), source=pl.lit("all")
    )
    us = base.filter((pl.col("country") == "US") & (pl.col("role_family") == "all"))
    texas = us.with_columns(state=pl.lit("TX"), n_postings=pl.lit(11, dtype=pl.Int64))
    austin = us.with_columns(metro_code=pl.lit("0012420"), n_postings=pl.lit(5, dtype=pl.Int64))
    frames["out_skill_demand_monthly"] = pl.concat([base, texas, austin])
    write_snapshot(empty_home, "geo-slices", frames)
    by_state = queries.demand_trend(["llm"], state="TX")
    assert by_state.height == base["month"].n_unique() and (by_state["n_postings"] == 11).all()
    by_metro = queries.demand_trend(["llm"], metro_code="0012420")
    assert (by_metro["n_postings"] == 5).all()
    assert (queries.demand_trend(["llm"])["n_postings"] != 11).all()  # no state row leaks
    places = queries.demand_places()
    assert places.rows() == [("state", "TX"), ("metro", "0012420")]
    assert "share_ma3_pct" in by_state.columns
