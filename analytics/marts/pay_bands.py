"""`out_pay_bands`: advertised pay percentiles per role family × seniority × place.

Universe: canonical postings with advertised pay first posted in the window (default the last
12 months of data). Range-aware percentiles (metrics.md): each posting contributes its
advertised range as a uniform distribution over [min, max] — approximated by `POINTS` equally
spaced points from min to max, ends included, so that a linear-interpolated quantile of one
range is exact — and a single value as a point.
Places (`analytics.marts.pay_band_places`): a US metro or a city elsewhere, a state or region,
a country, and all (every country, in USD). A band uses only the postings of its place in the
place's currency (the country's main currency; USD at level all): P10..P90 and, converted at
each posting's month, p10_usd..p90_usd come from the same postings, counted in
`band_n_postings` / `band_n_companies`. A cell shows its own band only with at least 20 such
postings from at least 5 companies; otherwise it shows its parent's — metro -> state -> country,
never beyond its country, so never another country's or currency's postings — and
`rollup_level` names the level used; a country without enough postings is suppressed.
`shown_*` name the place and the n behind the band shown. `p50_shrunk` shrinks the median
toward the parent: (n·m + k·m_parent) / (n + k), k = 20.
Each own band carries a 95% bootstrap interval over companies on P10..P90 (`p10_lo`..`p90_hi`,
`analytics.marts.pay_band_intervals`, seeded) and a confidence word (high | medium | low) from
its n, companies and recency (`recent_share`: share of its postings first posted in its last
months). Beside each US cell: BLS OEWS incumbent percentiles for the
mapped SOC occupation and the matching OEWS area ("posted vs paid"); and, where DOL H-1B LCA
disclosures are loaded, the offered wages (lower bound of each certified full-time case,
annualized) for the same SOC at the same place — metro via the gazetteer's city → metro map,
state, or US — with their count (`h1b_n`; percentiles need 10 cases). H-1B wages cover the
fiscal years loaded, not the postings' window.

Two steps, so another engine can make the first: `band_cells` (the paid postings in their
places, counted per cell, the percentiles and the bootstrap bounds; the Spark engine's
`CellMaker` makes the same from order statistics and per-company sums) and
`pay_bands_from_cells` (roll-up, shrinkage, confidence, names, OEWS, H-1B), shared by both.

The suppression thresholds (20 postings, 5 companies), k, the bootstrap and confidence rules,
the place levels and the windows are the mart's contract (`contract.marts` thresholds of
`out_pay_bands`, `contract.vocab`).

May import: polars, us, `contract`, `analytics.marts.pay_band_places`,
`analytics.marts.pay_band_intervals`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import polars as pl
import us

from analytics.marts.pay_band_intervals import (
    INTERVAL_COLUMNS,
    bootstrap_intervals,
    confidence_word,
    recent_months,
)
from analytics.marts.pay_band_places import place_rows, with_place_names
from contract.marts import mart
from contract.vocab import (
    ALL,
    DEFAULT_PAY_BAND_WINDOW,
    PAY_BAND_WINDOWS,
    PLACE_LEVELS_FINE_FIRST,
)

_CONTRACT = mart("out_pay_bands")
POINTS = 11
MIN_POSTINGS = _CONTRACT.threshold_int("min_postings")
MIN_COMPANIES = _CONTRACT.threshold_int("min_companies")
SHRINK_K = _CONTRACT.threshold_int("shrink_k")
LEVELS = PLACE_LEVELS_FINE_FIRST  # metro, state, country, all
ROLLS_UP = ("metro", "state")  # levels that borrow their parent's band (within the country)
QUANTILES = {"p10": 0.10, "p25": 0.25, "p50": 0.50, "p75": 0.75, "p90": 0.90}
USD_QUANTILES = {f"{name}_usd": q for name, q in QUANTILES.items()}


def _window(postings: pl.DataFrame, months: int, end: date | None) -> tuple[date, date]:
    last = end or postings["posted_date"].max()
    start = (pl.Series([last]).dt.truncate("1mo").dt.offset_by(f"-{months - 1}mo"))[0]
    return start, last


def _quantiles(
    rows: pl.DataFrame, keys: list[str], ranges: list[tuple[str, str, dict[str, float]]]
) -> pl.DataFrame:
    """Per cell of `keys`, the range-aware quantiles `names` of each range (low, high,
    names): each posting as POINTS points spread uniformly over its [low, high]. One expansion
    for every range, grouped on an integer cell code (the expansion has POINTS rows per
    posting and place)."""
    cells = rows.select(keys).unique().with_row_index("_cell")
    offsets = pl.DataFrame({"_k": [k / (POINTS - 1) for k in range(POINTS)]})
    bounds = list(dict.fromkeys(c for low, high, _ in ranges for c in (low, high)))
    expanded = (
        rows.join(cells, on=keys, nulls_equal=True)
        .select("_cell", *bounds)
        .join(offsets, how="cross")
        .select(
            "_cell",
            *[
                (pl.col(low) + (pl.col(high) - pl.col(low)) * pl.col("_k")).alias(f"_value{i}")
                for i, (low, high, _) in enumerate(ranges)
            ],
        )
    )
    quantiles = expanded.group_by("_cell").agg(
        pl.col(f"_value{i}").quantile(q, interpolation="linear").alias(name)
        for i, (_, _, names) in enumerate(ranges)
        for name, q in names.items()
    )
    return cells.join(quantiles, on="_cell").drop("_cell")


KEYS = ["role_family", "seniority", "place_level", "place_id"]  # a cell
PAID_SCHEMA: dict[str, pl.DataType] = {  # what the bands read of a paid posting
    "role_family": pl.String(),
    "seniority": pl.String(),
    "country": pl.String(),
    "region": pl.String(),
    "metro_code": pl.String(),
    "city": pl.String(),
    "company": pl.String(),
    "posted_date": pl.Date(),
    "currency": pl.String(),
    "pay_min_annual": pl.Float64(),
    "pay_max_annual": pl.Float64(),
    "pay_min_annual_usd": pl.Float64(),
    "pay_max_annual_usd": pl.Float64(),
}
PLACE_ROW_SCHEMA: dict[str, pl.DataType] = {  # a paid posting in one of its places
    **{key: pl.String() for key in KEYS},
    "company": pl.String(),
    "posted_date": pl.Date(),
    "band_currency": pl.String(),
    "_parent_id": pl.String(),
    "_in_band": pl.Boolean(),  # counts in its place's band (the place's currency)
    "_lo": pl.Float64(),  # its range in the band's currency
    "_hi": pl.Float64(),
    "pay_min_annual_usd": pl.Float64(),
    "pay_max_annual_usd": pl.Float64(),
}
# a cell shows its own band: enough postings from enough companies in the band's currency
OWN_BAND = (pl.col("band_n_postings") >= MIN_POSTINGS) & (
    pl.col("band_n_companies") >= MIN_COMPANIES
)
# a second engine's cells: (window start, window end, bootstrap?) -> what `band_cells` returns
CellMaker = Callable[[date, date, bool], pl.DataFrame]


def paid_postings(postings: pl.DataFrame, start: date, last: date) -> pl.DataFrame:
    """The postings a band counts (advertised base pay, first posted in [start, last]), with
    the columns of PAID_SCHEMA. Row by row: another engine runs it on each batch."""
    # on-target earnings and total compensation are not base pay (core_postings.pay_kind)
    base_pay = (
        pl.col("pay_kind").fill_null("base") == "base"
        if "pay_kind" in postings.columns
        else pl.lit(True)
    )
    paid = postings.filter(
        pl.col("pay_min_annual_usd").is_not_null()
        & pl.col("posted_date").is_between(start, last)
        & base_pay
    )
    city = pl.col("city") if "city" in paid.columns else pl.lit(None, dtype=pl.String)
    # only what the bands need: the place rows copy every column
    return paid.select(city.alias("city") if c == "city" else c for c in PAID_SCHEMA)


def main_currencies(currency_counts: pl.DataFrame) -> pl.DataFrame:
    """country -> main_currency (most paid postings; ties to the first code) from the paid
    postings counted per country and currency (`len`)."""
    return (
        currency_counts.sort(["len", "currency"], descending=[True, False])
        .group_by("country", maintain_order=True)
        .first()
        .select("country", pl.col("currency").alias("main_currency"))
    )


def band_place_rows(paid: pl.DataFrame, main_currency: pl.DataFrame) -> pl.DataFrame:
    """Each paid posting in each of its places (`place_rows`), with the band's currency (the
    country's main one; USD at level all), whether it counts in the band (`_in_band`: its
    currency is the band's) and its range in that currency. Row by row (`main_currency` is
    small): another engine runs it on each batch."""
    at_all = pl.col("place_level") == ALL
    rows = place_rows(paid.join(main_currency, on="country", how="left")).with_columns(
        pl.when(at_all)
        .then(pl.lit("USD"))
        .otherwise(pl.col("main_currency"))
        .alias("band_currency")
    )
    return rows.with_columns(
        (at_all | (pl.col("currency") == pl.col("band_currency")))
        .fill_null(False)
        .alias("_in_band"),
        pl.when(at_all)
        .then(pl.col("pay_min_annual_usd"))
        .otherwise(pl.col("pay_min_annual"))
        .alias("_lo"),
        pl.when(at_all)
        .then(pl.col("pay_max_annual_usd"))
        .otherwise(pl.col("pay_max_annual"))
        .alias("_hi"),
    ).select(list(PLACE_ROW_SCHEMA))


def recent_from(last: date) -> date:
    """The first day of a band's recent months (`recent_share`)."""
    return pl.Series([last]).dt.truncate("1mo").dt.offset_by(f"-{recent_months() - 1}mo")[0]


