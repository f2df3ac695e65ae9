"""The sample market's developer survey: a simulated Stack Overflow Developer Survey 2025
(`survey_results_public.csv` format) whose technology answers carry planted skill prevalence
coherent with the talent pool, so the build's `oews_survey_estimate` supply rows have a survey.

Respondents are practitioners drawn like talent-pool candidates at the last month of the run:
place (hence country) by the candidates' place weights, role family from the market's role mix,
level by the candidates' seniority mix, GenAI skills with the talent pool's lag, and skills from
the same skill model (`draw_skills`). Each mapped skill is written under its survey technology
name (the first name listed for the skill in `ingest/sources/so_survey_skills.csv`) in the 2025
multi-select column `SURVEY_COLUMN` assigns it to, answers joined by ";" and "NA" for missing.
SKIP_TECH_SHARE of respondents, chosen at random, skip every technology question.

Planted US prevalence (truth `survey.us_prevalence_pct`): for each skill, the exact expected
share naming it among US respondents who answered the technology questions - named at least
one mapped technology, the parser's denominator - computed from the planted rates over role x
level x place x company GenAI appetite (talent.expected_counts and `none_mapped_probability`;
no draws). The parser's US / all-dev-types share estimates it.

Pay: ConvertedCompYearly = the planted log-pay model at the last month (base x place index x
country level, GenAI and deep-learning premiums, company effect and noise) in local currency,
converted with the planted USD_PER_UNIT rates; answered by COMP_ANSWER_SHARE of employed
respondents, "NA" otherwise.

The CSV is installed as `<raw_root>/so_survey/<last crawl date>/stack-overflow-developer-survey-
2025.csv`, where the build reads survey files, beside a `sample_survey.json` marker; a re-run
removes the files of earlier runs (directories holding the marker) and refuses to replace a
survey file it did not write.

May import: the standard library, numpy, polars, pyyaml, and `ingest.sample` modules (the survey
column map and skill map are read as data files, not imported from `ingest.sources`).
"""

from __future__ import annotations

import io
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import yaml

from ingest.sample import pay as paymodel
from ingest.sample.companies import COMPANY_EFFECT_SD
from ingest.sample.market import FORCED_SKILLS, World, genai_grid
from ingest.sample.places import CURRENCY, candidate_place_weights
from ingest.sample.skillmodel import (
    FALLBACK_GENAI_SKILL,
    role_probs,
    sigmoid,
)
from ingest.sample.talent import (
    CANDIDATE_SENIORITY_PROBS,
    candidate_skills,
    expected_counts,
    supply_factor,
)
from ingest.sample.vocab import ROLES, SENIORITIES

SURVEY_YEAR = 2025
SURVEY_SOURCE = "so_survey"
SURVEY_FILE = f"stack-overflow-developer-survey-{SURVEY_YEAR}.csv"
MARKER_FILE = "sample_survey.json"
RESPONDENTS_PER_POSTING = 0.25
MIN_RESPONDENTS = 300
MAX_RESPONDENTS = 50_000
SKIP_TECH_SHARE = 0.06
COMP_ANSWER_SHARE = 0.65
SURVEY_SPAWN_KEY = 5
SOURCES_DIR = Path(__file__).resolve().parents[1] / "sources"
COLUMNS_FILE = SOURCES_DIR / "so_survey_columns.yml"
SKILLS_FILE = SOURCES_DIR / "so_survey_skills.csv"

