"""Number formats of the shared UI pieces: short money amounts for metric tiles."""

from __future__ import annotations

import pytest

from dashboard.components import format_money_range_short, format_money_short


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (270_660, "USD", "$271k"),
        (349_000, "USD", "$349k"),
        (999_999, "USD", "$1M"),
        (2_450_000, "INR", "₹2.5M"),
        (950, "USD", "$950"),
        (85_400, "EUR", "€85k"),
        (123_456, "XYZ", "123k XYZ"),
        (None, "USD", "—"),
    ],
)
def test_short_money_for_metric_tiles(amount: float | None, currency: str, expected: str) -> None:
    assert format_money_short(amount, currency) == expected


def test_a_short_range_names_a_symbol_less_currency_once() -> None:
    assert format_money_range_short(270_660, 349_000, "USD") == "$271k–$349k"
    assert format_money_range_short(270_660, 349_000, "XYZ") == "271k–349k XYZ"
    assert format_money_range_short(2_000_000, 3_250_000, "INR") == "₹2M–₹3.2M"


def test_every_chart_is_drawn_without_the_plotly_toolbar() -> None:
    """The toolbar covered titles and legends at the first tap on a phone; the coverage and
    premiums pages still drew it (found at 390 px in chromium)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "dashboard"
    missing = []
    for module in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "plotly_chart"
                and not any(keyword.arg == "config" for keyword in node.keywords)
            ):
                missing.append(f"{module.relative_to(root)}:{node.lineno}")
    assert missing == []


def test_countries_are_named_in_text_and_keep_their_code_in_the_picker() -> None:
    """The filter summary and captions read "All roles · IL" (real captures: "IN", "CH")."""
    from dashboard.components import country_label, country_name

    assert country_name("IN") == "India (IN)"
    assert country_name("KR") == "South Korea (KR)"
    assert country_name("all") == "All countries"
    assert country_name("XX") == "XX"  # not a country: as it is
    assert country_label("IN") == "IN"  # the picker and the links keep the code


def test_a_posting_without_a_usable_link_shows_an_empty_cell() -> None:
    """A null link drew "None" in the Link column (25 of the 579 postings behind the sample's
    ML engineer · Senior · United States band, and in the trend drill-down)."""
    import polars as pl

    from dashboard.components import safe_url

    urls = pl.DataFrame({"url": ["https://example.org/1", None, "javascript:alert(1)", "http://a"]})
    links = urls.select(safe_url(pl.col("url")).alias("Link"))["Link"].to_list()
    assert links == ["https://example.org/1", "", "", "http://a"]


def test_a_link_names_a_place_by_its_name_alone() -> None:
    """`/pay-bands?place=Massachusetts` said "This snapshot has no pay data for
    Massachusetts" on the real captures, which hold "Massachusetts, US (state)"; a name two
    options share is not guessed."""
    from dashboard.components import option_named

    labels = {
        "US-MA": "Massachusetts, US (state)",
        "US-NY": "New York, US (state)",
        "0035620": "New York-Newark-Jersey City, NY-NJ (metro)",
        "0014500": "Boulder, CO (metro)",
        "US:Boulder": "Boulder, CO (city)",
        "US": "United States (country)",
    }
    choices = list(labels)
    named = lambda text: option_named(text, choices, labels.__getitem__)  # noqa: E731
    assert named("Massachusetts") == "US-MA"
    assert named("massachusetts, us") == "US-MA"
    assert named("New York") == "US-NY"
    assert named("Boulder") is None  # a metro and a city: not guessed
    assert named("United States") == "US"
    assert named("Texas") is None
