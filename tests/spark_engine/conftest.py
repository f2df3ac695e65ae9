"""The Spark engine's tests need PySpark (the `spark` extra, in requirements.lock) and Java 17
(`make setup` installs it as root). Where PySpark is absent (a library user's venv, the
lower-bounds venv) the tests that need it are not collected; in CI (`CI` set) its absence is an
error instead, so a missing install step cannot pass unnoticed."""

from __future__ import annotations

import importlib.util
import os

NEEDS_PYSPARK = [
    "test_premium_cells.py",
    "test_premium_mart.py",
    "test_spark_build.py",
    "test_build_command.py",
    "test_demand_monthly.py",
    "test_advisor_counts.py",
    "test_pay_bands.py",
    "test_posting_marts.py",
    "test_dedupe_rules.py",
]

if importlib.util.find_spec("pyspark") is None:
    if os.environ.get("CI"):
        raise RuntimeError("CI: PySpark is not installed (make setup installs the spark extra)")
    collect_ignore = NEEDS_PYSPARK
