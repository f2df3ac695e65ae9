"""The figures' shared style (dashboard.charts.style)."""

from __future__ import annotations

from dashboard import charts


def test_translucent_keeps_the_colour() -> None:
    assert charts.translucent("#0072B2", 0.5) == "rgba(0,114,178,0.5)"