# Survey country names, as the survey writes them (resolvable by pycountry).
COUNTRY_NAMES = {
    "US": "United States of America",
    "IN": "India",
    "GB": "United Kingdom of Great Britain and Northern Ireland",
    "DE": "Germany",
    "CA": "Canada",
    "FR": "France",
    "NL": "Netherlands",
    "IE": "Ireland",
    "SG": "Singapore",
    "AU": "Australia",
    "IL": "Israel",
    "CH": "Switzerland",
}
# Planted conversion of local annual pay to ConvertedCompYearly (USD per unit, ~2025 averages).
USD_PER_UNIT = {
    "USD": 1.0,
    "INR": 0.0116,
    "GBP": 1.31,
    "EUR": 1.13,
    "CAD": 0.72,
    "SGD": 0.77,
    "AUD": 0.65,
    "ILS": 0.28,
    "CHF": 1.22,
}
DEV_TYPES = {
    "ml_engineer": "AI/ML engineer",
    "data_scientist": "Data scientist",
    "research_scientist": "Research & Development role",
    "mlops_engineer": "DevOps specialist",
    "ai_engineer": "Developer, AI",
    "data_engineer": "Data engineer",
    "data_analyst": "Data or business analyst",
    "software_engineer": "Developer, back-end",
    "other": "Other (please specify):",
}
EMPLOYMENT = (
    ("Employed, full-time", 0.78),
    ("Employed, full-time;Independent contractor, freelancer, or self-employed", 0.05),
    ("Independent contractor, freelancer, or self-employed", 0.07),
    ("Employed, part-time", 0.03),
    ("Not employed, but looking for work", 0.07),
)
# Years of professional coding by level: (low, high) inclusive.
YEARS_CODE_PRO = ((0, 1), (1, 3), (3, 8), (6, 15), (10, 25), (8, 25))
REMOTE_WORK = ("Remote", "Hybrid (some remote, some in-person)", "In-person")
REMOTE_WORK_PROBS = np.array([0.25, 0.5, 0.25])
# The 2025 column each mapped skill's survey name is written in.
SKILLS_BY_COLUMN: dict[str, tuple[str, ...]] = {
    "LanguageHaveWorkedWith": (
        *("python", "r", "sql", "java", "scala", "cpp", "c", "csharp", "go", "rust"),
        *("javascript", "typescript", "julia", "bash", "matlab", "kotlin", "swift"),
        *("objective_c", "php", "ruby", "perl", "haskell", "sas"),
    ),
    "DatabaseHaveWorkedWith": (
        *("postgresql", "mysql", "sql_server", "oracle_db", "sqlite", "mongodb", "redis"),
        *("elasticsearch", "cassandra", "dynamodb", "neo4j", "snowflake", "bigquery"),
        *("clickhouse", "duckdb", "databricks"),
    ),
    "PlatformHaveWorkedWith": ("aws", "gcp", "azure"),
    "WebframeHaveWorkedWith": (
        *("fastapi", "flask", "django", "react", "node_js", "vue_angular", "dotnet", "spring"),
    ),
    "DevEnvsHaveWorkedWith": ("jupyter",),
    "SOTagsHaveWorkedWith": (
        *("numpy", "pandas", "polars", "scikit_learn", "tensorflow", "pytorch", "keras"),
        *("hugging_face", "spark", "kafka", "opencv", "ray", "hadoop", "airflow"),
        *("tableau", "power_bi", "excel", "google_sheets"),
    ),
    "ToolsTechHaveWorkedWith": ("docker", "kubernetes", "terraform", "ansible", "git"),
}
SURVEY_COLUMN = {s: column for column, skills in SKILLS_BY_COLUMN.items() for s in skills}


class SurveyError(ValueError):
    """The survey cannot be written where the build reads it."""


@dataclass(frozen=True)
class SampleSurvey:
    csv: bytes
    truth: dict[str, Any]


def n_respondents_for(n_postings: int) -> int:
    n = round(RESPONDENTS_PER_POSTING * n_postings)
    return int(min(MAX_RESPONDENTS, max(MIN_RESPONDENTS, n)))


@lru_cache(maxsize=1)
def survey_columns() -> dict[str, Any]:
    """The 2025 column map of the real parser's `so_survey_columns.yml`."""
    maps = yaml.safe_load(COLUMNS_FILE.read_text(encoding="utf-8"))
    return maps["years"].get(SURVEY_YEAR, maps["default"])


@lru_cache(maxsize=1)
def survey_names() -> dict[str, str]:
    """skill id -> its survey technology name (the first listed in so_survey_skills.csv)."""
    table = pl.read_csv(SKILLS_FILE, infer_schema_length=0).select(
        pl.col("skill_id").str.strip_chars(), pl.col("survey_name").str.strip_chars()
    )
    return dict(table.unique("skill_id", keep="first", maintain_order=True).iter_rows())


