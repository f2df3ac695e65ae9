"""Tests of the sample market's simulated Stack Overflow survey (`ingest.sample.survey`): the
file is the real survey CSV format the parser reads, without quarantined rows; the parsed US
prevalence recovers the planted (analytically computed) truth within sampling error; the draw
is deterministic by seed; the generator installs it where the build reads surveys, records its
truth in params.json, and never replaces a survey file it did not write."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import polars as pl
import pytest

from ingest.sample import SampleError, generate_sample_market
from ingest.sample import survey as sample_survey
from ingest.sample.market import World, build_world
from ingest.sources import so_survey
from ingest.sources.reference_fetch import latest_snapshot_files

SEED = 13
N_POSTINGS = 20_000  # 5,000 respondents, about 2,400 in the US
RAW_FILE = "so_survey/2026-10-31/stack-overflow-developer-survey-2025.csv"
SMALL = {"n_postings": 400, "seed": 3, "end_month": "2025-06", "months": 3}


@pytest.fixture(scope="module")
def world() -> World:
    return build_world(SEED, N_POSTINGS, "2026-10", 36)


@pytest.fixture(scope="module")
def simulated(world: World) -> sample_survey.SampleSurvey:
    return sample_survey.simulate_survey(world)


@pytest.fixture(scope="module")
def parsed(simulated: sample_survey.SampleSurvey) -> so_survey.SurveyResult:
    return so_survey.parse(simulated.csv, RAW_FILE)


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_respondent_count_scales_with_the_market_and_is_capped() -> None:
    assert sample_survey.n_respondents_for(60_000) == 15_000
    assert sample_survey.n_respondents_for(6_000) == 1_500
    assert sample_survey.n_respondents_for(1_000_000) == sample_survey.MAX_RESPONDENTS == 50_000
    assert sample_survey.n_respondents_for(100) == sample_survey.MIN_RESPONDENTS


def test_the_file_has_the_2025_survey_format(simulated: sample_survey.SampleSurvey) -> None:
    cols = so_survey.year_columns(2025)
    rows = _rows(simulated.csv)
    assert len(rows) == simulated.truth["n_respondents"] == 5_000
    header = list(rows[0])
    required = [cols["response_id"], cols["country"], cols["dev_type"], cols["employment"]]
    assert set(required) | {cols["comp_usd"], *cols["tech_columns"]} <= set(header)
    assert len({r[cols["response_id"]] for r in rows}) == len(rows)
    known = set(so_survey.skill_map()["tech"])
    names: set[str] = set()
    for row in rows:
        for column in cols["tech_columns"]:
            value = row[column]
            assert value != "", "missing answers are written NA, never empty"
            if value != "NA":
                names.update(value.split(";"))
    assert names and {n.lower() for n in names} <= known  # only names the skill map knows
    assert any(";" in row["LanguageHaveWorkedWith"] for row in rows)  # multi-select joined
    comp = [r[cols["comp_usd"]] for r in rows]
    assert "NA" in comp and all(c == "NA" or c.isdigit() for c in comp)
    not_employed = [r for r in rows if r[cols["employment"]].startswith("Not employed")]
    assert not_employed and all(r[cols["comp_usd"]] == "NA" for r in not_employed)


def test_every_row_parses_without_quarantine(
    simulated: sample_survey.SampleSurvey, parsed: so_survey.SurveyResult
) -> None:
    assert parsed.year == 2025 and parsed.n_responses == 5_000
    assert parsed.quarantine.height == 0
    expected_columns = set(so_survey.year_columns(2025)["tech_columns"])
    assert set(parsed.tech_columns_used) == expected_columns
    # skipping the technology questions is planted at 6%; a few name no mapped skill at all
    skipped = 1 - parsed.n_answered_tech / parsed.n_responses
    assert 0.04 < skipped < 0.10
    countries = set(parsed.prevalence["country"].unique())
    assert {"US", "IN", "GB", "DE", "CA", "all"} <= countries  # every name resolved to ISO
    us_all = parsed.prevalence.filter((pl.col("country") == "US") & (pl.col("dev_type") == "all"))
    assert us_all["n_respondents"][0] == simulated.truth["n_us_answered"]


def test_us_prevalence_recovers_the_planted_truth(
    simulated: sample_survey.SampleSurvey, parsed: so_survey.SurveyResult
) -> None:
    """The 10 most common planted skills: parsed share within 3 standard errors of the truth
    (binomial SE at the planted share, over the parsed US denominator)."""
    planted = simulated.truth["us_prevalence_pct"]
    us = parsed.prevalence.filter((pl.col("country") == "US") & (pl.col("dev_type") == "all"))
    measured = dict(zip(us["skill_id"], us["share_pct"], strict=True))
    n = int(us["n_respondents"][0])
    top = sorted(planted, key=lambda s: -planted[s])[:10]
    assert planted[top[0]] > 50 and planted[top[-1]] > 5
    misses = []
    for skill in top:
        p = planted[skill] / 100
        se = 100 * math.sqrt(p * (1 - p) / n)
        if abs(measured[skill] - planted[skill]) > 3 * se:
            misses.append(f"{skill}: {measured[skill]:.2f} vs {planted[skill]:.2f} (se {se:.2f})")
    assert not misses, misses


def test_planted_prevalence_conditions_on_answering(world: World) -> None:
    """The truth is the share among respondents who named a mapped skill: it is above the
    unconditional expected share, by the (small) share naming none."""
    from ingest.sample.places import candidate_place_weights
    from ingest.sample.talent import CANDIDATE_SENIORITY_PROBS, expected_counts, supply_factor

    weights = candidate_place_weights(world.places)
    skills, _, _ = expected_counts(
        world, len(world.months) - 1, 1.0, weights, CANDIDATE_SENIORITY_PROBS, supply_factor(world)
    )
    us = world.place_country == "US"
    ids = list(world.model.ids)
    unconditional = 100 * skills[us].sum(0)[ids.index("python")] / weights[us].sum()
    planted = sample_survey.planted_us_prevalence(world)["python"]
    assert unconditional < planted < unconditional * 1.05


def test_same_seed_same_bytes_other_seed_other_bytes(simulated: sample_survey.SampleSurvey) -> None:
    again = sample_survey.simulate_survey(build_world(SEED, N_POSTINGS, "2026-10", 36))
    assert again.csv == simulated.csv and again.truth == simulated.truth
    other = sample_survey.simulate_survey(build_world(SEED + 1, N_POSTINGS, "2026-10", 36))
    assert other.csv != simulated.csv


def test_pay_is_plausible_by_country(parsed: so_survey.SurveyResult) -> None:
    pay = parsed.pay.filter(pl.col("skill_id") == "all")
    median = dict(zip(pay["country"], pay["comp_p50_usd"], strict=True))
    assert 100_000 < median["US"] < 300_000
    assert median["IN"] < median["GB"] < median["US"]


def test_generator_installs_the_survey_where_the_build_reads_it(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    generate_sample_market(raw, **SMALL)
    files = latest_snapshot_files(raw, "so_survey", (".zip", ".csv"))
    assert [str(p.relative_to(raw)) for p in files] == [
        "so_survey/2025-06-30/stack-overflow-developer-survey-2025.csv"
    ]
    params = json.loads((raw / "sample" / "truth" / "params.json").read_text())
    truth = params["survey"]
    assert truth["survey_year"] == 2025
    assert truth["n_respondents"] == sample_survey.MIN_RESPONDENTS
    assert truth["raw_file"] == str(files[0].relative_to(raw))
    assert set(truth["us_prevalence_pct"]) <= set(so_survey.skill_map()["skill_id"])
    assert all(0 <= v <= 100 for v in truth["us_prevalence_pct"].values())
    assert (files[0].parent / sample_survey.MARKER_FILE).is_file()
    first = files[0].read_bytes()
    # a re-run replaces it with the same bytes; another end month moves it (old copy removed)
    generate_sample_market(raw, **SMALL)
    assert files[0].read_bytes() == first
    generate_sample_market(raw, **{**SMALL, "end_month": "2025-07"})
    moved = latest_snapshot_files(raw, "so_survey", (".zip", ".csv"))
    assert [str(p.relative_to(raw)) for p in moved] == [
        "so_survey/2025-07-31/stack-overflow-developer-survey-2025.csv"
    ]
    assert not (raw / "so_survey" / "2025-06-30").exists()


def test_a_survey_file_the_simulator_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    real = raw / "so_survey" / "2025-06-30" / "stack-overflow-developer-survey-2025.csv"
    real.parent.mkdir(parents=True)
    real.write_text("ResponseId,Country\n1,India\n")
    with pytest.raises(SampleError, match="did not write"):
        generate_sample_market(raw, **SMALL)
    assert real.read_text() == "ResponseId,Country\n1,India\n"
    assert not (raw / "sample").exists()
