"""Advertised pay in the sample market: the planted log-pay model, which postings show pay, in
what period and currency, and the many ways pay is written.

Planted model (annual pay in local currency, natural log):
    log(pay) = log(base[role, seniority] * place_index * country_level[seniority])
               + log(1.18) * has_any_genai_skill + log(1.08) * has_deep_learning
               + company_effect (sd 0.08) + MONTH_TREND_PER_YEAR * (x - 17.5) / 12
               + noise (sd 0.12)
`base` is the US national level: the published midpoints of metrics.md (geometric mean of each
range) divided by the posting-weighted mean OEWS metro index, so that US postings land on the
published ranges. `place_index` is the OEWS metro / national median ratio in the US and a
city index elsewhere; `country_level` converts the US level into local currency pay levels
(India in rupees per year, so ML engineer entry ~6 LPA, mid ~16 LPA, senior ~35 LPA).
A shown range is the drawn point +- half a width drawn in [0.15, 0.35], rounded the way the
currency and period are written. Every other skill has premium 0.

May import: the standard library, numpy, and `ingest.sample` modules.
"""

from __future__ import annotations

from random import Random

import numpy as np

from ingest.sample.places import PAY_SHOWN_RATE, Place
from ingest.sample.vocab import ANNUALIZE, ROLES, SENIORITIES

GENAI_PREMIUM = 0.18
DEEP_LEARNING_PREMIUM = 0.08
NOISE_SD = 0.12
MONTH_TREND_PER_YEAR = 0.03
TREND_CENTER_MONTH = 17.5
RANGE_WIDTH = (0.15, 0.35)

# Published US ranges (metrics.md, "2026 ML skill guide"): (low, high) in USD thousands.
PUBLISHED_US_RANGES: dict[str, dict[str, tuple[float, float]]] = {
    "ml_engineer": {"entry": (100, 150), "mid": (150, 220), "senior": (220, 350)},
    "data_scientist": {"entry": (90, 130), "mid": (130, 190), "senior": (190, 280)},
    "research_scientist": {"entry": (120, 170), "mid": (170, 250), "senior": (250, 400)},
    "mlops_engineer": {"entry": (110, 145), "mid": (145, 200), "senior": (200, 300)},
}
# Roles without a published table, derived: (entry, mid, senior) USD thousands, midpoints.
DERIVED_US_MIDPOINTS: dict[str, tuple[float, float, float]] = {
    "ai_engineer": (125.0, 185.0, 280.0),
    "data_engineer": (105.0, 145.0, 195.0),
    "data_analyst": (72.0, 95.0, 125.0),
    "software_engineer": (115.0, 155.0, 210.0),
    "other": (90.0, 125.0, 165.0),
}
STAFF_OVER_SENIOR = 1.20
MANAGER_OVER_SENIOR = 1.12
INTERN_OVER_ENTRY = 0.72
# Local-currency annual pay of an ML engineer by level, per USD of the US level (i.e. the
# country level divided by the US ML engineer level), from these local levels:
LOCAL_ML_ENGINEER_LEVELS: dict[str, tuple[float, ...]] = {
    # intern, entry, mid, senior, staff, manager (annual, local currency)
    "IN": (480_000, 600_000, 1_580_000, 3_540_000, 4_500_000, 4_200_000),
    "GB": (30_000, 52_000, 72_000, 95_000, 120_000, 110_000),
    "DE": (24_000, 55_000, 72_000, 90_000, 110_000, 105_000),
    "FR": (18_000, 45_000, 58_000, 75_000, 90_000, 85_000),
    "NL": (20_000, 52_000, 68_000, 85_000, 105_000, 100_000),
    "IE": (30_000, 58_000, 80_000, 105_000, 130_000, 120_000),
    "CA": (55_000, 95_000, 125_000, 165_000, 200_000, 185_000),
    "SG": (36_000, 72_000, 110_000, 160_000, 200_000, 190_000),
    "AU": (60_000, 100_000, 140_000, 185_000, 220_000, 210_000),
    "IL": (120_000, 300_000, 440_000, 600_000, 720_000, 680_000),
    "CH": (40_000, 110_000, 135_000, 165_000, 190_000, 185_000),
}
CONTRACT_SHARE = 0.04
SINGLE_VALUE_SHARE = {"year": 0.06, "month": 0.5, "day": 0.6, "hour": 0.35}
SYMBOL = {
    "USD": "$",
    "GBP": "£",
    "EUR": "€",
    "CAD": "CA$",
    "AUD": "A$",
    "INR": "₹",
    "SGD": "S$",
    "ILS": "₪",
    "CHF": "CHF ",
}


