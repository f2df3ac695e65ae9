"""Links from a cell without a band: the place's own country first; bands of other countries
only when it has none, said to be elsewhere, and without the typed offer."""

from __future__ import annotations

import polars as pl
import pytest

from dashboard import pay_band_without_band as without_band

PLACES = pl.DataFrame(
    {
        "place_level": ["all", "country", "country", "metro"],
        "place_id": ["all", "US", "GB", "GB:London"],
        "place_name": ["All places", "United States", "United Kingdom", "London, United Kingdom"],
        "country": [None, "US", "GB", "GB"],
    }
)
# as the read API orders them: same role, same level, then same country, by postings
NEAR = pl.DataFrame(
    {
        "role_family": ["software_engineer", "software_engineer"],
        "seniority": ["senior", "senior"],
        "place_level": ["all", "country"],
        "place_id": ["all", "US"],
        "place_name": ["All places", "United States"],
        "n_postings": [90, 73],
        "n_companies": [39, 31],
    }
)


class Page:
    """Stands in for streamlit: keeps what is written."""

    def __init__(self) -> None:
        self.written: list[str] = []

    def markdown(self, text: str) -> None:
        self.written.append(text)


@pytest.fixture
def page(monkeypatch: pytest.MonkeyPatch) -> Page:
    shown = Page()
    monkeypatch.setattr(without_band, "st", shown)
    monkeypatch.setattr(without_band.data, "pay_band_places", lambda build_id: PLACES)
    monkeypatch.setattr(without_band.data, "pay_band_alternatives", lambda *args, **kwargs: NEAR)
    return shown


def test_a_country_without_any_band_gets_bands_elsewhere_without_the_offer(page: Page) -> None:
    # the real captures: Software engineer · Senior · London offered "nearby" US bands, and
    # the £70,000 typed was carried to them (where a USD band refuses it)
    london = PLACES.row(3, named=True)
    labels = {"all": "All places", "US": "United States (country)"}
    without_band.show_alternatives("b", "software_engineer", "senior", london, labels, "£70,000")
    (text,) = page.written
    assert text.startswith("**No band of any nearby role or level in United Kingdom.")
    assert "not comparable with pay in United Kingdom" in text
    assert "Software engineer · Senior · United States" in text
    assert "offer=" not in text


def test_without_a_country_every_band_is_nearby_and_keeps_the_offer(page: Page) -> None:
    everywhere = PLACES.row(0, named=True)
    without_band.show_alternatives("b", "software_engineer", "senior", everywhere, {}, "185k")
    (text,) = page.written
    assert text.startswith("**Bands with enough data nearby:**")
    assert text.count("offer=185k") == 2
