"""Ashby's pay beside base pay (summary components other than "Salary") in the staging
`pay_components` JSON: shapes as the real job-board API writes them (null amounts, equity in
percent with interval "NONE", components before the salary, an unknown type)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from contract.vocab import PAY_COMPONENT_KINDS
from ingest.sources import ashby

RAW_FILE = "real/2026-11-30/ashby/acme.json.gz"


def _component(
    kind: str, low: Any = None, high: Any = None, currency: Any = None, interval: str = "1 YEAR"
) -> dict:
    return {
        "compensationType": kind,
        "interval": interval,
        "currencyCode": currency,
        "minValue": low,
        "maxValue": high,
    }


SALARY = _component("Salary", 120000, 140000, "USD")


def _job(components: list[Any], summary: str | None = None) -> dict[str, Any]:
    return {
        "id": "job-1",
        "title": "Account Executive",
        "location": "New York",
        "publishedAt": "2026-11-02T10:00:00.000+00:00",
        "jobUrl": "https://jobs.ashbyhq.com/acme/job-1",
        "compensation": {
            "compensationTierSummary": summary,
            "scrapeableCompensationSalarySummary": None,
            "compensationTiers": [],
            "summaryComponents": components,
        },
    }


def _parsed(*jobs: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Each job's pay_components (decoded JSON, or None) and the quarantine reasons."""
    result = ashby.parse(json.dumps({"jobs": list(jobs)}).encode(), RAW_FILE, "acme")
    components = [
        None if text is None else json.loads(text) for text in result.rows["pay_components"]
    ]
    return components, result.quarantine["reason"].to_list()


def test_components_beside_salary_with_and_without_amounts() -> None:
    job = _job(
        [
            _component("EquityPercentage", interval="NONE"),
            _component("Commission", 70000, 150000, "USD"),
            SALARY,
            _component("Bonus", None, None, "USD"),
        ],
        "$120K – $140K • Offers Equity • $70K – $150K Commission • Offers Bonus",
    )
    (components,), notes = _parsed(job)
    assert components == [
        {"kind": "equity_percent", "min": None, "max": None, "currency": None, "period": None},
        {"kind": "bonus", "min": None, "max": None, "currency": None, "period": None},
        {
            "kind": "commission",
            "min": 70000.0,
            "max": 150000.0,
            "currency": "USD",
            "period": "year",
        },
    ]
    assert notes == []


def test_base_pay_is_never_changed_by_components() -> None:
    with_bonus = _job([SALARY, _component("Bonus", 20000, 25000, "USD")])
    alone = _job([SALARY])
    result = ashby.parse(json.dumps({"jobs": [with_bonus, alone]}).encode(), RAW_FILE, "acme")
    pay = result.rows.select("pay_min", "pay_max", "pay_currency", "pay_period").rows()
    assert pay == [(120000.0, 140000.0, "USD", "year")] * 2


def test_equity_percent_keeps_its_percent_and_has_no_period() -> None:
    (components,), _ = _parsed(
        _job([SALARY, _component("EquityPercentage", 0.05, 0.15, None, "NONE")])
    )
    assert components == [
        {"kind": "equity_percent", "min": 0.05, "max": 0.15, "currency": None, "period": None}
    ]
    # some boards give an equity percent a yearly interval: still a percent, no period
    (components,), _ = _parsed(
        _job([SALARY, _component("EquityPercentage", 0.1, 0.3, None, "1 YEAR")])
    )
    assert components[0]["period"] is None


def test_salary_alone_lists_no_components_and_no_components_says_nothing() -> None:
    components, _ = _parsed(_job([SALARY]), _job([]))
    assert components == [[], None]
    job = _job([])
    job["compensation"] = None
    components, _ = _parsed(job)
    assert components == [None]


def test_unknown_component_type_is_noted_not_a_crash() -> None:
    (components,), notes = _parsed(
        _job([SALARY, _component("Stipend", 500, 500, "USD"), "not an object"])
    )
    assert components == []
    assert notes == [
        "pay: unknown compensation component 'Stipend' left out",
        "pay: unknown compensation component None left out",
    ]


@pytest.mark.parametrize(
    ("component", "note"),
    [
        (_component("Bonus", "lots", None, "USD"), "Bonus pay: min is not a number ('lots')"),
        (_component("Bonus", -5, 10, "USD"), "Bonus pay: negative min -5"),
        (
            _component("Bonus", 30000, 20000, "USD"),
            "Bonus pay: min 30000 > max 20000 (inverted range)",
        ),
        (
            _component("Bonus", 1000, 2000, "USD", "NONE"),
            "Bonus pay: unknown compensation interval 'NONE'",
        ),
    ],
)
def test_bad_amounts_keep_the_offer_and_note_the_amount(component: dict, note: str) -> None:
    (components,), notes = _parsed(_job([SALARY, component]))
    assert components == [
        {"kind": "bonus", "min": None, "max": None, "currency": None, "period": None}
    ]
    assert notes == [note]


def test_a_repeated_kind_keeps_the_first() -> None:
    (components,), notes = _parsed(
        _job([SALARY, _component("Bonus", 1, 2, "USD"), _component("Bonus", 3, 4, "USD")])
    )
    assert [(c["min"], c["max"]) for c in components] == [(1.0, 2.0)]
    assert notes == ["pay: a second Bonus component left out"]


def test_every_ashby_type_maps_into_the_vocabulary() -> None:
    assert set(ashby.COMPONENT_KINDS.values()) == set(PAY_COMPONENT_KINDS)
