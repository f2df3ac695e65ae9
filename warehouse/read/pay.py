"""Pay bands: one role x seniority x place cell, a place's cells, the places with cells, the
same cell a year earlier, the postings and companies behind a cell's band (out_posting_pay
joined to out_postings) and what they list beyond base pay (equity, bonus, commission, never
added to base), the individual postings of a cell too thin for a band, and where an
offer falls within a cell's band.

May import: the standard library, polars, `contract` and `warehouse.read`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl

from contract import vocab
from contract.marts.pay import OUT_PAY_BANDS
from warehouse.read.connection import query
from warehouse.read.filters import PLACE_LEVEL_ORDER, SENIORITY_ORDER
from warehouse.read.snapshot import SnapshotInvalidError

# The window before the one every page reads (views.DEFAULT_WINDOWS): the year-earlier band.
PRIOR_PAY_BAND_WINDOW = next(
    window for window in vocab.PAY_BAND_WINDOWS if window != vocab.DEFAULT_PAY_BAND_WINDOW
)


class PayBandUnavailableError(LookupError):
    """The requested pay-band cell is absent or suppressed, so no offer can be placed in it."""


@dataclass(frozen=True)
class OfferPosition:
    """Where an offer falls within a pay-band cell (amount in the cell's local currency)."""

    amount: float
    currency: str
    percentile: float | None
    position: Literal["below_p10", "within", "above_p90"]
    p10: float
    p90: float
    n_postings: int
    n_companies: int
    rollup_level: str


def pay_band(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """The pay-band cell for role × seniority × place: zero or one row.

    Columns: the out_pay_bands columns plus p10_usd, p25_usd, p75_usd, p90_usd (local
    percentiles converted at the rate the build used for the median, p50_usd / p50) and
    is_rolled_up (the cell shows data of `rollup_level`, a coarser place).
    """
    return query(
        ("out_pay_bands",),
        """
        SELECT * FROM pay_band_cells
        WHERE role_family = $role_family AND seniority = $seniority AND place_id = $place_id
        """,
        {"role_family": role_family, "seniority": seniority, "place_id": place_id},
    )


def pay_band_year_earlier(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """The same cell in the 12 months before the published window: zero or one row with
    window_start, window_end, p50, currency, n_postings, n_companies, rollup_level,
    is_suppressed (empty when the snapshot has one window)."""
    return query(
        ("out_pay_bands",),
        """
        SELECT window_start, window_end, p50, currency, n_postings, n_companies, rollup_level,
               is_suppressed
        FROM out_pay_bands_windows
        WHERE "window" = $window AND role_family = $role_family
          AND seniority = $seniority AND place_id = $place_id
        """,
        {
            "window": PRIOR_PAY_BAND_WINDOW,
            "role_family": role_family,
            "seniority": seniority,
            "place_id": place_id,
        },
    )


def pay_snapshot(place_id: str = "all") -> pl.DataFrame:
    """Every role × seniority pay-band cell of one place, in vocabulary order (same columns)."""
    return query(
        ("out_pay_bands",),
        """
        SELECT * FROM pay_band_cells
        WHERE place_id = $place_id
        ORDER BY role_family, coalesce(list_position($seniorities, seniority), 99), seniority
        """,
        {"place_id": place_id, "seniorities": list(SENIORITY_ORDER)},
    )


def pay_band_places(role_family: str | None = None, seniority: str | None = None) -> pl.DataFrame:
    """Places with pay-band cells (for a role family and seniority when given), coarse to fine.

    Columns: place_level, place_id, place_name, country (the place's ISO alpha-2 country; null
    for all places).
    """
    return query(
        ("out_pay_bands",),
        """
        SELECT DISTINCT place_level, place_id, place_name,
               CASE WHEN place_level = 'all' THEN NULL
                    WHEN place_level = 'country' THEN place_id
                    WHEN place_level = 'state' THEN split_part(place_id, '-', 1)
                    WHEN contains(place_id, ':') THEN split_part(place_id, ':', 1)
                    ELSE 'US' END AS country,
               coalesce(list_position($levels, place_level), 99) AS level_order
        FROM out_pay_bands
        WHERE ($role_family::VARCHAR IS NULL OR role_family = $role_family)
          AND ($seniority::VARCHAR IS NULL OR seniority = $seniority)
        ORDER BY level_order, place_name, place_id
        """,
        {"levels": list(PLACE_LEVEL_ORDER), "role_family": role_family, "seniority": seniority},
    ).drop("level_order")


# A posting of out_posting_pay (pp, with its out_postings row p) in a band cell (c): the cell's
# role and level, first posted in its window, in its currency (any, at level all) and place.
_IN_CELL = """p.role_family = $role_family AND p.seniority = $seniority
          AND pp.posted_date BETWEEN c.window_start AND c.window_end
          AND (c.rollup_level = 'all' OR pp.currency = c.currency)
          AND CASE c.rollup_level
                  WHEN 'metro' THEN pp.metro_place_id = c.shown_place_id
                  WHEN 'state' THEN pp.state_place_id = c.shown_place_id
                  WHEN 'country' THEN pp.country_place_id = c.shown_place_id
                  ELSE TRUE END"""

# The postings behind the band a cell shows: the shown place's base-pay postings of the cell's
# role and level, first posted in its window, in the band's currency (every currency, in USD,
# at level all), as out_pay_bands counts them (shown_n_postings).
_BAND_POSTINGS = (
    """
    WITH cell AS (
        SELECT shown_place_id, rollup_level, currency, window_start, window_end
        FROM pay_band_cells
        WHERE role_family = $role_family AND seniority = $seniority AND place_id = $place_id
          AND NOT is_suppressed
    ),
    band AS (
        SELECT p.company, p.title, p.place_label, p.url, p.posting_id, pp.posted_date,
               pp.currency, pp.pay_min_annual, pp.pay_max_annual,
               pp.pay_min_annual_usd, pp.pay_max_annual_usd, c.rollup_level,
               -- a band currency amount is USD at level all: the base pay's own rate
               CASE WHEN c.rollup_level = 'all'
                    THEN pp.pay_max_annual_usd / nullif(pp.pay_max_annual, 0)
                    ELSE 1.0 END AS to_band,
               pp.offers_equity, pp.offers_bonus, pp.offers_commission,
               pp.equity_pct_min, pp.equity_pct_max, pp.bonus_min_annual, pp.bonus_max_annual,
               pp.commission_min_annual, pp.commission_max_annual,
               pp.equity_value_min_annual, pp.equity_value_max_annual
        FROM out_posting_pay AS pp
        JOIN out_postings AS p USING (posting_id)
        CROSS JOIN cell AS c
        WHERE coalesce(pp.pay_kind, 'base') = 'base' AND """
    + _IN_CELL
    + """
    )
"""
)


def pay_band_postings(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """Every posting behind the band the cell shows (empty for a suppressed or absent cell), by
    company, then pay. Pay per year in the band's currency (`band_currency`; USD at level all)
    and in USD; beside it, never added to it, what the posting lists beyond base pay.

    Columns: company, title, place_label, posted_date, band_currency, pay_min, pay_max,
    pay_min_usd, pay_max_usd, url, posting_id, then `BEYOND_BASE_COLUMNS` (offers_* null
    where the source lists no pay components; cash amounts per year in the band's currency).
    """
    return query(
        ("out_pay_bands", "out_posting_pay", "out_postings"),
        _BAND_POSTINGS
        + """
        SELECT company, title, place_label, posted_date,
               CASE WHEN rollup_level = 'all' THEN 'USD' ELSE currency END AS band_currency,
               CASE WHEN rollup_level = 'all' THEN pay_min_annual_usd ELSE pay_min_annual END
                   AS pay_min,
               CASE WHEN rollup_level = 'all' THEN pay_max_annual_usd ELSE pay_max_annual END
                   AS pay_max,
               pay_min_annual_usd AS pay_min_usd, pay_max_annual_usd AS pay_max_usd,
               url, posting_id, offers_equity, offers_bonus, offers_commission,
               equity_pct_min, equity_pct_max,
               bonus_min_annual * to_band AS bonus_min, bonus_max_annual * to_band AS bonus_max,
               commission_min_annual * to_band AS commission_min,
               commission_max_annual * to_band AS commission_max,
               equity_value_min_annual * to_band AS equity_value_min,
               equity_value_max_annual * to_band AS equity_value_max
        FROM band
        ORDER BY company, pay_min, posting_id
        """,
        {"role_family": role_family, "seniority": seniority, "place_id": place_id},
    )


# What a posting lists beyond base pay (pay_band_postings' last columns).
BEYOND_BASE_COLUMNS: tuple[str, ...] = (
    "offers_equity",
    "offers_bonus",
    "offers_commission",
    "equity_pct_min",
    "equity_pct_max",
    "bonus_min",
    "bonus_max",
    "commission_min",
    "commission_max",
    "equity_value_min",
    "equity_value_max",
)
# A cell's median amount beyond base needs as many postings giving it, from as many companies,
# as a band needs (out_pay_bands' thresholds).
_MIN_POSTINGS = OUT_PAY_BANDS.threshold_int("min_postings")
_MIN_COMPANIES = OUT_PAY_BANDS.threshold_int("min_companies")


def _amount_summary(prefix: str) -> str:
    """SQL select items for one amount beyond base over `band`: postings and companies giving
    it, and the medians of its low and high ends (null below the thresholds)."""
    low, high = f"{prefix}_low", f"{prefix}_high"
    given = f"{low} IS NOT NULL"
    enough = (
        f"count(*) FILTER ({given}) >= $min_postings "
        f"AND count(DISTINCT company) FILTER ({given}) >= $min_companies"
    )
    return f"""
        count(*) FILTER ({given})::BIGINT AS n_{prefix}_amounts,
        count(DISTINCT company) FILTER ({given})::BIGINT AS n_{prefix}_amount_companies,
        CASE WHEN {enough} THEN median({low}) END AS {prefix}_median_low,
        CASE WHEN {enough} THEN median({high}) END AS {prefix}_median_high"""


def pay_band_beyond_base(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """What the postings behind the band the cell shows list beyond base pay, never added to
    it: one row (empty for a suppressed or absent cell).

    Columns: band_currency; n_postings (behind the band: shown_n_postings); n_listed (those
    whose source lists pay components: only they can say whether equity, a bonus or a
    commission is offered); n_equity, n_bonus, n_commission (of n_listed); for equity_pct,
    bonus, commission and equity_value: n_<x>_amounts and n_<x>_amount_companies (postings
    and companies giving an amount) and <x>_median_low / <x>_median_high (medians of the
    amounts' low and high ends: percent of the company for equity_pct, per year in the
    band's currency for the others), null unless `min_postings` postings from
    `min_companies` companies give it (out_pay_bands' thresholds); n_ote (postings of the
    same role, level, place, window and currency whose pay is marked on-target earnings,
    which the band leaves out).
    """
    amounts = ",".join(
        _amount_summary(prefix) for prefix in ("equity_pct", "bonus", "commission", "equity_value")
    )
    return query(
        ("out_pay_bands", "out_posting_pay", "out_postings"),
        _BAND_POSTINGS
        + f"""
        , amounts AS (
            SELECT company, offers_equity, offers_bonus, offers_commission,
                   coalesce(equity_pct_min, equity_pct_max) AS equity_pct_low,
                   coalesce(equity_pct_max, equity_pct_min) AS equity_pct_high,
                   bonus_min_annual * to_band AS bonus_low,
                   bonus_max_annual * to_band AS bonus_high,
                   commission_min_annual * to_band AS commission_low,
                   commission_max_annual * to_band AS commission_high,
                   equity_value_min_annual * to_band AS equity_value_low,
                   equity_value_max_annual * to_band AS equity_value_high
            FROM band
        ),
        ote AS (
            SELECT count(*)::BIGINT AS n_ote
            FROM out_posting_pay AS pp
            JOIN out_postings AS p USING (posting_id)
            CROSS JOIN cell AS c
            WHERE pp.pay_kind = 'ote' AND {_IN_CELL}
        )
        SELECT CASE WHEN any_value(c.rollup_level) = 'all' THEN 'USD'
                    ELSE any_value(c.currency) END AS band_currency,
               count(a.company)::BIGINT AS n_postings,
               count(a.offers_equity)::BIGINT AS n_listed,
               count(*) FILTER (a.offers_equity)::BIGINT AS n_equity,
               count(*) FILTER (a.offers_bonus)::BIGINT AS n_bonus,
               count(*) FILTER (a.offers_commission)::BIGINT AS n_commission,
               {amounts},
               any_value(o.n_ote) AS n_ote
        FROM cell AS c
        CROSS JOIN ote AS o
        LEFT JOIN amounts AS a ON TRUE
        HAVING count(c.currency) > 0
        """,
        {
            "role_family": role_family,
            "seniority": seniority,
            "place_id": place_id,
            "min_postings": _MIN_POSTINGS,
            "min_companies": _MIN_COMPANIES,
        },
    )


# The postings a cell without a band counts itself (its n_postings and n_companies): the
# cell's own place's base-pay postings of its role and level, first posted in its window, in
# every currency (out_pay_bands counts a place's paid postings whatever their currency).
_THIN_CELL_POSTINGS = """
    WITH cell AS (
        SELECT place_level, window_start, window_end
        FROM pay_band_cells
        WHERE role_family = $role_family AND seniority = $seniority AND place_id = $place_id
          AND is_suppressed
    )
    SELECT p.company, p.title, p.place_label, pp.posted_date, pp.currency,
           pp.pay_min_annual AS pay_min, pp.pay_max_annual AS pay_max,
           pp.pay_min_annual_usd AS pay_min_usd, pp.pay_max_annual_usd AS pay_max_usd,
           p.url, p.posting_id, pp.offers_equity, pp.offers_bonus, pp.offers_commission,
           pp.equity_pct_min, pp.equity_pct_max,
           pp.bonus_min_annual AS bonus_min, pp.bonus_max_annual AS bonus_max,
           pp.commission_min_annual AS commission_min,
           pp.commission_max_annual AS commission_max,
           pp.equity_value_min_annual AS equity_value_min,
           pp.equity_value_max_annual AS equity_value_max
    FROM out_posting_pay AS pp
    JOIN out_postings AS p USING (posting_id)
    CROSS JOIN cell AS c
    WHERE p.role_family = $role_family AND p.seniority = $seniority
      AND coalesce(pp.pay_kind, 'base') = 'base'
      AND pp.posted_date BETWEEN c.window_start AND c.window_end
      AND CASE c.place_level
              WHEN 'metro' THEN pp.metro_place_id = $place_id
              WHEN 'state' THEN pp.state_place_id = $place_id
              WHEN 'country' THEN pp.country_place_id = $place_id
              ELSE TRUE END
    ORDER BY p.company, pp.pay_min_annual_usd, p.posting_id
"""


def thin_cell_postings(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """The individual postings of a cell too thin for a band (suppressed): every paid posting
    it counts itself (its n_postings, from its n_companies), by company, then pay in USD. Empty
    for a cell with a band (its postings: `pay_band_postings`) or an absent one.

    These are postings to read one by one, not a sample to summarize: each keeps its own
    currency. Pay per year as advertised (`currency`) and in USD.

    Columns: company, title, place_label, posted_date, currency, pay_min, pay_max, pay_min_usd,
    pay_max_usd, url, posting_id, then `BEYOND_BASE_COLUMNS` (amounts in `currency`).
    """
    return query(
        ("out_pay_bands", "out_posting_pay", "out_postings"),
        _THIN_CELL_POSTINGS,
        {"role_family": role_family, "seniority": seniority, "place_id": place_id},
    )


def pay_band_companies(role_family: str, seniority: str, place_id: str) -> pl.DataFrame:
    """The companies behind the band the cell shows: their postings, lowest and highest
    advertised pay and the median of their postings' midpoints (band currency per year), most
    postings first.

    Columns: company, n_postings, pay_low, pay_high, pay_mid_median, band_currency.
    """
    return query(
        ("out_pay_bands", "out_posting_pay", "out_postings"),
        _BAND_POSTINGS
        + """
        SELECT company, count(*)::BIGINT AS n_postings,
               min(lo) AS pay_low, max(hi) AS pay_high,
               median((lo + hi) / 2) AS pay_mid_median, any_value(band_currency) AS band_currency
        FROM (
            SELECT company,
                   CASE WHEN rollup_level = 'all' THEN pay_min_annual_usd
                        ELSE pay_min_annual END AS lo,
                   CASE WHEN rollup_level = 'all' THEN pay_max_annual_usd
                        ELSE pay_max_annual END AS hi,
                   CASE WHEN rollup_level = 'all' THEN 'USD' ELSE currency END AS band_currency
            FROM band
        )
        GROUP BY company
        ORDER BY n_postings DESC, company
        """,
        {"role_family": role_family, "seniority": seniority, "place_id": place_id},
    )


def pay_band_alternatives(
    role_family: str, seniority: str, country: str | None, n: int = 5
) -> pl.DataFrame:
    """Cells with a band of their own near a cell that has none: those of the same country
    first (a band elsewhere is another market and currency), then the same role, then the
    same level, by the postings behind them. Country first, so that the first `n` rows hold
    the country's own cells however many other countries' cells the role and level have.

    Columns: role_family, seniority, place_level, place_id, place_name, n_postings,
    n_companies (the band's).
    """
    return query(
        ("out_pay_bands",),
        """
        WITH own AS (
            SELECT role_family, seniority, place_level, place_id, place_name,
                   shown_n_postings AS n_postings, shown_n_companies AS n_companies,
                   CASE WHEN place_level = 'all' THEN NULL
                        WHEN place_level = 'country' THEN place_id
                        WHEN place_level = 'state' THEN split_part(place_id, '-', 1)
                        WHEN contains(place_id, ':') THEN split_part(place_id, ':', 1)
                        ELSE 'US' END AS country
            FROM pay_band_cells
            WHERE NOT is_suppressed AND NOT is_rolled_up
              AND (role_family = $role_family OR seniority = $seniority)
        )
        SELECT role_family, seniority, place_level, place_id, place_name, n_postings,
               n_companies
        FROM own
        ORDER BY coalesce(country = $country, FALSE) DESC, role_family = $role_family DESC,
                 seniority = $seniority DESC, n_postings DESC, place_id
        LIMIT $n
        """,
        {"role_family": role_family, "seniority": seniority, "country": country, "n": n},
    )


def offer_percentile(
    role_family: str, seniority: str, place_id: str, amount: float
) -> OfferPosition:
    """Where `amount` (local currency per year) falls in the cell's P10–P90 band.

    Interpolates linearly between the published percentiles; outside the band the percentile is
    None and `position` says "below_p10" or "above_p90". Raises PayBandUnavailableError when the
    cell is absent or suppressed.
    """
    if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
        raise ValueError(f"offer amount must be a finite number, got {amount!r}")
    if amount <= 0:
        raise ValueError(f"offer amount must be positive, got {amount!r}")
    cell_name = f"role_family={role_family!r}, seniority={seniority!r}, place_id={place_id!r}"
    band = pay_band(role_family, seniority, place_id)
    if band.is_empty():
        raise PayBandUnavailableError(f"No pay band for {cell_name}")
    row = band.row(0, named=True)
    points = [(10.0, row["p10"]), (25.0, row["p25"]), (50.0, row["p50"])]
    points += [(75.0, row["p75"]), (90.0, row["p90"])]
    if row["is_suppressed"] or any(value is None for _, value in points):
        raise PayBandUnavailableError(f"The pay band for {cell_name} is suppressed")
    values = [value for _, value in points]
    if values != sorted(values):
        raise SnapshotInvalidError(f"out_pay_bands: percentiles decrease in cell {cell_name}")
    percentile, position = percentile_within_band(points, float(amount))
    return OfferPosition(
        amount=float(amount),
        currency=row["currency"],
        percentile=percentile,
        position=position,
        p10=row["p10"],
        p90=row["p90"],
        # the n behind the band the offer is placed in (a rolled-up cell's parent's)
        n_postings=row["shown_n_postings"] or row["n_postings"],
        n_companies=row["shown_n_companies"] or row["n_companies"],
        rollup_level=row["rollup_level"],
    )


def percentile_within_band(
    points: Sequence[tuple[float, float]], amount: float
) -> tuple[float | None, Literal["below_p10", "within", "above_p90"]]:
    """Linear interpolation of `amount` over (percentile, value) points sorted by value.

    Where several percentiles share one value, an amount equal to it gets their midpoint.
    """
    if amount < points[0][1]:
        return None, "below_p10"
    if amount > points[-1][1]:
        return None, "above_p90"
    tied = [pct for pct, value in points if value == amount]
    if tied:
        return (min(tied) + max(tied)) / 2, "within"
    for (pct_lo, value_lo), (pct_hi, value_hi) in itertools.pairwise(points):
        if value_lo < amount < value_hi:
            fraction = (amount - value_lo) / (value_hi - value_lo)
            return pct_lo + fraction * (pct_hi - pct_lo), "within"
    raise AssertionError("unreachable: amount lies within the band")  # pragma: no cover
