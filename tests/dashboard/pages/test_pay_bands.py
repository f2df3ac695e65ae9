"""Pay bands page: the band with its n, interval and confidence, rolled-up and suppressed
cells, the offer check, places abroad, the URL-bound cell, the postings behind a band and the
postings of a cell too thin for one.

The regression tests of issue #12 (bugs 1 to 5) run on a snapshot whose pay marts the build's
own code computed from crafted postings (tests/dashboard/pages/pay_snapshot.py); the rest on
the synthetic snapshot. Expected numbers come from those frames, never from the page.
"""

from __future__ import annotations

from pathlib import Path

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
from tests.dashboard.pages.pay_snapshot import (
    AUSTIN,
    SAN_FRANCISCO,
    THIN_CELL_TITLE,
    PaySnapshot,
    write_pay_snapshot,
)
from tests.fixtures.snapshot.contract import set_thresholds
from tests.fixtures.snapshot.publish import SyntheticSnapshot


@pytest.fixture
def pay(empty_home: Path) -> PaySnapshot:
    return write_pay_snapshot(empty_home)


def choose_cell(app: AppTest, role_family: str, seniority: str, place_id: str) -> AppTest:
    app.selectbox(key="pay_role").set_value(role_family)
    ran(app)
    app.selectbox(key="level").set_value(seniority)
    ran(app)
    app.selectbox(key="place").set_value(place_id)
    return ran(app)


def offer(app: AppTest, text: str) -> AppTest:
    app.text_input(key="offer").input(text)
    return ran(app)


def all_text(app: AppTest) -> str:
    parts = [*texts(app.subheader), *texts(app.warning), *texts(app.info), *texts(app.error)]
    parts += [*texts(app.success), *texts(app.caption), *texts(app.markdown)]
    return " ".join(parts)


def offer_traces(app: AppTest) -> list[dict]:
    if not app.get("plotly_chart"):
        return []
    return [trace for trace in plotly_data(app) if trace.get("name") == "Your offer"]


# --------------------------------------------------------------------------- issue #12 bugs


def test_bug1_a_thin_country_never_shows_another_countrys_band(pay: PaySnapshot) -> None:
    """Bug 1: `/pay-bands?pay_role=Data+scientist&place=IN+%28country%29`, level Senior, drew
    a ≈$240k USD median borrowed from the US-dominated all-places cell."""
    for place in ("IN (country)", "India (country)"):  # the link and today's label
        app = open_page(
            "Pay bands", {"pay_role": "Data scientist", "level": "Senior", "place": place}
        )
        assert texts(app.subheader) == ["Data scientist · Senior · India"]
        assert app.query_params["place"] == place  # the link keeps what it asked for
        assert not app.get("plotly_chart") and not app.metric
        warning = " ".join(texts(app.warning))
        assert "Not enough data in India" in warning
        assert "$" not in all_text(app)
    all_places = pay.cell("data_scientist", "senior", "all")
    assert all_places["p50"] is not None  # the band the old page borrowed still exists


def test_bug2_an_offer_below_p25_is_a_warning_in_words(pay: PaySnapshot) -> None:
    """Bug 2: Austin, offer $185,000 said "12th percentile" in green."""
    band = pay.cell("ml_engineer", "senior", AUSTIN)
    assert band["p10"] < 185_000 < band["p25"]  # the crafted band puts the offer there
    app = offer(choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN), "185000")
    assert not app.success
    verdict = " ".join(texts(app.warning))
    assert "$185,000 is at the" in verdict and "below the 25th percentile" in verdict
    assert offer_traces(app)[0]["marker"]["color"] == "#E69F00"  # the warning colour
    middle = offer(app, f"{band['p50']:.0f}")
    assert any("within the middle half" in text for text in texts(middle.info))
    high = offer(middle, f"{band['p90'] + 1000:.0f}")
    assert any("above the 90th percentile" in text for text in texts(high.success))


