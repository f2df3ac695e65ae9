"""out_postings: the slim published postings index behind the dashboard's drill-down."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.marts.postings_index import POSTINGS_INDEX_SCHEMA, out_postings


def _postings() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "posting_id": ["b", "a", "c"],
            "title": ["<script>x</script>", "Data Scientist", "ML Engineer"],
            "company": ["Acme", "Beta", "Gamma"],
            "description": ["long text", "long text", "long text"],
            "city": ["Austin", None, None],
            "region": ["TX", None, "KA"],
            "country": ["US", "DE", None],
            "metro_code": ["0012420", None, None],
            "is_remote": [False, True, False],
            "posted_date": [date(2026, 3, 15), date(2026, 3, 2), date(2026, 1, 31)],
            "role_family": ["ml_engineer", None, "data_scientist"],
            "seniority": ["senior", "mid", None],
            "source": ["ashby", "lever", "hn"],
            "url": ["https://x/b", "https://x/a", None],
        }
    )


def test_one_row_per_posting_without_description_sorted_by_month() -> None:
    skills = pl.DataFrame(
        {"posting_id": ["b", "b", "b", "a"], "skill_id": ["sql", "python", "sql", "llm"]}
    )
    index = out_postings(_postings(), skills)
    assert index.schema == pl.Schema(POSTINGS_INDEX_SCHEMA)
    assert "description" not in index.columns
    # by month (c: January; a and b: March), then role family (ml_engineer before other)
    assert index["posting_id"].to_list() == ["c", "b", "a"]
    rows = {row["posting_id"]: row for row in index.to_dicts()}
    assert rows["b"]["skill_ids"] == ["python", "sql"]  # deduplicated and sorted
    assert rows["c"]["skill_ids"] == []  # a posting naming no skill keeps an empty list
    assert rows["b"]["month"] == date(2026, 3, 1)
    assert rows["b"]["place_label"] == "Austin, TX, US"
    assert rows["a"]["place_label"] == "Remote (DE)"
    assert rows["c"]["place_label"] == "KA"
    assert rows["c"]["country"] == "unknown"  # as in out_skill_demand_monthly
    assert rows["a"]["role_family"] == "other"
    assert rows["b"]["title"] == "<script>x</script>"  # stored as published; shown as text


def test_empty_input_gives_the_schema() -> None:
    empty = out_postings(
        _postings().clear(), pl.DataFrame(schema={"posting_id": pl.String, "skill_id": pl.String})
    )
    assert empty.is_empty()
    assert empty.schema == pl.Schema(POSTINGS_INDEX_SCHEMA)
