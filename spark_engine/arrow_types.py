"""Polars frames as Arrow tables Spark accepts, and back (and `mapped_in_arrow`: the local
engine's code on each Arrow batch of a Spark frame): Spark has no unsigned integers (64-bit
word hashes are carried bit for bit as signed ones, `reinterpret`), no large strings or lists
in `mapInArrow` output, and only signed integer widths; `restored` casts a collected frame back
to the dtypes the local engine's frames have, so the marts see the same frames either way.

May import: pyarrow, polars, pyspark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import polars as pl
import pyarrow as pa
from pyspark.sql import DataFrame
from pyspark.sql.pandas.types import from_arrow_schema
from pyspark.sql.types import StructType

Schema = dict[str, pl.DataType]
Rows = Callable[[pl.DataFrame], pl.DataFrame]  # the local code run on each batch


def _arrow_type(dtype: pl.DataType) -> pa.DataType:
    """The Arrow type a Polars column travels as (unsigned integers as signed 64-bit)."""
    if isinstance(dtype, type):  # a dtype class (pl.Boolean) rather than an instance
        dtype = dtype()
    if isinstance(dtype, pl.List):
        return pa.list_(_arrow_type(dtype.inner))
    if isinstance(dtype, pl.Datetime):
        return pa.timestamp(dtype.time_unit or "us", tz="UTC" if dtype.time_zone else None)
    simple: dict[type[pl.DataType], pa.DataType] = {
        pl.String: pa.string(),
        pl.Boolean: pa.bool_(),
        pl.Float64: pa.float64(),
        pl.Float32: pa.float32(),
        pl.Int64: pa.int64(),
        pl.Int32: pa.int32(),
        pl.Int16: pa.int16(),
        pl.Int8: pa.int8(),
        pl.UInt64: pa.int64(),
        pl.UInt32: pa.int64(),
        pl.UInt16: pa.int32(),
        pl.UInt8: pa.int16(),
        pl.Date: pa.date32(),
        pl.Null: pa.string(),
    }
    for kind, arrow in simple.items():
        if isinstance(dtype, kind):
            return arrow
    raise TypeError(f"no Spark type for Polars dtype {dtype}")


def arrow_schema(schema: Schema) -> pa.Schema:
    return pa.schema([pa.field(name, _arrow_type(dtype)) for name, dtype in schema.items()])


def spark_schema(schema: Schema) -> StructType:
    """The Spark schema of frames with this Polars schema (`arrow_table`'s output)."""
    return from_arrow_schema(arrow_schema(schema))


def _signed(name: str, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.UInt64:
        return pl.col(name).reinterpret(signed=True)
    if isinstance(dtype, pl.List) and dtype.inner == pl.UInt64:
        return pl.col(name).list.eval(pl.element().reinterpret(signed=True))
    return pl.col(name)


def arrow_table(frame: pl.DataFrame, schema: Schema) -> pa.Table:
    """`frame` (columns of `schema`, in its order) as the Arrow table `spark_schema` names."""
    signed = frame.select([_signed(name, dtype) for name, dtype in schema.items()])
    return signed.to_arrow().cast(arrow_schema(schema))


def _unsigned(name: str, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.UInt64:
        return pl.col(name).reinterpret(signed=False)
    if isinstance(dtype, pl.List) and dtype.inner == pl.UInt64:
        return pl.col(name).list.eval(pl.element().reinterpret(signed=False))
    return pl.col(name).cast(dtype)


def restored(table: pa.Table, schema: Schema) -> pl.DataFrame:
    """A collected Arrow table as a Polars frame with `schema`'s dtypes (the columns of
    `schema` that the table has, in the table's order)."""
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns(
        [_unsigned(name, schema[name]) for name in frame.columns if name in schema]
    )


def _per_batch(rows: Rows, schema: Schema) -> Callable[[Iterator[pa.RecordBatch]], Iterator]:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            yield from arrow_table(rows(frame), schema).to_batches()

    return run


def mapped_in_arrow(frame: DataFrame, rows: Rows, schema: Schema) -> DataFrame:
    """`rows` (a Polars function of a frame) of each Arrow batch of `frame`, on the executors
    (`mapInArrow`), typed by `schema`."""
    return frame.mapInArrow(_per_batch(rows, schema), spark_schema(schema))
