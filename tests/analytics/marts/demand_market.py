"""A small market for the demand mart's counts: postings over 14 months with their crawl facts
(some already open at their board's first crawl, some open through a later fetch), slices with
and without US states and metros, GenAI skills (a posting naming two counts once in `genai`), and
a posting without a posted date whose skill is in no month."""

from __future__ import annotations

import random
from datetime import date

import polars as pl

GENAI_IDS = frozenset({"llm", "rag"})
SKILLS = {"python": 0.6, "sql": 0.3, "llm": 0.1, "rag": 0.05, "cuda": 0.03}
FIRST_CRAWL = date(2024, 3, 1)


def demand_market(n: int = 400, seed: int = 5) -> tuple[pl.DataFrame, pl.DataFrame]:
    """postings (with crawl facts) and posting skills."""
    rng = random.Random(seed)
    postings, skills = [], []
    for index in range(n):
        month = index % 14
        posted = date(2024 + month // 12, month % 12 + 1, 1 + index % 25)
        country = ("US", "US", "IN", None)[index % 4]
        last_month = month + index % 3
        posting_id = f"p{index:04d}"
        postings.append(
            {
                "posting_id": posting_id,
                "posted_date": posted,
                "last_seen": date(2024 + last_month // 12, last_month % 12 + 1, 15),
                "open_through": date(2025, 3, 1) if index % 7 == 0 else None,
                "first_crawl_date": FIRST_CRAWL,
                "is_open_at_first_crawl": posted < FIRST_CRAWL and index % 2 == 0,
                "role_family": ("ml_engineer", "data_scientist", None)[index % 3],
                "seniority": ("entry", "senior", None)[index % 3 - 1],
                "country": country,
                "region": ("CA", "NY", None)[index % 3] if country == "US" else None,
                "metro_code": ("0041860", None)[index % 2] if country == "US" else None,
                "source": ("ashby", "lever")[index % 2],
            }
        )
        skills += [
            {"posting_id": posting_id, "skill_id": skill}
            for skill, chance in SKILLS.items()
            if rng.random() < chance
        ]
    postings.append({"posting_id": "undated", "posted_date": None, "country": "US"})
    skills.append({"posting_id": "undated", "skill_id": "cobol"})
    return pl.DataFrame(postings), pl.DataFrame(skills)
