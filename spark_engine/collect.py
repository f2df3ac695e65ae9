"""Spark aggregates collected to the driver: one, or several by one job: their stages are scheduled
together, and each small action's fixed cost (a job, its scheduling, the Arrow hand-off) is paid
once.

May import: polars, pyspark.
"""

from __future__ import annotations

import polars as pl
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import DataType


def collected(frame: DataFrame) -> pl.DataFrame:
    """One Spark DataFrame collected to the driver through Arrow, as a Polars frame."""
    made = pl.from_arrow(frame.toArrow())
    assert isinstance(made, pl.DataFrame)
    return made


def collected_together(frames: dict[str, DataFrame]) -> dict[str, pl.DataFrame]:
    """Several aggregates collected by one Spark job (one union, a `_part` column naming
    each; the columns a part lacks are null), so their stages are scheduled together."""
    types: dict[str, DataType] = {}
    for frame in frames.values():
        for field in frame.schema.fields:
            types.setdefault(field.name, field.dataType)
    union = None
    for name, frame in frames.items():
        own = set(frame.columns)
        part = frame.select(
            F.lit(name).alias("_part"),
            *[
                F.col(c) if c in own else F.lit(None).cast(kind).alias(c)
                for c, kind in types.items()
            ],
        )
        union = part if union is None else union.unionByName(part)
    assert union is not None
    together = collected(union)
    return {
        name: together.filter(pl.col("_part") == name).select(frame.columns)
        for name, frame in frames.items()
    }