def mapped_skills(world: World) -> list[str]:
    """Sample skill ids the survey can name: mapped to a survey name and a 2025 column."""
    names = survey_names()
    columns = set(survey_columns()["tech_columns"])
    unplaced = [s for s in names if s in world.model.ids and s not in SURVEY_COLUMN]
    if unplaced:
        raise SurveyError(f"survey skills without a 2025 column in SURVEY_COLUMN: {unplaced}")
    bad = sorted({c for c in SURVEY_COLUMN.values() if c not in columns})
    if bad:
        raise SurveyError(f"columns {bad} are not in the 2025 map of {COLUMNS_FILE.name}")
    return [s for s in world.model.ids if s in names]


def none_mapped_probability(world: World, x: float, genai_probability: np.ndarray) -> np.ndarray:
    """P(a respondent names no mapped skill | cell) over the (R, 6, P, L) grid, exactly.

    Given the role, clusters activate independently and skills are drawn independently given
    the active clusters, so P(none of M) = prod_s (1 - background) x prod_c (1 - a_c + a_c w_c)
    with w_c = prod_{s in M} (1 - q_cs); the GenAI draw is independent of that (the fallback
    GenAI skill is not in M), and a forced mapped skill makes the probability 0."""
    model = world.model
    ids = list(model.ids)
    mask = np.zeros(len(ids), dtype=bool)
    mask[[ids.index(s) for s in mapped_skills(world)]] = True
    nongenai = mask & ~model.is_genai
    q = np.minimum(model.q(x), 0.999)
    background = np.minimum(model.background, 1.0 - 1e-12)
    cluster_none = np.prod(1.0 - q[:, nongenai], axis=1)  # (C,)
    none_nongenai = np.prod(1.0 - background[:, nongenai], axis=1) * np.prod(
        1.0 - model.activation + model.activation * cluster_none[None, :], axis=1
    )  # (R,)
    per_level = np.broadcast_to(none_nongenai[:, None], (len(ROLES), len(SENIORITIES))).copy()
    for (role_name, level), forced in FORCED_SKILLS.items():
        if any(mask[ids.index(skill)] for skill in forced):
            per_level[ROLES.index(role_name), SENIORITIES.index(level)] = 0.0
    if mask[ids.index(FALLBACK_GENAI_SKILL)]:
        raise SurveyError(f"the GenAI fallback skill {FALLBACK_GENAI_SKILL!r} must not be mapped")
    none_genai = float(np.prod(1.0 - model.genai_rates(x)[mask]))
    return per_level[:, :, None, None] * (1.0 - genai_probability * (1.0 - none_genai))


def planted_us_prevalence(world: World) -> dict[str, float]:
    """Expected % naming each mapped skill among US respondents who answered the technology
    questions (named at least one mapped skill), exact from the planted rates."""
    k = len(world.months) - 1
    x = float(world.months[k].trend_x)
    weights = candidate_place_weights(world.places)
    scale = supply_factor(world)
    skills, _, _ = expected_counts(world, k, 1.0, weights, CANDIDATE_SENIORITY_PROBS, scale)
    lo, _ = genai_grid(world.places, world.place_w, world.place_genai_logodds, world.level_probs, x)
    level_by_place = np.array([world.level_probs[p.country] for p in world.places])
    cell = (
        role_probs(x)[:, None, None, None]
        * CANDIDATE_SENIORITY_PROBS[None, :, None, None]
        * weights[None, None, :, None]
        * level_by_place[None, None, :, :]
    )
    p_genai = sigmoid(world.offsets[k] + lo) * scale[None, None, :, None]
    answered = cell * (1.0 - none_mapped_probability(world, x, p_genai))
    us = world.place_country == "US"
    share = skills[us].sum(0) / answered[:, :, us, :].sum()
    ids = list(world.model.ids)
    return {s: round(100.0 * float(share[ids.index(s)]), 4) for s in mapped_skills(world)}


