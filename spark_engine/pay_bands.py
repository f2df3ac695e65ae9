"""`out_pay_bands`' cells on Spark (`analytics.marts.pay_bands.CellMaker`): exact sufficient
statistics computed on Spark, the band finished on the driver by the local code
(`pay_bands_from_cells`), nothing posting-level collected.

Per window:
1. the paid postings (`paid_postings`, the local code on each Arrow batch, `mapInArrow`),
   counted per country × currency and collected; the driver picks each country's main currency
   (`main_currencies`);
2. each posting in each of its places (`band_place_rows`, the local code on each batch, the
   main currencies sent with it), kept on the executors;
3. per cell (one job, collected): postings, companies (a null name counts as one, as Polars'
   `n_unique`), currency, parent place (the most common, ties to the first id), and per band:
   postings, companies, recent share, the values it has per range;
4. percentiles: each band posting as its points over [min, max] (the offsets of
   `analytics.marts.pay_bands._quantiles`; for the bootstrap grid of an own band, those of
   `analytics.marts.pay_band_intervals.cell_grid`), ranked per cell on Spark, each beside the
   next; at each quantile's lower rank (sent by the driver with its weight:
   `analytics.marts.pay_band_quantiles.polars_weights`, `numpy_weights`) Spark interpolates
   with the local functions on its columns (`polars_lerp`, `numpy_lerp`: the same IEEE
   operations, so the same bits); collected: 10 percentiles per band and the grid of an own
   band (at most 129 values);
5. the bootstrap of own bands: the grids (at most 129 values per cell) broadcast; the band's
   postings moved to their (cell, company) and, per company, their count and the sum of their
   CDFs at each grid point (`posting_cdfs`, the local code) collected: cells × companies × grid
   values, not postings; the driver draws the replicates (`bounds_from_company_sums`, the same
   seed per cell as locally).
The CDF sums add the same terms in another order than the local engine (floats, ~1e-16
relative); the percentiles, counts and grids are exact.

Shuffles: the cell counts (two group-bys), the ranking of the points (a window per cell and
measure; 11 points per posting and place), the bootstrap's postings moved to their company.

May import: numpy, polars, pyarrow, pyspark, `analytics.marts` (pay bands, pay-band intervals,
pay-band quantiles), `spark_engine.arrow_types`, `spark_engine.collect`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date

import numpy as np
import polars as pl
import pyarrow as pa
from pyspark import StorageLevel
from pyspark.broadcast import Broadcast
from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from analytics.marts.pay_band_intervals import (
    GRID_QUANTILES,
    INTERVAL_COLUMNS,
    REPLICATES,
    SPREAD,
    bounds_from_company_sums,
    cell_rng,
    posting_cdfs,
)
from analytics.marts.pay_band_quantiles import (
    numpy_lerp,
    numpy_weights,
    polars_lerp,
    polars_weights,
)
from analytics.marts.pay_bands import (
    KEYS,
    OWN_BAND,
    PAID_SCHEMA,
    PLACE_ROW_SCHEMA,
    POINTS,
    QUANTILES,
    USD_QUANTILES,
    CellMaker,
    band_place_rows,
    cells_from_statistics,
    main_currencies,
    paid_postings,
    recent_from,
    with_bounds,
)
from spark_engine.arrow_types import (
    Schema,
    arrow_table,
    mapped_in_arrow,
    restored,
    spark_schema,
)
from spark_engine.collect import collected, collected_together

OFFSETS = [k / (POINTS - 1) for k in range(POINTS)]  # a range's points, as `_quantiles`
LOCAL, USD, GRID = 0, 1, 2  # the measures ranked: band currency, USD, the bootstrap grid
KEY_SCHEMA: Schema = {key: pl.String() for key in KEYS}
COUNTS_SCHEMA: Schema = {
    **KEY_SCHEMA,
    "n_postings": pl.Int64(),
    "n_companies": pl.Int64(),
    "currency": pl.String(),
    "_parent_id": pl.String(),
}
BAND_COUNTS_SCHEMA: Schema = {
    **KEY_SCHEMA,
    "band_n_postings": pl.Int64(),
    "band_n_companies": pl.Int64(),
    "recent_share": pl.Float64(),
    "_valid_local": pl.Int64(),  # postings with both ends of their range (Polars skips nulls)
    "_valid_usd": pl.Int64(),
}
WANTED_SCHEMA: Schema = {  # a quantile's lower rank and weight, sent by the driver
    "_cell": pl.Int64(),
    "_measure": pl.Int64(),
    "_q": pl.Int64(),
    "_rank": pl.Int64(),
    "_weight": pl.Float64(),
}
VALUES_SCHEMA: Schema = {  # a quantile, collected
    "_cell": pl.Int64(),
    "_measure": pl.Int64(),
    "_q": pl.Int64(),
    "_value": pl.Float64(),
}
SUMS_SCHEMA: Schema = {
    "_cell": pl.Int64(),
    "company": pl.String(),
    "_n": pl.Int64(),
    "_sums": pl.List(pl.Float64()),
}


def _n_unique(column: str) -> Column:
    """Polars' n_unique: the distinct values, a null one of them."""
    return F.countDistinct(column) + F.max(F.col(column).isNull().cast("long"))


