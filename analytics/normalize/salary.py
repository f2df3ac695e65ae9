"""Parse advertised pay from free text, annualize it and flag implausible values.

Job: turn pay text (Ashby ``compensationTierSummary``, Greenhouse pay blurbs, HN first lines,
description sentences) into ``pay_min``, ``pay_max``, ``pay_currency`` (ISO 4217) and
``pay_period`` (``contract.vocab.PAY_PERIODS``) with vectorized Polars expressions only: one
regex pass masks amounts that are not pay, one ``extract_all`` lists candidate amounts, the
candidates are exploded and parsed with ``extract_groups``, and the first candidate that looks
like pay wins. No per-row Python.

May import: the standard library, polars, ``contract``, ``markup`` (its ``valid_text``) and
``analytics.normalize.salary_patterns`` / ``salary_input``. Never imports ``ingest``,
``dashboard`` or ``app``.

The rules' constants live in code (here and in ``salary_patterns``), not in a YAML file, so they
sit beside the code that applies them:

* Period words written next to the amount win ("a year", "/hr", "per month", "monthly",
  "p.a.", "brutto/Jahr", "LPA", "por semana", "por quincena"), then a period word before it
  ("Hourly rate: $50-60", "Hourly: $25", "Tagessatz 700 €", "Taux journalier : 500 €").
  Every two weeks ("biweekly", "bi-weekly", "every two weeks", "fortnightly", "per
  fortnight", "per pay period (bi-weekly)") is period ``biweek``, twice a month
  ("semi-monthly", "twice a month", Mexico's "quincena") ``semimonth``; they are never
  inferred.
* Otherwise the period is inferred from the larger amount, in the currency's own units
  (``PERIOD_THRESHOLDS``): below ``hour_below`` -> hour, below ``month_below`` -> month, else
  year. For USD-like currencies that is < 500 hour, 500-20,000 month, else year; INR uses
  2,000 / 200,000; JPY 10,000 / 1,500,000. "Lakh" amounts (L, lakh, lac, LPA) are x 100,000 and
  INR; "crore" x 10,000,000; Portuguese / Spanish "mil" x 1,000 ("R$ 12 mil"); German "T€",
  "TEUR" (thousand euros, EUR) and "Tsd." x 1,000 ("70 - 85 T€"; a lone "T" is a trillion);
  Indonesian "juta" / "jt" and Vietnamese "triệu" x 1,000,000 ("Rp 15 jt", "30 triệu/tháng"),
  "ribu" / "rb" and "nghìn" / "ngàn" x 1,000; "lương", "gaji" and "upah" are pay keywords.
* Currency: an explicit ISO code beside the amount wins (any ISO 4217 code, "SGD$4,900" is
  SGD), then a specific symbol (CA$, A$, US$, S$, £, €, ₹, ₱, ₦, ฿, zł, Kč, RM, Rp, R, Turkish
  "TL", Russian "руб.", Ukrainian "грн", Bulgarian "лв.", ...; "Kč" is read as "CZK" first, its
  "K" being no thousands unit). A
  plain "$" is USD unless the country hint has its own dollar or peso (``LOCAL_DOLLAR``); "¥"
  (or full-width "￥") is JPY unless the hint is CN; "kr" is SEK unless the hint is NO, DK or
  IS; "Rs" is INR unless the hint is PK, LK, NP or MU. With no marker at all the hint's
  currency is used (``COUNTRY_CURRENCY``); with neither, ``pay_currency`` is null. A currency
  the FX table lacks is still read: the build quarantines that pay with the reason (no USD
  rate).
* Numbers: a separator followed by one or two final digits is the decimal mark, every other
  groups thousands: "1 139,00 €", "1.837,32 €", "80.000 EUR", "CHF 120'000", "12,00,000", a
  space being ordinary, no-break, thin or narrow ("95\u2009000"); a dash for the cents means
  none ("€ 45.000,-", "CHF 8'000.–", India's "Rs. 45,000/-"). A "k" after an amount already
  written in thousands ("$110,000k") is a typo and ignored.
* Pay kind (``pay_kind``): ``ote`` when on-target earnings are named right before or after
  the amount ("OTE $75-85k", "$125K – $145K • OTE", "total on target earnings ... is
  $250,000"), ``total`` for total compensation ("Total comp: $350K", "$300k TC", "including
  bonus"), else ``base``. An explicit base amount stays base ("$75,000 base with an OTE of
  $105,000" is base 75,000). CTC, India's usual quote, counts as base.
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
  the upper one must lie between 1,000 (300 in the low-wage currencies of the sanity rule)
  and 50,000,000 USD, else the candidate is skipped. An amount marked only by an upper-case
  ISO code outside the long-standing list needs a period, unit or pay keyword when it is below
  100 or looks like a year ("NPR 2023", "GEL 4" are not pay).
* Hostile input: only the first ``MAX_TEXT_HEAD`` and last ``MAX_TEXT_TAIL`` characters of a
  text are read, runs of 13+ digits are blanked, and at most ``MAX_CANDIDATES`` amounts per
  text are considered, so the time is linear in the capped text. The
  stricter publication rule is ``pay_sanity_reason``.
* The first candidate (in text order) that passes wins, so the salary in "$120K – $140K •
  $70K – $150K Commission" is the first range.
* "Up to $180,000" gives min null / max 180,000; "$200k+", "from $120k", "$120k and up",
  "$30/hr or more" or a trailing wave dash ("月給30万円～") gives min / max null ("$150,000 +
  equity", a "+" apart from the amount, does not; "and up to" is a range word); a single
  amount gives min = max. Other languages' open ends and range words count too ("ab 52.000 €",
  "bis zu 70.000 EUR", "à partir de", "desde", "hasta", "38 000 à 42 000 €", "R$ 8.000 a R$
  12.000", "zwischen 50.000 und 60.000 €", "月給25万円以上", Italian "fino a" / "a partire da",
  Polish "do 25 000 zł", Russian and Ukrainian "от" / "від" ... "до"); a minimum or maximum
  may be linked to its amount ("The minimum salary is $50,000", German "mindestens",
  "höchstens", "Das KV-Mindestgehalt beträgt € 3.200,-"). A range word joins two amounts only
  when the second is an amount too: not a count of time ("$20 a 40-hour week" is 20, "$25 to
  40 hours per week" 25 an hour), not below the first ("€60,000 do 2024" is 60,000), and after
  a short word that is also ordinary text ("a", "à", "do", "tot") of the first's scale or with
  its own currency or unit ("€45 a 1000 visitors" is 45); a slash joins only a top of the
  first's scale with its own currency or unit, after a first amount without a period ("RAL
  30/35K", "$120k/$140k"; not "24/7" or "$20/hr / $25/hr weekends"). A first amount with no
  maximum (a lower bound, "Minimum $61,700") is closed by the next amount with no minimum (an
  upper bound, "Maximum $92,500") of the same currency, period and pay kind, within
  ``CLOSE_MAX_GAP_CHARS`` characters and one sentence end ("Minimum $61,700 / Midpoint $77,100
  / Maximum $92,500" is 61,700-92,500; "At least $90k base. Up to $120k OTE" stays base 90,000
  with no maximum).
* A currency symbol between a small label number and an amount belongs to the amount ("Grade 7
  £38,000", "Step 1 $24.50/hour"); a kind word followed by a colon labels the next amount
  ("Base: $80K | OTE: $160K" is base 80,000); "package" / "TRP" / "inc. super" after an amount
  (Australia, New Zealand) is total remuneration; "p.d.", "p.w.", "p.h." are periods like
  "p.a.", and so are UK "p/d", "p/a" and a Chinese period after a slash ("1.5万-2万/月",
  "300元/天"); so are Hungarian, Vietnamese and Thai period nouns after one ("Ft/hó" month,
  not "/h" an hour; "Ft/óra", "đồng/giờ" hour; "บาท/เดือน" month), with "บาท" (THB) and
  "VNĐ" / "đồng" / "đ" (VND) read as currencies.
  Japanese and Chinese pay: 万 (x 10,000), 円 (JPY), 元
  (CNY), the period in 年収 / 月給 / 時給 / 年薪 / 月薪 / 月收入, a pay noun that also marks a
  bare amount as pay ("年薪 40-60万"); Korean likewise: 만 (x 10,000), 억 (x 100,000,000), 원
  (KRW), 연봉 / 월급 / 시급, 이상 (or more). 千 / 천 (x 1,000), 百万 / 백만, 千万 / 천만 and 億
  are units too ("8千", "5천만원"), and the part written after 億 / 억 is added to it
  ("1億2000万円" is 120,000,000, "1억 2천만원" too); 만 / 万 written once after a range of
  천 / 千 is both ends' ("연봉 4천~5천만원" is 40,000,000-50,000,000). Lakh and crore are known
  by their words (천만 is worth a crore but is KRW).

Annualization (metrics.md): hour x 2080, day x 260, week x 52, biweek x 26, semimonth x 24,
month x 12, year x 1 (``contract.vocab.ANNUALIZE``).

Each distinct (text, country hint) pair is parsed once and joined back, since pay text repeats
heavily across postings and monthly snapshots.

The vocabulary and regexes (currency tokens, unit and period words, thresholds, the candidate
and mask patterns) live in `analytics.normalize.salary_patterns`; the pay periods and the
annualization constants are `contract.vocab`'s. Benchmark: ``python -m
analytics.normalize.salary_bench [n_rows]``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import polars as pl

from analytics.normalize.salary_input import (
    MAX_TEXT_HEAD,
    MAX_TEXT_TAIL,
    capped_text,
    validated_hints,
    validated_texts,
)
from analytics.normalize.salary_patterns import (
    AND_WORDS,
    AT_LEAST_PATTERN,
    BETWEEN_WORDS,
    CANDIDATE_PATTERN,
    COUNTRY_CURRENCY,
    CURRENCY_TOKENS,
    DEFAULT_THRESHOLDS,
    EURO_UNITS_PATTERN,
    K401_PATTERN,
    KIND_OTE_PATTERN,
    KIND_TOTAL_PATTERN,
    KORUNA_PATTERN,
    LAKH_UNITS_PATTERN,
    LOCAL_DOLLAR,
    LOCAL_KRONA,
    LOCAL_RUPEE,
    MULTIPLIERS,
    NON_PAY_AFTER_PATTERN,
    NON_PAY_BEFORE_PATTERN,
    OTHER_CODES,
    PERIOD_THRESHOLDS,
    PERIOD_WORDS,
    SHORT_RANGE_WORDS,
    SHORT_WORD_RANGE_RATIO,
    SLASH_RANGE_WORD,
    SYMBOL_AFTER_LABEL_NUMBER_PATTERN,
    UP_TO_PATTERN,
)
from contract.vocab import ANNUALIZE
from contract.vocab import PAY_KINDS as VOCAB_PAY_KINDS
from markup import valid_text

# metrics.md: the one documented set of annualization constants (hour x 2080 ... year x 1).
ANNUALIZATION_FACTORS: dict[str, int] = ANNUALIZE

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
PLAUSIBLE_MIN_HIGH_LOW_WAGE_USD = 300.0  # LOW_WAGE_CURRENCIES but PHP ("PHP 8.3" is code)
PLAUSIBLE_MAX_HIGH_ANNUAL_USD = 50_000_000.0
# Distinct texts parsed per batch (bounds memory; the work inside a batch is vectorized).
PARSE_BATCH_ROWS = 200_000
# Unmarked "120-150k" ranges count as pay only from this lower bound up.
BARE_K_RANGE_MIN = 10_000.0
# At most this many candidate amounts per text are considered (hostile input).
MAX_CANDIDATES = 64
PAY_KINDS = VOCAB_PAY_KINDS
# A later upper bound closes a first lower bound only close by: within this many characters
# after it, with at most one sentence end between ("Pay starts at $55,000. It goes up to
# $70,000"); amounts paragraphs apart are for different people.
CLOSE_MAX_GAP_CHARS = 160
_SENTENCE_END = r"[.!?](?:\s|$)"
# The vocabularies applied with replace_strict, by name (see _lookup).
_TABLES: dict[str, dict[str, Any]] = {
    "multipliers": MULTIPLIERS,
    "currency_tokens": CURRENCY_TOKENS,
    "local_dollar": LOCAL_DOLLAR,
    "local_krona": LOCAL_KRONA,
    "local_rupee": LOCAL_RUPEE,
    "period_words": PERIOD_WORDS,
    "annualization": ANNUALIZATION_FACTORS,
    "country_currency": COUNTRY_CURRENCY,
    **{
        name: {code: values[i] for code, values in PERIOD_THRESHOLDS.items()}
        for i, name in enumerate(("hour_below", "month_below", "units_per_usd"))
    },
}

PAY_SCHEMA: dict[str, Any] = {
    "pay_min": pl.Float64,
    "pay_max": pl.Float64,
    "pay_currency": pl.String,
    "pay_period": pl.String,
    "pay_kind": pl.String,
}


@cache
def _lookup(name: str) -> tuple[pl.Series, pl.Series]:
    """A vocabulary dict of this module as (keys, values) Series, built once: replace_strict
    with a Python dict converts it on every call, which dominated a single-record parse."""
    table = _TABLES[name]
    return pl.Series(list(table.keys())), pl.Series(list(table.values()))


def _mapped(expr: pl.Expr, name: str, default: Any, dtype: pl.DataType) -> pl.Expr:
    keys, values = _lookup(name)
    return expr.replace_strict(keys, values, default=default, return_dtype=dtype)


def mask_non_pay_amounts(texts: pl.Expr) -> pl.Expr:
    """Blank out amounts that are not pay: 401(k), funding, bonuses, credits, counts."""
    return (
        texts.str.replace_all(K401_PATTERN, "${pre} ")
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
    unit = mult.str.to_lowercase().str.strip_chars_end(".")
    return _mapped(unit, "multipliers", None, pl.Float64()).fill_null(1.0)


def currency_code(token: pl.Expr, hint: pl.Expr) -> pl.Expr:
    """ISO code for a currency token, resolving "$", "¥", "kr" and "Rs" with the country hint."""
    raw = _mapped(token, "currency_tokens", None, pl.String())
    return (
        pl.when(raw == "$")
        .then(_mapped(hint, "local_dollar", "USD", pl.String()).fill_null("USD"))
        .when(raw == "¥")
        .then(pl.when(hint == "CN").then(pl.lit("CNY")).otherwise(pl.lit("JPY")))
        .when(raw == "kr")
        .then(_mapped(hint, "local_krona", "SEK", pl.String()))
        .when(raw == "rs")
        .then(_mapped(hint, "local_rupee", "INR", pl.String()))
        .otherwise(raw)
    )


def _period_word(col: str) -> pl.Expr:
    return _mapped(_token(col), "period_words", None, pl.String())


def _threshold(currency: pl.Expr, index: int) -> pl.Expr:
    name = ("hour_below", "month_below", "units_per_usd")[index]
    return _mapped(currency, name, DEFAULT_THRESHOLDS[index], pl.Float64())


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
    """Amount per year: hour x 2080, day x 260, week x 52, biweek x 26, semimonth x 24, month
    x 12, year x 1.

    An unknown period gives null.
    """
    factor = _mapped(period, "annualization", None, pl.Float64())
    return amount.cast(pl.Float64) * factor


def parsed_candidates(candidates: pl.DataFrame) -> pl.DataFrame:
    """Regex groups of each candidate string (pre-period, keyword, amounts, units, period...)."""
    groups = pl.col("candidate").str.extract_groups(CANDIDATE_PATTERN)
    return candidates.with_columns(groups.alias("g")).unnest("g")


def _typo_free_multiplier(mult: pl.Expr, num: pl.Expr, value: pl.Expr) -> pl.Expr:
    """The unit's multiplier, but 1.0 for a "k" after an amount already written in thousands
    with a separator ("$110,000k" is 110,000, not 110 million)."""
    typo = (mult.str.to_lowercase() == "k") & num.str.contains(r"[,.'’ ]") & (value >= 1_000)
    return pl.when(typo.fill_null(False)).then(pl.lit(1.0)).otherwise(multiplier_value(mult))


def _cjk_rest(num: str, unit: str, big_unit: str) -> pl.Expr:
    """The part of a CJK amount written after its 億 / 억 ("2000万" in "1億2000万円", "2천만" in
    "1억 2천만원"), to add to it; 0.0 when there is none or it is not below the big unit."""
    rest = amount_number(pl.col(num)) * multiplier_value(pl.col(unit))
    below = multiplier_value(pl.col(unit)) < multiplier_value(pl.col(big_unit))
    return pl.when(pl.col(unit).is_not_null() & below).then(rest).otherwise(pl.lit(0.0))


def with_amounts(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add unit multipliers u1/u2, is_range, pay_min and pay_max (before plausibility)."""
    n1, n2 = pl.col("_n1"), pl.col("_n2")
    u2 = _typo_free_multiplier(pl.col("m2"), pl.col("n2"), n2)
    q = pl.col("q").str.to_lowercase()
    sep = pl.col("sep").str.to_lowercase()
    # "and" joins a range only after "between" ("between $35 and $45", "entre 30.000 y
    # 40.000 €"). The second number must be an amount too: "$150,000 and 0.5% equity" is one,
    # and so is "$20 a 40-hour week" (a count of hours).
    joined = (
        pl.col("n2").is_not_null()
        & pl.col("pct2").is_null()
        & pl.col("cnt2").is_null()
        & (~sep.is_in(AND_WORDS) | q.is_in(BETWEEN_WORDS))
    ).fill_null(False)
    # "$150-200k", "25-40 LPA": the first number borrows the unit of the second; so does a
    # 천 / 千 before 천만 / 千万 ("연봉 4천~5천만원": 만 is written once for both ends).
    m1, m2 = pl.col("m1"), pl.col("m2")
    ten_thousand_once = (m1 + pl.lit("만") == m2) | (m1 + pl.lit("万") == m2)
    u1 = (
        pl.when(pl.col("_joined") & ten_thousand_once.fill_null(False) & (n1 <= n2))
        .then(pl.col("_u2"))
        .when(pl.col("m1").is_not_null())
        .then(_typo_free_multiplier(pl.col("m1"), pl.col("n1"), n1))
        .when(pl.col("_joined") & pl.col("m2").is_not_null() & (n1 <= n2))
        .then(pl.col("_u2"))
        .otherwise(pl.lit(1.0))
    )
    # A top below the bottom is no range ("$800 a 5-day week", "€60,000 do 2024"): the first
    # amount alone is read. A short range word also needs a top of the bottom's scale, or one
    # with its own currency or unit ("€45 a 1000 visitors" is 45).
    v1, v2 = n1 * pl.col("_u1") + pl.col("_x1"), n2 * pl.col("_u2") + pl.col("_x2")
    own_mark = pl.col("c2").is_not_null() | pl.col("m2").is_not_null()
    same_scale = v2 <= SHORT_WORD_RANGE_RATIO * v1
    slash = sep == SLASH_RANGE_WORD
    is_range = (
        pl.col("_joined")
        & (v2 >= v1)
        & (~sep.is_in(SHORT_RANGE_WORDS) | own_mark | same_scale)
        & (~slash | (own_mark & same_scale & pl.col("pn1").is_null()))
    ).fill_null(False)
    up_to = q.str.contains(UP_TO_PATTERN).fill_null(False)
    at_least = (
        q.str.contains(AT_LEAST_PATTERN).fill_null(False)
        | pl.col("plus0").is_not_null()
        | pl.col("plus1").is_not_null()
        | pl.col("plus_cjk").is_not_null()
        | pl.col("plus_words").is_not_null()
    ) & ~up_to
    # a first number that borrowed the unit of a top that is no range takes it back
    u1_read = pl.when(pl.col("m1").is_null() & ~pl.col("is_range")).then(1.0).otherwise("_u1")
    v1 = n1 * pl.col("u1") + pl.col("_x1")
    return (
        parsed.with_columns(
            amount_number(pl.col("n1")).alias("_n1"),
            amount_number(pl.col("n2")).alias("_n2"),
            _cjk_rest("n1b", "m1b", "m1").alias("_x1"),
            _cjk_rest("n2b", "m2b", "m2").alias("_x2"),
        )
        .with_columns(u2.alias("_u2"), joined.alias("_joined"))
        .with_columns(u1.alias("_u1"))
        .with_columns(is_range.alias("is_range"))
        .with_columns(u1_read.alias("u1"))
        .with_columns(
            pl.when(pl.col("is_range")).then(pl.col("_u2")).alias("u2"),
            pl.when(pl.col("is_range") | ~up_to).then(v1).alias("pay_min"),
            pl.when(pl.col("is_range"))
            .then(n2 * pl.col("_u2") + pl.col("_x2"))
            .when(~at_least)
            .then(v1)
            .alias("pay_max"),
        )
        .drop("_n1", "_n2", "_u1", "_u2", "_x1", "_x2", "_joined")
    )


