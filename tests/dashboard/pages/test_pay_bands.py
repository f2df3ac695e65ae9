"""Pay bands page: a cell's band with n and companies, rolled-up and suppressed cells, the
offer check and the URL-bound cell.

Expected numbers come from the frames the snapshot was written from
(tests/fixtures/snapshot) or from the read API's tested functions, never from the page.
"""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.pages.apptest import (
    metric_values,
    open_page,
    plotly_data,
    ran,
    texts,
)
from tests.fixtures.snapshot.contract import set_thresholds
from tests.fixtures.snapshot.marts import SF_METRO
from tests.fixtures.snapshot.publish import (
    SyntheticSnapshot,
)


def choose_cell(app: AppTest, role_family: str, seniority: str, place_id: str) -> AppTest:
    app.selectbox(key="pay_role").set_value(role_family)
    ran(app)
    app.selectbox(key="level").set_value(seniority)
    ran(app)
    app.selectbox(key="place").set_value(place_id)
    return ran(app)


def test_pay_band_shows_band_n_and_companies(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "mid", "IN")
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "IN").row(0, named=True)
    metrics = metric_values(app)
    assert metrics["Median (P50), INR"] == f"₹{cell['p50']:,.0f}"
    assert metrics["Median in USD"] == f"${cell['p50_usd']:,.0f}"
    assert metrics["Postings (n)"] == f"{cell['n_postings']:,}"
    assert metrics["Companies"] == f"{cell['n_companies']:,}"
    table = app.dataframe[0].value
    assert table["INR per year"].tolist() == [cell[c] for c in ("p10", "p25", "p50", "p75", "p90")]
    assert "USD per year" in table.columns
    assert app.get("download_button")


def test_rolled_up_cell_names_the_level_shown(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", SF_METRO)
    cell = snapshot.pay_bands.filter(pl.col("place_id") == SF_METRO).row(0, named=True)
    notes = " ".join(texts(app.info))
    assert "Not enough postings in San Francisco-Oakland-Hayward, CA" in notes
    assert f"({cell['n_postings']} postings from {cell['n_companies']} companies" in notes
    assert "showing state data" in notes
    assert metric_values(app)["Postings (n)"] == f"{cell['n_postings']:,}"


def test_suppressed_cell_is_explained(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    warning = " ".join(texts(app.warning))
    assert "Suppressed" in warning and "4 postings from 2 companies" in warning
    assert not app.number_input


def test_offer_check_follows_the_number_input(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "US")
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US").row(0, named=True)
    assert any("is at the 50th percentile" in text for text in texts(app.success))
    app.number_input[0].set_value(cell["p75"])
    ran(app)
    assert any(f"${cell['p75']:,.0f} is at the 75th percentile" in t for t in texts(app.success))
    app.number_input[0].set_value(cell["p10"] - 1000)
    ran(app)
    assert any("is below the 10th percentile" in text for text in texts(app.warning))
    offer = [trace for trace in plotly_data(app) if trace.get("name") == "Your offer"]
    assert offer[0]["x"] == [cell["p10"] - 1000]


def test_pay_filters_start_from_url_query_parameters(snapshot: SyntheticSnapshot) -> None:
    app = open_page(
        "Pay bands", {"pay_role": "ML engineer", "level": "Senior", "place": "California (state)"}
    )
    assert app.selectbox(key="place").value == "US-CA"
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US-CA").row(0, named=True)
    assert metric_values(app)["Postings (n)"] == f"{cell['n_postings']:,}"


def test_suppression_text_follows_the_contracts_thresholds(
    snapshot: SyntheticSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    assert "at least 20 postings from 5 companies" in " ".join(texts(app.warning))
    set_thresholds(monkeypatch, "out_pay_bands", min_postings=25, min_companies=7)
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    assert "at least 25 postings from 7 companies" in " ".join(texts(app.warning))