def _valid(low: str, high: str) -> Column:
    return F.sum((F.col(low).isNotNull() & F.col(high).isNotNull()).cast("long"))


def pay_band_cells_on_spark(postings: DataFrame, report: dict[str, int | float]) -> CellMaker:
    """The cells of `out_pay_bands` for a window, made on Spark from the core postings; what
    each window collected and the seconds are added up in `report`."""
    columns = [c for c in (*PAID_SCHEMA, "pay_kind") if c in postings.columns]

    def cells(start: date, last: date, intervals: bool) -> pl.DataFrame:
        clock = time.perf_counter()
        paid = mapped_in_arrow(
            postings.select(columns), lambda batch: paid_postings(batch, start, last), PAID_SCHEMA
        ).persist(StorageLevel.MEMORY_AND_DISK)  # read again for the place rows
        currency_counts = collected(
            paid.groupBy("country", "currency").agg(F.count(F.lit(1)).alias("len"))
        )
        main = main_currencies(currency_counts)
        rows = mapped_in_arrow(paid, lambda batch: band_place_rows(batch, main), PLACE_ROW_SCHEMA)
        rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            counts, band_counts = _cell_counts(rows, last)
            bands = _bands(counts, band_counts)
            values = _quantile_values(rows, bands)
            quantiles, grids = _percentiles(bands, values)
            sums = _company_sums(rows, bands, grids) if intervals else None
        finally:
            rows.unpersist()
            paid.unpersist()
        spark_s = time.perf_counter() - clock
        bounds = _bounds(bands, grids, sums) if sums is not None else None
        made = with_bounds(
            cells_from_statistics(
                counts, band_counts.drop("_valid_local", "_valid_usd"), quantiles
            ),
            bounds,
        )
        _add(
            report,
            currency_counts=currency_counts.height,
            cells=counts.height + band_counts.height,
            quantiles=values.height,
            company_sums=0 if sums is None else sums.height,
        )
        _add(
            report,
            place_rows=int(counts["n_postings"].sum()),
            windows=1,
            spark_s=spark_s,
            driver_s=time.perf_counter() - clock - spark_s,
        )
        return made

    return cells


def _add(report: dict[str, int | float], **values: float) -> None:
    """Adds each value to the report's (seconds rounded); rows collected also to their total."""
    for name, value in values.items():
        total = report.get(name, 0) + value
        report[name] = round(total, 3) if name.endswith("_s") else int(total)
        if name in ("currency_counts", "cells", "quantiles", "company_sums"):
            report["collected_rows"] = int(report.get("collected_rows", 0) + value)


