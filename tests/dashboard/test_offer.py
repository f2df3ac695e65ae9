"""Reading a typed offer (dashboard.offer): amounts per pay period are annualized with the
factors postings' pay is annualized with (contract.vocab.ANNUALIZE), so the offer and the band
are on one footing; an hour is refused where it could not be read."""

from __future__ import annotations

import pytest

from contract.vocab import ANNUALIZE
from dashboard.offer import OfferError, parse_offer

US_BAND = ("USD", 150_000.0, 250_000.0)


@pytest.mark.parametrize(
    ("typed", "period", "per_period"),
    [
        ("7,500 per month", "month", 7_500),
        ("$7.5k/month", "month", 7_500),
        ("7500 monthly", "month", 7_500),
        ("$7,000 biweekly", "biweek", 7_000),
        ("7000 every two weeks", "biweek", 7_000),
        ("$8,000 semi-monthly", "semimonth", 8_000),
        ("8000 twice a month", "semimonth", 8_000),
        ("$3,800 per week", "week", 3_800),
        ("$95/hr", "hour", 95),
        ("95 per hour", "hour", 95),
        ("$900 a day", "day", 900),
    ],
)
def test_an_offer_per_pay_period_is_annualized_as_postings_are(
    typed: str, period: str, per_period: float
) -> None:
    """ "7500 per month" was refused as "not an amount" under a field that takes offers per
    year; biweekly and semi-monthly pay (26 and 24 a year) as the postings' pay is."""
    offer = parse_offer(typed, *US_BAND)
    assert offer.period == period
    assert offer.amount == pytest.approx(per_period * ANNUALIZE[period])


def test_a_yearly_offer_keeps_its_period() -> None:
    offer = parse_offer("185k a year", *US_BAND)
    assert (offer.amount, offer.period) == (185_000, "year")
    assert parse_offer("₹32 LPA", "INR", 2.6e6, 4.3e6).period == "year"


def test_two_periods_are_refused() -> None:
    with pytest.raises(OfferError, match="more than one pay period"):
        parse_offer("7500 per month biweekly", *US_BAND)
