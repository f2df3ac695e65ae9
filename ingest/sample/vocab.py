"""Fixed vocabularies and the crawl calendar of the sample market.

Role families, seniority levels and pay periods are the ones pinned in docs/contracts.md; the
calendar turns (end_month, months) into the monthly crawl dates (last day of each month). The
posting sources it writes are the contract's records marked `in_sample_market`.

May import: the standard library, `contract`.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from contract.sources import SOURCES as CONTRACT_SOURCES
from contract.vocab import ANNUALIZE as CONTRACT_ANNUALIZE

ROLES: tuple[str, ...] = (
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
ROLE_INDEX = {role: i for i, role in enumerate(ROLES)}
ML_ROLES: tuple[str, ...] = (
    "ml_engineer",
    "data_scientist",
    "research_scientist",
    "mlops_engineer",
    "ai_engineer",
)
SENIORITIES: tuple[str, ...] = ("intern", "entry", "mid", "senior", "staff", "manager")
SENIORITY_INDEX = {level: i for i, level in enumerate(SENIORITIES)}
# The posting sources the sample market writes, in dedupe-preference order (structured feeds
# first): the columns of its per-source probability tables follow this order.
SOURCES: tuple[str, ...] = tuple(
    s.id
    for s in sorted(
        (s for s in CONTRACT_SOURCES if s.in_sample_market),
        key=lambda s: len(CONTRACT_SOURCES) if s.dedupe_rank is None else s.dedupe_rank,
    )
)
# per period, pay periods in a year: the contract's (the simulator plants hour to year only)
ANNUALIZE = {period: float(factor) for period, factor in CONTRACT_ANNUALIZE.items()}
# The calendar anchor for time trends: trends are functions of the calendar month, so a run
# with another end month or length sees the same market at the same dates.
TREND_ORIGIN = (2023, 11)


class CalendarError(ValueError):
    """An end month or month count that cannot describe a crawl calendar."""


@dataclass(frozen=True)
class CrawlMonth:
    index: int  # 0 .. months-1 within this run
    year: int
    month: int
    trend_x: int  # months since TREND_ORIGIN (may be negative)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def crawl_date(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def n_days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def hn_thread_opens(self) -> datetime:
        """16:00 UTC on the month's first weekday, when "Who is hiring?" is posted."""
        day = self.first_day
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return datetime(day.year, day.month, day.day, 16, 0, tzinfo=UTC)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def parse_month(text: str) -> tuple[int, int]:
    """(year, month) of a "YYYY-MM" string; raises naming the value otherwise."""
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise CalendarError(f"end_month {text!r}: expected YYYY-MM")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or year < 1900:
        raise CalendarError(f"end_month {text!r}: month must be 01-12 and year >= 1900")
    return year, month


def crawl_months(end_month: str, months: int) -> list[CrawlMonth]:
    """The `months` calendar months ending with `end_month`, oldest first."""
    if months < 1:
        raise CalendarError(f"months={months}: need at least one month")
    year, month = parse_month(end_month)
    last = year * 12 + (month - 1)
    origin = TREND_ORIGIN[0] * 12 + (TREND_ORIGIN[1] - 1)
    out = []
    for i in range(months):
        absolute = last - (months - 1 - i)
        out.append(CrawlMonth(i, absolute // 12, absolute % 12 + 1, absolute - origin))
    return out
