"""`skillmarket validate ashby DIR`: the pay-text parser against Ashby's structured salary, and
the place parser on the location text alone against the structured address and remote flag,
on a folder of captures the test writes (the real ones are optional: ../shared/realdata)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from skillmarket.validate import validate_ashby


def _job(n: int, location: str, country: str | None, remote: bool | None, pay: Any) -> dict:
    job: dict[str, Any] = {
        "id": f"job-{n}",
        "title": "Machine Learning Engineer",
        "location": location,
        "secondaryLocations": [],
        "publishedAt": "2025-09-11T06:21:58.154+00:00",
        "isRemote": remote,
        "address": {"postalAddress": {"addressCountry": country}} if country else None,
        "jobUrl": f"https://jobs.ashbyhq.com/acme/job-{n}",
        "descriptionPlain": "Train models.",
    }
    if pay:
        summary, low, high, interval = pay
        job["compensation"] = {
            "compensationTierSummary": summary,
            "summaryComponents": [
                {
                    "compensationType": "Salary",
                    "interval": interval,
                    "currencyCode": "USD",
                    "minValue": low,
                    "maxValue": high,
                }
            ],
        }
    return job


@pytest.fixture
def captures(tmp_path: Path) -> Path:
    jobs = [
        _job(1, "Berlin", "Germany", False, ("$150K – $180K", 150_000, 180_000, "1 YEAR")),
        _job(2, "San Francisco, CA", "USA", True, ("$26.00", 26, 26, "1 YEAR")),  # filed wrong
        _job(3, "Remote", "USA", True, None),  # no country in the text
        _job(4, "Toronto", "United Kingdom", False, None),  # the text names another country
        _job(5, "London", None, None, None),  # no address, no flag: not scored
    ]
    (tmp_path / "acme.json.gz").write_bytes(gzip.compress(json.dumps({"jobs": jobs}).encode()))
    return tmp_path


def test_pay_and_places_are_scored_against_the_structured_fields(captures: Path) -> None:
    result = validate_ashby(captures)
    assert result["n_jobs"] == 5
    assert result["postings_with_salary"] == 2
    assert result["pay_text_agreement"] == pytest.approx(0.5)  # "$26.00" reads an hour
    assert result["postings_with_address_country"] == 4
    assert result["place_country_agreement"] == pytest.approx(2 / 4)  # Berlin, San Francisco
    assert result["place_country_none"] == 1  # Remote
    assert result["place_country_other"] == 1
    assert result["examples_of_other_country"] == [
        {"location_text": "Toronto", "address_country": "GB", "country": "CA"}
    ]
    assert result["postings_with_remote_flag"] == 4
    # the text says remote only for "Remote"; San Francisco flagged remote reads on-site
    assert result["remote_flag_agreement"] == pytest.approx(3 / 4)
