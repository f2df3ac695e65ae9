"""Parse on the executors: each run of raw files (at most `PARSE_RUN_FILES`, one snapshot) is
parsed by `ingest.parse_runs.parse_raw_run`, the function the local engine's parse workers run,
one Spark task per run; the driver receives the parsed runs in order and loads them into the
warehouse (ledger, sightings, quarantine) exactly as the local engine does.

The executors read the raw files by path: on a cluster the raw store must be a filesystem every
node mounts (NFS, a FUSE mount of the bucket); see the README's "Scaling out".

May import: pyspark, `ingest`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pyspark.sql import SparkSession

from ingest.discover import RawFile
from ingest.parse_runs import ParsedRun, parse_raw_run


def run_parser(spark: SparkSession) -> Callable[[list[list[RawFile]]], Iterator[ParsedRun]]:
    """A `load_raw_postings` run parser that parses on `spark`'s executors."""

    def parsed(runs: list[list[RawFile]]) -> Iterator[ParsedRun]:
        if not runs:
            return iter(())
        rdd = spark.sparkContext.parallelize(runs, numSlices=len(runs))
        return rdd.map(parse_raw_run).toLocalIterator(prefetchPartitions=True)

    return parsed