def test_bug3_the_n_shown_is_the_n_behind_the_band_drawn(pay: PaySnapshot) -> None:
    """Bug 3: Austin showed its own 18 postings while the band came from Texas's 28."""
    austin = pay.cell("ml_engineer", "senior", AUSTIN)
    texas = pay.cell("ml_engineer", "senior", "US-TX")
    assert (austin["n_postings"], texas["shown_n_postings"]) == (18, 28)
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN)
    heading = texts(app.subheader)[0]
    assert "band from Texas, US (state)" in heading
    assert "28 postings, 10 companies" in heading
    metrics = metric_values(app)
    assert metrics["Postings behind the band"] == "28"
    assert metrics["Companies"] == "10"
    assert "Austin" in heading and "itself has 18 paid postings" in all_text(app)


def test_bug4_a_missing_place_stays_in_the_link_and_is_named(pay: PaySnapshot) -> None:
    """Bug 4: `/pay-bands?level=Intern&place=SG+%28country%29` silently showed the US and
    dropped the place from the URL."""
    app = open_page("Pay bands", {"level": "Intern", "place": "SG (country)"})
    assert app.query_params["place"] == "SG (country)"
    assert app.query_params["level"] == "Intern"
    assert not app.get("plotly_chart") and not app.metric
    text = all_text(app)
    assert "no pay data for Intern, SG (country)" in text
    assert "United States" not in " ".join(texts(app.subheader))  # nothing else is shown
    assert "Bands with enough data nearby" in text  # but where to look is


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("185k", 185_000), ("185,000", 185_000), ("$185,000", 185_000), ("0.185M", 185_000)],
)
def test_bug5_offers_are_read_as_people_type_them(
    pay: PaySnapshot, typed: str, amount: int
) -> None:
    """Bug 5: "185k" became $185."""
    app = offer(choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN), typed)
    assert offer_traces(app)[0]["x"] == [amount]
    assert any(f"${amount:,} is" in text for text in texts(app.warning) + texts(app.info))


def test_bug5_lakh_per_annum_on_an_indian_band(pay: PaySnapshot) -> None:
    app = offer(choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "IN"), "₹32 LPA")
    assert offer_traces(app)[0]["x"] == [3_200_000]
    assert "₹3,200,000 is" in all_text(app)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("0", "zero"),
        ("-5", "negative"),
        ("1e12", "not a plausible annual offer"),
        ("185", "not a plausible annual offer"),
        ("abc", "no amount"),
        ("150k-200k", "more than one amount"),
    ],
)
def test_bug5_a_refused_offer_gives_no_verdict(pay: PaySnapshot, typed: str, reason: str) -> None:
    """Bug 5: 0 or −5 turned the field red but kept the old amount's verdict; 1e12 stretched
    the axis to a trillion."""
    app = offer(choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN), "185k")
    assert offer_traces(app)
    app = offer(app, typed)
    errors = " ".join(texts(app.error))
    assert "No verdict" in errors and reason in errors
    assert not offer_traces(app)  # no marker, so the axis keeps the band's scale
    assert not any(" is at the " in t or "percentile (P" in t for t in texts(app.warning))
    assert not app.success and not app.info


# --------------------------------------------------------------------------- recruiter features


def test_cities_abroad_show_local_currency_with_usd_beside(pay: PaySnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "IN:Bengaluru")
    band = pay.cell("ml_engineer", "senior", "IN:Bengaluru")
    metrics = metric_values(app)
    assert metrics["Median (P50), INR"] == f"₹{band['p50']:,.0f}"
    assert metrics["Median in USD"] == f"${band['p50_usd']:,.0f}"
    table = app.dataframe[0].value
    assert table["INR per year"].tolist() == [
        round(band[c]) for c in ("p10", "p25", "p50", "p75", "p90")
    ]
    assert table["95% low"].tolist() == [
        round(band[f"{c}_lo"]) for c in ("p10", "p25", "p50", "p75", "p90")
    ]
    assert "USD per year" in table.columns
    pune = choose_cell(app, "ml_engineer", "senior", "IN:Pune")
    assert "band from India (country)" in texts(pune.subheader)[0]