def _cell_counts(rows: DataFrame, last: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per cell its counts, and per band (the rows in the band's currency) its own: one job."""
    counts = rows.groupBy(*KEYS).agg(
        F.count(F.lit(1)).alias("n_postings"),
        _n_unique("company").alias("n_companies"),
        # constant within a cell: its country's main currency, USD at level all
        F.min("band_currency").alias("currency"),
        # the most common parent, ties to the first id; nulls ignored
        F.mode("_parent_id", deterministic=True).alias("_parent_id"),
    )
    recent = (F.col("posted_date") >= F.lit(recent_from(last))).cast("double")
    band_counts = (
        rows.filter(F.col("_in_band"))
        .groupBy(*KEYS)
        .agg(
            F.count(F.lit(1)).alias("band_n_postings"),
            _n_unique("company").alias("band_n_companies"),
            F.avg(recent).alias("recent_share"),
            _valid("_lo", "_hi").alias("_valid_local"),
            _valid("pay_min_annual_usd", "pay_max_annual_usd").alias("_valid_usd"),
        )
    )
    together = collected_together({"counts": counts, "band_counts": band_counts})
    return (
        together["counts"].select([pl.col(c).cast(t) for c, t in COUNTS_SCHEMA.items()]),
        together["band_counts"].select([pl.col(c).cast(t) for c, t in BAND_COUNTS_SCHEMA.items()]),
    )


def _bands(counts: pl.DataFrame, band_counts: pl.DataFrame) -> pl.DataFrame:
    """The bands whose percentiles the local engine keeps (its joins drop a null key), coded
    (`_cell`), with `_own` and the points per measure (`_n_local`, `_n_usd`, `_n_grid`)."""
    return (
        band_counts.join(counts.select(KEYS), on=KEYS, how="semi")
        .with_columns(
            OWN_BAND.alias("_own"),
            (POINTS * pl.col("_valid_local")).alias("_n_local"),
            (POINTS * pl.col("_valid_usd")).alias("_n_usd"),
            (POINTS * pl.col("band_n_postings")).alias("_n_grid"),
        )
        .with_row_index("_cell")
        .with_columns(pl.col("_cell").cast(pl.Int64))
    )


def _measures(own: bool) -> list[tuple[int, str, np.ndarray]]:
    """(measure, its points' column in `_bands`, the quantiles read of it)."""
    found = [
        (LOCAL, "_n_local", np.array(list(QUANTILES.values()))),
        (USD, "_n_usd", np.array(list(USD_QUANTILES.values()))),
    ]
    return [*found, (GRID, "_n_grid", GRID_QUANTILES)] if own else found


def _quantile_values(rows: DataFrame, bands: pl.DataFrame) -> pl.DataFrame:
    """Each band's quantiles per measure (`_q`: their index), made on Spark: its points ranked
    per cell and measure, each beside the next one (`lead`); at the lower rank of each quantile
    (`polars_weights`, `numpy_weights`: sent by the driver with its weight) the value
    interpolated by the local functions (`polars_lerp`; `numpy_lerp` for the grid)."""
    wanted = []
    for band in bands.iter_rows(named=True):
        for measure, column, quantiles in _measures(band["_own"]):
            if n := band[column]:
                weights = numpy_weights if measure == GRID else polars_weights
                rank, weight = weights(n, quantiles)
                wanted.append(
                    pl.DataFrame(
                        {
                            "_cell": band["_cell"],
                            "_measure": measure,
                            "_q": np.arange(quantiles.size),
                            "_rank": rank,
                            "_weight": weight,
                        }
                    )
                )
    if not wanted:
        return pl.DataFrame(schema=VALUES_SCHEMA)
    needed = pl.concat(wanted).select([pl.col(c).cast(t) for c, t in WANTED_SCHEMA.items()])
    spark = rows.sparkSession
    codes = F.broadcast(
        spark.createDataFrame(
            arrow_table(
                bands.select(*KEYS, "_cell", "_own"),
                {**KEY_SCHEMA, "_cell": pl.Int64(), "_own": pl.Boolean()},
            )
        )
    )
    coded = rows.filter(F.col("_in_band")).join(codes, on=KEYS)

    def points(measure: int, low: str, high: Column, offsets: list[float]) -> DataFrame:
        return coded.select(
            "_cell",
            F.lit(measure).cast("long").alias("_measure"),
            F.col(low).alias("_low"),
            high.alias("_high"),
            F.explode(F.array(*[F.lit(float(o)) for o in offsets])).alias("_k"),
        ).select(
            "_cell",
            "_measure",
            (F.col("_low") + (F.col("_high") - F.col("_low")) * F.col("_k")).alias("_value"),
        )

    grid_points = points(GRID, "_lo", F.greatest(F.col("_hi"), F.col("_lo")), SPREAD.tolist()).join(
        codes.filter(F.col("_own")).select("_cell"), on="_cell", how="left_semi"
    )
    order = Window.partitionBy("_cell", "_measure").orderBy("_value")
    ranked = (
        points(LOCAL, "_lo", F.col("_hi"), OFFSETS)
        .unionByName(points(USD, "pay_min_annual_usd", F.col("pay_max_annual_usd"), OFFSETS))
        .unionByName(grid_points)
        .filter(F.col("_value").isNotNull())
        .select(
            "_cell",
            "_measure",
            (F.row_number().over(order) - 1).alias("_rank"),
            F.col("_value").alias("_a"),
            # the upper value: the next rank's, the last rank's own
            F.coalesce(F.lead("_value").over(order), F.col("_value")).alias("_b"),
        )
    )
    ranks = F.broadcast(spark.createDataFrame(arrow_table(needed, WANTED_SCHEMA)))
    a, b, weight = F.col("_a"), F.col("_b"), F.col("_weight")
    found = ranked.join(ranks, on=["_cell", "_measure", "_rank"]).select(
        "_cell",
        "_measure",
        "_q",
        F.when(F.col("_measure") == GRID, numpy_lerp(a, b, weight, _where))
        .otherwise(polars_lerp(a, b, weight))
        .alias("_value"),
    )
    return restored(found.toArrow(), VALUES_SCHEMA).select(list(VALUES_SCHEMA))


def _where(condition: Column, yes: Column, no: Column) -> Column:
    return F.when(condition, yes).otherwise(no)


def _percentiles(
    bands: pl.DataFrame, values: pl.DataFrame
) -> tuple[pl.DataFrame, dict[int, np.ndarray]]:
    """The bands' percentiles (KEYS, QUANTILES, USD_QUANTILES) and each own band's bootstrap
    grid (by cell code: its distinct quantiles, as `cell_grid`)."""
    found = {
        (cell, measure): group["_value"].to_numpy()
        for (cell, measure), group in values.sort("_cell", "_measure", "_q").group_by(
            "_cell", "_measure", maintain_order=True
        )
    }
    names = [*QUANTILES, *USD_QUANTILES]
    made: dict[str, list[float | None]] = {name: [] for name in names}
    grids: dict[int, np.ndarray] = {}
    for band in bands.iter_rows(named=True):
        cell = band["_cell"]
        for measure, column, quantiles in _measures(band["_own"]):
            if measure == GRID:
                grids[cell] = np.unique(found[(cell, GRID)])
                continue
            at = found[(cell, measure)].tolist() if band[column] else [None] * quantiles.size
            for name, value in zip(
                QUANTILES if measure == LOCAL else USD_QUANTILES, at, strict=True
            ):
                made[name].append(value)
    quantiles_frame = bands.select(KEYS).with_columns(
        pl.Series(name, made[name], dtype=pl.Float64) for name in names
    )
    return quantiles_frame, grids


def _company_sums(
    rows: DataFrame, bands: pl.DataFrame, grids: dict[int, np.ndarray]
) -> pl.DataFrame:
    """Per own band and company (a null name as ""): its postings and the sum of their CDFs
    at each point of the band's grid. The grids are broadcast; each (cell, company)'s postings
    are moved to one partition and summed there, batch by batch."""
    if not grids:
        return pl.DataFrame(schema=SUMS_SCHEMA)
    spark = rows.sparkSession
    own = bands.filter("_own").select(*KEYS, "_cell")
    codes = F.broadcast(
        spark.createDataFrame(arrow_table(own, {**KEY_SCHEMA, "_cell": pl.Int64()}))
    )
    shared = spark.sparkContext.broadcast(grids)
    postings = (
        rows.filter(F.col("_in_band"))
        .join(codes, on=KEYS)
        .select("_cell", F.coalesce(F.col("company"), F.lit("")).alias("company"), "_lo", "_hi")
        .repartition("_cell", "company")
    )
    sums = postings.mapInArrow(_summed(shared), spark_schema(SUMS_SCHEMA))
    return restored(sums.toArrow(), SUMS_SCHEMA).select(list(SUMS_SCHEMA))


def _summed(
    grids: Broadcast[dict[int, np.ndarray]],
) -> Callable[[Iterator[pa.RecordBatch]], Iterator[pa.RecordBatch]]:
    def run(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        totals: dict[tuple[int, str], np.ndarray] = {}
        counts: dict[tuple[int, str], int] = {}
        for batch in batches:
            frame = pl.from_arrow(batch)
            assert isinstance(frame, pl.DataFrame)
            frame = frame.sort("_cell", "company", maintain_order=True)
            cell = frame["_cell"].to_numpy()
            company = frame["company"].to_list()
            low = frame["_lo"].to_numpy().astype(np.float64)
            high = np.maximum(frame["_hi"].to_numpy().astype(np.float64), low)
            keys = list(zip(cell.tolist(), company, strict=True))
            starts = [i for i in range(len(keys)) if i == 0 or keys[i] != keys[i - 1]]
            for start, end in zip(starts, [*starts[1:], len(keys)], strict=True):
                key = keys[start]
                cdf = posting_cdfs(low[start:end], high[start:end], grids.value[key[0]])
                summed = cdf.sum(axis=0)
                totals[key] = totals[key] + summed if key in totals else summed
                counts[key] = counts.get(key, 0) + end - start
        out = pl.DataFrame(
            {
                "_cell": [key[0] for key in totals],
                "company": [key[1] for key in totals],
                "_n": [counts[key] for key in totals],
                "_sums": [total.tolist() for total in totals.values()],
            },
            schema=SUMS_SCHEMA,
        )
        yield from arrow_table(out, SUMS_SCHEMA).to_batches()

    return run


def _bounds(bands: pl.DataFrame, grids: dict[int, np.ndarray], sums: pl.DataFrame) -> pl.DataFrame:
    """The own bands' bootstrap bounds (KEYS, INTERVAL_COLUMNS) from their company sums: the
    local engine's draws (its seed per cell, companies in the order of their names)."""
    own = bands.filter("_own").select(*KEYS, "_cell")
    by_cell = {
        cell: group
        for (cell,), group in sums.sort("_cell", "company").group_by("_cell", maintain_order=True)
    }
    bounds = np.empty((own.height, len(INTERVAL_COLUMNS)))
    for index, row in enumerate(own.iter_rows()):
        *key, cell = row
        group = by_cell[cell]
        per_company = np.array(group["_sums"].to_list(), dtype=np.float64)
        postings = group["_n"].to_numpy().astype(np.float64)
        bounds[index] = bounds_from_company_sums(
            per_company, postings, grids[cell], REPLICATES, cell_rng(key)
        )
    return own.drop("_cell").with_columns(
        pl.Series(name, bounds[:, i], dtype=pl.Float64) for i, name in enumerate(INTERVAL_COLUMNS)
    )
