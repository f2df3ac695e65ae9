"""A SparkSession for the build: the master URL given (`local[2]` by default) and small local
defaults (1 GB driver, few shuffle partitions, no UI) that a cluster's own configuration
(`spark-defaults.conf`, `--conf` of spark-submit, `SKILLMARKET_SPARK_CONF`) overrides.

Python workers run the interpreter of the driver (`PYSPARK_PYTHON`, unless set), so the
executors import the very `analytics` package the driver has.

May import: the standard library, pyspark.
"""

from __future__ import annotations

import os
import sys

from pyspark.sql import SparkSession

DEFAULT_MASTER = "local[2]"
# Small local defaults: the 6k equality test and a laptop build; a cluster sets its own.
LOCAL_CONF = {
    "spark.driver.memory": "1g",
    "spark.sql.shuffle.partitions": "4",
    "spark.default.parallelism": "4",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
    "spark.sql.execution.arrow.maxRecordsPerBatch": "5000",
    "spark.sql.adaptive.enabled": "true",
    "spark.driver.extraJavaOptions": "-Xss16m",
}
CONF_ENV = "SKILLMARKET_SPARK_CONF"  # "key=value,key=value" added to (and over) the defaults


def extra_conf(text: str | None) -> dict[str, str]:
    """`key=value` pairs separated by commas (SKILLMARKET_SPARK_CONF); a pair without `=`
    raises naming it."""
    conf: dict[str, str] = {}
    for pair in (text or "").split(","):
        if not pair.strip():
            continue
        key, sep, value = pair.partition("=")
        if not sep:
            raise ValueError(f"{CONF_ENV}: {pair!r} is not key=value")
        conf[key.strip()] = value.strip()
    return conf


def spark_session(master: str = DEFAULT_MASTER, app_name: str = "skillmarket") -> SparkSession:
    """The build's SparkSession (one per process: an existing one is reused)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = SparkSession.builder.master(master).appName(app_name)
    conf = dict(LOCAL_CONF) if master.startswith("local") else {}
    conf.update(extra_conf(os.environ.get(CONF_ENV)))
    for key, value in conf.items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