def test_the_band_shows_its_confidence_and_interval(pay: PaySnapshot) -> None:
    band = pay.cell("ml_engineer", "senior", "US")
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "US")
    confidence = {"high": "High confidence", "medium": "Medium confidence", "low": "Low"}
    assert confidence[band["confidence"]] in all_text(app)
    ticks = next(t for t in plotly_data(app) if t.get("name", "").startswith("Percentiles"))
    assert ticks["error_x"]["array"][2] == pytest.approx(band["p50_hi"] - band["p50"])


def test_the_companies_and_postings_behind_the_band_are_listed(pay: PaySnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN)
    companies = next(f.value for f in app.dataframe if "Company" in f.value.columns)
    assert companies["Postings"].sum() == 28  # Texas's band: Austin's and Dallas's postings
    assert len(companies) == 10
    postings = next(f.value for f in app.dataframe if "Link" in f.value.columns)
    assert len(postings) == 28
    assert postings["Link"].str.startswith("https://").all()


def thin_cell_frame(app: AppTest) -> pl.DataFrame:
    return pl.from_pandas(next(f.value for f in app.dataframe if "Link" in f.value.columns))


def test_a_thin_cell_lists_its_postings_one_by_one_and_no_percentile(pay: PaySnapshot) -> None:
    """Issue #12, tried on the real captures: ML engineer · Senior · San Francisco (3 paid
    postings from 3 companies) said "not enough data" and listed none of its postings."""
    cell = pay.cell("ml_engineer", "staff", SAN_FRANCISCO)
    assert cell["is_suppressed"] is True
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "staff", SAN_FRANCISCO)
    app = offer(app, "250k")
    assert "Not enough data in United States" in " ".join(texts(app.warning))
    assert (
        f"**{cell['n_postings']} postings from {cell['n_companies']} companies — too few for a "
        "band; here they are**"
    ) in texts(app.markdown)
    postings = thin_cell_frame(app)
    crafted = pay.postings.filter(pl.col("seniority") == "staff")
    assert sorted(postings["Company"]) == sorted(crafted["company"])
    assert sorted(postings["Min per year"]) == sorted(crafted["pay_min_annual"].round(0))
    assert sorted(postings["Max per year"]) == sorted(crafted["pay_max_annual"].round(0))
    assert "Min per year (USD)" not in postings.columns  # all in USD: no second USD column
    # posting text is data in a table, never markdown or HTML; a non-http link is not a link
    assert THIN_CELL_TITLE in postings["Title"].to_list()
    assert not any("<b>" in text or "evil" in text for text in texts(app.markdown))
    assert (postings["Link"] == "").sum() == 1  # an empty cell, not "None"
    assert postings["Link"].filter(postings["Link"] != "").str.starts_with("https://").all()
    # individual postings, not a band: no chart, no tile, no percentile, no verdict
    assert not app.get("plotly_chart") and not app.metric and not app.success
    assert not any("Percentile" in frame.value.columns for frame in app.dataframe)
    assert "$" not in all_text(app)  # no amount summarized from the cell anywhere
    assert any("Your offer (250k) is not checked" in text for text in texts(app.info))


def test_a_thin_cell_abroad_lists_its_postings_in_their_currency_with_usd(
    pay: PaySnapshot,
) -> None:
    cell = pay.cell("data_scientist", "senior", "IN")
    app = open_page(
        "Pay bands", {"pay_role": "Data scientist", "level": "Senior", "place": "India (country)"}
    )
    assert f"**{cell['n_postings']} postings from {cell['n_companies']} companies" in " ".join(
        texts(app.markdown)
    )
    postings = thin_cell_frame(app)
    assert len(postings) == cell["n_postings"]
    assert set(postings["Currency"]) == {"INR"}
    crafted = pay.postings.filter(
        (pl.col("role_family") == "data_scientist") & (pl.col("country") == "IN")
    )
    assert sorted(postings["Min per year (USD)"]) == sorted(crafted["pay_min_annual_usd"].round(0))