def with_currency(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add is_lakh, has_token and pay_currency (token, then lakh/Indian grouping, then hint)."""
    # by the unit word: 천만 / 千万 (ten million) is worth a crore but is no Indian unit
    units = pl.concat_str([pl.col("m1"), pl.col("m2")], separator=" ", ignore_nulls=True)
    is_lakh = units.str.to_lowercase().str.contains(LAKH_UNITS_PATTERN).fill_null(False)
    indian_grouping = pl.col("n1").str.contains(r"^[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}$")
    # a thousands unit that names the euro ("65 TEUR") is its currency token when none is written
    euro_unit = pl.when(units.str.to_lowercase().str.contains(EURO_UNITS_PATTERN)).then(
        pl.lit("eur")
    )
    token = pl.coalesce(
        _token("s2"), _token("s1"), _token("c1"), _token("c2"), _token("c0"), euro_unit
    )
    hint = pl.col("hint")
    currency = (
        pl.when(token.is_not_null())
        .then(currency_code(token, hint))
        .when(is_lakh | indian_grouping)
        .then(pl.lit("INR"))
        .otherwise(_mapped(hint, "country_currency", None, pl.String()))
    )
    return parsed.with_columns(
        is_lakh.alias("is_lakh"),
        token.is_not_null().alias("has_token"),
        currency.alias("pay_currency"),
    )


def with_period(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add has_period_word and pay_period (written period, else inferred from magnitude)."""
    # period words after a count are the count's ("$25 to 40 hours per week" is hourly pay)
    after_count = pl.col("cnt2").is_not_null()
    written_after = pl.coalesce(
        pl.when(~after_count).then(pl.coalesce(_period_word("pn"), _period_word("pn2"))),
        _period_word("pn1"),
        pl.when(~after_count).then(_period_word("pa")),
    )
    lpa = pl.concat_str([pl.col("m1"), pl.col("m2")], ignore_nulls=True).str.to_lowercase()
    period = pl.coalesce(
        written_after,
        pl.when(lpa.str.contains("lpa")).then(pl.lit("year")),
        _period_word("pp"),
        _period_word("pj"),
        pl.when(pl.col("is_lakh")).then(pl.lit("year")),
        inferred_period(pl.coalesce("pay_max", "pay_min"), pl.col("pay_currency")),
    )
    return parsed.with_columns(
        written_after.is_not_null().alias("has_period_word"), period.alias("pay_period")
    )


def with_is_pay(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add is_pay: the candidate is marked as pay, is not a trap shape and is plausible."""
    kw = pl.col("kw").str.to_lowercase()
    # a Japanese / Chinese pay noun ("年薪 40-60万") is a pay keyword too
    pay_noun = pl.col("pj").is_not_null()
    has_keyword = (kw.is_not_null() & ((kw != "rate") | pl.col("pp").is_not_null())) | pay_noun
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
    # an upper-case code outside the long-standing list marks an amount only weakly
    code = pl.coalesce(pl.col("s2"), pl.col("s1"), pl.col("c1"), pl.col("c2"), pl.col("c0"))
    weak_token = code.str.strip_chars(" \u00a0\u2007\u2009\u202f$").is_in(list(OTHER_CODES))
    bare = pl.col("m1").is_null() & ~pl.col("has_period_word") & ~has_keyword
    year_like = (
        (~pl.col("has_token") | weak_token)
        & pl.col("m1").is_null()
        & pl.col("n1").str.contains(r"^(?:19|20)[0-9]{2}$")
        & ~pl.col("has_period_word")
    ).fill_null(False)
    weak_small = (weak_token & bare & (pl.coalesce("pay_max", "pay_min") < 100)).fill_null(False)
    billions = (pl.col("u1") >= 1e9) | (pl.col("u2") >= 1e9).fill_null(False)
    # A lone "$5M" is funding or revenue far more often than pay.
    # "$5M", "$1M to $500M": amounts that start in millions are funding or revenue far more
    # often than pay ("$150K – $1M" starts in thousands and stays).
    percent = pl.col("pct1").is_not_null()
    scale = _threshold(pl.col("pay_currency"), 2)
    period = pl.col("pay_period")
    high_usd = annualize(high, period) / scale
    # ... in dollars, pounds or euros; "JPY 8M - 12M" is ordinary pay
    millions = (pl.col("u1") == 1e6) & ~has_keyword & (annualize(low, period) / scale >= 500_000)
    low_wage = pl.col("pay_currency").is_in(list(LOW_WAGE_CURRENCIES - {"PHP"}))
    floor = pl.when(low_wage).then(PLAUSIBLE_MIN_HIGH_LOW_WAGE_USD)
    plausible = (
        (annualize(low, period) / scale <= PLAUSIBLE_MAX_LOW_ANNUAL_USD)
        & (high_usd >= floor.otherwise(PLAUSIBLE_MIN_HIGH_ANNUAL_USD))
        & (high_usd <= PLAUSIBLE_MAX_HIGH_ANNUAL_USD)
    )
    is_pay = marked & ~year_like & ~weak_small & ~billions & ~millions & ~percent & plausible
    return parsed.with_columns(is_pay.fill_null(False).alias("is_pay"))


def with_kind(parsed: pl.LazyFrame) -> pl.LazyFrame:
    """Add pay_kind: ote or total when a kind word is written beside the amount, else base."""
    # a kind word after the amount but followed by a colon labels the next amount ("Base: $80K
    # | OTE: $160K")
    kind_after = pl.when(pl.col("kqc").is_null()).then(pl.col("kq"))
    words = pl.concat_str(
        [pl.col("kp"), pl.col("qual"), kind_after], separator=" ", ignore_nulls=True
    )
    words = words.str.to_lowercase()
    kind = (
        pl.when(words.str.contains(KIND_OTE_PATTERN))
        .then(pl.lit("ote"))
        .when(words.str.contains(KIND_TOTAL_PATTERN))
        .then(pl.lit("total"))
        .otherwise(pl.lit("base"))
    )
    return parsed.with_columns(kind.alias("pay_kind"))


def candidate_pay_fields(candidates: pl.DataFrame) -> pl.DataFrame:
    """Parse exploded candidates (columns row, candidate, hint) into pay fields and is_pay."""
    return (
        parsed_candidates(candidates)
        .lazy()
        .pipe(with_amounts)
        .pipe(with_currency)
        .pipe(with_period)
        .pipe(with_is_pay)
        .pipe(with_kind)
        .select(
            "row",
            "candidate",
            pl.col("pay_min").cast(pl.Float64).round(2),
            pl.col("pay_max").cast(pl.Float64).round(2),
            "pay_currency",
            "pay_period",
            "pay_kind",
            "is_pay",
        )
        .collect()
    )


def scanned_text(text: pl.Expr) -> pl.Expr:
    """The text candidates are read from: capped, "Kč" written as "CZK", amounts that are not
    pay masked, and a line break before a currency symbol that follows a label number ("Grade 7
    £38,000")."""
    koruna = capped_text(text).str.replace_all(KORUNA_PATTERN, "${pre}CZK")
    return mask_non_pay_amounts(koruna).str.replace_all(
        SYMBOL_AFTER_LABEL_NUMBER_PATTERN, "${num}\n${cur}${next}"
    )


def pay_candidates(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per candidate amount string (columns row, hint, candidate), in text order; at
    most MAX_CANDIDATES per text. ``frame`` has columns row, hint and scanned (the
    ``scanned_text`` of each text)."""
    return (
        frame.with_columns(
            pl.col("scanned")
            .str.extract_all(CANDIDATE_PATTERN)
            .list.head(MAX_CANDIDATES)
            .alias("candidate")
        )
        .select("row", "hint", "candidate")
        .explode("candidate")
        .filter(pl.col("candidate").is_not_null())
    )


def _closes_nearby(scanned: pl.Expr) -> pl.Expr:
    """Whether the closing amount (column ``_top_candidate``) follows the first amount (column
    ``candidate``) in the scanned text within CLOSE_MAX_GAP_CHARS characters and one sentence
    end."""
    first = pl.col("candidate")
    after = scanned.str.split(first).list.slice(1).list.join(first)
    between = after.str.split(pl.col("_top_candidate")).list.first()
    return (between.str.len_chars() <= CLOSE_MAX_GAP_CHARS) & (
        between.str.count_matches(_SENTENCE_END) <= 1
    )


def first_pay_per_row(frame: pl.DataFrame) -> pl.DataFrame:
    """Pay fields of the first pay-looking candidate of each row (rows without pay absent).

    A first amount with no maximum (a lower bound: "Minimum $61,700", "Starting at $20/hr") is
    closed by the first later amount with no minimum (an upper bound: "... Maximum $92,500",
    "... up to $25/hr") when that is higher and of the same currency, period and pay kind, and
    follows within CLOSE_MAX_GAP_CHARS characters with at most one sentence end between ("At
    least $90k base. Up to $120k OTE" stays base 90,000 with no maximum)."""
    # the text is scanned once: for the candidates and, on rows that may close, the gap
    scanned = frame.select("row", "hint", scanned_text(pl.col("text")).alias("scanned"))
    pays = candidate_pay_fields(pay_candidates(scanned)).filter(pl.col("is_pay")).drop("is_pay")
    first = pays.unique(subset="row", keep="first", maintain_order=True)
    tops = (
        pays.filter(pl.int_range(pl.len()).over("row") > 0)
        .filter(pl.col("pay_min").is_null() & pl.col("pay_max").is_not_null())
        .unique(subset="row", keep="first", maintain_order=True)
        .select(
            "row",
            pl.col("candidate").alias("_top_candidate"),
            pl.col("pay_max").alias("_top"),
            pl.col("pay_currency").alias("_top_currency"),
            pl.col("pay_period").alias("_top_period"),
            pl.col("pay_kind").alias("_top_kind"),
        )
    )
    may_close = (
        pl.col("pay_max").is_null()
        & (pl.col("_top_currency") == pl.col("pay_currency"))
        & (pl.col("_top_period") == pl.col("pay_period"))
        & (pl.col("_top_kind") == pl.col("pay_kind"))
        & (pl.col("_top") > pl.col("pay_min"))
    ).fill_null(False)
    joined = first.join(tops, on="row", how="left", maintain_order="left")
    # Only rows that may close are searched for the text between the two amounts.
    near = (
        joined.filter(may_close)
        .join(scanned.select("row", "scanned"), on="row", how="left")
        .select("row", _closes_nearby(pl.col("scanned")).alias("_near"))
    )
    closes = may_close & pl.col("_near").fill_null(False)
    return (
        joined.join(near, on="row", how="left", maintain_order="left")
        .with_columns(pl.when(closes).then(pl.col("_top")).otherwise("pay_max").alias("pay_max"))
        .drop("candidate", "_near", *[c for c in tops.columns if c != "row"])
    )


def parse_salaries(texts: pl.Series, country_hints: pl.Series | None = None) -> pl.DataFrame:
    """Pay range, currency and period found in each text; one row per input, nulls when none.

    Returns columns pay_min (f64), pay_max (f64), pay_currency (ISO 4217), pay_period (hour |
    day | week | biweek | semimonth | month | year). country_hints (ISO alpha-2, may hold
    nulls) supplies the currency when the text names none and resolves a plain "$". Each
    distinct (text, hint) pair is parsed once; pay text repeats a lot across postings and crawl
    snapshots.
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

    Returns {"min", "max", "currency", "period", "pay_kind"} or None when the text holds no
    pay. Never raises on a str (lone surrogates are replaced; see ``capped_text`` for size).
    """
    hints = None if country is None else pl.Series([valid_text(country)], dtype=pl.String)
    if text is not None and len(text) > MAX_TEXT_HEAD + MAX_TEXT_TAIL:
        text = text[:MAX_TEXT_HEAD] + " \n " + text[-MAX_TEXT_TAIL:]  # as capped_text does
    safe = None if text is None else valid_text(text)
    row = parse_salaries(pl.Series([safe], dtype=pl.String), hints).row(0, named=True)
    if row["pay_min"] is None and row["pay_max"] is None:
        return None
    return {
        "min": row["pay_min"],
        "max": row["pay_max"],
        "currency": row["pay_currency"],
        "period": row["pay_period"],
        "pay_kind": row["pay_kind"],
    }


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
