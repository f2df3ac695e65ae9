"""Plain text from posting HTML for the normalizers: the one HTML-to-text implementation
(`markup.html_text`) in its PLAIN style. Script/style blocks and comments go, block-level tags
become line breaks, entities are decoded once, whitespace collapses (no blank lines, no list
markers); null stays null.

May import: polars and `markup`.
"""

from __future__ import annotations

import polars as pl

import markup
from analytics.normalize.inputs import HTML_CHARS, capped_expr


def html_to_text(col: pl.Expr) -> pl.Expr:
    """Plain text from an HTML string column (null stays null), as the normalizers read it."""
    return markup.html_to_text(capped_expr(col, HTML_CHARS), markup.PLAIN)