def test_a_cell_with_a_band_does_not_list_thin_cell_postings(pay: PaySnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN)
    assert not any("too few for a band" in text for text in texts(app.markdown))
    assert app.get("plotly_chart")


def test_pickers_sit_at_the_top_of_the_page_not_in_the_sidebar(pay: PaySnapshot) -> None:
    app = open_page("Pay bands")
    sidebar_keys = {widget.key for widget in app.sidebar.selectbox}
    assert not {"pay_role", "level", "place"} & sidebar_keys
    assert {"pay_role", "level", "place"} <= {widget.key for widget in app.main.selectbox}


# --------------------------------------------------------------------------- synthetic snapshot


def test_pay_band_shows_band_n_and_companies(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "mid", "IN")
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "IN").row(0, named=True)
    metrics = metric_values(app)
    assert metrics["Median (P50), INR"] == f"₹{cell['p50']:,.0f}"
    assert metrics["Median in USD"] == f"${cell['p50_usd']:,.0f}"
    assert metrics["Postings behind the band"] == f"{cell['n_postings']:,}"
    assert metrics["Companies"] == f"{cell['n_companies']:,}"
    assert app.get("download_button")


def test_suppressed_cell_is_explained(snapshot: SyntheticSnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    warning = " ".join(texts(app.warning))
    assert "Not enough data" in warning and "4 paid postings from 2 companies" in warning
    assert not app.get("plotly_chart")


def test_pay_filters_start_from_url_query_parameters(snapshot: SyntheticSnapshot) -> None:
    app = open_page(
        "Pay bands", {"pay_role": "ML engineer", "level": "Senior", "place": "California (state)"}
    )
    assert app.selectbox(key="place").value == "US-CA"
    cell = snapshot.pay_bands.filter(pl.col("place_id") == "US-CA").row(0, named=True)
    assert metric_values(app)["Postings behind the band"] == f"{cell['n_postings']:,}"


def test_suppression_text_follows_the_contracts_thresholds(
    snapshot: SyntheticSnapshot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    assert "at least 20 postings from 5 companies" in " ".join(texts(app.warning))
    set_thresholds(monkeypatch, "out_pay_bands", min_postings=25, min_companies=7)
    app = choose_cell(open_page("Pay bands"), "data_scientist", "mid", "0035620")
    assert "at least 25 postings from 7 companies" in " ".join(texts(app.warning))


def test_an_empty_cell_links_to_bands_of_its_own_country_first(pay: PaySnapshot) -> None:
    """Tried on the sample: Data scientist · Senior in Bengaluru offered five US and
    all-places bands as "nearby", and a "₹32 LPA" carried to them was refused there."""
    app = open_page(
        "Pay bands", {"pay_role": "Data scientist", "level": "Senior", "place": "India (country)"}
    )
    nearby = next(text for text in texts(app.markdown) if "Bands with enough data" in text)
    assert nearby.startswith("**Bands with enough data in India:**")
    india = pay.cell("ml_engineer", "senior", "IN")
    assert (
        "[ML engineer · Senior · India](?pay_role=ML+engineer&level=Senior&place="
        "India+%28country%29)"
    ) in nearby
    assert f"{india['shown_n_postings']:,} postings, {india['shown_n_companies']:,} companies" in (
        nearby
    )
    assert "United States" not in nearby and "All places" not in nearby
    for line in nearby.splitlines()[1:]:
        assert "India" in line or "Karnataka" in line or "Bengaluru" in line, line


def test_a_usd_band_shows_its_middle_half_short_enough_for_its_tile(pay: PaySnapshot) -> None:
    """The tile read "$270,660–$3…" in a 1400 px window: thousands now, full amounts in the
    tooltip and the percentile table."""
    band = pay.cell("ml_engineer", "senior", "US")
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "US")
    middle = next(m for m in app.metric if m.label == "Middle half (P25–P75)")
    assert middle.value == f"${band['p25'] / 1000:.0f}k–${band['p75'] / 1000:.0f}k"
    assert len(middle.value) <= 13
    assert f"${band['p25']:,.0f} to ${band['p75']:,.0f}" in middle.proto.help
    # a USD band is not said to have "USD beside" it (an INR band is)
    assert not any("USD beside" in text for text in texts(app.caption))
    inr = choose_cell(app, "ml_engineer", "senior", "IN:Bengaluru")
    assert any("in INR, with USD beside them" in text for text in texts(inr.caption))


def test_a_cell_without_a_band_says_the_offer_is_unchecked_and_links_keep_it(
    pay: PaySnapshot,
) -> None:
    """Tried on the real captures: an ML engineer offer of 210k in San Francisco (3 postings)
    was silently ignored, and the nearby bands led with the catch-all "Other roles"."""
    app = open_page(
        "Pay bands",
        {"pay_role": "Data scientist", "level": "Senior", "place": "India (country)"},
    )
    app = offer(app, "210k")
    assert any("Your offer (210k) is not checked" in text for text in texts(app.info))
    assert not app.get("plotly_chart") and not app.metric
    links = " ".join(texts(app.markdown))
    assert "offer=210k" in links
    assert "ML engineer · Senior · India" in links
    # a role the snapshot has no band for: the same level's cells, the catch-all's last
    # although its US cells are among the biggest
    other = pay.cell("other", "senior", "US")
    assert other["n_postings"] > pay.cell("data_scientist", "senior", "US")["n_postings"]
    app = open_page(
        "Pay bands",
        {"pay_role": "AI engineer", "level": "Senior", "place": "United States (country)"},
    )
    links = " ".join(texts(app.markdown))
    assert "ML engineer · Senior · United States" in links
    assert "Other roles" not in links


def test_a_thin_metro_says_no_coarser_place_in_its_country_has_enough(empty_home: Path) -> None:
    write_pay_snapshot(empty_home)
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "IN:Pune")
    assert not any("no coarser place" in text for text in texts(app.warning))  # India has one
    app = choose_cell(open_page("Pay bands"), "data_scientist", "senior", "IN:Bengaluru")
    warning = " ".join(texts(app.warning))
    assert "Not enough data in India for Data scientist · Senior" in warning
    assert "no coarser place in India has enough either" in warning


