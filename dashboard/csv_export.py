"""CSV downloads that are safe to open in a spreadsheet: a text cell starting with `=`, `+`,
`-`, `@`, a tab or a carriage return is prefixed with `'` so Excel, LibreOffice or Sheets show
it as text instead of running it as a formula (OWASP "CSV injection"), and a link column (`url`,
`*_url`) keeps only http(s) links, as the pages do. Numbers stay numbers.

May import: polars.
"""

from __future__ import annotations

import polars as pl

FORMULA_START = r"^[=+\-@\t\r]"


def _is_link(name: str) -> bool:
    return name == "url" or name.endswith("_url")


def spreadsheet_safe(frame: pl.DataFrame) -> pl.DataFrame:
    """`frame` with its text cells escaped and its non-http(s) links dropped (vectorized)."""
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    links = [name for name in text if _is_link(name)]
    link_rule = [
        pl.when(pl.col(name).str.contains(r"(?i)^https?://")).then(pl.col(name)).alias(name)
        for name in links
    ]
    formula_rule = [
        pl.when(pl.col(name).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text
    ]
    return frame.with_columns(link_rule).with_columns(formula_rule)


def spreadsheet_safe_csv(frame: pl.DataFrame) -> str:
    """The CSV text of `spreadsheet_safe(frame)`."""
    return spreadsheet_safe(frame).write_csv()