def band_cells(
    postings: pl.DataFrame, start: date, last: date, intervals: bool = True
) -> pl.DataFrame:
    """Per cell (KEYS): its counts (`n_postings`, `n_companies`, `currency`, `_parent_id`),
    its band's (`band_n_postings`, `band_n_companies`, `recent_share`), percentiles (QUANTILES,
    USD_QUANTILES), `_own` and bootstrap bounds (INTERVAL_COLUMNS; null unless `intervals`).
    What another engine computes instead (`CellMaker`); `pay_bands_from_cells` finishes."""
    paid = paid_postings(postings, start, last)
    main_currency = main_currencies(paid.group_by("country", "currency").len())
    rows = band_place_rows(paid, main_currency)
    counts = rows.group_by(KEYS).agg(
        pl.len().cast(pl.Int64).alias("n_postings"),
        pl.col("company").n_unique().cast(pl.Int64).alias("n_companies"),
        pl.col("band_currency").first().alias("currency"),
        pl.col("_parent_id").drop_nulls().mode().sort().first().alias("_parent_id"),
    )
    band_rows = rows.filter("_in_band")
    band_counts = band_rows.group_by(KEYS).agg(
        pl.len().cast(pl.Int64).alias("band_n_postings"),
        pl.col("company").n_unique().cast(pl.Int64).alias("band_n_companies"),
        (pl.col("posted_date") >= recent_from(last)).mean().alias("recent_share"),
    )
    quantiles = _quantiles(
        band_rows,
        KEYS,
        [
            ("_lo", "_hi", QUANTILES),
            ("pay_min_annual_usd", "pay_max_annual_usd", USD_QUANTILES),
        ],
    )
    cells = cells_from_statistics(counts, band_counts, quantiles)
    bounds = None
    if intervals:
        own_keys = cells.filter("_own").select(KEYS)
        bounds = bootstrap_intervals(
            band_rows.join(own_keys, on=KEYS, how="semi").select(*KEYS, "company", "_lo", "_hi"),
            KEYS,
        )
    return with_bounds(cells, bounds)