def test_the_oews_area_is_named_not_coded() -> None:
    """Tried on the real captures: "BLS OEWS incumbent base pay ... in area 0000000"."""
    from dashboard.pages.pay_bands import oews_area_name

    places = pl.DataFrame(
        {
            "place_level": ["country", "metro"],
            "place_id": ["US", "0041860"],
            "place_name": ["United States", "San Francisco-Oakland-Fremont, CA"],
            "country": ["US", "US"],
        }
    )
    assert oews_area_name("0000000", places) == "the US as a whole"
    assert oews_area_name("0041860", places) == "San Francisco-Oakland-Fremont, CA"
    assert oews_area_name("0000006", places) == "OEWS area 0000006"


# --------------------------------------------------------------------------- beyond base pay


def test_beyond_base_is_shown_beside_the_band_and_never_in_it(pay: PaySnapshot) -> None:
    """Issue #12: equity, bonus and commission where the source gives them, beside base pay.
    Austin borrows the Texas band: its 28 postings list components (pay_snapshot.py)."""
    band = pay.cell("ml_engineer", "senior", AUSTIN)
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN)
    texas = pay.postings.filter(
        (pl.col("region") == "TX") & (pl.col("role_family") == "ml_engineer")
    )
    base = texas.filter(pl.col("pay_kind").is_null())
    given = base.filter(pl.col("bonus_min_annual").is_not_null())
    low, high = given["bonus_min_annual"].median(), given["bonus_max_annual"].median()
    text = " ".join(texts(app.markdown))
    assert (
        "**Beyond base pay** (not included in the band above): of these 28 postings, "
        "71% offer equity (n=20), 89% a bonus (n=25), 7% a commission (n=2)." in text
    )
    assert f"Median bonus where given: ${low:,.0f}–${high:,.0f} a year" in text
    assert "(n=20 postings from 10 companies)" in text
    assert "Amounts too rarely given for a median: equity percent (6 postings)." in text
    assert "2 more postings here advertise on-target earnings" in text
    # the band, its tiles and its n are base pay alone
    assert metric_values(app)["Median (P50), USD"] == f"${band['p50']:,.0f}"
    # each posting's components beside its base pay, which stays as advertised
    postings = pl.from_pandas(next(f.value for f in app.dataframe if "Link" in f.value.columns))
    assert "Beyond base (not in base)" in postings.columns
    joined = postings.join(
        base.select(
            "title", "pay_min_annual", "pay_max_annual", "bonus_min_annual", "offers_equity"
        ),
        left_on="Title",
        right_on="title",
    )
    assert len(joined) == 28
    assert (joined["Min (USD)"] == joined["pay_min_annual"].round(0)).all()
    assert (joined["Max (USD)"] == joined["pay_max_annual"].round(0)).all()
    with_bonus = joined.filter(pl.col("bonus_min_annual").is_not_null())
    assert with_bonus["Beyond base (not in base)"].str.contains("bonus $", literal=True).all()
    without_equity = joined.filter(~pl.col("offers_equity"))
    assert not without_equity["Beyond base (not in base)"].str.contains("equity").any()


