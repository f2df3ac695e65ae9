"""Turn one drawn posting (a row of the month frame) into what a source shows: its title,
location string, structured address, description blocks and pay strings.

Randomness is per record and reproducible: what the job says comes from `desc_seed` (shared by
a job's duplicates, so a cross-post carries the same description), how this copy words its
title, location and pay comes from `fmt_seed` (equal to `desc_seed` for an original).
Rendering the same row twice gives the same text, which is how a posting open across two
crawls shows the same content in both snapshots.

May import: the standard library and `ingest.sample` modules.
"""

from __future__ import annotations

from random import Random
from typing import Any

from ingest.sample.companies import Companies
from ingest.sample.pay import pay_text
from ingest.sample.places import Place, location_text, postal_address
from ingest.sample.records import PayView, PostingView
from ingest.sample.text import DEPARTMENTS, TEAMS, PostingContext, description_blocks
from ingest.sample.titles import posting_title
from ingest.sample.vocab import ROLES, SENIORITIES

STRUCTURED_COUNTRY_SOURCES = frozenset({"ashby", "lever", "jsonld"})
FMT_SALT = 0x5DEECE66D  # decorrelates wording draws from content draws of the same seed


def intern_year(row: dict[str, Any]) -> int:
    posted = row["posted_at"]
    return posted.year + (1 if posted.month >= 6 else 0)


def pay_view(row: dict[str, Any]) -> PayView | None:
    if not row["pay_shown"]:
        return None
    return PayView(
        low=row["pay_low"],
        high=row["pay_high"],
        currency=row["currency"],
        period=row["pay_period"],
        structured=row["pay_structured"],
        equity=row["equity"],
    )


def posting_view(
    row: dict[str, Any], places: tuple[Place, ...], companies: Companies
) -> PostingView:
    """Everything a source record is built from, for one drawn posting."""
    place = places[row["place"]]
    company = row["company"]
    role, level = ROLES[row["role"]], SENIORITIES[row["seniority"]]
    desc_seed, fmt_seed = row["desc_seed"], row["fmt_seed"]
    skills = frozenset(row["skills"])
    year = intern_year(row)
    pick, fmt = Random(desc_seed), Random(fmt_seed ^ FMT_SALT)
    if fmt_seed == desc_seed:
        title = own_title = posting_title(role, level, skills, year, pick, fmt)
    else:
        own_title = posting_title(role, level, skills, year, pick, Random(desc_seed ^ FMT_SALT))
        title = posting_title(role, level, skills, year, Random(desc_seed), fmt)
    shown = row["pay_shown"]
    args = (row["pay_low"], row["pay_high"], row["currency"], row["pay_period"], place.country)
    body_pay = pay_text(*args, pick) if shown and row["pay_in_body"] else None
    team = TEAMS[role][desc_seed % len(TEAMS[role])]
    context = PostingContext(
        company=companies.names[company],
        industry=companies.industries[company],
        founded=int(companies.founded[company]),
        employees=int(companies.employees[company]),
        country=place.country,
        title=own_title,
        role=role,
        seniority=level,
        skills=tuple(row["skills"]),
        intern_grad_year=intern_year(row) + 1,
        pay_line=body_pay,
        hourly=row["pay_period"] != "year",
        team=team,
    )
    blocks = description_blocks(context, pick)
    location = location_text(place, fmt, row["hybrid"], row["source"] in STRUCTURED_COUNTRY_SOURCES)
    address = postal_address(place, fmt)
    short_pay = pay_text(*args, fmt) if shown else None
    return PostingView(
        rec_no=row["rec_no"],
        source=row["source"],
        board=row["board"],
        source_posting_id=row["source_posting_id"],
        company=companies.names[company],
        domain=companies.domain[company],
        title=title,
        location_text=location,
        address=address,
        country=place.country,
        is_remote=place.is_remote,
        hybrid=row["hybrid"],
        posted_at=row["posted_at"],
        close_date=row["close_date"],
        employment=row["employment"],
        team=team,
        department=DEPARTMENTS[role],
        blocks=blocks,
        pay=pay_view(row),
        pay_text=short_pay,
        malformed=row["malformed"],
        seed=desc_seed,
    )
