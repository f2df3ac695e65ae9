"""Every user-facing threshold text is built from the contract's numbers: with the contract
as it is, the texts read as before; with a threshold changed, the text changes with it."""

from __future__ import annotations

import pytest

from dashboard import rules
from tests.fixtures.snapshot.contract import set_thresholds


def test_texts_state_the_contracts_current_thresholds() -> None:
    assert (
        rules.pay_band_rule() == "a cell is shown only with at least 20 postings from 5 companies"
    )
    assert rules.premium_rule() == (
        "A premium is estimated only with at least 30 postings with and without the skill and "
        "at least 10 companies."
    )
    assert rules.within_company_rule() == (
        "shown where at least 10 companies post both with and without the skill"
    )
    assert rules.emerging_min_recent_postings() == 30
    assert rules.emerging_recent_window() == "last 3 months"
    assert rules.advisor_min_given_postings() == 30
    assert rules.advisor_window() == "last 12 months"
    assert rules.common_share_text() == "5%"
    assert rules.supply_window_days() == 90
    assert rules.inverse_bands_text() == (
        "≤ 0.59 too many jobs, 0.60–0.90 more jobs than workers, 0.91–1.20 balanced, "
        "1.21–1.49 more workers than jobs, ≥ 1.50 too many workers"
    )


def test_pay_band_rule_follows_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    set_thresholds(monkeypatch, "out_pay_bands", min_postings=25, min_companies=7)
    assert (
        rules.pay_band_rule() == "a cell is shown only with at least 25 postings from 7 companies"
    )


def test_premium_rules_follow_the_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    set_thresholds(monkeypatch, "out_skill_premiums", min_with=40, min_without=35, min_companies=12)
    assert rules.premium_rule() == (
        "A premium is estimated only with at least 40 postings with the skill and 35 without "
        "and at least 12 companies."
    )
    assert "at least 12 companies post both" in rules.within_company_rule()


def test_emerging_advisor_and_supply_texts_follow_the_contract(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    set_thresholds(monkeypatch, "out_emerging_skills", min_recent_postings=50, recent_months=6)
    set_thresholds(
        monkeypatch,
        "out_skill_advisor",
        min_given_postings=40,
        window_months=18,
        min_common_share=0.1,
    )
    set_thresholds(monkeypatch, "out_demand_supply", window_days=60)
    assert rules.emerging_min_recent_postings() == 50
    assert rules.emerging_rule().startswith("last 6 months vs the same months a year earlier")
    assert rules.advisor_min_given_postings() == 40
    assert rules.advisor_window() == "last 18 months"
    assert rules.common_share_text() == "10%"
    assert rules.supply_window_days() == 60


def test_inverse_bands_text_follows_the_contracts_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    from contract import vocab

    monkeypatch.setattr(vocab, "INVERSE_BANDS", ((0.5, "few"), (float("inf"), "many")))
    assert rules.inverse_bands_text() == "≤ 0.50 few, ≥ 0.51 many"