def test_a_band_whose_sources_list_no_components_says_so(pay: PaySnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "US-CA")
    text = " ".join(texts(app.markdown))
    assert "none of the sources of these 40 postings lists equity, bonus or commission" in text
    postings = pl.from_pandas(next(f.value for f in app.dataframe if "Link" in f.value.columns))
    assert (postings["Beyond base (not in base)"] == "").all()


def test_a_thin_cell_lists_each_postings_components_in_its_currency(pay: PaySnapshot) -> None:
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "staff", SAN_FRANCISCO)
    table = thin_cell_frame(app)
    crafted = pay.postings.filter(pl.col("seniority") == "staff").sort("company")
    first = crafted.row(0, named=True)  # index 0: a bonus with amounts and a commission
    assert first["offers_bonus"] and first["offers_commission"] and not first["offers_equity"]
    row = table.filter(pl.col("Company") == first["company"]).row(0, named=True)
    bonus = f"${first['bonus_min_annual']:,.0f}–${first['bonus_max_annual']:,.0f}"
    assert row["Beyond base (not in base)"] == f"bonus {bonus} · commission"
    assert row["Min per year"] == round(first["pay_min_annual"])  # base as advertised


def test_counts_of_one_read_in_the_singular() -> None:
    """The real captures: "London, United Kingdom has 1 paid postings from 1 companies"."""
    from dashboard.pages.pay_bands import plural

    assert plural(1, "paid posting") == "1 paid posting"
    assert plural(1, "company", "companies") == "1 company"
    assert plural(1_204, "company", "companies") == "1,204 companies"


def test_pay_tables_show_amounts_with_thousands_separators_and_days(pay: PaySnapshot) -> None:
    """The tables read "185000" and "2025-09-30 00:00:00" (real captures)."""
    import json
    import re

    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "US")
    assert any("Posted" in frame.value.columns for frame in app.dataframe)
    for frame in app.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        numeric = [name for name, dtype in frame.value.dtypes.items() if dtype.kind in "if"]
        for name in numeric:
            assert config[name]["type_config"]["format"] == "localized", (frame.proto.id, name)
        if "Posted" in frame.value.columns:  # a day, not a timestamp at midnight
            days = frame.value["Posted"].dropna().tolist()
            assert days and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) for day in days)


