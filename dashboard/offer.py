"""Reading an offer typed by a recruiter: "185k", "185,000", "$185,000", "1.2M", "₹32 LPA",
"32 lakh", "1.5 crore", or an amount per pay period ("7,500 per month", "$7,000 biweekly",
"$8,000 semi-monthly", "$95/hr"), annualized with the factors postings' pay is annualized with.
Anything else — empty, zero, negative, a range, two periods, junk, another currency than the
band's, or an amount no band of this kind could hold — is refused with a message that says why
and what to type, and no verdict is given.

Pure functions, no Streamlit.

May import: the standard library, `contract.vocab` (pay periods and their factors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from contract.vocab import ANNUALIZE

# Indian numbering: a lakh is 100,000, a crore 10,000,000; "LPA" = lakh per annum.
MULTIPLIERS: Final = {
    "k": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "l": 1e5,
    "lakh": 1e5,
    "lakhs": 1e5,
    "lac": 1e5,
    "lacs": 1e5,
    "lpa": 1e5,
    "cr": 1e7,
    "crore": 1e7,
    "crores": 1e7,
}
INDIAN_UNITS: Final = frozenset(
    {"l", "lakh", "lakhs", "lac", "lacs", "lpa", "cr", "crore", "crores"}
)
SYMBOLS: Final = {"₹": "INR", "£": "GBP", "€": "EUR", "¥": "JPY", "$": "$"}
CODES: Final = frozenset({"usd", "inr", "gbp", "eur", "cad", "aud", "sgd", "chf", "jpy", "ils"})
PERIOD_WORDS: Final = ("per year", "per annum", "a year", "/year", "/yr", "p.a.", "pa", "annual")
# Words for a pay period other than the year, checked in this order (biweekly before weekly,
# "twice a month" before "a month"); each found is annualized with contract.vocab.ANNUALIZE.
_PER = r"(?:\bper|\ban|\ba|/)\s?"
PERIOD_PATTERNS: Final = (
    ("biweek", rf"\bbi-?weekly\b|\bevery (?:two|2) weeks\b|\bfortnightly\b|{_PER}fortnight\b"),
    ("semimonth", r"\bsemi-?monthly\b|\btwice (?:a|per) month\b"),
    ("hour", rf"{_PER}(?:hour|hr)\b|\bhourly\b"),
    ("day", rf"{_PER}day\b|\bdaily\b"),
    ("week", rf"{_PER}(?:week|wk)\b|\bweekly\b"),
    ("month", rf"{_PER}(?:month|mo|mth)\b|\bmonthly\b"),
)
PERIOD_WORDS_SHOWN: Final = {
    "hour": "per hour",
    "day": "per day",
    "week": "per week",
    "biweek": "every two weeks",
    "semimonth": "twice a month",
    "month": "per month",
}
# An offer further than this factor outside the band's P10..P90 is not an annual salary for it.
PLAUSIBLE_FACTOR: Final = 10.0

_NUMBER = re.compile(r"\d[\d,\s']*(?:\.\d+)?|\.\d+")
_UNIT = re.compile(r"^\s*(k|thousand|mn|million|m|lakhs|lakh|lacs|lac|lpa|l|crores|crore|cr)\b")


class OfferError(ValueError):
    """The text is not an offer this band can be checked against; the message says why."""


@dataclass(frozen=True)
class Offer:
    amount: float  # per year, in the band's currency
    text: str  # as typed
    period: str = "year"  # the pay period typed; amount is annualized from it

    @property
    def periods_per_year(self) -> int:
        return ANNUALIZE[self.period]


def parse_offer(text: str, currency: str, p10: float, p90: float) -> Offer:
    """The annual amount `text` names, in the band's `currency` (whose P10 and P90 bound what
    is plausible). Raises OfferError with a message a person can act on."""
    raw = text.strip()
    if not raw:
        raise OfferError("Type an annual offer, e.g. 185k, 185,000 or ₹32 LPA.")
    lowered, period = _pay_period(raw, raw.lower())
    for word in PERIOD_WORDS:
        lowered = lowered.replace(word, " ")
    if lowered.lstrip().startswith(("-", "−", "–")):
        raise OfferError(f"“{raw}” is negative: an offer is a positive amount per year.")
    _check_currency(raw, lowered, currency)
    scientific = re.fullmatch(r"\s*(\d+(?:\.\d+)?e[+]?\d+)\s*", lowered)
    if scientific:  # "1e12": a number, however implausible (checked below)
        lowered = f"{float(scientific.group(1)):.0f}"
    numbers = _NUMBER.findall(lowered)
    if not numbers:
        raise OfferError(f"“{raw}” has no amount in it: type e.g. 185k or 185,000.")
    if len([n for n in numbers if n.strip(" ,'")]) > 1 or re.search(r"\d\s*[-–—]\s*\d", lowered):
        raise OfferError(f"“{raw}” names more than one amount: type the single offer to check.")
    number = numbers[0]
    value = _number_value(number, raw)
    rest = lowered[lowered.index(number) + len(number) :]
    unit_match = _UNIT.match(rest)
    unit = unit_match.group(1) if unit_match else None
    leftover = rest[unit_match.end() :] if unit_match else rest
    before = lowered[: lowered.index(number)]
    if _junk(before) or _junk(leftover):
        raise OfferError(f"“{raw}” is not an amount: type e.g. 185k, 185,000 or ₹32 LPA.")
    if unit in INDIAN_UNITS and currency != "INR":
        raise OfferError(
            f"Lakh and crore are Indian units, but this band is in {currency}: type the offer "
            f"in {currency}."
        )
    amount = value * MULTIPLIERS.get(unit or "", 1.0) * ANNUALIZE[period]
    if amount <= 0:
        raise OfferError(f"“{raw}” is zero: an offer is a positive amount per year.")
    low, high = p10 / PLAUSIBLE_FACTOR, p90 * PLAUSIBLE_FACTOR
    if not low <= amount <= high:
        raise OfferError(
            f"{amount:,.0f} {currency} is not a plausible annual offer for this band (P10 "
            f"{p10:,.0f} to P90 {p90:,.0f} {currency}): type an annual amount between "
            f"{low:,.0f} and {high:,.0f} {currency}."
        )
    return Offer(amount, raw, period)


def _pay_period(raw: str, lowered: str) -> tuple[str, str]:
    """`lowered` without its pay-period words, and the period they name ("year" if none)."""
    found = []
    for period, pattern in PERIOD_PATTERNS:
        lowered, n = re.subn(pattern, " ", lowered)
        found += [period] * n
    if len(found) > 1:
        raise OfferError(f"“{raw}” names more than one pay period: type the offer once.")
    return lowered, found[0] if found else "year"


def _number_value(number: str, raw: str) -> float:
    digits = number.replace(",", "").replace("'", "").replace(" ", "")
    try:
        return float(digits)
    except ValueError:  # pragma: no cover - the pattern admits only digits and separators
        raise OfferError(f"“{raw}” is not an amount.") from None


def _check_currency(raw: str, lowered: str, currency: str) -> None:
    named = {code for symbol, code in SYMBOLS.items() if symbol in raw}
    named |= {code.upper() for code in CODES if re.search(rf"\b{code}\b", lowered)}
    for code in named:
        if code == "$":
            if "$" not in _symbol_of(currency):
                raise OfferError(
                    f"This band is in {currency}, not dollars: type the offer in {currency}."
                )
        elif code != currency:
            raise OfferError(
                f"This band is in {currency}, not {code}: type the offer in {currency}."
            )


def _symbol_of(currency: str) -> str:
    return {"USD": "$", "CAD": "CA$", "AUD": "A$", "SGD": "S$", "NZD": "NZ$"}.get(currency, "")


_ALLOWED_MARKS = re.compile(
    r"(?:us|ca|a|s|nz)?\$|₹|£|€|¥|\brs\.?|\b(?:" + "|".join(sorted(CODES)) + r")\b"
)


def _junk(text: str) -> bool:
    """Anything left beside the amount other than currency marks, codes and spaces."""
    return bool(_ALLOWED_MARKS.sub(" ", text).strip(" .:=/"))
