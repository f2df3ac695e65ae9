"""Test frames on Spark the way the build gives them to the marts: written as Parquet and read
back by the session (the core tables are Parquet files Spark reads).

May import: polars, pyspark (types only).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


def read_on_spark(spark: SparkSession, folder: Path, **frames: pl.DataFrame) -> list[DataFrame]:
    """Each frame of `frames` (name=frame) as a Spark DataFrame read from `<folder>/<name>.parquet`,
    in the order given."""
    read = []
    for name, frame in frames.items():
        path = folder / f"{name}.parquet"
        frame.write_parquet(path)
        read.append(spark.read.parquet(str(path)))
    return read