def test_an_all_places_band_says_it_pools_countries(snapshot: SyntheticSnapshot) -> None:
    """The sample's All places band ($298,000 for ML engineer · Senior, against $317,900 in
    the US) said nothing of the INR, GBP and EUR postings converted into it."""
    app = choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "all")
    assert any("All places pools every country's postings" in t for t in texts(app.caption))
    app = choose_cell(app, "ml_engineer", "senior", "US")
    assert not any("pools every country" in t for t in texts(app.caption))


def test_a_cell_in_the_link_is_read_by_ids_or_names(snapshot: SyntheticSnapshot) -> None:
    """`?pay_role=ml_engineer&level=senior&place=US` said "This snapshot has no pay data for
    ml_engineer, senior, US" although it has that band."""
    for params in (
        {"pay_role": "ml_engineer", "level": "senior", "place": "US"},
        {"pay_role": "ML engineer", "level": "Senior", "place": "United States"},
    ):
        app = open_page("Pay bands", params)
        assert not any("has no pay data" in text for text in texts(app.warning)), params
        assert app.selectbox(key="place").value == "US"
        assert metric_values(app)["Postings behind the band"]


def test_an_offer_is_not_checked_against_the_all_places_band(pay: PaySnapshot) -> None:
    """Tried on the simulated 60k sample: "185k" on ML engineer · Senior · All places read "at
    the 19th percentile" of every country's postings pooled in USD, while the US band put it
    below P10; a verdict against a band that mixes markets and currencies misleads."""
    pooled = pay.cell("ml_engineer", "senior", "all")
    app = offer(choose_cell(open_page("Pay bands"), "ml_engineer", "senior", "all"), "185k")
    assert metric_values(app)["Postings behind the band"] == f"{pooled['n_postings']:,}"
    assert not offer_traces(app) and not app.success
    verdicts = texts(app.warning) + texts(app.info)
    assert not any(" is at the " in t or "percentile (P" in t for t in verdicts)
    assert any("Your offer (185k) is not checked against All places" in t for t in verdicts)
    links = " ".join(texts(app.markdown))
    assert "ML engineer · Senior · United States" in links and "offer=185k" in links
    assert "· All places" not in links
    country = offer(choose_cell(app, "ml_engineer", "senior", "US"), "185k")
    assert offer_traces(country) and "$185,000 is" in all_text(country)


def test_a_rolled_up_band_counts_its_own_postings_in_words() -> None:
    """On the real captures Boston's Software engineer · Mid read "itself has 1 paid postings
    from 1 companies ..., so the band is the country band of its own country"."""
    from dashboard.pages.pay_bands import band_caption

    row = {
        "rollup_level": "country",
        "window_start": None,
        "window_end": None,
        "is_rolled_up": True,
        "place_name": "Boston-Cambridge-Newton, MA-NH",
        "n_postings": 1,
        "n_companies": 1,
        "currency": "USD",
        "place_level": "metro",
    }
    caption = band_caption(row)
    assert "itself has 1 paid posting from 1 company (" in caption
    assert "country band of its own country" not in caption
    assert "so the band is its country's" in caption
    many = band_caption({**row, "n_postings": 4, "n_companies": 2, "rollup_level": "state"})
    assert "itself has 4 paid postings from 2 companies (" in many
    assert "so the band is its state's" in many


def test_an_offer_per_month_or_biweekly_is_checked_per_year(pay: PaySnapshot) -> None:
    """ "15,000 per month" was refused as "not an amount"; postings paid monthly, biweekly
    (x26) or semi-monthly (x24) are annualized for the band, and so is the offer now."""
    app = offer(
        choose_cell(open_page("Pay bands"), "ml_engineer", "senior", AUSTIN), "15,000 per month"
    )
    assert not app.error
    assert offer_traces(app)[0]["x"] == [180_000]
    assert "$180,000 is" in all_text(app)
    assert any("15,000 per month" in t and "× 12" in t for t in texts(app.caption))
    biweekly = offer(app, "$7,000 biweekly")
    assert offer_traces(biweekly)[0]["x"] == [182_000]
    assert any("every two weeks" in t and "× 26" in t for t in texts(biweekly.caption))
