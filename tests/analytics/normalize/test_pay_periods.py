"""Pay periods beyond hour / day / week / month / year: every two weeks ("biweekly",
"fortnightly") and twice a month ("semi-monthly"), as US government and hospital postings and
Australian awards write pay. The contract (`contract.vocab`) is their one home: the parser, the
annualization, the staging column's description and the generated docs all read it.
"""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize.salary import annualize, parse_salary
from contract.marts.pay import OUT_POSTING_PAY
from contract.staging import STAGING_COLUMNS
from contract.vocab import ANNUALIZE, PAY_PERIODS


@pytest.mark.parametrize(
    ("text", "country", "low", "high", "period"),
    [
        ("$1,980.00 - $2,710.40 Biweekly", "US", 1_980, 2_710.4, "biweek"),
        ("$2,640 bi-weekly", "CA", 2_640, 2_640, "biweek"),
        ("BiWeekly: $2,100 - $2,900", "US", 2_100, 2_900, "biweek"),
        ("Bi-weekly rate: $3,050", "US", 3_050, 3_050, "biweek"),
        ("$2,700 every 2 weeks", "US", 2_700, 2_700, "biweek"),
        ("$1,900 - $2,300 per pay period (biweekly)", "US", 1_900, 2_300, "biweek"),
        ("$2,750 - $3,050 per fortnight", "AU", 2_750, 3_050, "biweek"),
        ("Fortnightly salary $3,480", "AU", 3_480, 3_480, "biweek"),
        ("$3,900 - $4,400 semi-monthly", "US", 3_900, 4_400, "semimonth"),
        ("Semi-Monthly Salary: $2,950", "US", 2_950, 2_950, "semimonth"),
        ("$3,150 twice per month", "US", 3_150, 3_150, "semimonth"),
    ],
)
def test_biweekly_and_semimonthly_pay_keeps_its_period(
    text: str, country: str, low: float, high: float, period: str
) -> None:
    got = parse_salary(text, country)
    assert got is not None and (got["min"], got["max"], got["period"]) == (low, high, period), got


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("$72,500 per year, paid biweekly", "year"),  # the pay schedule is not the rate's period
        ("$24.10 per hour, paid every two weeks", "hour"),
        ("$1,050 weekly", "week"),  # "weekly" alone is still a week
    ],
)
def test_a_pay_schedule_beside_a_rate_does_not_change_its_period(text: str, period: str) -> None:
    got = parse_salary(text, "US")
    assert got is not None and got["period"] == period, got


def test_biweekly_and_semimonthly_pay_is_annualized_26_and_24_times() -> None:
    frame = pl.DataFrame({"amount": [2_000.0, 2_000.0], "period": ["biweek", "semimonth"]})
    got = frame.select(annualize(pl.col("amount"), pl.col("period")))["amount"].to_list()
    assert got == [52_000.0, 48_000.0]


def test_every_pay_period_has_one_annualization_factor_and_is_documented() -> None:
    assert set(ANNUALIZE) == set(PAY_PERIODS)
    # shortest period first: more pays a year
    assert [ANNUALIZE[p] for p in PAY_PERIODS] == sorted(ANNUALIZE.values(), reverse=True)
    staging = {column.name: column.description for column in STAGING_COLUMNS}
    mart = {column.name: column.description for column in OUT_POSTING_PAY.columns}
    for period in PAY_PERIODS:
        assert period in staging["pay_period"].split(", ")
        assert period in mart["pay_period"]
