"""How pay is written: the vocabulary and regexes `analytics.normalize.salary` parses pay with.

Tables: the period implied by an amount's magnitude per currency (`PERIOD_THRESHOLDS`, read
from `analytics/taxonomy/currencies.csv`), the currency of a country hint (`COUNTRY_CURRENCY`)
and of a plain "$", "Rs" or "kr" there (`LOCAL_DOLLAR`, `LOCAL_RUPEE`, `LOCAL_KRONA`), currency
tokens (`CURRENCY_TOKENS`: every ISO 4217 code pycountry lists, less funds and metals, and the
common symbols), unit words (`MULTIPLIERS`), period words (`PERIOD_WORDS`) and the words that
mark on-target earnings or total compensation (`KIND_OTE_PATTERN`, `KIND_TOTAL_PATTERN`).
Regexes: one candidate amount with its currency, unit, range, qualifier, period and kind words
(`CANDIDATE_PATTERN`, read with named groups), and the masks for amounts that are not pay
(`NON_PAY_BEFORE_PATTERN`, `NON_PAY_AFTER_PATTERN`, `K401_PATTERN`). The rules that use them
are described in `analytics.normalize.salary`; they sit here as plain constants, reviewable
beside each other.

Currency codes: the long-standing codes (`_CORE_CODES`) are read in any case; every other ISO
4217 code only in upper case ("MYR 3.5K", not "myr"), and a few codes that are also common
words or tech acronyms (`WORD_CODES`: ALL, TOP, AMD, BSD, CVE, ...) not at all, since "AMD
7900" or "BSD 3" is never pay in this corpus. Symbols that several currencies share ("$",
"¥", "kr", "Rs") are resolved with the country hint.

May import: the standard library and pycountry.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry

CURRENCIES_PATH = Path(__file__).resolve().parents[1] / "taxonomy" / "currencies.csv"


def _period_thresholds(path: Path = CURRENCIES_PATH) -> dict[str, tuple[float, float, float]]:
    """currency -> (hour_below, month_below, units_per_usd) from the currencies table."""
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {
            row["currency"]: (
                float(row["hour_below"]),
                float(row["month_below"]),
                float(row["units_per_usd"]),
            )
            for row in rows
        }


# currency -> (hour_below, month_below, units_per_usd). The thresholds infer the period of an
# amount written without one, in the currency's own units; units_per_usd is a rough
# order-of-magnitude rate used only for the plausibility bounds (the real conversion uses
# analytics.normalize.fx). Currencies not listed use DEFAULT_THRESHOLDS.
PERIOD_THRESHOLDS: dict[str, tuple[float, float, float]] = _period_thresholds()
DEFAULT_THRESHOLDS: tuple[float, float, float] = (500, 20_000, 1.0)

# Country hint (ISO alpha-2) -> currency used when the text names none.
COUNTRY_CURRENCY: dict[str, str] = {
    "US": "USD", "IN": "INR", "GB": "GBP", "UK": "GBP", "CA": "CAD", "AU": "AUD", "NZ": "NZD",
    "SG": "SGD", "CH": "CHF", "IL": "ILS", "JP": "JPY", "SE": "SEK", "NO": "NOK", "DK": "DKK",
    "PL": "PLN", "BR": "BRL", "MX": "MXN", "HK": "HKD", "CN": "CNY", "PH": "PHP", "KR": "KRW",
    "DE": "EUR", "FR": "EUR", "NL": "EUR", "IE": "EUR", "ES": "EUR", "IT": "EUR", "PT": "EUR",
    "BE": "EUR", "AT": "EUR", "FI": "EUR", "GR": "EUR", "LU": "EUR", "SK": "EUR", "SI": "EUR",
    "EE": "EUR", "LV": "EUR", "LT": "EUR", "HR": "EUR", "CY": "EUR", "MT": "EUR",
    "MY": "MYR", "ID": "IDR", "TH": "THB", "VN": "VND", "PK": "PKR", "BD": "BDT", "LK": "LKR",
    "NP": "NPR", "NG": "NGN", "KE": "KES", "ZA": "ZAR", "EG": "EGP", "AE": "AED", "SA": "SAR",
    "QA": "QAR", "TR": "TRY", "CZ": "CZK", "HU": "HUF", "RO": "RON", "BG": "BGN", "CO": "COP",
    "AR": "ARS", "CL": "CLP", "PE": "PEN", "TW": "TWD", "UA": "UAH", "GE": "GEL", "KZ": "KZT",
    "IS": "ISK", "RS": "RSD", "MA": "MAD", "GH": "GHS", "UY": "UYU", "CR": "CRC", "KW": "KWD",
}  # fmt: skip

# Countries where a plain "$" means the local currency rather than USD.
LOCAL_DOLLAR: dict[str, str] = {
    "CA": "CAD", "AU": "AUD", "SG": "SGD", "NZ": "NZD", "HK": "HKD", "MX": "MXN", "TW": "TWD",
    "AR": "ARS", "CO": "COP", "CL": "CLP",
}  # fmt: skip
# Countries where "Rs" / "₨" means their own rupee rather than INR, and "kr" other than SEK.
LOCAL_RUPEE: dict[str, str] = {"PK": "PKR", "LK": "LKR", "NP": "NPR", "MU": "MUR"}
LOCAL_KRONA: dict[str, str] = {"NO": "NOK", "DK": "DKK", "IS": "ISK"}

# ISO 4217 codes that are not money one is paid in (funds, metals, test codes), and codes that
# are also common words or acronyms in postings (never read as a currency).
NON_PAY_CODES = frozenset(
    {"BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "XAD", "XAG", "XAU", "XBA",
     "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"}
)  # fmt: skip
WORD_CODES = frozenset(
    {"ALL", "TOP", "AMD", "CUP", "MAD", "BOB", "SOS", "CVE", "SVC", "SHP", "BSD", "BMD"}
)
_CORE_CODES = (
    "usd", "eur", "gbp", "inr", "cad", "aud", "sgd", "chf", "ils", "jpy", "sek", "nok", "dkk",
    "pln", "brl", "mxn", "cny", "php", "nzd", "hkd", "krw",
)  # fmt: skip
# Every other code pycountry lists (ISO 4217), upper case only.
OTHER_CODES: tuple[str, ...] = tuple(
    sorted(
        {c.alpha_3 for c in pycountry.currencies}
        - NON_PAY_CODES
        - WORD_CODES
        - {c.upper() for c in _CORE_CODES}
    )
)

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
    "₹": "INR", "inr": "INR",
    "¥": "¥", "￥": "¥", "jp¥": "JPY", "jpy": "JPY", "cn¥": "CNY", "rmb": "CNY", "cny": "CNY",
    "₱": "PHP", "php": "PHP", "₪": "ILS", "ils": "ILS", "nis": "ILS", "chf": "CHF",
    "kr": "kr", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "zł": "PLN",
    "₩": "KRW", "krw": "KRW",
    "₦": "NGN", "₫": "VND", "₴": "UAH", "₺": "TRY", "₽": "RUB", "₸": "KZT", "₾": "GEL",
    "฿": "THB", "₡": "CRC", "₲": "PYG", "₵": "GHS", "৳": "BDT", "₭": "LAK", "₮": "MNT",
    "kč": "CZK", "ft": "HUF", "lei": "RON", "rm": "MYR", "rp": "IDR", "r": "ZAR", "s/": "PEN",
    "nt$": "TWD", "rd$": "DOP", "e£": "EGP", "ksh": "KES", "₨": "rs", "rs": "rs", "rupees": "rs",
    "rmb¥": "CNY", "¥rmb": "CNY", "円": "JPY", "元": "CNY", "원": "KRW",
    "บาท": "THB", "vnđ": "VND", "đồng": "VND", "đ": "VND", "tl": "TRY", "руб": "RUB",
    "грн": "UAH", "лв": "BGN",
}  # fmt: skip
# every code, alone or written beside a dollar sign ("SGD$4,900", "USD $5,000")
for _code in (*_CORE_CODES, *(c.lower() for c in OTHER_CODES)):
    CURRENCY_TOKENS.setdefault(_code, _code.upper())
    CURRENCY_TOKENS.setdefault(f"{_code}$", _code.upper())
CURRENCY_TOKENS["rmb"] = "CNY"
CURRENCY_TOKENS["nis"] = "ILS"

# Unit word after a number -> multiplier. Billions are recognised only to reject them.
MULTIPLIERS: dict[str, float] = {
    "k": 1e3, "thousand": 1e3, "mil": 1e3,  # Portuguese / Spanish "R$ 12 mil", "30 mil pesos"
    "t€": 1e3, "teur": 1e3, "tsd": 1e3, "tausend": 1e3,  # German "T€", "TEUR": thousand euros
    "m": 1e6, "mm": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6,
    "l": 1e5, "lakh": 1e5, "lakhs": 1e5, "lac": 1e5, "lacs": 1e5, "lpa": 1e5,
    "cr": 1e7, "crore": 1e7, "crores": 1e7, "万": 1e4, "萬": 1e4, "만": 1e4, "억": 1e8,
    # Chinese / Japanese / Korean: 千 / 천 thousand, 百万 / 백만 million, 千万 / 천만 ten million,
    # 億 / 억 a hundred million
    "千": 1e3, "천": 1e3, "百万": 1e6, "百萬": 1e6, "백만": 1e6, "千万": 1e7, "千萬": 1e7,
    "천만": 1e7, "億": 1e8,
    # Indonesian "juta" / "jt" million, "ribu" / "rb" thousand ("Rp 15 jt"); Vietnamese "triệu"
    # million, "nghìn" / "ngàn" thousand ("30 triệu")
    "juta": 1e6, "jt": 1e6, "ribu": 1e3, "rb": 1e3, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3,
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
    # every two weeks (US "biweekly", Australia "fortnightly") and twice a month
    "biweekly": "biweek", "bi-weekly": "biweek", "fortnight": "biweek", "fortnightly": "biweek",
    "twoweeks": "biweek", "2weeks": "biweek",
    "semimonthly": "semimonth", "semi-monthly": "semimonth", "twiceamonth": "semimonth",
    "twicepermonth": "semimonth", "twicemonthly": "semimonth", "everyotherweek": "biweek",
    "month": "month", "months": "month", "mo": "month", "mos": "month", "mth": "month",
    "mnth": "month", "monthly": "month", "pcm": "month", "pm": "month", "m": "month",
    "monat": "month",
    "monatlich": "month", "mois": "month", "mes": "month",
    "year": "year", "years": "year", "yr": "year", "yrs": "year", "y": "year",
    "annum": "year", "annual": "year", "annually": "year", "yearly": "year", "pa": "year",
    "an": "year", "jahr": "year", "jährlich": "year", "année": "year", "ano": "year",
    "año": "year", "ctc": "year", "lpa": "year", "peryear": "year", "perannum": "year",
    "perhour": "hour", "perday": "day", "perweek": "week", "permonth": "month",
    "mensual": "month", "mensuales": "month", "mensal": "month", "mês": "month",
    "bulan": "month", "maand": "month", "mies": "month", "miesiąc": "month",
    "miesięcznie": "month", "månad": "month", "mån": "month", "måned": "month",
    "månedlig": "month", "maandelijks": "month", "år": "year", "jaar": "year",
    "tháng": "month", "năm": "year", "giờ": "hour",  # Vietnamese
    "hónap": "month", "hó": "month", "óra": "hour", "év": "year",  # Hungarian
    "เดือน": "month", "ปี": "year",  # Thai
    "annuel": "year", "annuelle": "year", "anual": "year", "anuales": "year",
    # Japanese / Chinese pay nouns before the amount: annual income, monthly pay, hourly pay
    "ph": "hour", "pd": "day", "pw": "week", "tjm": "day",
    # day and hour rates named before the amount (German, French)
    "tagessatz": "day", "tauxjournalier": "day", "stundensatz": "hour", "stundenlohn": "hour",
    # Spanish / Portuguese week and half month (Mexico's quincena is paid twice a month), Dutch
    "semana": "week", "quincena": "semimonth", "quinzena": "semimonth", "dag": "day",
    "uur": "hour",
    # UK "p/d", "p/a" ...; Chinese after a slash: "/月" month, "/年" year, "/天" day, "/小时" hour
    "p/h": "hour", "p/d": "day", "p/w": "week", "p/m": "month", "p/a": "year",
    "/月": "month", "/年": "year", "/天": "day", "/日": "day", "/周": "week", "/週": "week",
    "/小时": "hour", "/小時": "hour", "/时": "hour", "/時": "hour",
    "年収": "year", "年俸": "year", "年薪": "year", "月給": "month", "月収": "month",
    "月薪": "month", "年收入": "year", "月收入": "month", "時給": "hour", "时薪": "hour",
    "日給": "day", "日薪": "day", "연봉": "year", "월급": "month", "시급": "hour", "일급": "day",
}  # fmt: skip

# Spaces: ordinary, tab, no-break (U+00A0), figure (U+2007), thin (U+2009), narrow no-break
# (U+202F); French and Swiss typesetting groups thousands with the last three ("95\u2009000").
_SPACES = r" \t\u00a0\u2007\u2009\u202f"
_SP = rf"[{_SPACES}]"
_WB = r"(?-u:\b)"  # ASCII word boundary keeps the regex engine on its fast path.
_SYMBOLS = r"₦|₫|₴|₺|₽|₸|₾|฿|₡|₲|₵|৳|₭|₮|₨"
# Core codes in any case, the other ISO 4217 codes in upper case only.
_CODES = "|".join((*_CORE_CODES, "nis", "rmb")) + "|(?-i:" + "|".join(OTHER_CODES) + ")"
# A code before the amount may touch it ("SGD4.90"): what follows must be the number anyway.
# A one-letter dollar prefix touches the "$" ("A$140K", "S$8,000", "R$ 8.000"; "R $" too, upper
# case): "pays a $150,000 salary" is USD, "It's $120k" is no Singapore dollar.
_CUR_PREFIX = (
    rf"{_WB}(?:us|ca|au|sg|nz|hk|mx|nt|rd){_SP}?\$|{_WB}(?:c|a|s|r)\$|{_WB}(?-i:R){_SP}\$"
    rf"|{_WB}(?:{_CODES}){_SP}?\$|rmb{_SP}?¥|¥{_SP}?rmb"
    rf"|cn¥|jp¥|e£|\$|£|€|₹|¥|￥|₱|₪|₩|{_SYMBOLS}|{_WB}rs\.?|{_WB}ksh|{_WB}s/"
    rf"|{_WB}(?-i:RM|Rp|R)|{_WB}(?:{_CODES})"
)
# Suffixes ending outside ASCII ("Kč", "zł", "руб.") cannot be closed by the ASCII word boundary:
# they sit in the second part. Turkish "TL", Russian "руб." / "р.", Ukrainian "грн", Bulgarian
# "лв." are their currencies written after the amount.
_CUR_SUFFIX = (
    rf"(?:{_CODES}|euros?|dollars?|pounds?|rupees|kr|chf|lei|(?-i:Ft|TL)){_WB}"
    rf"|€|£|\$|₹|zł|kč|₱|₪|¥|￥|円|元|원|{_SYMBOLS}|บาท|vnđ|đồng|đ"  # Thai baht, Vietnamese dong
    r"|руб\.?|грн|лв\."
)
_NUM = (
    r"[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}"  # Indian grouping 12,00,000
    r"|[0-9]{1,3}(?:[,.'’][0-9]{3})+(?:[.,][0-9]{1,2})?"  # 150,000 / 80.000 / 1,234.56
    r"|[0-9]{1,3}(?:[ \u00a0\u2007\u2009\u202f][0-9]{3})+(?:,[0-9]{1,2})?"  # 95 000 / 1 139,00
    r"|[0-9]+(?:[.,][0-9]{1,2})?"  # 120 / 58.50 / 180.6
)
# Whole units written with a dash for the cents: Dutch "€ 45.000,-", Swiss "CHF 8'000.–",
# Indian "Rs. 45,000/-" (no paise).
_NO_CENTS = r"(?:[.,/][-–])?"
# CJK units below 億 / 억, longest first ("5천만" is 5 x 천만, not 5 x 천 then 만).
_CJK_SUBUNIT = r"千万|千萬|천만|百万|百萬|백만|万|萬|만|千|천"
_MULT = (
    # German thousands first, before "t" (trillion): "70 - 85 T€", "65 TEUR", "75 Tsd. €"
    rf"t€|teur{_WB}|tsd{_WB}\.?|tausend{_WB}"
    rf"|(?:lpa|lakhs?|lacs?|crores?|thousand|million|billion|trillion|mio\.?|mil|mn|mm|bn|tn|cr"
    rf"|juta|jt|ribu|rb|triệu|nghìn|ngàn|k|m"
    rf"|l|b|t){_WB}|億|억|{_CJK_SUBUNIT}"  # 万 / 만: ten thousand ("600万円" is 6,000,000 yen)
)
# Units that name the euro too ("85 T€", "65 TEUR"), lower case.
EURO_UNITS_PATTERN = r"t(?:€|eur)"
# Indian units (lakh, crore and their spellings), lower case: such an amount is INR and yearly.
LAKH_UNITS_PATTERN = rf"{_WB}(?:lpa|lakhs?|lacs?|l|crores?|cr){_WB}"
# The part of a CJK amount after 億 / 억: "1億2000万円", "1억 2천만원" (read as 1e8 + the part).
_CJK_REST = r"[0-9]{1,4}|[0-9],[0-9]{3}"
# Range words: English, German "bis", French "à", Spanish / Portuguese "a", "hasta", "até",
# Dutch "tot", Polish "do" ("38 000 à 42 000 €", "R$ 8.000 a R$ 12.000", "od 12 000 do 16 000 zł").
# "and up to" joins a range ("starting at $150k and up to $210k") and is no open end; a slash
# only between amounts of one scale whose top has its own unit or currency ("RAL 30/35K").
_SEP = (
    rf"(?:and|or){_SP}+up{_SP}+to|-|–|—|‒|−|~|～|〜|/|to|and|und|en|y|e|et|bis|until|till|à|a"
    r"|hasta|até|tot|do|до"
)
# Open ends and range openers; other languages' words are whole words ("ab 52.000 €" is
# from, "bis zu 70.000 EUR" up to; "AB" upper case is Alberta). German "mindestens" and the
# "Mindest-" nouns ("KV-Mindestgehalt", "Mindestjahresgehalt") are "minimum", "höchstens"
# "at most".
_QUAL = (
    r"up to|upto|max(?:imum)?|no more than|not more than|not to exceed|starting at"
    r"|starting from|starts at|from|at least|min(?:imum)?|more than|over|between|around"
    r"|approx(?:imately)?\.?|about|~"
    rf"|{_WB}(?:bis zu|bis|a partir de|desde|hasta|vanaf|tot|från|upp till|entre|zwischen"
    rf"|tussen|od|mindest[a-zäöü]*|höchstens|fino a|a partire da|(?-i:[Aa]b)){_WB}"
    # Polish "do" (up to), Russian / Ukrainian "от" / "від" (from) and "до" (up to), each with
    # the space after it ("do 25 000 zł"; not "What you'll do: ...")
    rf"|{_WB}(?-i:[Dd]o){_SP}|(?:от|От|від|Від|до|До){_SP}"
    # no ASCII word boundary next to an accented letter
    r"|à partir de|jusqu['’]?(?:à|a)|até"
)
# Words linking a minimum or maximum to its amount ("minimum salary is", "Mindestgehalt beträgt").
_BOUND_LINK = rf"is|of|von|beträgt|liegt{_SP}+bei"
# Which qualifiers make an amount an upper bound with no minimum (up_to: "up to $180k") or a
# lower bound with no maximum (at_least: "from $120k"), lower case.
UP_TO_PATTERN = (
    r"^(?:up ?to|max|no more|not more|not to|bis|jusqu|hasta|até|tot$|upp till|höchstens|fino"
    r"|do\s?$|до\s?$)"
)
AT_LEAST_PATTERN = (
    r"^(?:start|from|at least|min|more than|over|ab$|od$|à partir|a partir|desde|vanaf|från"
    r"|от\s?$|від\s?$)"
)
# "and" words join a range only after a "between" word ("between $35 and $45", "zwischen
# 50.000 und 60.000 €", "entre 30.000 y 40.000 €").
AND_WORDS = ("and", "und", "en", "y", "e", "et")
BETWEEN_WORDS = ("between", "entre", "zwischen", "tussen")
# Range words that are also ordinary short words ("$20 a 40-hour week", "€60,000 do 2024"): they
# join a range only when the second number is an amount of the first's scale (at most
# SHORT_WORD_RANGE_RATIO times it) or carries its own currency or unit ("R$ 8.000 a R$ 12.000",
# "$90 a 120k").
SHORT_RANGE_WORDS = ("a", "à", "do", "до", "tot", *AND_WORDS)
# A slash joins a range only with a top of the bottom's scale that has its own unit or
# currency, after a bottom with no period of its own ("RAL 30/35K", "$120k/$140k"; not "24/7",
# "9/80", "OTE 70/30", nor the two rates of "$20/hr / $25/hr weekends").
SLASH_RANGE_WORD = "/"
SHORT_WORD_RANGE_RATIO = 10.0
# English units of time (singular): period nouns after an amount ("$25 an hour") and, in
# the plural or hyphenated, units of a count ("a 40-hour week"). One list for both.
_TIME_UNITS = r"hour|day|week|month|year"
# A number followed by a unit of time counts hours, days or years, it is no amount: "a 40-hour
# week", "a 3-month contract", "to 40 hours per week", "tot 12 maanden", "21 years old".
_COUNT_UNIT = (
    rf"{_SP}?-{_SP}?(?:{_TIME_UNITS}|hr|minute)s?"
    rf"|{_SP}*(?:(?:{_TIME_UNITS}|minute)s|stunden|tage|wochen"
    r"|monate|jahre|uren|dagen|weken|maanden|jaren|heures|jours|semaines|ans|années|horas"
    r"|días|dias|semanas|meses|años|anos|godzin|dni|miesięcy|lat)"
)
_PAY_KW = (
    r"base salary|base pay|base compensation|salary|salaries|compensation|comp|pay rate|pay"
    r"|wages?|ctc|package|remuneration|gehalt|salaire|sueldo|salário|rate|earnings|ote|income"
    r"|lương|gaji|upah"  # Vietnamese, Indonesian
)
_BIWEEKLY = (
    rf"bi(?:-|{_SP})?weekly|fortnightly|semi(?:-|{_SP})?monthly|every{_SP}+other{_SP}+week"
    rf"|twice{_SP}+(?:(?:a|per){_SP}+month|monthly)"
)
_PERIOD_ADJ = (
    rf"{_BIWEEKLY}|hourly|daily|weekly|monthly|yearly|annually|annual|per annum|per year"
    r"|per hour|per month|per day|per week|day|hour|tjm"  # TJM: French daily contract rate
    r"|tagessatz|taux journalier|stundensatz|stundenlohn"
)
_PERIOD_NOUN = (
    rf"(?:{_TIME_UNITS})s?|hrs?|wks?|mos?|mth|mnth|yrs?|annum|an|jahr"
    r"|monat|stunde|std|tag|woche|mois|jour|heure|semaine|année|ano|año|mes|hora|día|dia"
    r"|bulan|maand|mês|miesiąc|mies|månad|mån|måned|år|jaar|semana|quincena|quinzena|dag|uur"
    r"|tháng|năm"
    rf"|{_BIWEEKLY}|fortnight|(?:two|2){_SP}+weeks"
)
# Japanese / Chinese pay nouns that carry the period ("年収600万円", "月給25万円以上").
_PERIOD_CJK = (
    r"年収|年俸|年薪|年收入|月給|月収|月薪|月收入|時給|时薪|日給|日薪"
    r"|연봉|월급|시급|일급"  # Korean: annual salary, monthly, hourly, daily pay
)
# Single letters count as a period only right after a slash ("/h", "/d", "/y", "/m").
_PERIOD_SLASH = rf"/{_SP}*(?:{_PERIOD_NOUN}|h|d|y|m)"
# Period nouns that end in a letter outside ASCII, which the ASCII word boundary cannot close:
# Hungarian "hó" (month), "óra" (hour), "év" (year), Vietnamese "giờ" (hour), Thai "เดือน"
# (month), "ปี" (year). Tried first after a slash, so "Ft/hó" is no "/h" (an hour).
_PERIOD_NOUN_OPEN = r"hónap|hó|óra|év|giờ|เดือน|ปี"
# A period noun after a slash or "per", closed by a word boundary unless it is an open one.
_PERIOD_AFTER_SLASH = rf"{_PERIOD_NOUN_OPEN}|(?:{_PERIOD_NOUN}|h|d|y|m){_WB}"
_PERIOD_CONNECTOR = r"per|an?|each|every|pro|par|im|al|por|pr\.?"
_PERIOD_WORDED = rf"(?:{_PERIOD_CONNECTOR}){_SP}+(?:{_PERIOD_NOUN})"
_PERIOD_POST_ADJ = (
    rf"{_BIWEEKLY}|hourly|daily|weekly|monthly|yearly|annually|annual|jährlich|monatlich|stündlich|pcm|ctc"
    r"|pa|mensual(?:es)?|mensal|annuel(?:le)?|anual(?:es)?|miesięcznie|månedlig|maandelijks"
    r"|ph|pd|pw"  # UK contract shorthand: "£25 ph", "£300 pd", "£900 pw"
)
# Dotted and slashed shorthand after an amount: "p.a.", "p.d.", "p.m.", UK "p/d", "p/a", and a
# Chinese period after a slash ("1.5万-2万/月", "300元/天").
_PERIOD_SHORTHAND = (
    rf"p\.{_SP}?[adwh]\.?|p\.m\.|p/{_SP}?[adwhm]{_WB}|/{_SP}*(?:小时|小時|[月年天日周週时時])"
)
_KIND_TOTAL = (
    rf"total{_SP}+(?:target{_SP}+)?(?:cash{_SP}+)?(?:comp(?:ensation)?|cash|pay|package"
    r"|earnings)"
)
_ON_TARGET = r"on[- ]?target(?:[- ]earnings)?|ote"
# Words before an amount that make it on-target earnings or total compensation.
_KIND_PRE = rf"{_ON_TARGET}|{_KIND_TOTAL}|tc"
# ... and after it ("$120k OTE", "• Offers Equity • OTE", "including bonus").
_KIND_POST = (
    rf"{_ON_TARGET}|{_KIND_TOTAL}|(?:incl(?:uding|\.)?|inc\.?){_SP}+(?:annual{_SP}+)?"
    rf"(?:bonus|commission|super(?:annuation)?)"
    # Australia / NZ: "$130k package", "$150k TRP", "$120k inc. super" are total remuneration
    rf"|(?:total{_SP}+remuneration{_SP}+)?package|trp"
)
_QUALIFIER_WORDS = (
    rf"gross|brutto|brutos?|brut|netto|neto|net|b2b|base|base salary|salary|pre-tax|before tax"
    rf"|{_ON_TARGET}|total|tc|fixed|cash"
)
# The pay kind of a candidate from its kind words (kp, qual, kq lowercased and joined).
KIND_OTE_PATTERN = r"on[- ]?target|(?-u:\b)ote(?-u:\b)|commission"
KIND_TOTAL_PATTERN = r"(?-u:\b)(?:total|tc|inc|package|trp)"

_AMOUNT_CORE = (
    rf"(?:{_CUR_PREFIX})?{_SP}?(?:{_NUM})\+?(?:{_SP}?(?:{_MULT}))?(?:{_SP}?(?:{_CUR_SUFFIX}))?"
)
# In masks an amount may come with an alternative ("35 EUR / 40 USD per visit").
_AMOUNT_RANGE = rf"{_AMOUNT_CORE}(?:{_SP}*(?:-|–|—|to|/|or){_SP}*{_AMOUNT_CORE})?"
_PERIOD_TAIL = (
    rf"(?:{_SP}*(?:(?:{_PERIOD_SLASH}|{_PERIOD_WORDED}){_WB}|(?:{_PERIOD_POST_ADJ}){_WB}"
    rf"|{_PERIOD_SHORTHAND}))?"
)

CANDIDATE_PATTERN = (
    "(?i)"
    # a kind word shortly before ("OTE range for this position is $75,000"), same sentence
    rf"(?:{_WB}(?P<kp>{_KIND_PRE}){_WB}[^0-9\n.;!?•$€£¥₹]{{0,40}}?)?"
    rf"(?:{_WB}(?P<pp>{_PERIOD_ADJ})(?:{_SP}*:{_SP}*|{_SP}+))?"  # "Hourly: $25"
    rf"(?:(?P<pj>{_PERIOD_CJK}){_SP}*[:：]?{_SP}*)?"
    rf"(?:{_WB}(?P<kw>{_PAY_KW}){_WB}{_SP}*)?"
    rf"(?:(?:range|band|bracket){_SP}*)?"
    rf"(?:\((?P<c0>{_CODES})\){_SP}*)?"
    rf"(?:(?:is|of|:|-|–|=|at){_SP}*){{0,2}}"
    # "Maximum: $96,000", "Minimum Salary $48,500"
    # "The minimum salary is $50,000", "Das KV-Mindestgehalt beträgt € 3.200,-"
    rf"(?:(?P<q>{_QUAL}){_SP}*(?:(?:salary|pay|rate|wage|compensation){_SP}*)?"
    rf"(?:(?:{_BOUND_LINK}){_SP}+)?:?{_SP}*)?"
    rf"(?P<c1>{_CUR_PREFIX})?{_SP}?(?P<n1>{_NUM}){_NO_CENTS}(?P<pct1>{_SP}?%)?(?P<plus0>\+)?"
    # "+" right after the amount is an open end ("$200k+"); " + equity" is something beside it
    rf"(?:{_SP}?(?P<m1>{_MULT})(?:{_SP}?(?P<n1b>{_CJK_REST})(?P<m1b>{_CJK_SUBUNIT}))?)?"
    # 以上 / 이상 "or more"; a wave dash after the amount and before no number or currency
    # sign, "from" ("月給30万円～", "30万円～（経験による）"), the character after it read along
    rf"(?P<plus1>\+)?(?:{_SP}?(?P<s1>{_CUR_SUFFIX}))?"
    rf"(?P<plus_cjk>以上|{_SP}?이상|{_SP}?[～〜](?:$|[^0-9/{_SPACES}\u3000$¥￥€£₩₹]))?"
    rf"(?:{_SP}*(?:/{_SP}*|per{_SP}+)(?P<pn1>{_PERIOD_AFTER_SLASH})\.?)?"
    rf"(?:{_SP}*(?P<sep>{_SEP}){_SP}*(?P<c2>{_CUR_PREFIX})?{_SP}?(?P<n2>{_NUM}){_NO_CENTS}"
    rf"(?P<pct2>{_SP}?%)?{_SP}?(?:(?P<m2>{_MULT})(?:{_SP}?(?P<n2b>{_CJK_REST})"
    rf"(?P<m2b>{_CJK_SUBUNIT}))?)?(?P<plus2>\+)?"
    rf"(?P<cnt2>(?:{_COUNT_UNIT}){_WB})?)?"
    rf"(?:{_SP}?(?P<s2>{_CUR_SUFFIX}))?"
    rf"(?:{_SP}*\(?(?:(?:in|as){_SP}+)?(?P<qual>{_QUALIFIER_WORDS}){_WB}\)?"
    rf"(?:{_SP}*\([^)0-9\n]{{0,20}}\))?)?"
    rf"(?:{_SP}*(?:/{_SP}*(?P<pn>{_PERIOD_AFTER_SLASH})"
    rf"|(?:{_PERIOD_CONNECTOR}){_SP}+(?P<pn2>{_PERIOD_NOUN}){_WB})"
    # "per pay period (bi-weekly)": the schedule in brackets is the period
    rf"|{_SP}*(?:per{_SP}+pay{_SP}+period{_SP}*\(?{_SP}*)?"
    rf"(?P<pa>(?:{_PERIOD_POST_ADJ}){_WB}|{_PERIOD_SHORTHAND}))?"
    # "$120k and up", "$30/hr or more": an open end ("and up to" is a range word instead)
    rf"(?P<plus_words>{_SP}+(?:and|or){_SP}+(?:up|above|more|higher){_WB})?"
    rf"(?:{_SP}*(?:[•·|]{_SP}*(?:offers{_SP}+(?:equity|bonus){_SP}*[•·|]{_SP}*){{0,2}})?"
    rf"(?:(?:in|as){_SP}+)?\(?(?P<kq>{_KIND_POST}){_WB}(?P<kqc>{_SP}*[:=])?)?"
)

_NEG_BEFORE = (
    r"raised|raising|raise|funding|funded|valuation|valued|revenues?|arr|series [a-h]|seed"
    r"|round|bonus(?:es)?|\w*prämien?|\w*praemien?|sign[- ]?on|signing|relocation|allowances?"
    r"|budgets?|fsa|hsa|commuter|tuition"  # benefit accounts and allowances
    r"|credits?|grants?|referral|commissions?|reimburse\w*|prizes?|awards?"
    r"|investment|invested|backed|match(?:ing)?|contributions?|per diem|gmv|aum|saves?|saved"
    r"|saving|savings|deals?|contracts?|acv|tcv|quota|pipeline"
)
_BRIDGE_BEFORE = (
    r"of|up to|upto|a|an|about|over|nearly|approximately|approx\.?|around|worth|at|by|with"
    r"|totaling|totalling|in|the|package|assistance|amount|is|are|was|were|=|:|-|–|reaching"
    r"|exceeding|more than|than|just|already|recently|total|~|\(|target|potential|pool|plan"
    r"|program|of up to|led by|from|usd|eur|von|de|di|van|benefits?|account|reimbursement"
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
    r"|towards|deals?|contracts|contract\s+(?:value|size|wins?)|acv|tcv|quota|pipeline"
    r"|opportunit(?:y|ies)|\w*prämien?|\w*praemien?|primes?|conferences?|tuition|courses?"
    r"|certifications?|books?|assistance"
)
_BRIDGE_AFTER = (
    r"\([^)\n]{0,20}\)|in|of|for|a|an|per|one-time|one time|annual|annually|yearly|monthly"
    r"|home|office|housing|commuter|transit|phone|internet|meal|food|lunch|gym|childcare|travel"
    r"|learning|education|educational|wellness|cash|total|company|target|performance|signing"
    r"|sign-on|joining|relocation|professional|development|training|health|fitness"
    r"|equipment|tech|technology|remote|work|wfh|seed|new|existing|active|paying|happy"
    r"|global|worldwide|enterprise|recurring|discretionary|quarterly|referral|retention|spot"
    r"|hiring|stock|option|options|venture|funding|series [a-h]|user|seat|employer|401k"
    r"|retirement|up|raised|and development|& development|l&d|setup|set-up|desk|workspace"
    r"|workstation|co-?working|well-?being|conference"
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
# A currency symbol between a small label number and an amount is the amount's prefix, not the
# number's suffix: "Grade 7 £38,000", "Step 1 $24.50/hour", "Band 6 € 4.100". A line break is
# put before the symbol (replacement "${num}\n${cur}${next}") so "7 £" is not read as pay.
SYMBOL_AFTER_LABEL_NUMBER_PATTERN = (
    rf"(?P<num>(?:^|[^0-9.,'’\s]){_SP}*[0-9]{{1,3}}){_SP}+(?P<cur>[$£€₹¥￥₱₪₩])"
    rf"(?P<next>{_SP}?[0-9])"
)
# "Kč" (Czech koruna) is read as its code "CZK" before anything else: its "K" would be a
# thousands unit (the ASCII word boundary falls before "č"), so "50 000 Kč" had no currency. The
# replacement keeps the character before ("${pre}CZK").
KORUNA_PATTERN = r"(?i)(?P<pre>^|[^\p{L}])kč"
# "401(k)" / "401k" the retirement plan, but not "$401K" the amount (nor "$267K-401K"): the
# character before must not be a currency sign, digit, separator or range dash. The replacement
# keeps it ("${pre} ").
K401_PATTERN = r"(?i)(?P<pre>^|[^$€£¥₹0-9.,\s\-–—~])(?P<sp>\s*)401\s*\(?k\)?"
