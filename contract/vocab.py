"""Shared vocabularies: the values a column may take wherever it appears (docs/contracts.md).

The title classifier's rules (`analytics/taxonomy/roles.yml`) produce these role families and
seniorities; the marts, the read API and the pages list them in this order.

May import: the standard library only.
"""

from __future__ import annotations

from typing import Final

ROLE_FAMILIES: Final[tuple[str, ...]] = (
    "ml_engineer",
    "data_scientist",
    "research_scientist",
    "mlops_engineer",
    "ai_engineer",
    "data_engineer",
    "data_analyst",
    "software_engineer",
    "other",
)
# The catch-all role family (postings of no named family): listed after the named ones wherever
# roles are suggested, since it tells a recruiter or learner aiming at one role little.
CATCH_ALL_ROLE_FAMILY: Final = "other"
SENIORITIES: Final[tuple[str, ...]] = ("intern", "entry", "mid", "senior", "staff", "manager")
# core_postings.degree_min: the lowest degree a posting requires, lowest first
DEGREE_LEVELS: Final[tuple[str, ...]] = ("none", "bachelor", "master", "phd")
# Pay periods, shortest first, and pays per year. "biweek" is every two weeks (US "biweekly",
# Australian "fortnightly"); "semimonth" is twice a month (US "semi-monthly").
PAY_PERIODS: Final[tuple[str, ...]] = (
    "hour",
    "day",
    "week",
    "biweek",
    "semimonth",
    "month",
    "year",
)
ANNUALIZE: Final[dict[str, int]] = {
    "hour": 2080,
    "day": 260,
    "week": 52,
    "biweek": 26,
    "semimonth": 24,
    "month": 12,
    "year": 1,
}

ALL: Final = "all"  # the value of a slice column a row does not vary
GENAI_SKILL_ID: Final = "genai"  # pseudo-skill: the posting names any skill with is_genai
GENAI_SKILL_NAME: Final = "Any GenAI skill"

# Place levels, finest first (pay-band roll-up order) and coarsest first (pickers).
PLACE_LEVELS_FINE_FIRST: Final[tuple[str, ...]] = ("metro", "state", "country", "all")
PLACE_LEVELS: Final[tuple[str, ...]] = tuple(reversed(PLACE_LEVELS_FINE_FIRST))

# How precisely a posting's place is known (core_postings.place_level): a world region ("EMEA",
# "APAC", country unknown) never counts toward a country.
POSTING_PLACE_LEVELS: Final[tuple[str, ...]] = ("city", "region", "country", "world_region")
# Words of a location text that name no place, as regex fragments matched as whole words in
# lower case: the work mode ("Remote", "Hybrid", "On-site") and office-list words ("Multiple
# Locations", "Offices", "Flexible"). Ingest's Greenhouse parser reads a location of these words
# alone as naming none (the job's office may); the place normalizer removes them before it reads
# places. Scope words ("Anywhere", "Worldwide", "Global") are not here: they name a scope.
WORK_MODE_WORDS: Final[tuple[str, ...]] = ("remote", "hybrid", "on-?site")
NO_PLACE_WORDS: Final[tuple[str, ...]] = ("multiple", "locations?", "offices?", "flexible")
PAY_KINDS: Final[tuple[str, ...]] = ("base", "ote", "total")  # core_postings.pay_kind
# Pay beside base pay a source lists (staging pay_components[].kind): an equity grant as a
# percent of the company, an equity grant's cash value, a bonus, a commission.
PAY_COMPONENT_KINDS: Final[tuple[str, ...]] = (
    "equity_percent",
    "equity_value",
    "bonus",
    "commission",
)

# Pay-band windows: the 12 months ending with the data, and the 12 before.
PAY_BAND_WINDOWS: Final[tuple[str, ...]] = ("last_12m", "prior_12m")
DEFAULT_PAY_BAND_WINDOW: Final = "last_12m"

# Demand-to-supply: where the supply count comes from, and Lightcast's bands for candidates per
# opening (upper bound -> label; the last band is open-ended).
TALENT_POOL_SUPPLY: Final = "talent_pool"
ESTIMATE_SUPPLY: Final = "oews_survey_estimate"
SUPPLY_SOURCES: Final[tuple[str, ...]] = (TALENT_POOL_SUPPLY, ESTIMATE_SUPPLY)
INVERSE_BANDS: Final[tuple[tuple[float, str], ...]] = (
    (0.59, "too many jobs"),
    (0.90, "more jobs than workers"),
    (1.20, "balanced"),
    (1.49, "more workers than jobs"),
    (float("inf"), "too many workers"),
)

EMERGING_DIRECTIONS: Final[tuple[str, ...]] = ("rising", "declining", "flat")
CLAIM_VERDICTS: Final[tuple[str, ...]] = ("consistent", "higher", "lower", "not measurable")