def us_levels_before_index() -> np.ndarray:
    """(R, 6) US annual levels (USD) by role and seniority, before place normalization."""
    out = np.zeros((len(ROLES), len(SENIORITIES)))
    for r, role in enumerate(ROLES):
        if role in PUBLISHED_US_RANGES:
            ranges = PUBLISHED_US_RANGES[role]
            entry, mid, senior = (
                1000.0 * float(np.sqrt(lo * hi))
                for lo, hi in (ranges[k] for k in ("entry", "mid", "senior"))
            )
        else:
            entry, mid, senior = (1000.0 * v for v in DERIVED_US_MIDPOINTS[role])
        out[r] = (
            entry * INTERN_OVER_ENTRY,
            entry,
            mid,
            senior,
            senior * STAFF_OVER_SENIOR,
            senior * MANAGER_OVER_SENIOR,
        )
    return out


def us_index_normalizer(places: tuple[Place, ...]) -> float:
    """Posting-weighted geometric mean of the US place indices."""
    us_places = [p for p in places if p.country == "US"]
    weights = np.array([p.weight for p in us_places])
    logs = np.log([p.pay_index for p in us_places])
    return float(np.exp((weights * logs).sum() / weights.sum()))


def base_table(places: tuple[Place, ...]) -> np.ndarray:
    """(R, 6) national US base levels (USD) so that US postings match the published ranges."""
    return us_levels_before_index() / us_index_normalizer(places)


def country_level_table(places: tuple[Place, ...]) -> np.ndarray:
    """(P, 6) local-currency multiplier per place and seniority (1.0 in the US)."""
    us_ml = us_levels_before_index()[ROLES.index("ml_engineer")]
    out = np.ones((len(places), len(SENIORITIES)))
    for p in places:
        if p.country != "US":
            out[p.index] = np.array(LOCAL_ML_ENGINEER_LEVELS[p.country]) / us_ml
    return out


def pay_shown_probability(places: tuple[Place, ...]) -> np.ndarray:
    """(P,) share of postings that show pay, by place group."""
    return np.array([PAY_SHOWN_RATE[p.pay_shown_group] for p in places])


def log_pay_point(
    base: np.ndarray,
    place_index: np.ndarray,
    country_level: np.ndarray,
    has_genai: np.ndarray,
    has_deep_learning: np.ndarray,
    company_effect: np.ndarray,
    trend_x: float,
    noise: np.ndarray,
) -> np.ndarray:
    """The planted log annual pay (local currency) of each posting."""
    trend = MONTH_TREND_PER_YEAR * (trend_x - TREND_CENTER_MONTH) / 12.0
    return (
        np.log(base * place_index * country_level)
        # premiums are planted as fractions (+18% = exp(beta) - 1, metrics.md), so beta = log1p
        + np.log1p(GENAI_PREMIUM) * has_genai
        + np.log1p(DEEP_LEARNING_PREMIUM) * has_deep_learning
        + company_effect
        + trend
        + noise
    )


def pay_periods(
    rng: np.random.Generator, countries: np.ndarray, is_intern: np.ndarray, is_contract: np.ndarray
) -> np.ndarray:
    """How each posting states pay: hour / day / month / year (as written)."""
    n = len(countries)
    u = rng.random(n)
    period = np.full(n, "year", dtype=object)
    hourly_interns = np.isin(countries, ["US", "CA", "GB", "AU", "IE"])
    period[is_intern & hourly_interns] = "hour"
    period[is_intern & ~hourly_interns] = "month"
    day_rate = np.isin(countries, ["GB", "DE", "NL", "FR", "IE", "CH"])
    contract = is_contract & ~is_intern
    period[contract & day_rate] = np.where(u[contract & day_rate] < 0.6, "day", "hour")
    period[contract & ~day_rate] = np.where(u[contract & ~day_rate] < 0.7, "hour", "month")
    period[contract & (countries == "IN")] = "month"
    monthly_country = (
        ~is_intern
        & ~contract
        & (((countries == "SG") & (u < 0.5)) | ((countries == "IL") & (u < 0.7)))
    )
    period[monthly_country] = "month"
    return period


def rounding_step(currency: np.ndarray, period: np.ndarray, fine: np.ndarray) -> np.ndarray:
    """Rounding unit of a written amount, in the period's units."""
    step = np.ones(len(currency))
    is_year = period == "year"
    step[is_year] = np.where(fine[is_year], 100.0, 1000.0)
    step[is_year & (currency == "INR")] = 50_000.0
    step[period == "month"] = 100.0
    step[(period == "month") & (currency == "INR")] = 1000.0
    step[period == "day"] = 5.0
    step[period == "hour"] = 0.5
    return step


