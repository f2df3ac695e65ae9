"""Tests for analytics.normalize.requirements: years of experience and the lowest degree a posting
asks for, on the labeled sentences and on the decisions written in the module docstring."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import yaml

from analytics.normalize import requirements
from analytics.normalize.requirements import DEGREES, parse_requirements

LABELED = Path(__file__).resolve().parents[2] / "fixtures" / "labeled" / "requirements.yml"


def _one(text: str | None) -> tuple[int | None, str | None]:
    row = parse_requirements(pl.Series([text], dtype=pl.String)).row(0)
    return row[0], row[1]


@pytest.fixture(scope="module")
def labeled() -> list[dict]:
    return yaml.safe_load(LABELED.read_text(encoding="utf-8"))["sentences"]


def test_labeled_sentences_are_many_and_use_the_vocabulary(labeled: list[dict]) -> None:
    assert len(labeled) >= 80
    assert {r["degree"] for r in labeled} == {None, *DEGREES}
    assert any(r["years"] is None for r in labeled) and any(r["years"] == 0 for r in labeled)


def test_labeled_sentences_accuracy(labeled: list[dict]) -> None:
    got = parse_requirements(pl.Series([r["text"] for r in labeled], dtype=pl.String))
    years = [r["years"] == g for r, g in zip(labeled, got["years_experience_min"], strict=True)]
    degree = [r["degree"] == g for r, g in zip(labeled, got["degree_min"], strict=True)]
    misses = [
        (r["text"], r["years"], r["degree"], y, d)
        for r, y, d in zip(labeled, got["years_experience_min"], got["degree_min"], strict=True)
        if (r["years"], r["degree"]) != (y, d)
    ]
    assert sum(years) / len(years) >= 0.95, misses
    assert sum(degree) / len(degree) >= 0.95, misses


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("3-5 yrs of experience", 3),
        ("Between 4 and 6 years? No: 4 to 6 years of experience.", 4),
        ("at least three years of experience", 3),
        ("Five (5) years of experience", 5),
        ("0-2 years of experience", 0),
        ("No prior experience required.", 0),
        ("18 years old and 2+ years of experience", 2),
        ("Founded 10 years ago; 6+ years of experience required.", 6),
        ("Equity vests over 4 years.", None),
        ("A 2-year fixed-term contract.", None),
        ("Sabbatical after 5 years of service.", None),
        ("45+ years of experience", None),  # not a requirement
        ("", None),
        (None, None),
    ],
)
def test_years_decisions(text: str | None, years: int | None) -> None:
    assert _one(text)[0] == years


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("BS/MS in Computer Science", "bachelor"),
        ("MS or PhD in Statistics", "master"),
        ("Ph.D. in Physics required", "phd"),
        ("PhD preferred.", None),
        ("Bachelor's degree required, Master's preferred.", "bachelor"),
        ("Bachelor's degree in CS or equivalent practical experience.", "bachelor"),
        ("High school diploma or GED.", "none"),
        ("No degree required.", "none"),
        ("Currently pursuing a PhD in Machine Learning.", None),
        ("A high degree of ownership.", None),
        ("Proficient in MS Office.", None),
        ("Our team of PhDs.", None),
    ],
)
def test_degree_decisions(text: str, degree: str | None) -> None:
    assert _one(text)[1] == degree


def test_a_degree_and_years_in_a_blurb_section_do_not_count() -> None:
    text = (
        "About us\nFounded 12 years ago by a team of PhD scientists; 20+ years of experience in"
        " biotech.\nRequirements\nBachelor's degree and 3+ years of experience."
    )
    assert _one(text) == (3, "bachelor")


def test_one_row_per_text_in_order_with_types() -> None:
    out = parse_requirements(pl.Series(["5+ years", None, "MS in CS", "nothing"]))
    assert out.schema == pl.Schema({"years_experience_min": pl.Int32, "degree_min": pl.String})
    assert out.rows() == [(5, None), (None, None), (None, "master"), (None, None)]


def test_non_string_series_is_rejected() -> None:
    with pytest.raises(TypeError, match="must be a String Series"):
        parse_requirements(pl.Series([1, 2]))


def test_build_path_has_no_per_row_python() -> None:
    source = Path(requirements.__file__).read_text(encoding="utf-8")
    assert "map_elements" not in source
    assert "iter_rows" not in source
