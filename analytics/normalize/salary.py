"""Parse advertised pay from free text, annualize it and flag implausible values.

Job: turn pay text (Ashby ``compensationTierSummary``, Greenhouse pay blurbs, HN first lines,
description sentences) into ``pay_min``, ``pay_max``, ``pay_currency`` (ISO 4217) and
``pay_period`` (hour | day | week | month | year) with vectorized Polars expressions only: one
regex pass masks amounts that are not pay, one ``extract_all`` lists candidate amounts, the
candidates are exploded and parsed with ``extract_groups``, and the first candidate that looks
like pay wins. No per-row Python.

May import: the standard library and polars. Never imports ``ingest``, ``dashboard`` or ``app``.

All constants live in this module (not in a YAML file) so the rules sit beside the code that
applies them:

* Period words written next to the amount win ("a year", "/hr", "per month", "monthly",
  "p.a.", "brutto/Jahr", "LPA"), then a period word before it ("Hourly rate: $50-60").
* Otherwise the period is inferred from the larger amount, in the currency's own units
  (``PERIOD_THRESHOLDS``): below ``hour_below`` -> hour, below ``month_below`` -> month, else
  year. For USD-like currencies that is < 500 hour, 500-20,000 month, else year; INR uses
  2,000 / 200,000; JPY 10,000 / 1,500,000. "Lakh" amounts (L, lakh, lac, LPA) are x 100,000 and
  INR; "crore" x 10,000,000.
* Currency: an explicit ISO code beside the amount wins, then a specific symbol (CA$, A$, US$,
  S$, £, €, ₹, ₱, ...). A plain "$" is USD unless the country hint is CA, AU, SG, NZ, HK or MX
  (then that country's dollar/peso); "¥" is JPY unless the hint is CN; "kr" is SEK unless the
  hint is NO or DK. With no marker at all the hint's currency is used (``COUNTRY_CURRENCY``);
  with neither, ``pay_currency`` is null.
* Only pay-looking amounts count: an amount needs a currency marker, a lakh/crore unit, a pay
  keyword right before it ("Salary: 95 000"), an explicit period after it ("120,000 per year"),
  or be a "120-150k" style range of at least 10,000. Amounts next to funding, valuation,
  revenue, ARR, bonus, sign-on, relocation, credits, customers, users, deals and similar words
  are masked first (``NON_PAY_BEFORE_PATTERN`` / ``NON_PAY_AFTER_PATTERN``; "a $500 home office
  stipend" is masked, "Stipend: ₹25,000 per month" is an intern's pay); "401(k)",
  percentages, billions, bare years and amounts that start in millions ("$5M", "$1M to $500M")
  never count unless a pay keyword precedes them.
* Plausibility: annualized and converted with a rough order-of-magnitude rate
  (``PERIOD_THRESHOLDS`` ``units_per_usd``), the lower amount must not exceed 5,000,000 USD and
  the upper one must lie between 1,000 and 50,000,000 USD, else the candidate is skipped. The
  stricter publication rule is ``pay_sanity_reason``.
* The first candidate (in text order) that passes wins, so the salary in "$120K – $140K •
  $70K – $150K Commission" is the first range.
* "Up to $180,000" gives min null / max 180,000; "$200k+" or "from $120k" gives min / max
  null; a single amount gives min = max.

Annualization (metrics.md): hour x 2080, day x 260, week x 52, month x 12, year x 1.

Each distinct (text, country hint) pair is parsed once and joined back, since pay text repeats
heavily across postings and monthly snapshots.

Benchmark: ``python -m analytics.normalize.salary [n_rows]`` parses n synthetic pay strings
and prints rows/s.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import polars as pl

PAY_PERIODS: tuple[str, ...] = ("hour", "day", "week", "month", "year")

# metrics.md: the one documented set of annualization constants.
ANNUALIZATION_FACTORS: dict[str, float] = {
    "hour": 2080.0,
    "day": 260.0,
    "week": 52.0,
    "month": 12.0,
    "year": 1.0,
}

# metrics.md sanity rule (Nesta's salary annualiser uses the 10x rule).
SANITY_MIN_ANNUAL_USD = 10_000.0
# Currencies whose markets pay real tech salaries below 10,000 USD a year; their floor is lower.
LOW_WAGE_CURRENCIES = frozenset(
    {"INR", "PKR", "BDT", "LKR", "NPR", "NGN", "EGP", "VND", "IDR", "PHP", "KES", "UAH"}
)
LOW_WAGE_FLOOR_USD = 1_500.0
SANITY_MAX_ANNUAL_USD = 2_000_000.0
SANITY_MAX_RANGE_RATIO = 10.0

# Parse-time plausibility (looser than the sanity rule; only rejects what cannot be pay).
PLAUSIBLE_MAX_LOW_ANNUAL_USD = 5_000_000.0
PLAUSIBLE_MIN_HIGH_ANNUAL_USD = 1_000.0
PLAUSIBLE_MAX_HIGH_ANNUAL_USD = 50_000_000.0
# Distinct texts parsed per batch (bounds memory; the work inside a batch is vectorized).
PARSE_BATCH_ROWS = 200_000
# Unmarked "120-150k" ranges count as pay only from this lower bound up.
BARE_K_RANGE_MIN = 10_000.0

# currency -> (hour_below, month_below, units_per_usd). The thresholds infer the period of an
# amount written without one, in the currency's own units; units_per_usd is a rough
# order-of-magnitude rate used only for the plausibility bounds above (the real conversion
# uses analytics.normalize.fx). Currencies not listed use DEFAULT_THRESHOLDS.
PERIOD_THRESHOLDS: dict[str, tuple[float, float, float]] = {
    "USD": (500, 20_000, 1.0),
    "CAD": (500, 20_000, 1.4),
    "AUD": (500, 20_000, 1.5),
    "NZD": (500, 20_000, 1.7),
    "SGD": (500, 20_000, 1.3),
    "EUR": (500, 20_000, 0.9),
    "GBP": (500, 20_000, 0.8),
    "CHF": (500, 25_000, 0.85),
    "HKD": (2_000, 150_000, 7.8),
    "ILS": (1_000, 80_000, 3.6),
    "INR": (2_000, 200_000, 85.0),
    "JPY": (10_000, 1_500_000, 150.0),
    "KRW": (100_000, 20_000_000, 1_350.0),
    "CNY": (500, 100_000, 7.2),
    "PHP": (1_000, 200_000, 56.0),
    "SEK": (1_000, 150_000, 10.0),
    "NOK": (1_000, 150_000, 10.5),
    "DKK": (1_000, 150_000, 6.8),
    "PLN": (500, 60_000, 3.9),
    "BRL": (500, 60_000, 5.5),
    "MXN": (2_000, 300_000, 18.5),
}
DEFAULT_THRESHOLDS: tuple[float, float, float] = (500, 20_000, 1.0)

# Country hint (ISO alpha-2) -> currency used when the text names none.
COUNTRY_CURRENCY: dict[str, str] = {
    "US": "USD", "IN": "INR", "GB": "GBP", "UK": "GBP", "CA": "CAD", "AU": "AUD", "NZ": "NZD",
    "SG": "SGD", "CH": "CHF", "IL": "ILS", "JP": "JPY", "SE": "SEK", "NO": "NOK", "DK": "DKK",
    "PL": "PLN", "BR": "BRL", "MX": "MXN", "HK": "HKD", "CN": "CNY", "PH": "PHP", "KR": "KRW",
    "DE": "EUR", "FR": "EUR", "NL": "EUR", "IE": "EUR", "ES": "EUR", "IT": "EUR", "PT": "EUR",
    "BE": "EUR", "AT": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR", "SK": "EUR", "SI": "EUR",
    "EE": "EUR", "LV": "EUR", "LT": "EUR", "HR": "EUR", "CY": "EUR", "MT": "EUR",
}  # fmt: skip

# Countries where a plain "$" means the local currency rather than USD.
LOCAL_DOLLAR: dict[str, str] = {
    "CA": "CAD", "AU": "AUD", "SG": "SGD", "NZ": "NZD", "HK": "HKD", "MX": "MXN",
}  # fmt: skip

# Currency token as written (lowercased, spaces and dots removed) -> ISO code. "$", "¥" and
# "kr" are ambiguous and resolved with the country hint.
CURRENCY_TOKENS: dict[str, str] = {
    "$": "$", "dollar": "$", "dollars": "$", "us$": "USD", "usd$": "USD", "usd": "USD",
    "ca$": "CAD", "c$": "CAD", "cad$": "CAD", "cad": "CAD",
    "a$": "AUD", "au$": "AUD", "aud$": "AUD", "aud": "AUD",
    "s$": "SGD", "sg$": "SGD", "sgd$": "SGD", "sgd": "SGD",
    "nz$": "NZD", "nzd$": "NZD", "nzd": "NZD", "hk$": "HKD", "hkd$": "HKD", "hkd": "HKD",
    "mx$": "MXN", "mxn$": "MXN", "mxn": "MXN", "r$": "BRL", "brl": "BRL",
    "£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "₹": "INR", "inr": "INR", "rs": "INR", "rupees": "INR",
    "¥": "¥", "jp¥": "JPY", "jpy": "JPY", "cn¥": "CNY", "rmb": "CNY", "cny": "CNY",
    "₱": "PHP", "php": "PHP", "₪": "ILS", "ils": "ILS", "nis": "ILS", "chf": "CHF",
    "kr": "kr", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "zł": "PLN",
    "₩": "KRW", "krw": "KRW",
}  # fmt: skip

# Unit word after a number -> multiplier. Billions are recognised only to reject them.
MULTIPLIERS: dict[str, float] = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
    "l": 1e5, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "lpa": 1e5,
    "cr": 1e7, "crore": 1e7, "crores": 1e7,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12,
}  # fmt: skip

# Period words -> period.
PERIOD_WORDS: dict[str, str] = {
    "hour": "hour", "hours": "hour", "hr": "hour", "hrs": "hour", "h": "hour", "hourly": "hour",
    "stunde": "hour", "std": "hour", "stündlich": "hour", "heure": "hour", "hora": "hour",
    "day": "day", "days": "day", "d": "day", "daily": "day", "tag": "day", "jour": "day",
    "dia": "day", "día": "day", "diem": "day",
    "week": "week", "weeks": "week", "wk": "week", "wks": "week", "weekly": "week",
    "woche": "week", "semaine": "week",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "mth": "month",
    "mnth": "month", "monthly": "month", "pcm": "month", "pm": "month", "m": "month",
    "monat": "month",
    "monatlich": "month", "mois": "month", "mes": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "y": "year",
    "annum": "year", "annual": "year", "annually": "year", "yearly": "year", "pa": "year",
    "an": "year", "jahr": "year", "jährlich": "year", "année": "year", "ano": "year",
    "año": "year", "ctc": "year", "lpa": "year", "peryear": "year", "perannum": "year",
    "perhour": "hour", "perday": "day", "perweek": "week", "permonth": "month",
}  # fmt: skip

_SP = r"[ \t\u00a0\u202f]"
_WB = r"(?-u:\b)"  # ASCII word boundary keeps the regex engine on its fast path.
_CODES = (
    r"usd|eur|gbp|inr|cad|aud|sgd|chf|ils|nis|jpy|sek|nok|dkk|pln|brl|mxn|cny|rmb|php|nzd"
    r"|hkd|krw"
)
_CUR_PREFIX = (
    rf"{_WB}(?:usd|us|cad|ca|c|aud|au|a|sgd|sg|s|nzd|nz|hkd|hk|mxn|mx|r)\$"
    rf"|{_WB}(?:usd|cad|aud|sgd|nzd|hkd|mxn){_SP}\$"
    rf"|cn¥|jp¥|\$|£|€|₹|¥|₱|₪|₩|{_WB}rs\.?|{_WB}(?:{_CODES}){_WB}"
)
_CUR_SUFFIX = rf"(?:{_CODES}|euros?|dollars?|pounds?|rupees|kr|chf){_WB}|€|£|\$|₹|zł|₱|₪|¥"
_NUM = (
    r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}"  # Indian grouping 12,00,000
    r"|[0-9]{1,3}(?:[,.'’][0-9]{3})+(?:[.,][0-9]{1,2})?"  # 150,000 / 80.000 / 1,234.56
    r"|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+"  # 95 000
    r"|[0-9]+(?:[.,][0-9]{1,2})?"  # 120 / 58.50 / 180.6
)
_MULT = (
    rf"(?:lpa|lakhs?|lacs?|crores?|thousand|million|billion|trillion|mio\.?|mn|mm|bn|tn|cr|k|m"
    rf"|l|b|t){_WB}"
)
_SEP = r"-|–|—|‒|−|~|to|and|bis|until|till"
_QUAL = (
    r"up to|upto|max(?:imum)?|no more than|not more than|not to exceed|starting at"
    r"|starting from|starts at|from|at least|min(?:imum)?|more than|over|between|around"
    r"|approx(?:imately)?\.?|about|~"
)
_PAY_KW = (
    r"base salary|base pay|base compensation|salary|salaries|compensation|comp|pay rate|pay"
    r"|wages?|ctc|package|remuneration|gehalt|salaire|sueldo|salário|rate|earnings|ote|income"
)
_PERIOD_ADJ = (
    r"hourly|daily|weekly|monthly|yearly|annually|annual|per annum|per year"
    r"|per hour|per month|per day|per week|day|hour"
)
_PERIOD_NOUN = (
    r"hours?|hrs?|days?|weeks?|wks?|months?|mos?|mth|mnth|years?|yrs?|annum|an|jahr"
    r"|monat|stunde|std|tag|woche|mois|jour|heure|semaine|année|ano|año|mes|hora|día|dia"
)
# Single letters count as a period only right after a slash ("/h", "/d", "/y", "/m").
_PERIOD_SLASH = rf"/{_SP}*(?:{_PERIOD_NOUN}|h|d|y|m)"
_PERIOD_WORDED = rf"(?:per|an?|each|every|pro|par|im){_SP}+(?:{_PERIOD_NOUN})"
_PERIOD_POST_ADJ = (
    r"hourly|daily|weekly|monthly|yearly|annually|annual|jährlich|monatlich|stündlich|pcm|ctc"
    r"|pa"
)
_QUALIFIER_WORDS = (
    r"gross|brutto|base|base salary|salary|pre-tax|before tax|ote|total|net|fixed|cash"
)

_AMOUNT_CORE = (
    rf"(?:{_CUR_PREFIX})?{_SP}?(?:{_NUM})\+?(?:{_SP}?(?:{_MULT}))?(?:{_SP}?(?:{_CUR_SUFFIX}))?"
)
# In masks an amount may come with an alternative ("35 EUR / 40 USD per visit").
_AMOUNT_RANGE = rf"{_AMOUNT_CORE}(?:{_SP}*(?:-|–|—|to|/|or){_SP}*{_AMOUNT_CORE})?"
_PERIOD_TAIL = (
    rf"(?:{_SP}*(?:(?:{_PERIOD_SLASH}|{_PERIOD_WORDED}){_WB}|(?:{_PERIOD_POST_ADJ}){_WB}"
    rf"|p\.{_SP}?a\.?|p\.m\.))?"
)

CANDIDATE_PATTERN = (
    "(?i)"
    rf"(?:(?P<pp>{_PERIOD_ADJ}){_SP}+)?"
    rf"(?:(?P<kw>{_PAY_KW}){_WB}{_SP}*)?"
    rf"(?:(?:range|band|bracket){_SP}*)?"
    rf"(?:\((?P<c0>{_CODES})\){_SP}*)?"
    rf"(?:(?:is|of|:|-|–|=|at){_SP}*){{0,2}}"
    rf"(?:(?P<q>{_QUAL}){_SP}*)?"
    rf"(?P<c1>{_CUR_PREFIX})?{_SP}?(?P<n1>{_NUM})(?P<pct1>{_SP}?%)?(?P<plus0>\+)?{_SP}?"
    rf"(?P<m1>{_MULT})?"
    rf"(?P<plus1>\+)?(?:{_SP}?(?P<s1>{_CUR_SUFFIX}))?"
    rf"(?:{_SP}*(?:/{_SP}*|per{_SP}+)(?P<pn1>{_PERIOD_NOUN}|h|d|y|m){_WB})?"
    rf"(?:{_SP}*(?P<sep>{_SEP}){_SP}*(?P<c2>{_CUR_PREFIX})?{_SP}?(?P<n2>{_NUM})"
    rf"(?P<pct2>{_SP}?%)?{_SP}?(?P<m2>{_MULT})?(?P<plus2>\+)?)?"
    rf"(?:{_SP}?(?P<s2>{_CUR_SUFFIX}))?"
    rf"(?:{_SP}*\(?(?P<qual>{_QUALIFIER_WORDS})\)?)?"
    rf"(?:{_SP}*(?:/{_SP}*(?P<pn>{_PERIOD_NOUN}|h|d|y|m)"
    rf"|(?:per|an?|each|every|pro|par|im){_SP}+(?P<pn2>{_PERIOD_NOUN})){_WB}"
    rf"|{_SP}*(?P<pa>(?:{_PERIOD_POST_ADJ}){_WB}|p\.{_SP}?a\.?|p\.m\.))?"
)

_NEG_BEFORE = (
    r"raised|raising|raise|funding|funded|valuation|valued|revenues?|arr|series [a-h]|seed"
    r"|round|bonus(?:es)?|sign[- ]?on|signing|relocation|allowances?|budgets?"
    r"|credits?|grants?|referral|commissions?|reimburse\w*|prizes?|awards?"
    r"|investment|invested|backed|match(?:ing)?|contributions?|per diem|gmv|aum|saves?|saved"
    r"|saving|savings|deals?|contracts?|acv|tcv|quota|pipeline"
)
_BRIDGE_BEFORE = (
    r"of|up to|upto|a|an|about|over|nearly|approximately|approx\.?|around|worth|at|by|with"
    r"|totaling|totalling|in|the|package|assistance|amount|is|are|was|were|=|:|-|–|reaching"
    r"|exceeding|more than|than|just|already|recently|total|~|\(|target|potential|pool|plan"
    r"|program|of up to|led by|from|usd|eur"
)
_NEG_AFTER = (
    r"bonus(?:es)?|sign[- ]?on|signing|relocation|stipends?|allowances?|budgets?|credits?"
    r"|funding|funds|round|raise|raised|valuation|revenues?|arr|series|seed|customers?|users?"
    r"|clients?|downloads?|members?|employees?|people|developers?|companies|businesses"
    r"|merchants|transactions?|requests?|sales|commissions?|grants?|equity|rsus?"
    r"|reimburse\w*|prizes?|awards?|investments?|investors?|assets|aum|gmv|market|venture"
    r"|capital|backing|subscriptions?|license|seats?|fees?|price|pricing|discount|off|gift"
    r"|voucher|coupon|costs?|spend|spent|donations?|match(?:ing)?|contributions?|deductible"
    r"|premiums?|copay|diem|in vc|vc|gpus?|images|tokens|queries|parameters|records|rows"
    r"|savings|payments|volume|loans?|deposits|subsid(?:y|ies)|rent|visits?|sessions?|nights?"
    r"|meals?|tickets?|persons?|heads?|expenses|debt|financing|category|industry|tam|toward"
    r"|towards|deals?|contracts?|acv|tcv|quota|pipeline|opportunit(?:y|ies)"
)
_BRIDGE_AFTER = (
    r"\([^)\n]{0,20}\)|in|of|for|a|an|per|one-time|one time|annual|annually|yearly|monthly"
    r"|home|office|housing|commuter|transit|phone|internet|meal|food|lunch|gym|childcare|travel"
    r"|learning|education|educational|wellness|cash|total|company|target|performance|signing"
    r"|sign-on|joining|relocation|professional|development|training|health|fitness"
    r"|equipment|tech|technology|remote|work|wfh|seed|new|existing|active|paying|happy"
    r"|global|worldwide|enterprise|recurring|discretionary|quarterly|referral|retention|spot"
    r"|hiring|stock|option|options|venture|funding|series [a-h]|user|seat|employer|401k"
    r"|retirement|up|raised|and development|& development|l&d"
)
# Both masks keep the keyword (replacement "${neg}") so the other mask can still use it:
# in "from 0 to $35M ARR in 6 years" the after-mask needs "ARR" too.
NON_PAY_BEFORE_PATTERN = (
    f"(?i){_WB}(?P<neg>{_NEG_BEFORE}){_WB}{_SP}*:?{_SP}*"
    f"(?:(?:{_BRIDGE_BEFORE}){_SP}*){{0,3}}{_AMOUNT_RANGE}{_PERIOD_TAIL}"
)
NON_PAY_AFTER_PATTERN = (
    f"(?i){_AMOUNT_RANGE}{_PERIOD_TAIL}{_SP}*(?:(?:{_BRIDGE_AFTER}){_SP}+){{0,3}}"
    f"(?:(?:in|of|for){_SP}+(?:[a-z0-9&'./-]+{_SP}+){{0,2}})?(?P<neg>{_NEG_AFTER}){_WB}"
)
K401_PATTERN = r"(?i)401\s*\(?k\)?"

PAY_SCHEMA: dict[str, Any] = {
    "pay_min": pl.Float64,
    "pay_max": pl.Float64,
    "pay_currency": pl.String,
    "pay_period": pl.String,
}


def mask_non_pay_amounts(texts: pl.Expr) -> pl.Expr:
    """Blank out amounts that are not pay: 401(k), funding, bonuses, credits, counts."""
    return (
        texts.str.replace_all(K401_PATTERN, " ")
        .str.replace_all(NON_PAY_BEFORE_PATTERN, " ${neg} ")
        .str.replace_all(NON_PAY_AFTER_PATTERN, " ${neg} ")
    )


def amount_number(num: pl.Expr) -> pl.Expr:
    """Numeric value of a matched number string, reading separators as thousands or decimals.

    A separator followed by exactly one or two final digits is the decimal mark; every other
    separator (",", ".", "'", spaces) groups thousands (or Indian lakhs).
    """
    digits = num.str.replace_all(r"[^0-9]", "").cast(pl.Float64, strict=False)
    scale = (
        pl.when(num.str.contains(r"[.,][0-9]{2}$"))
        .then(pl.lit(100.0))
        .when(num.str.contains(r"[.,][0-9]$"))
        .then(pl.lit(10.0))
        .otherwise(pl.lit(1.0))
    )
    return digits / scale


def _token(col: str) -> pl.Expr:
    """Lowercased word with dots and spaces removed ("Rs." -> "rs", "p. a." -> "pa")."""
    return (
        pl.col(col)
        .str.to_lowercase()
        .str.replace_all(".", "", literal=True)
        .str.replace_all(" ", "", literal=True)
    )


def multiplier_value(mult: pl.Expr) -> pl.Expr:
    """Multiplier for a unit word such as k, M, L, lakhs, crore (1.0 when absent)."""
    return (
        mult.str.to_lowercase()
        .str.strip_chars_end(".")
        .replace_strict(MULTIPLIERS, default=None, return_dtype=pl.Float64)
        .fill_null(1.0)
    )


def currency_code(token: pl.Expr, hint: pl.Expr) -> pl.Expr:
    """ISO code for a currency token, resolving "$", "¥" and "kr" with the country hint."""
    raw = token.replace_strict(CURRENCY_TOKENS, default=None, return_dtype=pl.String)
    return (
        pl.when(raw == "$")
        .then(
            hint.replace_strict(LOCAL_DOLLAR, default="USD", return_dtype=pl.String).fill_null(
                "USD"
            )
        )
        .when(raw == "¥")
        .then(pl.when(hint == "CN").then(pl.lit("CNY")).otherwise(pl.lit("JPY")))
        .when(raw == "kr")
        .then(
            pl.when(hint == "NO")
            .then(pl.lit("NOK"))
            .when(hint == "DK")
            .then(pl.lit("DKK"))
            .otherwise(pl.lit("SEK"))
        )
        .otherwise(raw)
    )


def _period_word(col: str) -> pl.Expr:
    return _token(col).replace_strict(PERIOD_WORDS, default=None, return_dtype=pl.String)


def _threshold(currency: pl.Expr, index: int) -> pl.Expr:
    table = {code: values[index] for code, values in PERIOD_THRESHOLDS.items()}
    return currency.replace_strict(
        table, default=DEFAULT_THRESHOLDS[index], return_dtype=pl.Float64
    )


def inferred_period(amount: pl.Expr, currency: pl.Expr) -> pl.Expr:
    """Period implied by an amount's magnitude in its currency (see PERIOD_THRESHOLDS)."""
    return (
        pl.when(amount.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(amount < _threshold(currency, 0))
        .then(pl.lit("hour"))
        .when(amount < _threshold(currency, 1))
        .then(pl.lit("month"))
        .otherwise(pl.lit("year"))
    )


def annualize(amount: pl.Expr, period: pl.Expr) -> pl.Expr:
    """Amount per year: hour x 2080, day x 260, week x 52, month x 12, year x 1.

    An unknown period gives null; ``annual_pay_columns`` rejects unknown periods loudly.
    """
    factor = period.replace_strict(ANNUALIZATION_FACTORS, default=None, return_dtype=pl.Float64)
    return amount.cast(pl.Float64) * factor


def parsed_candidates(candidates: pl.DataFrame) -> pl.DataFrame:
    """Regex groups of each candidate string (pre-period, keyword, amounts, units, period...)."""
    groups = pl.col("candidate").str.extract_groups(CANDIDATE_PATTERN)
    return candidates.with_columns(groups.alias("g")).unnest("g")


def with_amounts(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add unit multipliers u1/u2, is_range, pay_min and pay_max (before plausibility)."""
    n1 = amount_number(pl.col("n1"))
    n2 = amount_number(pl.col("n2"))
    u2 = multiplier_value(pl.col("m2"))
    q = pl.col("q").str.to_lowercase()
    # "and" joins a range only after "between" ("between $35 and $45"). The second number must
    # be an amount too: "$150,000 and 0.5% equity" is one amount.
    is_range = (
        pl.col("n2").is_not_null()
        & pl.col("pct2").is_null()
        & ((pl.col("sep").str.to_lowercase() != "and") | (q == "between"))
    ).fill_null(False)
    # "$150-200k", "25-40 LPA": the first number borrows the unit of the second.
    u1 = (
        pl.when(pl.col("m1").is_not_null())
        .then(multiplier_value(pl.col("m1")))
        .when(is_range & pl.col("m2").is_not_null() & (n1 <= n2))
        .then(u2)
        .otherwise(pl.lit(1.0))
    )
    up_to = q.str.contains(r"^(?:up ?to|max|no more|not more|not to)").fill_null(False)
    at_least = (
        q.str.contains(r"^(?:start|from|at least|min|more than|over)").fill_null(False)
        | pl.col("plus0").is_not_null()
        | pl.col("plus1").is_not_null()
    ) & ~up_to
    v1 = n1 * u1
    return parsed.with_columns(
        u1.alias("u1"),
        pl.when(is_range).then(u2).alias("u2"),
        is_range.alias("is_range"),
        pl.when(is_range | ~up_to).then(v1).alias("pay_min"),
        pl.when(is_range).then(n2 * u2).when(~at_least).then(v1).alias("pay_max"),
    )


def with_currency(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add is_lakh, has_token and pay_currency (token, then lakh/Indian grouping, then hint)."""
    is_lakh = (pl.col("u1").is_in([1e5, 1e7]) | pl.col("u2").is_in([1e5, 1e7])).fill_null(False)
    indian_grouping = pl.col("n1").str.contains(r"^[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}$")
    token = pl.coalesce(_token("s2"), _token("s1"), _token("c1"), _token("c2"), _token("c0"))
    hint = pl.col("hint")
    currency = (
        pl.when(token.is_not_null())
        .then(currency_code(token, hint))
        .when(is_lakh | indian_grouping)
        .then(pl.lit("INR"))
        .otherwise(hint.replace_strict(COUNTRY_CURRENCY, default=None, return_dtype=pl.String))
    )
    return parsed.with_columns(
        is_lakh.alias("is_lakh"),
        token.is_not_null().alias("has_token"),
        currency.alias("pay_currency"),
    )


def with_period(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add has_period_word and pay_period (written period, else inferred from magnitude)."""
    written_after = pl.coalesce(
        _period_word("pn"), _period_word("pn2"), _period_word("pn1"), _period_word("pa")
    )
    lpa = pl.concat_str([pl.col("m1"), pl.col("m2")], ignore_nulls=True).str.to_lowercase()
    period = pl.coalesce(
        written_after,
        pl.when(lpa.str.contains("lpa")).then(pl.lit("year")),
        _period_word("pp"),
        pl.when(pl.col("is_lakh")).then(pl.lit("year")),
        inferred_period(pl.coalesce("pay_max", "pay_min"), pl.col("pay_currency")),
    )
    return parsed.with_columns(
        written_after.is_not_null().alias("has_period_word"), period.alias("pay_period")
    )


def with_is_pay(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add is_pay: the candidate is marked as pay, is not a trap shape and is plausible."""
    kw = pl.col("kw").str.to_lowercase()
    has_keyword = kw.is_not_null() & ((kw != "rate") | pl.col("pp").is_not_null())
    low = pl.coalesce("pay_min", "pay_max")
    high = pl.coalesce("pay_max", "pay_min")
    bare_k_range = (
        pl.col("is_range") & (pl.col("m2").str.to_lowercase() == "k") & (low >= BARE_K_RANGE_MIN)
    ).fill_null(False)
    marked = (
        pl.col("has_token")
        | pl.col("is_lakh")
        | has_keyword
        | pl.col("has_period_word")
        | bare_k_range
    )
    year_like = (
        ~pl.col("has_token")
        & pl.col("m1").is_null()
        & pl.col("n1").str.contains(r"^(?:19|20)[0-9]{2}$")
        & ~pl.col("has_period_word")
    ).fill_null(False)
    billions = (pl.col("u1") >= 1e9) | (pl.col("u2") >= 1e9).fill_null(False)
    # A lone "$5M" is funding or revenue far more often than pay.
    # "$5M", "$1M to $500M": amounts that start in millions are funding or revenue far more
    # often than pay ("$150K – $1M" starts in thousands and stays).
    millions = (pl.col("u1") == 1e6) & ~has_keyword
    percent = pl.col("pct1").is_not_null()
    scale = _threshold(pl.col("pay_currency"), 2)
    period = pl.col("pay_period")
    high_usd = annualize(high, period) / scale
    plausible = (
        (annualize(low, period) / scale <= PLAUSIBLE_MAX_LOW_ANNUAL_USD)
        & (high_usd >= PLAUSIBLE_MIN_HIGH_ANNUAL_USD)
        & (high_usd <= PLAUSIBLE_MAX_HIGH_ANNUAL_USD)
    )
    is_pay = marked & ~year_like & ~billions & ~millions & ~percent & plausible
    return parsed.with_columns(is_pay.fill_null(False).alias("is_pay"))


def candidate_pay_fields(candidates: pl.DataFrame) -> pl.DataFrame:
    """Parse exploded candidates (columns row, candidate, hint) into pay fields and is_pay."""
    return (
        parsed_candidates(candidates)
        .lazy()
        .pipe(with_amounts)
        .pipe(with_currency)
        .pipe(with_period)
        .pipe(with_is_pay)
        .select(
            "row",
            pl.col("pay_min").cast(pl.Float64).round(2),
            pl.col("pay_max").cast(pl.Float64).round(2),
            "pay_currency",
            "pay_period",
            "is_pay",
        )
        .collect()
    )


def validated_hints(texts: pl.Series, country_hints: pl.Series | None) -> pl.Series:
    """Upper-cased alpha-2 hints aligned with texts; raises on a length or format mismatch."""
    if country_hints is None:
        return pl.Series("hint", [None] * len(texts), dtype=pl.String)
    if len(country_hints) != len(texts):
        raise ValueError(
            f"country_hints has {len(country_hints)} rows but texts has {len(texts)}; "
            "they must align one to one"
        )
    hints = country_hints.cast(pl.String).str.strip_chars().str.to_uppercase()
    bad = hints.is_not_null() & ~hints.str.contains(r"^[A-Z]{2}$")
    if bad.any():
        first = int(bad.arg_true()[0])
        raise ValueError(
            f"country hint at record {first} is {country_hints[first]!r}: "
            "expected an ISO 3166-1 alpha-2 code such as 'US' or null"
        )
    return hints.alias("hint")


def validated_texts(texts: pl.Series) -> pl.Series:
    """Texts as a String series; raises when the series holds something else."""
    if texts.dtype == pl.Null:
        return texts.cast(pl.String)
    if texts.dtype != pl.String:
        raise ValueError(f"texts must be a String series, got dtype {texts.dtype}")
    return texts


def pay_candidates(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate amount string (columns row, hint, candidate), in text order."""
    return (
        frame.with_columns(
            mask_non_pay_amounts(pl.col("text"))
            .str.extract_all(CANDIDATE_PATTERN)
            .alias("candidate")
        )
        .select("row", "hint", "candidate")
        .explode("candidate")
        .filter(pl.col("candidate").is_not_null())
    )


def first_pay_per_row(frame: pl.DataFrame) -> pl.DataFrame:
    """Pay fields of the first pay-looking candidate of each row (rows without pay absent)."""
    return (
        candidate_pay_fields(pay_candidates(frame))
        .filter(pl.col("is_pay"))
        .unique(subset="row", keep="first", maintain_order=True)
        .drop("is_pay")
    )


def parse_salaries(texts: pl.Series, country_hints: pl.Series | None = None) -> pl.DataFrame:
    """Pay range, currency and period found in each text; one row per input, nulls when none.

    Returns columns pay_min (f64), pay_max (f64), pay_currency (ISO 4217), pay_period (hour |
    day | week | month | year). country_hints (ISO alpha-2, may hold nulls) supplies the
    currency when the text names none and resolves a plain "$". Each distinct (text, hint) pair
    is parsed once; pay text repeats a lot across postings and crawl snapshots.
    """
    texts = validated_texts(texts)
    frame = pl.DataFrame({"text": texts, "hint": validated_hints(texts, country_hints)})
    distinct = frame.unique(maintain_order=False).with_row_index("row")
    # Batches of distinct texts bound the memory of the exploded candidate frames.
    batches = list(distinct.iter_slices(PARSE_BATCH_ROWS)) or [distinct]
    found = pl.concat([first_pay_per_row(batch) for batch in batches], how="vertical")
    parsed = distinct.join(found, on="row", how="left").drop("row")
    return (
        frame.join(parsed, on=["text", "hint"], how="left", nulls_equal=True, maintain_order="left")
        .select(list(PAY_SCHEMA))
        .cast(PAY_SCHEMA)
    )


def parse_salary(text: str | None, country: str | None = None) -> dict[str, Any] | None:
    """Single-record wrapper over ``parse_salaries`` (same code path, 1-element Series).

    Returns {"min", "max", "currency", "period"} or None when the text holds no pay.
    """
    hints = None if country is None else pl.Series([country], dtype=pl.String)
    row = parse_salaries(pl.Series([text], dtype=pl.String), hints).row(0, named=True)
    if row["pay_min"] is None and row["pay_max"] is None:
        return None
    return {
        "min": row["pay_min"],
        "max": row["pay_max"],
        "currency": row["pay_currency"],
        "period": row["pay_period"],
    }


def annual_pay_columns(
    df: pl.DataFrame,
    min_col: str = "pay_min",
    max_col: str = "pay_max",
    period_col: str = "pay_period",
) -> pl.DataFrame:
    """Add pay_min_annual and pay_max_annual; raises naming the record on an unknown period."""
    missing = [c for c in (min_col, max_col, period_col) if c not in df.columns]
    if missing:
        raise ValueError(f"annual_pay_columns: missing column(s) {missing}")
    period = pl.col(period_col)
    unknown = df.select(
        (period.is_not_null() & ~period.is_in(list(PAY_PERIODS))).arg_true().alias("i")
    )["i"]
    if len(unknown):
        first = int(unknown[0])
        raise ValueError(
            f"record {first}: pay period {df[period_col][first]!r} is not one of {PAY_PERIODS} "
            f"({len(unknown)} record(s) affected)"
        )
    return df.with_columns(
        annualize(pl.col(min_col), period).alias("pay_min_annual"),
        annualize(pl.col(max_col), period).alias("pay_max_annual"),
    )


def pay_sanity_reason(
    min_annual_usd: pl.Expr, max_annual_usd: pl.Expr, currency: pl.Expr | None = None
) -> pl.Expr:
    """Null when annual USD pay is plausible, else the quarantine reason (metrics.md).

    Rules, first match wins: below the floor (10,000 USD; `LOW_WAGE_FLOOR_USD` for pay in the
    currencies of `LOW_WAGE_CURRENCIES`, where real entry-level tech pay — e.g. ₹4-8 LPA in
    India — sits below 10,000 USD), above 2,000,000 USD (the upper bound), min above max (a
    reversed range), max more than 10x min. Rows with no pay at all give null.
    """
    low = pl.coalesce(min_annual_usd, max_annual_usd)
    high = pl.coalesce(max_annual_usd, min_annual_usd)
    low_wage = pl.lit(False) if currency is None else currency.is_in(list(LOW_WAGE_CURRENCIES))
    return (
        pl.when(low_wage & (low < LOW_WAGE_FLOOR_USD))
        .then(pl.lit(f"annual pay below {LOW_WAGE_FLOOR_USD:,.0f} USD"))
        .when(~low_wage & (low < SANITY_MIN_ANNUAL_USD))
        .then(pl.lit(f"annual pay below {SANITY_MIN_ANNUAL_USD:,.0f} USD"))
        .when(high > SANITY_MAX_ANNUAL_USD)
        .then(pl.lit("annual pay above 2,000,000 USD"))
        .when(min_annual_usd > max_annual_usd)
        .then(pl.lit("min above max"))
        .when(max_annual_usd > SANITY_MAX_RANGE_RATIO * min_annual_usd)
        .then(pl.lit("max more than 10x min"))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


# Benchmark templates: "{}" slots are filled with varying numbers so most strings are distinct.
BENCHMARK_TEMPLATES: tuple[str, ...] = (
    "${},000 - ${},000 a year",
    "${}.5K – ${}K • Offers Equity",
    "${} - ${} per hour",
    "₹{}-{} LPA",
    "€{}.000 – €{}.000 brutto/Jahr",
    "Acme | ML Engineer | SF | ONSITE | ${}k-${}k + equity | https://acme.example/jobs",
    "We raised a ${}M Series B and serve {},000+ customers.",
    "CA${}K – CA${}K • Offers Equity",
    "SGD {},000 - {},500 monthly",
    "Competitive salary, 401(k) and {} weeks of PTO, team of {}",
)


def synthetic_pay_texts(n: int, distinct: bool = True) -> pl.Series:
    """n pay strings cycling through BENCHMARK_TEMPLATES (for the benchmark).

    With distinct=True the numbers vary with the row (nearly every string unique, the worst
    case for parse_salaries, which parses each distinct text once); otherwise they repeat.
    """
    index = pl.int_range(n, dtype=pl.Int64)
    low = (index // len(BENCHMARK_TEMPLATES)) % 90 + 10 if distinct else pl.lit(60)
    high = low + (index // 900) % 1000 + 5 if distinct else pl.lit(90)
    template_no = index % len(BENCHMARK_TEMPLATES)
    text = pl.lit(None, dtype=pl.String)
    for number, template in enumerate(BENCHMARK_TEMPLATES):
        text = pl.when(template_no == number).then(pl.format(template, low, high)).otherwise(text)
    return pl.select(text.alias("text")).to_series()


def benchmark_parse_salaries(n: int, distinct: bool = True) -> dict[str, float]:
    """Parse n synthetic pay strings; returns rows, distinct texts, seconds and rows per second."""
    texts = synthetic_pay_texts(n, distinct)
    hints = pl.Series("hint", ["US"] * n, dtype=pl.String)
    start = time.perf_counter()
    parse_salaries(texts, hints)
    seconds = time.perf_counter() - start
    return {
        "rows": float(n),
        "distinct_texts": float(texts.n_unique()),
        "seconds": seconds,
        "rows_per_s": n / seconds,
    }


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    for distinct in (True, False):
        result = benchmark_parse_salaries(rows, distinct)
        print(
            f"parse_salaries: {int(result['rows']):,} rows "
            f"({int(result['distinct_texts']):,} distinct) in {result['seconds']:.2f} s "
            f"= {result['rows_per_s']:,.0f} rows/s"
        )