def cells_from_statistics(
    counts: pl.DataFrame, band_counts: pl.DataFrame, quantiles: pl.DataFrame
) -> pl.DataFrame:
    """The cells (from `counts`) with their band's counts and percentiles (cells without a
    band: 0 postings, null percentiles) and `_own`: enough postings and companies for a band of
    their own."""
    cells = (
        counts.join(band_counts, on=KEYS, how="left")
        .join(quantiles, on=KEYS, how="left")
        .with_columns(pl.col("band_n_postings", "band_n_companies").fill_null(0))
    )
    return cells.with_columns(OWN_BAND.alias("_own"))


def with_bounds(cells: pl.DataFrame, bounds: pl.DataFrame | None) -> pl.DataFrame:
    """The cells with the bootstrap bounds of their own bands (all null when `bounds` is
    None: not computed)."""
    if bounds is None:
        return cells.with_columns(pl.lit(None, dtype=pl.Float64).alias(c) for c in INTERVAL_COLUMNS)
    return cells.join(bounds, on=KEYS, how="left")


def out_pay_bands(
    postings: pl.DataFrame,
    benchmarks: pl.DataFrame | None = None,
    crosswalk: pl.DataFrame | None = None,
    metro_names: pl.DataFrame | None = None,
    months: int = 12,
    end: date | None = None,
    h1b: pl.DataFrame | None = None,
    places: pl.DataFrame | None = None,
    intervals: bool = True,
    cells: CellMaker | None = None,
) -> pl.DataFrame:
    """`h1b`: core_h1b_wages rows; `places`: gazetteer city, region, metro_code; `intervals`:
    compute the bootstrap bounds (else null); `cells`: the cells made by another engine (else
    `band_cells` of `postings`, which also set the window)."""
    start, last = _window(postings, months, end)
    made = cells(start, last, intervals) if cells else band_cells(postings, start, last, intervals)
    return pay_bands_from_cells(made, start, last, benchmarks, crosswalk, metro_names, h1b, places)