def draw_respondents(world: World, n: int) -> tuple[pl.DataFrame, np.ndarray]:
    """n respondents (place, role, level, employment, pay) and their (n, S) skills, drawn
    vectorized."""
    rng = np.random.default_rng(np.random.SeedSequence(world.seed, spawn_key=(SURVEY_SPAWN_KEY,)))
    last = world.months[-1]
    x = float(last.trend_x)
    place = rng.choice(len(world.places), size=n, p=candidate_place_weights(world.places))
    role = rng.choice(len(ROLES), size=n, p=role_probs(x))
    seniority = rng.choice(len(SENIORITIES), size=n, p=CANDIDATE_SENIORITY_PROBS)
    countries = world.place_country[place]
    skills, has_genai = candidate_skills(world, rng, role, seniority, place, x)
    ids = list(world.model.ids)
    has_dl = skills[:, ids.index("deep_learning")]
    emp_names = [e for e, _ in EMPLOYMENT]
    emp_probs = np.array([p for _, p in EMPLOYMENT])
    employment = rng.choice(len(EMPLOYMENT), size=n, p=emp_probs / emp_probs.sum())
    employed = np.array([not e.startswith("Not employed") for e in emp_names])[employment]
    log_pay = paymodel.log_pay_point(
        world.base[role, seniority],
        world.place_attr("pay_index", float)[place],
        world.country_level[place, seniority],
        has_genai.astype(float),
        has_dl.astype(float),
        rng.normal(0.0, COMPANY_EFFECT_SD, n),
        x,
        rng.normal(0.0, paymodel.NOISE_SD, n),
    )
    usd = np.array([USD_PER_UNIT[CURRENCY[c]] for c in countries.tolist()])
    comp = np.round(np.exp(log_pay) * usd, 0)
    answers_comp = employed & (rng.random(n) < COMP_ANSWER_SHARE)
    low = np.array([YEARS_CODE_PRO[s][0] for s in seniority])
    high = np.array([YEARS_CODE_PRO[s][1] for s in seniority])
    years = low + np.floor(rng.random(n) * (high - low + 1)).astype(np.int64)
    remote_draw = rng.choice(len(REMOTE_WORK), size=n, p=REMOTE_WORK_PROBS)
    remote = np.where(world.place_attr("is_remote", bool)[place], 0, remote_draw)
    skips_tech = rng.random(n) < SKIP_TECH_SHARE
    return pl.DataFrame(
        {
            "row": np.arange(n, dtype=np.int64),
            "country": countries.tolist(),
            "role": np.asarray(ROLES, dtype=object)[role].tolist(),
            "years": years,
            "employment": np.asarray(emp_names, dtype=object)[employment].tolist(),
            "remote": np.asarray(REMOTE_WORK, dtype=object)[remote].tolist(),
            "comp": pl.Series(comp).zip_with(
                pl.Series(answers_comp), pl.Series([None] * n, dtype=pl.Float64)
            ),
            "skips_tech": skips_tech,
        }
    ), skills


def tech_answers(world: World, skills: np.ndarray, skips: np.ndarray) -> pl.DataFrame:
    """row -> one ';'-joined answer per 2025 technology column (null when none)."""
    names = survey_names()
    ids = list(world.model.ids)
    mapped = mapped_skills(world)
    cols = np.array([ids.index(s) for s in mapped])
    rows, which = np.nonzero(skills[:, cols] & ~skips[:, None])
    tech_columns = survey_columns()["tech_columns"]
    long = pl.DataFrame(
        {
            "row": rows.astype(np.int64),
            "column": np.asarray([SURVEY_COLUMN[s] for s in mapped], dtype=object)[which].tolist(),
            "name": np.asarray([names[s] for s in mapped], dtype=object)[which].tolist(),
        },
        schema={"row": pl.Int64, "column": pl.String, "name": pl.String},
    )
    out = pl.DataFrame({"row": np.arange(len(skills), dtype=np.int64)})
    for column in tech_columns:
        part = (
            long.filter(pl.col("column") == column)
            .group_by("row", maintain_order=True)
            .agg(pl.col("name").str.join(";").alias(column))
        )
        out = out.join(part, on="row", how="left", maintain_order="left")
    return out


