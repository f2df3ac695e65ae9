"""`out_skill_advisor`'s counts on Spark (`spark_engine.advisor_counts`) are the local counts
(`analytics.marts.advisor.advisor_counts`), and the mart finished from them is the local mart,
on a small market the test builds: role families with countries, a null role family ("other"),
a null country ("all" only), a posting before the window, a skill named twice by one posting
(counted once), and a skill under the givens' threshold (a next skill, never a given)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from analytics.marts.advisor import (
    AdvisorCounts,
    advisor_counts,
    advisor_from_counts,
    out_skill_advisor,
)
from spark_engine.advisor_counts import advisor_counts_on_spark
from spark_engine.session import spark_session
from tests.spark_engine.spark_frames import read_on_spark

MIN_POSTINGS = 2
GENAI_IDS = frozenset({"llm"})

# posting_id, posted_date, role_family, country, skills
MARKET = [
    ("p01", date(2025, 6, 3), "data_engineer", "US", ["python", "sql", "spark"]),
    ("p02", date(2025, 6, 9), "data_engineer", "US", ["python", "sql"]),
    ("p03", date(2025, 5, 2), "data_engineer", "DE", ["python", "spark", "rare"]),
    ("p04", date(2025, 1, 15), "data_engineer", None, ["python", "sql", "sql"]),  # twice
    ("p05", date(2024, 9, 1), "ml_engineer", "US", ["python", "machine_learning", "llm"]),
    ("p06", date(2025, 3, 1), "ml_engineer", "US", ["python", "llm"]),
    ("p07", date(2025, 4, 1), "ml_engineer", "GB", ["machine_learning", "python"]),
    ("p08", date(2025, 6, 30), None, "US", ["sql", "excel"]),
    ("p09", date(2025, 2, 2), None, "US", ["sql", "excel", "python"]),
    ("p10", date(2025, 6, 1), None, None, []),  # no skills: counted in its cells only
    ("p11", date(2024, 6, 30), "data_engineer", "US", ["python", "sql"]),  # before the window
]


def _market() -> tuple[pl.DataFrame, pl.DataFrame]:
    postings = pl.DataFrame(
        [row[:4] for row in MARKET],
        schema={
            "posting_id": pl.String,
            "posted_date": pl.Date,
            "role_family": pl.String,
            "country": pl.String,
        },
        orient="row",
    )
    skills = pl.DataFrame(
        [(row[0], skill) for row in MARKET for skill in row[4]],
        schema={"posting_id": pl.String, "skill_id": pl.String},
        orient="row",
    )
    return postings, skills


def _other_marts() -> tuple[pl.DataFrame, pl.DataFrame]:
    emerging = pl.DataFrame(
        {
            "role_family": ["data_engineer", "ml_engineer"],
            "country": ["all", "all"],
            "skill_id": ["spark", "llm"],
            "momentum": [0.02, 0.05],
            "yoy_change_pts": [1.5, 4.0],
        }
    )
    premiums = pl.DataFrame(
        {
            "segment": ["all", "role_family=data_engineer"],
            "skill_id": ["sql", "spark"],
            "premium_adj_pct": [3.0, 8.0],
            "is_suppressed": [False, False],
        }
    )
    return emerging, premiums


def _sorted(counts: AdvisorCounts) -> dict[str, object]:
    return {
        "n_cell": counts.n_cell.sort(pl.all()),
        "n_next": counts.n_next.sort(pl.all()),
        "pairs": counts.pairs.sort(pl.all()),
        "window": (counts.window_start, counts.window_end),
    }


def test_spark_counts_are_the_local_counts_and_make_the_local_mart(tmp_path: Path) -> None:
    postings, skills = _market()
    spark_postings, spark_skills = read_on_spark(
        spark_session("local[2]"), tmp_path, postings=postings, skills=skills
    )
    counted = advisor_counts_on_spark(
        spark_postings,
        spark_skills,
        postings["posted_date"].max(),
        MIN_POSTINGS,
    )
    local = advisor_counts(postings, skills, MIN_POSTINGS)
    found, expected = _sorted(counted), _sorted(local)
    for part in ("n_cell", "n_next", "pairs"):
        assert_frame_equal(found[part], expected[part])  # type: ignore[arg-type]
    assert found["window"] == expected["window"] == (date(2024, 9, 1), date(2025, 6, 30))

    emerging, premiums = _other_marts()
    mart = advisor_from_counts(counted, GENAI_IDS, emerging, premiums, MIN_POSTINGS)
    assert mart.equals(
        out_skill_advisor(postings, skills, GENAI_IDS, emerging, premiums, MIN_POSTINGS)
    )
    # what the market exercises: the places, "other", the threshold, the duplicate, the window
    cells = set(mart.select("role_family", "place_id").unique().iter_rows())
    assert {("data_engineer", "all"), ("data_engineer", "US"), ("other", "US")} <= cells
    assert ("other", "all") in cells
    assert "rare" in mart["next_skill"].to_list()
    assert "rare" not in mart["given_skill"].to_list()
    de_all = mart.filter(
        (pl.col("role_family") == "data_engineer")
        & (pl.col("place_id") == "all")
        & (pl.col("given_skill") == "python")
        & (pl.col("next_skill") == "sql")
    )
    assert de_all.select("n_given", "n_both", "n_cell").row(0) == (4, 3, 4)  # p11 is out
