"""Stack Overflow Developer Survey: per-year column maps, technology -> skill mapping,
prevalence by country x developer type, pay by skill x country, quarantine reasons."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import polars as pl
import pytest
import yaml

from ingest.sources import so_survey
from ingest.sources.common import SourceFormatError

ROOT = Path(__file__).resolve().parents[2]
COLUMNS = [
    "ResponseId",
    "MainBranch",
    "Country",
    "DevType",
    "Employment",
    "ConvertedCompYearly",
    "LanguageHaveWorkedWith",
    "DatabaseHaveWorkedWith",
    "PlatformHaveWorkedWith",
    "MiscTechHaveWorkedWith",
    "ToolsTechHaveWorkedWith",
]
DS = "Data scientist or machine learning specialist"
BE = "Developer, back-end"
UK = "United Kingdom of Great Britain and Northern Ireland"
RESPONSES = [
    ["1", "dev", "United States of America", DS, "Employed, full-time", "150000",
     "Python;SQL", "PostgreSQL", "Amazon Web Services (AWS)", "Torch/PyTorch;NumPy", "Docker"],
    ["2", "dev", "United States of America", BE,
     "Employed, full-time;Independent contractor, freelancer, or self-employed", "120000",
     "Java;SQL", "NA", "NA", "NA", "NA"],
    ["3", "dev", "United States of America", DS, "Employed, part-time", "80000",
     "Python;R", "NA", "NA", "NA", "NA"],
    ["4", "dev", "Germany", BE, "Employed, full-time", "90000", "Python", "Redis", "NA", "NA",
     "NA"],
    ["5", "dev", "Germany", "NA", "Employed, full-time", "3000000", "Go", "NA", "NA", "NA", "NA"],
    ["6", "dev", "Nomadic", BE, "Employed, full-time", "100000", "Python;Rust", "NA", "NA", "NA",
     "NA"],
    ["7", "student", UK, "Student", "Student, full-time", "NA", "NA", "NA", "NA", "NA", "NA"],
    ["8", "dev", "United States of America", "Developer, full-stack", "Employed, full-time", "NA",
     "Python;TypeScript;COBOL", "NA", "NA", "NA", "NA"],
]  # fmt: skip


def _csv(rows: list[list[str]] = RESPONSES, columns: list[str] = COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("README_2024.txt", "readme")
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


NAME = "stack-overflow-developer-survey-2024.zip"


def _survey_zip() -> bytes:
    return _zip({"survey_results_public.csv": _csv(), "survey_results_schema.csv": b"qname\n"})


def _share(result: so_survey.SurveyResult, country: str, dev: str, skill: str) -> tuple:
    row = result.prevalence.filter(
        (pl.col("country") == country) & (pl.col("dev_type") == dev) & (pl.col("skill_id") == skill)
    )
    assert row.height == 1, (country, dev, skill)
    return row["n_with_skill"][0], row["n_respondents"][0], round(row["share_pct"][0], 2)


def test_prevalence_counts_respondents_once_per_skill_and_slice() -> None:
    result = so_survey.parse(_survey_zip(), NAME)
    assert result.year == 2024 and result.n_responses == 8
    assert result.n_answered_tech == 7  # the student answered no technology question
    assert _share(result, "all", "all", "python") == (5, 7, 71.43)
    assert _share(result, "all", "all", "sql") == (2, 7, 28.57)
    assert _share(result, "US", "all", "python") == (3, 4, 75.0)
    assert _share(result, "US", DS, "python") == (2, 2, 100.0)
    assert _share(result, "US", DS, "pytorch") == (1, 2, 50.0)
    assert _share(result, "DE", "all", "go") == (1, 2, 50.0)
    assert _share(result, "DE", "unspecified", "go") == (1, 1, 100.0)
    assert _share(result, "all", BE, "python") == (2, 3, 66.67)
    assert _share(result, "US", "all", "aws") == (1, 4, 25.0)
    # COBOL maps to no skill; the nomad counts only in 'all' rows
    assert set(result.prevalence["skill_id"]) >= {"typescript", "postgresql", "docker", "numpy"}
    assert set(result.prevalence["country"]) == {"all", "US", "DE"}


def test_pay_by_skill_and_country_over_full_time_employed() -> None:
    result = so_survey.parse(_survey_zip(), NAME)
    pay = {(r["country"], r["skill_id"]): r for r in result.pay.iter_rows(named=True)}
    everyone = pay[("all", "all")]  # 90k, 100k, 120k, 150k (part-time, no pay and >2M out)
    assert everyone["n_respondents"] == 4
    assert everyone["comp_p50_usd"] == 110_000
    assert everyone["comp_p25_usd"] == 97_500 and everyone["comp_p75_usd"] == 127_500
    assert everyone["comp_mean_usd"] == 115_000 and everyone["is_suppressed"]
    assert pay[("all", "python")]["comp_p50_usd"] == 100_000
    assert pay[("US", "sql")]["n_respondents"] == 2
    assert pay[("US", "sql")]["comp_p50_usd"] == 135_000
    assert ("DE", "go") not in pay  # the only Go user reported 3,000,000
    assert ("GB", "all") not in pay  # students are not employed full-time


def test_quarantine_names_the_response_and_the_reason() -> None:
    result = so_survey.parse(_survey_zip(), NAME)
    rows = dict(zip(result.quarantine["record"], result.quarantine["reason"], strict=True))
    assert rows == {
        "country Nomadic": "country name resolves to no ISO code; 1 respondents counted in "
        "'all' only",
        "ResponseId 5": "ConvertedCompYearly 3000000 above 2000000",
    }


def test_the_year_picks_the_column_map() -> None:
    maps = yaml.safe_load(so_survey.COLUMNS_FILE.read_text())
    assert {2023, 2024, 2025} <= set(maps["years"])
    columns = [c if c != "MiscTechHaveWorkedWith" else "SOTagsHaveWorkedWith" for c in COLUMNS]
    rows = [[*r[:9], "Pandas", "NA"] for r in RESPONSES[:2]]
    result = so_survey.parse(_csv(rows, columns), "survey_2025.csv")
    assert "SOTagsHaveWorkedWith" in result.tech_columns_used
    assert _share(result, "all", "all", "pandas") == (2, 2, 100.0)
    # the 2024 map has no SOTags column: the same file read as 2024 ignores it
    as_2024 = so_survey.parse(_csv(rows, columns), "survey_2024.csv")
    assert "pandas" not in set(as_2024.prevalence["skill_id"])


def test_bad_inputs_are_whole_file_errors() -> None:
    with pytest.raises(SourceFormatError, match="year unknown"):
        so_survey.parse(_csv(), "survey.csv")
    with pytest.raises(SourceFormatError, match=r"no survey_results_public\.csv"):
        so_survey.parse(_zip({"other.csv": _csv()}), NAME)
    with pytest.raises(SourceFormatError, match="lacks columns"):
        so_survey.parse(_csv([r[:2] for r in RESPONSES], COLUMNS[:2]), NAME)


def test_import_file_names_the_year(tmp_path: Path) -> None:
    src = tmp_path / "survey_results_public.csv"
    src.write_bytes(_csv())
    with pytest.raises(SourceFormatError, match="year unknown"):
        so_survey.import_file(tmp_path / "raw", src)
    stored = so_survey.import_file(tmp_path / "raw", src, year=2024)
    assert stored.name == "stack-overflow-developer-survey-2024.csv"
    assert so_survey.parse(stored.read_bytes(), stored.name).year == 2024


def test_every_mapped_skill_exists_in_the_taxonomy() -> None:
    taxonomy = yaml.safe_load((ROOT / "analytics" / "taxonomy" / "skills.yml").read_text())
    ids = {s["id"] for s in taxonomy["skills"]}
    mapped = set(so_survey.skill_map()["skill_id"])
    assert mapped <= ids, mapped - ids
    assert so_survey.skill_map()["tech"].is_duplicated().sum() == 0
