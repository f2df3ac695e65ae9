"""How pay is written: the vocabulary and regexes `analytics.normalize.salary` parses pay with.

Tables: the period implied by an amount's magnitude per currency (`PERIOD_THRESHOLDS`), the
currency of a country hint (`COUNTRY_CURRENCY`) and of a plain "$" there (`LOCAL_DOLLAR`),
currency tokens (`CURRENCY_TOKENS`), unit words (`MULTIPLIERS`) and period words
(`PERIOD_WORDS`). Regexes: one candidate amount with its currency, unit, range, qualifier and
period (`CANDIDATE_PATTERN`, read with named groups), and the masks for amounts that are not pay
(`NON_PAY_BEFORE_PATTERN`, `NON_PAY_AFTER_PATTERN`, `K401_PATTERN`). The rules that use them
are described in `analytics.normalize.salary`; they sit here as plain constants, reviewable
beside each other.

May import: the standard library only.
"""

from __future__ import annotations

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