def survey_csv(world: World, n: int) -> tuple[bytes, pl.DataFrame]:
    """The survey CSV bytes and the respondents frame (for the truth)."""
    cols = survey_columns()
    people, skills = draw_respondents(world, n)
    answers = tech_answers(world, skills, people["skips_tech"].to_numpy())
    people = people.join(answers, on="row", how="left", maintain_order="left").with_columns(
        pl.any_horizontal(pl.col(c).is_not_null() for c in cols["tech_columns"]).alias("answered")
    )
    frame = people.select(
        (pl.col("row") + 1).cast(pl.String).alias(cols["response_id"]),
        pl.col("employment").alias(cols["employment"]),
        pl.col("remote").alias("RemoteWork"),
        pl.col("years").cast(pl.String).alias("YearsCodePro"),
        pl.col("role").replace_strict(DEV_TYPES).alias(cols["dev_type"]),
        pl.col("country").replace_strict(COUNTRY_NAMES).alias(cols["country"]),
        *(pl.col(c) for c in cols["tech_columns"]),
        pl.col("comp").cast(pl.Int64).cast(pl.String).alias(cols["comp_usd"]),
    )
    buffer = io.BytesIO()
    frame.write_csv(buffer, null_value="NA")
    return buffer.getvalue(), people.select(
        "row", "country", "role", "employment", "comp", "skips_tech", "answered"
    )


def simulate_survey(world: World) -> SampleSurvey:
    """The survey file's bytes and its planted truth (params.json key "survey")."""
    n = n_respondents_for(world.n_postings)
    data, people = survey_csv(world, n)
    us = people.filter(pl.col("country") == "US")
    truth = {
        "survey_year": SURVEY_YEAR,
        "n_respondents": n,
        "n_us_respondents": us.height,
        "n_us_answered": int(us["answered"].sum()),
        "raw_file": f"{SURVEY_SOURCE}/{world.months[-1].crawl_date.isoformat()}/{SURVEY_FILE}",
        "us_prevalence_pct": planted_us_prevalence(world),
        "prevalence_definition": (
            "expected % naming the skill among US respondents who answered the technology "
            "questions, i.e. named at least one mapped technology (the parser's denominator; "
            "n_us_answered); respondents are drawn like talent-pool candidates at the last "
            f"month, and skipping the technology questions ({SKIP_TECH_SHARE:.0%}) is "
            "independent of skills"
        ),
        "dev_types": DEV_TYPES,
        "usd_per_unit": USD_PER_UNIT,
        "comp_answer_share_of_employed": COMP_ANSWER_SHARE,
        "skip_tech_share": SKIP_TECH_SHARE,
    }
    return SampleSurvey(csv=data, truth=truth)


def _owned(directory: Path) -> bool:
    return (directory / MARKER_FILE).is_file()


def check_survey_target(raw_root: Path, snapshot: str) -> None:
    """Refuse to replace a survey file of the same name the simulator did not write."""
    directory = raw_root / SURVEY_SOURCE / snapshot
    if (directory / SURVEY_FILE).exists() and not _owned(directory):
        raise SurveyError(
            f"{directory / SURVEY_FILE}: exists without {MARKER_FILE}; not replacing a survey "
            "file the simulator did not write"
        )


def install_survey(raw_root: Path, snapshot: str, survey: SampleSurvey, seed: int) -> Path:
    """Write the survey where the build reads it, removing earlier simulated copies."""
    check_survey_target(raw_root, snapshot)
    base = raw_root / SURVEY_SOURCE
    target_dir = base / snapshot
    if base.is_dir():
        for directory in sorted(p for p in base.iterdir() if p.is_dir() and _owned(p)):
            if directory == target_dir:
                continue
            (directory / SURVEY_FILE).unlink(missing_ok=True)
            (directory / MARKER_FILE).unlink()
            if not any(directory.iterdir()):
                directory.rmdir()
    target_dir.mkdir(parents=True, exist_ok=True)
    marker = {
        "generator": "skillmarket sample market",
        "seed": seed,
        "file": SURVEY_FILE,
        "note": "simulated survey, not Stack Overflow data; truth in sample/truth/params.json",
    }
    (target_dir / MARKER_FILE).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
    target = target_dir / SURVEY_FILE
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    tmp.write_bytes(survey.csv)
    tmp.replace(target)
    return target
