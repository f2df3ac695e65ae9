"""One company reached through several sources is one company under one spelling in the core
postings: per-company figures (pay bands' companies and their bootstrap, the premium
regressions' company clusters, company floors) must not count it twice. On the 60k sample 447
company strings stood for 397 companies ("Caldera Learning" and the board token
"Calderalearning"; "Sable Metrics (https://...)" from Hacker News)."""

from __future__ import annotations

import polars as pl

from analytics.normalize.postings import build_core_postings, company_spellings
from tests.analytics.normalize.test_postings_pay_places import _staging


def test_postings_of_one_company_under_two_spellings_share_one() -> None:
    staging = _staging(
        [
            {"source": "lever", "company": "Calderalearning", "title": "Data Scientist"},
            {"source": "lever", "company": "Calderalearning", "title": "ML Engineer"},
            {"source": "greenhouse", "company": "Caldera Learning", "title": "Data Engineer"},
            {"source": "hn", "company": "Sable Metrics (https://sable.io)", "title": "ML Eng"},
            {"source": "ashby", "company": "sable-metrics", "title": "Data Analyst"},
            {"source": "ashby", "company": "Acme", "title": "Data Analyst"},
        ]
    )
    core = build_core_postings(staging)
    assert core.postings.height == 6  # different jobs: nothing deduplicated
    assert sorted(core.postings["company"]) == [
        "Acme",
        "Caldera Learning",
        "Caldera Learning",
        "Caldera Learning",
        "Sable Metrics",  # HN's link dropped; several words before the board token
        "Sable Metrics",
    ]


def test_the_spelling_chosen() -> None:
    counts = pl.DataFrame(
        {
            "company": ["Goldcrest AI", "Goldcrest AI, Inc.", "goldcrest-ai", "Sable (x)", "Sable"],
            "n": [5, 2, 9, 7, 1],
        }
    )
    shown = dict(company_spellings(counts).iter_rows())
    # several words before one (a board token), then the most records
    assert {shown[c] for c in ("Goldcrest AI", "Goldcrest AI, Inc.", "goldcrest-ai")} == {
        "Goldcrest AI"
    }
    # no parenthesized note or link before anything else
    assert shown["Sable (x)"] == shown["Sable"] == "Sable"
