"""Publishing checks every mart's schema against its contract record and names the mart and
column when they disagree; nothing is written then."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from contract.marts import MARTS
from tests.warehouse.marts import mart_frame
from warehouse import publish


@pytest.mark.parametrize("name", [m.name for m in MARTS])
def test_a_mart_in_its_contract_shape_passes(name: str) -> None:
    publish.check_mart_schema(name, mart_frame(name))


def test_a_column_of_the_wrong_kind_is_named(tmp_path: Path) -> None:
    frame = mart_frame("out_skill_premiums").with_columns(pl.col("n_with").cast(pl.String))
    with pytest.raises(
        publish.PublishError, match=r"out_skill_premiums: column 'n_with' is String"
    ):
        publish.publish_snapshot(tmp_path, {"out_skill_premiums": frame}, {"build_id": "b1"})
    assert not any(tmp_path.iterdir())  # nothing written


def test_a_missing_column_is_named() -> None:
    frame = mart_frame("out_pay_bands").drop("p50_usd")
    with pytest.raises(publish.PublishError, match=r"out_pay_bands: column 'p50_usd' is missing"):
        publish.check_mart_schema("out_pay_bands", frame)


def test_a_column_outside_the_contract_is_named() -> None:
    frame = mart_frame("skills").with_columns(pl.lit(1).alias("popularity"))
    with pytest.raises(publish.PublishError, match=r"'popularity' is not in the contract"):
        publish.check_mart_schema("skills", frame)


def test_an_unknown_mart_is_refused() -> None:
    with pytest.raises(publish.PublishError, match="out_unknown: not a mart of the contract"):
        publish.check_mart_schema("out_unknown", pl.DataFrame({"x": [1]}))


@pytest.mark.parametrize(
    ("kind_column", "dtype"),
    [
        ("n_postings", pl.Int32()),  # any integer is an integer
        ("share_pct", pl.Int64()),  # a number may be an integer
        ("share_pct", pl.Null()),  # a column of nulls fits any kind
    ],
)
def test_compatible_types_pass(kind_column: str, dtype: pl.DataType) -> None:
    column = pl.lit(None) if dtype == pl.Null else pl.col(kind_column).cast(dtype)
    frame = mart_frame("out_skill_demand_monthly").with_columns(column.alias(kind_column))
    publish.check_mart_schema("out_skill_demand_monthly", frame)


def test_a_float_in_an_integer_column_fails() -> None:
    frame = mart_frame("out_claims").with_columns(pl.col("n").cast(pl.Float64))
    with pytest.raises(publish.PublishError, match=r"'n' is Float64, the contract says integer"):
        publish.check_mart_schema("out_claims", frame)