def shown_range(
    rng: np.random.Generator, point_annual: np.ndarray, period: np.ndarray, currency: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(min, max) as written, in period units: a rounded range around the point, or one value."""
    n = len(point_annual)
    factor = np.array([ANNUALIZE[p] for p in period])
    point = point_annual / factor
    width = rng.uniform(*RANGE_WIDTH, n)
    single_share = np.array([SINGLE_VALUE_SHARE[p] for p in period])
    single = rng.random(n) < single_share
    step = rounding_step(currency, period, rng.random(n) < 0.2)
    low = np.round(point * (1 - width / 2) / step) * step
    high = np.round(point * (1 + width / 2) / step) * step
    one = np.maximum(np.round(point / step) * step, step)
    low = np.where(single, one, np.maximum(low, step))
    high = np.where(single, one, np.maximum(high, low + step))
    return low, high


# ---------------------------------------------------------------- writing pay


def _grouped(value: float, sep: str = ",") -> str:
    """150000 -> "150,000" (or "150.000" / "150 000" with another separator)."""
    return f"{value:,.0f}".replace(",", sep)


def _indian_grouped(value: float) -> str:
    """12,34,567 style grouping."""
    digits = f"{round(value):d}"
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail


def _k(value: float) -> str:
    """180000 -> "180", 180600 -> "180.6" (thousands, as "$180.6K" writes it)."""
    thousands = value / 1000.0
    return f"{thousands:.1f}".rstrip("0").rstrip(".")


def _hourly(value: float) -> str:
    return f"{value:.2f}"


def _lpa(value: float) -> str:
    return f"{value / 100_000:.1f}".rstrip("0").rstrip(".")


def ashby_tier_summary(low: float, high: float, currency: str, period: str, extras: str) -> str:
    """Ashby's compensationTierSummary ("$180.6K – $230K • Offers Equity")."""
    symbol = {
        "USD": "$",
        "GBP": "£",
        "EUR": "€",
        "CAD": "CA$",
        "AUD": "A$",
        "INR": "₹",
        "SGD": "SGD ",
        "ILS": "₪",
        "CHF": "CHF ",
    }[currency]
    if period == "hour":
        amounts = [f"{symbol}{_hourly(v)}" for v in (low, high)]
        suffix = " per hour"
    elif currency == "INR" and period == "year":
        amounts = [f"{symbol}{_lpa(v)}L" for v in (low, high)]
        suffix = ""
    else:
        amounts = [f"{symbol}{_k(v)}K" for v in (low, high)]
        suffix = " per month" if period == "month" else (" per day" if period == "day" else "")
    text = amounts[0] if low == high else f"{amounts[0]} – {amounts[1]}"
    return text + suffix + extras


def usd_like_text(low: float, high: float, currency: str, period: str, rng: Random) -> str:
    """Pay text in a dollar-style currency (USD, CAD, AUD, SGD)."""
    # ("C$" is avoided: next to a programming language it reads as the C language.)
    sym = {"USD": "$", "CAD": rng.choice(["CA$", "$"]), "AUD": "A$", "SGD": "S$"}[currency]
    code = f" {currency}" if sym == "$" and currency != "USD" else ""
    single = low == high
    if period == "hour":
        if single:
            return rng.choice([f"{sym}{_hourly(low)}/hr{code}", f"{sym}{low:g} per hour{code}"])
        return rng.choice(
            [
                f"{sym}{low:g} - {sym}{high:g} per hour{code}",
                f"{sym}{_hourly(low)} – {sym}{_hourly(high)}/hour{code}",
                f"{sym}{low:g}-{high:g}/hr{code}",
            ]
        )
    if period == "day":
        return (
            f"{sym}{low:g} - {sym}{high:g} per day{code}"
            if not single
            else f"{sym}{low:g}/day{code}"
        )
    if period == "month":
        word = rng.choice(["/month", " per month", " monthly"])
        if currency == "SGD" and rng.random() < 0.5:
            body = f"SGD {_grouped(low)}" if single else f"SGD {_grouped(low)} - {_grouped(high)}"
            return body + word
        body = (
            f"{sym}{_grouped(low)}" if single else f"{sym}{_grouped(low)} - {sym}{_grouped(high)}"
        )
        return body + word + code
    if single:
        return rng.choice([f"{sym}{_grouped(low)}{code}", f"{sym}{_k(low)}K{code}"])
    forms = [
        f"{sym}{_grouped(low)} - {sym}{_grouped(high)} a year{code}",
        f"{sym}{_grouped(low)}–{sym}{_grouped(high)}{' USD' if currency == 'USD' else code}",
        f"{sym}{_k(low)}K–{sym}{_k(high)}K{code}",
        f"{sym}{_k(low)}k - {sym}{_k(high)}k{code}",
        f"{sym}{_grouped(low)} to {sym}{_grouped(high)} per year{code}",
    ]
    if currency == "CAD":
        forms += [f"CA${_k(low)}K – CA${_k(high)}K", f"${_grouped(low)} - ${_grouped(high)} CAD"]
    if currency == "SGD":
        forms += [f"SGD {_grouped(low)} - {_grouped(high)} per annum"]
    if currency == "AUD":
        forms += [f"A${_grouped(low)} - A${_grouped(high)} + super", f"AUD {_k(low)}k–{_k(high)}k"]
    return rng.choice(forms)


def inr_text(low: float, high: float, period: str, rng: Random) -> str:
    if period != "year":
        per = {"month": "/month", "hour": "/hour", "day": "/day"}[period]
        if low == high:
            return rng.choice(
                [f"₹{_indian_grouped(low)}{per}", f"INR {_indian_grouped(low)} per {period}"]
            )
        return f"₹{_indian_grouped(low)} - ₹{_indian_grouped(high)}{per}"
    if low == high:
        return rng.choice([f"₹{_lpa(low)} LPA", f"{_lpa(low)} Lakhs per annum"])
    return rng.choice(
        [
            f"₹{_lpa(low)}-{_lpa(high)} LPA",
            f"{_lpa(low)} - {_lpa(high)} Lakhs per annum",
            f"INR {_indian_grouped(low)} - {_indian_grouped(high)} per annum",
            f"₹{_lpa(low)} LPA - ₹{_lpa(high)} LPA",
            f"CTC {_lpa(low)}-{_lpa(high)} LPA",
        ]
    )


def gbp_text(low: float, high: float, period: str, rng: Random) -> str:
    if period in {"hour", "day", "month"}:
        per = {"hour": "per hour", "day": "per day", "month": "per month"}[period]
        amount = (lambda v: f"£{v:g}") if period != "month" else (lambda v: f"£{_grouped(v)}")
        return f"{amount(low)} {per}" if low == high else f"{amount(low)} - {amount(high)} {per}"
    if low == high:
        return rng.choice([f"£{_grouped(low)}", f"£{_k(low)}k per annum"])
    return rng.choice(
        [
            f"£{_grouped(low)} - £{_grouped(high)}",
            f"£{_k(low)}k–£{_k(high)}k per annum",
            f"GBP {_grouped(low)} - {_grouped(high)}",
            f"£{_grouped(low)} - £{_grouped(high)} + benefits",
        ]
    )


def eur_text(low: float, high: float, period: str, country: str, rng: Random) -> str:
    if period in {"hour", "day", "month"}:
        per = {"hour": "per hour", "day": "per day", "month": "per month"}[period]
        if country == "DE" and period == "month":
            per = "brutto/Monat"
        amount = (lambda v: f"€{v:g}") if period != "month" else (lambda v: f"€{_grouped(v, '.')}")
        return f"{amount(low)} {per}" if low == high else f"{amount(low)} - {amount(high)} {per}"
    if low == high:
        return rng.choice([f"{_grouped(low, ' ')} EUR", f"€{_grouped(low)}"])
    forms = [
        f"€{_grouped(low)} - €{_grouped(high)}",
        f"{_k(low)}k-{_k(high)}k EUR",
        f"{_grouped(low, ' ')} € - {_grouped(high, ' ')} €",
    ]
    if country == "DE":
        forms += [f"€{_grouped(low, '.')} – €{_grouped(high, '.')} brutto/Jahr"] * 2
    return rng.choice(forms)


def other_text(low: float, high: float, currency: str, period: str, rng: Random) -> str:
    """ILS and CHF."""
    per = {"year": "per year", "month": "per month", "day": "per day", "hour": "per hour"}[period]
    if currency == "ILS":
        body = f"₪{_grouped(low)}" if low == high else f"₪{_grouped(low)}-{_grouped(high)}"
        if rng.random() < 0.4 and low != high:
            body = f"ILS {_k(low)}K-{_k(high)}K"
        return f"{body} {per}"
    if low == high:
        return f"CHF {_grouped(low)} {per}"
    return rng.choice(
        [f"CHF {_grouped(low)} – {_grouped(high)}", f"CHF {_k(low)}k-{_k(high)}k {per}"]
    )


def pay_text(low: float, high: float, currency: str, period: str, country: str, rng: Random) -> str:
    """One way of writing this pay ("$150,000 - $220,000 a year", "₹25-40 LPA", ...)."""
    if currency in {"USD", "CAD", "AUD", "SGD"}:
        return usd_like_text(low, high, currency, period, rng)
    if currency == "INR":
        return inr_text(low, high, period, rng)
    if currency == "GBP":
        return gbp_text(low, high, period, rng)
    if currency == "EUR":
        return eur_text(low, high, period, country, rng)
    return other_text(low, high, currency, period, rng)
