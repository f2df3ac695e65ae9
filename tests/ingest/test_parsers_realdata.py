"""Optional: the Ashby parser on the real captures in ../shared/realdata/ashby.

Skipped when the captures are absent (a fresh clone has none). Counts are checked against an
independent count made with the json module, so the test needs no hard-coded totals; the
README's "~2,000 postings, ~640 with salary" is checked only as a loose sanity range.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import polars as pl
import pytest

from ingest.sources import ashby
from ingest.staging import STAGING_SCHEMA, concat_results

REAL_ASHBY = Path(__file__).resolve().parents[3] / "shared" / "realdata" / "ashby"
FILES = sorted(REAL_ASHBY.glob("*.json.gz")) if REAL_ASHBY.is_dir() else []

pytestmark = pytest.mark.skipif(not FILES, reason=f"no real Ashby captures in {REAL_ASHBY}")


def independent_counts() -> tuple[int, int]:
    """(jobs, jobs with a Salary summary component) counted straight from the JSON."""
    jobs = salaried = 0
    for path in FILES:
        for job in json.loads(gzip.decompress(path.read_bytes()))["jobs"]:
            jobs += 1
            components = (job.get("compensation") or {}).get("summaryComponents") or []
            salaried += any(c.get("compensationType") == "Salary" for c in components)
    return jobs, salaried


def test_every_real_ashby_file_and_posting_parses() -> None:
    result = concat_results(
        ashby.parse(path.read_bytes(), f"ashby/{path.name}", path.name.removesuffix(".json.gz"))
        for path in FILES
    )
    jobs, salaried = independent_counts()
    quarantine = result.quarantine
    assert quarantine.filter(pl.col("reason").str.strip_chars() == "").is_empty()
    assert quarantine.filter(record="*").is_empty(), quarantine  # every file was readable
    fatal = quarantine.filter(~pl.col("reason").str.starts_with("pay:"))
    pay_problems = quarantine.height - fatal.height
    assert result.rows.height + fatal.height == jobs
    assert result.rows["pay_min"].is_not_null().sum() + pay_problems == salaried
    assert list(result.rows.schema.items()) == list(STAGING_SCHEMA.items())
    structured = result.rows.filter(pl.col("pay_min").is_not_null())
    assert (structured["pay_min"] <= structured["pay_max"]).all()
    assert set(structured["pay_period"]) <= {"hour", "day", "week", "month", "year"}
    assert structured["pay_currency"].null_count() == 0
    assert 1500 <= jobs <= 2500 and 500 <= salaried <= 800  # README: ~2,000 and ~640
