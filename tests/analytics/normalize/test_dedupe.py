"""Deduplication: cross-posts and reposts collapse, different jobs sharing a blurb do not."""

from __future__ import annotations

from datetime import date

import polars as pl

from analytics.normalize.dedupe import assign_canonical_ids

BLURB = " ".join(f"word{i}" for i in range(120))  # a long company description shared by all


def _records(rows: list[dict]) -> pl.DataFrame:
    base = {
        "company": "Northwind Analytics",
        "country": "US",
        "city": "Seattle",
        "role_family": "data_scientist",
        "seniority": "entry",
        "first_seen": date(2025, 1, 31),
    }
    full = [{**base, **r} for r in rows]
    return pl.DataFrame(full).with_columns(
        (pl.col("source") + ":" + pl.col("id")).alias("record_key")
    )


def test_reworded_cross_post_and_repost_collapse_into_one_posting() -> None:
    records = _records(
        [
            {
                "source": "greenhouse",
                "id": "1",
                "title": "Data Scientist, New Grad",
                "text": BLURB + " role text",
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "hn",
                "id": "2",
                "title": "Entry Level Data Scientist",
                "company": "Northwind Analytics (https://northwind.example)",
                "city": None,
                "text": "Northwind | Data Scientist | Seattle\n" + BLURB + " role text",
                "posted_date": date(2025, 1, 12),
            },
            {
                "source": "greenhouse",
                "id": "3",
                "title": "Data Scientist, New Grad",
                "text": BLURB + " role text",
                "posted_date": date(2025, 3, 5),
            },  # repost, 54 days on
        ]
    )
    out = assign_canonical_ids(records)
    assert out["posting_id"].n_unique() == 1
    rep = out.filter(pl.col("is_representative"))
    assert rep["source"].to_list() == ["greenhouse"]  # structured source preferred over HN


def test_other_jobs_other_cities_and_late_reposts_stay_apart() -> None:
    records = _records(
        [
            {
                "source": "ashby",
                "id": "1",
                "title": "Data Scientist",
                "text": BLURB,
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "ashby",
                "id": "2",
                "title": "Customer Success Manager",
                "text": BLURB,
                "role_family": "other",
                "seniority": "mid",
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "ashby",
                "id": "3",
                "title": "Data Scientist",
                "text": BLURB,
                "city": "Boston",
                "posted_date": date(2025, 1, 10),
            },
            {
                "source": "ashby",
                "id": "4",
                "title": "Data Scientist",
                "text": BLURB,
                "posted_date": date(2025, 6, 1),
            },  # 142 days later: a new opening
            {
                "source": "ashby",
                "id": "5",
                "title": "Senior Data Scientist",
                "text": BLURB,
                "seniority": "senior",
                "posted_date": date(2025, 1, 10),
            },
        ]
    )
    out = assign_canonical_ids(records)
    assert out["posting_id"].n_unique() == 5