def pay_bands_from_cells(
    cells: pl.DataFrame,
    start: date,
    last: date,
    benchmarks: pl.DataFrame | None = None,
    crosswalk: pl.DataFrame | None = None,
    metro_names: pl.DataFrame | None = None,
    h1b: pl.DataFrame | None = None,
    places: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The mart from its cells (`band_cells`), whichever engine made them: roll-up, shrinkage,
    confidence words, place names, OEWS and H-1B."""
    out = _roll_up(cells, KEYS, start, last, benchmarks, crosswalk, metro_names)
    return _with_h1b(out, h1b, crosswalk, places)


SHOWN_COLUMNS = ("shown_place_id", "shown_n_postings", "shown_n_companies")
BAND_COLUMNS = (*QUANTILES, *USD_QUANTILES, *INTERVAL_COLUMNS, "recent_share")
COLUMNS = (
    "role_family",
    "seniority",
    "place_level",
    "place_id",
    "place_name",
    "currency",
    *QUANTILES,
    "p50_shrunk",
    *USD_QUANTILES,
    *INTERVAL_COLUMNS,
    "n_postings",
    "n_companies",
    "is_suppressed",
    "rollup_level",
    *SHOWN_COLUMNS,
    "confidence",
    "recent_share",
    "window_start",
    "window_end",
    "oews_soc_code",
    "oews_area_code",
    "oews_p10_annual",
    "oews_p50_annual",
    "oews_p90_annual",
)


def _roll_up(
    cells: pl.DataFrame,
    keys: list[str],
    start: date,
    last: date,
    benchmarks: pl.DataFrame | None,
    crosswalk: pl.DataFrame | None,
    metro_names: pl.DataFrame | None,
) -> pl.DataFrame:
    """Each cell's band: its own, else (metro, state) its parent's as resolved, within the
    country; countries and all never borrow. Resolved coarse to fine."""
    value_cols = ["currency", *BAND_COLUMNS, *SHOWN_COLUMNS]
    cells = cells.with_columns(
        pl.col("place_id").alias("shown_place_id"),
        pl.col("band_n_postings").alias("shown_n_postings"),
        pl.col("band_n_companies").alias("shown_n_companies"),
    )
    resolved: dict[str, pl.DataFrame] = {}
    parent_of = {"metro": ("state", "country"), "state": ("country",)}
    for level in reversed(LEVELS):
        frame = cells.filter(pl.col("place_level") == level).with_columns(
            pl.when(pl.col("_own")).then(pl.lit(level)).otherwise(None).alias("rollup_level"),
            pl.col("p50").alias("_own_p50"),
        )
        if level in ROLLS_UP:
            # the parent is a state or region where the posting names one, else the country
            parents = pl.concat(
                [resolved[parent] for parent in parent_of[level]], how="diagonal_relaxed"
            ).select(
                "role_family",
                "seniority",
                pl.col("place_id").alias("_parent_id"),
                *[pl.col(c).alias(f"_parent_{c}") for c in value_cols],
                pl.col("rollup_level").alias("_parent_rollup"),
            )
            frame = frame.join(parents, on=["role_family", "seniority", "_parent_id"], how="left")
            use_parent = ~pl.col("_own")
            frame = frame.with_columns(
                [
                    pl.when(use_parent).then(pl.col(f"_parent_{c}")).otherwise(pl.col(c)).alias(c)
                    for c in value_cols
                ]
                + [
                    pl.when(use_parent)
                    .then(pl.col("_parent_rollup"))
                    .otherwise(pl.col("rollup_level"))
                    .alias("rollup_level"),
                    pl.when(
                        pl.col("_own")
                        & pl.col("_parent_p50").is_not_null()
                        & (pl.col("currency") == pl.col("_parent_currency"))
                    )
                    .then(
                        (
                            pl.col("band_n_postings") * pl.col("_own_p50")
                            + SHRINK_K * pl.col("_parent_p50")
                        )
                        / (pl.col("band_n_postings") + SHRINK_K)
                    )
                    .otherwise(pl.col("p50"))
                    .alias("p50_shrunk"),
                ]
            )
        else:
            frame = frame.with_columns(pl.col("p50").alias("p50_shrunk"))
        frame = frame.with_columns(
            pl.when(pl.col("rollup_level").is_null()).then(None).otherwise(pl.col(c)).alias(c)
            for c in [*BAND_COLUMNS, "p50_shrunk", *SHOWN_COLUMNS]
        )
        resolved[level] = frame.drop([c for c in frame.columns if c.startswith("_parent_")])
    out = pl.concat(
        [
            frame.drop([c for c in frame.columns if c.startswith("_") and c != "_parent_id"])
            for frame in resolved.values()
        ],
        how="diagonal_relaxed",
    )
    out = out.with_columns(
        pl.col("rollup_level").is_null().alias("is_suppressed"),
        confidence_word(
            pl.col("shown_n_postings"), pl.col("shown_n_companies"), pl.col("recent_share")
        ).alias("confidence"),
        pl.lit(start).alias("window_start"),
        pl.lit(last).alias("window_end"),
    )
    out = with_place_names(out, metro_names)
    out = _with_oews(out, benchmarks, crosswalk)
    return out.select(COLUMNS).sort("role_family", "seniority", "place_level", "place_id")


def _with_oews(
    out: pl.DataFrame, benchmarks: pl.DataFrame | None, crosswalk: pl.DataFrame | None
) -> pl.DataFrame:
    empty = [
        pl.lit(None, dtype=pl.String).alias("oews_soc_code"),
        pl.lit(None, dtype=pl.String).alias("oews_area_code"),
        *[pl.lit(None, dtype=pl.Float64).alias(f"oews_{p}_annual") for p in ("p10", "p50", "p90")],
    ]
    if benchmarks is None or crosswalk is None or benchmarks.height == 0:
        return out.with_columns(empty)
    primary = crosswalk.filter(pl.col("soc_rank") == 1).select("role_family", "soc_code")
    area = (
        pl.when((pl.col("place_level") == "metro") & ~pl.col("place_id").str.contains(":"))
        .then(pl.col("place_id"))
        .when(pl.col("place_level") == "state")
        .then(pl.col("_state_area"))
        .when((pl.col("place_level") == "country") & (pl.col("place_id") == "US"))
        .then(pl.lit("0000000"))
        .otherwise(None)
    )
    states = _state_area_codes()
    out = out.join(states, on="place_id", how="left").with_columns(area.alias("oews_area_code"))
    bench = benchmarks.select(
        pl.col("area_code").alias("oews_area_code"),
        pl.col("soc_code").alias("oews_soc_code"),
        pl.col("p10_annual").alias("oews_p10_annual"),
        pl.col("p50_annual").alias("oews_p50_annual"),
        pl.col("p90_annual").alias("oews_p90_annual"),
    )
    return (
        out.join(primary.rename({"soc_code": "oews_soc_code"}), on="role_family", how="left")
        .with_columns(
            pl.when(pl.col("oews_area_code").is_null())
            .then(None)
            .otherwise(pl.col("oews_soc_code"))
            .alias("oews_soc_code")
        )
        .join(bench, on=["oews_area_code", "oews_soc_code"], how="left")
        .drop("_state_area")
    )


def _state_area_codes() -> pl.DataFrame:
    """'US-CA' -> OEWS state area code '0600000' (FIPS + five zeros)."""
    rows = [
        (f"US-{s.abbr}", f"{s.fips}00000") for s in us.states.STATES_AND_TERRITORIES if s.fips
    ] + [("US-DC", "1100000")]
    return pl.DataFrame(rows, schema=["place_id", "_state_area"], orient="row").unique("place_id")


H1B_MIN_CASES = 10
H1B_COLUMNS = ("h1b_p10_annual", "h1b_p50_annual", "h1b_p90_annual")


def h1b_wage_cells(h1b: pl.DataFrame, places: pl.DataFrame | None) -> pl.DataFrame:
    """Offered-wage percentiles per SOC × place (metro, state, US) with the case count."""
    cases = h1b.select(
        "soc_code",
        pl.col("wage_min_annual").alias("_wage"),
        pl.col("worksite_city").str.to_lowercase().str.strip_chars().alias("_city"),
        pl.col("worksite_state").str.to_uppercase().alias("_state"),
    ).filter(pl.col("soc_code").is_not_null())
    levels = [
        cases.with_columns(pl.lit("US").alias("place_id")),
        cases.filter(pl.col("_state").is_not_null()).with_columns(
            (pl.lit("US-") + pl.col("_state")).alias("place_id")
        ),
    ]
    if places is not None and places.height:
        metros = (
            places.filter(pl.col("country") == "US")
            .select(
                pl.col("city").str.to_lowercase().alias("_city"),
                pl.col("region").alias("_state"),
                pl.col("metro_code").alias("place_id"),
            )
            .drop_nulls()
            .unique(["_city", "_state"])
        )
        levels.append(cases.join(metros, on=["_city", "_state"], how="inner"))
    return (
        pl.concat([lv.select("soc_code", "place_id", "_wage") for lv in levels])
        .group_by("soc_code", "place_id")
        .agg(
            pl.len().cast(pl.Int64).alias("h1b_n"),
            *[
                pl.col("_wage").quantile(q, interpolation="linear").alias(name)
                for name, q in zip(H1B_COLUMNS, (0.1, 0.5, 0.9), strict=True)
            ],
        )
        .with_columns(
            [
                pl.when(pl.col("h1b_n") >= H1B_MIN_CASES).then(pl.col(c)).alias(c)
                for c in H1B_COLUMNS
            ]
        )
    )


def _with_h1b(
    out: pl.DataFrame,
    h1b: pl.DataFrame | None,
    crosswalk: pl.DataFrame | None,
    places: pl.DataFrame | None,
) -> pl.DataFrame:
    if h1b is None or crosswalk is None or h1b.height == 0:
        return out.with_columns(
            pl.lit(0, dtype=pl.Int64).alias("h1b_n"),
            *[pl.lit(None, dtype=pl.Float64).alias(c) for c in H1B_COLUMNS],
        )
    primary = crosswalk.filter(pl.col("soc_rank") == 1).select("role_family", "soc_code")
    cells = h1b_wage_cells(h1b, places)
    return (
        out.join(primary, on="role_family", how="left")
        .join(cells, on=["soc_code", "place_id"], how="left")
        .with_columns(pl.col("h1b_n").fill_null(0))
        .drop("soc_code")
    )


WINDOWS = PAY_BAND_WINDOWS  # last_12m, prior_12m
PUBLISHED_WINDOW = DEFAULT_PAY_BAND_WINDOW  # the one the app and the claims read


def out_pay_bands_by_window(
    postings: pl.DataFrame, windows: tuple[str, ...] = WINDOWS, **kwargs: object
) -> pl.DataFrame:
    """Pay bands for the last 12 months and the 12 months before (`window` names which; each
    row carries its window_start and window_end), so a band can be compared year on year."""
    if postings.height == 0:  # no cells to make, by any engine
        kwargs.pop("cells", None)
        return out_pay_bands(postings, **kwargs).with_columns(
            pl.lit(None, pl.String).alias("window")
        )
    last = postings["posted_date"].max()
    # the last 12 months end with the data; the 12 before end the day before those start
    prior_end = pl.Series([last]).dt.truncate("1mo").dt.offset_by("-11mo")[0] - timedelta(days=1)
    ends = dict(zip(WINDOWS, (last, prior_end), strict=True))
    frames = []
    for name in windows:
        end = ends[name]
        if postings.filter(pl.col("posted_date") <= end).height == 0:
            continue
        frames.append(  # the bootstrap only for the band the app shows
            out_pay_bands(
                postings, end=end, intervals=name == PUBLISHED_WINDOW, **kwargs
            ).with_columns(pl.lit(name).alias("window"))
        )
    return pl.concat(frames, how="vertical_relaxed")
