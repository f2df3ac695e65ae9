"""Benchmark of `parse_salaries`: `python -m analytics.normalize.salary_bench [n_rows]` parses
n synthetic pay strings (nearly all distinct, then repeating) and prints rows/s.

May import: the standard library, polars, `analytics.normalize.salary`.
"""

from __future__ import annotations

import sys
import time

import polars as pl

from analytics.normalize.salary import parse_salaries

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
