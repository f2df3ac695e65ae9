"""Tests for the normalizers' HTML -> text (analytics.normalize.text): markup's PLAIN style
(the style itself is tested in tests/markup)."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_series_equal

import markup
from analytics.normalize import text


def test_normalizers_read_html_in_the_plain_style() -> None:
    rows = ["<h2>About</h2><ul><li>PyTorch</li><li>SQL</li></ul>", "R&amp;D", "", None]
    frame = pl.DataFrame({"html": rows}, schema={"html": pl.String})
    column = frame.select(text.html_to_text(pl.col("html")))["html"]
    assert column.to_list() == ["About\nPyTorch\nSQL", "R&D", "", None]
    assert_series_equal(
        column, frame.select(markup.html_to_text(pl.col("html"), markup.PLAIN))["html"]
    )
