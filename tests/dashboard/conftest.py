"""Fixtures: a tiny synthetic published snapshot (marts + manifest) under a temporary home.

The snapshot is small but internally consistent: 24 months, 2 countries, 2 role families and
their "all" totals, five skills plus the pseudo-skill genai, premiums with a suppressed row, and
pay-band cells including a rolled-up and a suppressed one. Tests derive their expectations from
the frames kept on `SyntheticSnapshot`, never from the code under test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl
import pytest

COUNTRIES = ("US", "IN")
ROLE_FAMILIES = ("ml_engineer", "data_scientist")
# skill_id -> (name, category, is_genai, share at month 0, change in share per month)
SKILLS: dict[str, tuple[str, str, bool, float, float]] = {
    "python": ("Python", "language", False, 0.60, 0.0),
    "pytorch": ("PyTorch", "framework", False, 0.20, 0.005),
    "tensorflow": ("TensorFlow", "framework", False, 0.30, -0.006),
    "llm": ("Large language models", "genai", True, 0.05, 0.010),
    "rag": ("Retrieval-augmented generation", "genai", True, 0.01, 0.004),
}
# postings per month in a role family x country at month 0, and added per month
BASE_POSTINGS = {
    ("ml_engineer", "US"): (300, 6),
    ("ml_engineer", "IN"): (120, 4),
    ("data_scientist", "US"): (200, -2),
    ("data_scientist", "IN"): (90, 1),
}
Z95 = 1.959963984540054


@dataclass
class SyntheticSnapshot:
    """A published snapshot written for a test, with the frames it was written from."""

    home: Path
    directory: Path
    build_id: str
    manifest: dict[str, object]
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)

    @property
    def demand(self) -> pl.DataFrame:
        return self.frames["out_skill_demand_monthly"]

    @property
    def pay_bands(self) -> pl.DataFrame:
        return self.frames["out_pay_bands"]

    @property
    def premiums(self) -> pl.DataFrame:
        return self.frames["out_skill_premiums"]


def wilson_bounds(successes: pl.Expr, trials: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """Wilson 95% interval of a proportion, in percent."""
    p = successes / trials
    denominator = 1 + Z95**2 / trials
    centre = (p + Z95**2 / (2 * trials)) / denominator
    half = Z95 * ((p * (1 - p) / trials + Z95**2 / (4 * trials**2)).sqrt()) / denominator
    return 100 * (centre - half), 100 * (centre + half)


def demand_frame(n_months: int = 24, first_month: date = date(2024, 11, 1)) -> pl.DataFrame:
    """out_skill_demand_monthly for every role family x country slice and their totals."""
    months = pl.date_range(
        first_month,
        pl.Series([first_month]).dt.offset_by(f"{n_months - 1}mo")[0],
        "1mo",
        eager=True,
    )
    cells = pl.DataFrame(
        [
            {"role_family": role, "country": country, "base": base, "growth": growth}
            for (role, country), (base, growth) in BASE_POSTINGS.items()
        ]
    )
    grid = (
        pl.DataFrame({"month": months})
        .with_row_index("t")
        .join(cells, how="cross")
        .with_columns(n_postings=(pl.col("base") + pl.col("growth") * pl.col("t")).cast(pl.Int64))
    )
    skills = pl.DataFrame(
        [
            {"skill_id": skill, "start": start, "slope": slope}
            for skill, (_, _, _, start, slope) in SKILLS.items()
        ]
    )
    per_skill = grid.join(skills, how="cross").with_columns(
        n_with_skill=(
            pl.col("n_postings") * (pl.col("start") + pl.col("slope") * pl.col("t")).clip(0, 1)
        )
        .floor()
        .cast(pl.Int64)
    )
    # A posting counts toward genai if it names any GenAI skill: here llm plus half of rag.
    genai = (
        per_skill.filter(pl.col("skill_id").is_in(["llm", "rag"]))
        .group_by("month", "role_family", "country", "n_postings")
        .agg(
            n_with_skill=(
                pl.col("n_with_skill").filter(pl.col("skill_id") == "llm").sum()
                + pl.col("n_with_skill").filter(pl.col("skill_id") == "rag").sum() // 2
            )
        )
        .with_columns(skill_id=pl.lit("genai"))
    )
    concrete = pl.concat(
        [
            per_skill.select(
                "month", "skill_id", "role_family", "country", "n_postings", "n_with_skill"
            ),
            genai.select(
                "month", "skill_id", "role_family", "country", "n_postings", "n_with_skill"
            ),
        ]
    )
    keys = ["month", "skill_id"]
    totals = [
        concrete.group_by([*keys, *group])
        .agg(pl.col("n_postings").sum(), pl.col("n_with_skill").sum())
        .with_columns(
            **{
                column: pl.lit("all")
                for column in ("role_family", "country")
                if column not in group
            }
        )
        for group in (["role_family"], ["country"], [])
    ]
    columns = ["month", "skill_id", "role_family", "country", "n_postings", "n_with_skill"]
    every_slice = pl.concat([concrete, *(frame.select(columns) for frame in totals)])
    lo, hi = wilson_bounds(pl.col("n_with_skill"), pl.col("n_postings"))
    return every_slice.with_columns(
        share_pct=100 * pl.col("n_with_skill") / pl.col("n_postings"), share_lo=lo, share_hi=hi
    ).sort("role_family", "country", "skill_id", "month")


def skills_frame() -> pl.DataFrame:
    return pl.DataFrame(
        [
            {"skill_id": skill, "name": name, "category": category, "is_genai": is_genai}
            for skill, (name, category, is_genai, _, _) in SKILLS.items()
        ]
    )


def premiums_frame() -> pl.DataFrame:
    rows = [
        ("genai", "all", 18.0, 12.0, 24.0, 30.0, 500, 1500, 120, False, None),
        ("python", "all", 2.0, -1.0, 5.0, 4.0, 1200, 800, 150, False, None),
        ("pytorch", "all", 9.0, 4.0, 14.0, 12.0, 400, 1600, 110, False, None),
        (
            "rag",
            "all",
            None,
            None,
            None,
            25.0,
            12,
            1988,
            6,
            True,
            "fewer than 30 postings with the skill",
        ),
        ("genai", "role_family=ml_engineer", 15.0, 8.0, 22.0, 21.0, 300, 600, 80, False, None),
        ("genai", "country=US", 16.0, 9.0, 23.0, 26.0, 350, 900, 90, False, None),
    ]
    columns = [
        "skill_id",
        "segment",
        "premium_adj_pct",
        "premium_adj_lo",
        "premium_adj_hi",
        "raw_gap_pct",
        "n_with",
        "n_without",
        "n_companies",
        "is_suppressed",
        "suppressed_reason",
    ]
    return pl.DataFrame(rows, schema=columns, orient="row").with_columns(
        pl.col("n_with", "n_without", "n_companies").cast(pl.Int64),
        pl.col("suppressed_reason").cast(pl.String),
    )


PAY_COLUMNS = [
    "role_family",
    "seniority",
    "place_level",
    "place_id",
    "place_name",
    "currency",
    "p10",
    "p25",
    "p50",
    "p75",
    "p90",
    "p50_usd",
    "n_postings",
    "n_companies",
    "is_suppressed",
    "rollup_level",
]
SF_METRO = "0041860"
NY_METRO = "0035620"


def pay_bands_frame() -> pl.DataFrame:
    ca = (150_000.0, 175_000.0, 200_000.0, 240_000.0, 290_000.0)
    rows = [
        (
            "ml_engineer",
            "senior",
            "all",
            "all",
            "All places",
            "USD",
            120_000.0,
            150_000.0,
            180_000.0,
            220_000.0,
            260_000.0,
            180_000.0,
            400,
            60,
            False,
            "all",
        ),
        (
            "ml_engineer",
            "senior",
            "country",
            "US",
            "United States",
            "USD",
            130_000.0,
            160_000.0,
            190_000.0,
            230_000.0,
            270_000.0,
            190_000.0,
            300,
            45,
            False,
            "country",
        ),
        (
            "ml_engineer",
            "senior",
            "state",
            "US-CA",
            "California",
            "USD",
            *ca,
            200_000.0,
            120,
            25,
            False,
            "state",
        ),
        # Too few postings in the metro: the cell shows California's data, its own counts.
        (
            "ml_engineer",
            "senior",
            "metro",
            SF_METRO,
            "San Francisco-Oakland-Hayward, CA",
            "USD",
            *ca,
            200_000.0,
            8,
            3,
            False,
            "state",
        ),
        (
            "ml_engineer",
            "mid",
            "country",
            "IN",
            "India",
            "INR",
            1_200_000.0,
            1_600_000.0,
            2_000_000.0,
            2_600_000.0,
            3_200_000.0,
            24_000.0,
            80,
            20,
            False,
            "country",
        ),
        (
            "data_scientist",
            "mid",
            "all",
            "all",
            "All places",
            "USD",
            90_000.0,
            110_000.0,
            130_000.0,
            150_000.0,
            175_000.0,
            130_000.0,
            250,
            40,
            False,
            "all",
        ),
        # Too few postings at every level of this cell: suppressed (no level shown, as the
        # build writes it: rollup_level null).
        (
            "data_scientist",
            "mid",
            "metro",
            NY_METRO,
            "New York-Newark-Jersey City, NY-NJ-PA",
            "USD",
            None,
            None,
            None,
            None,
            None,
            None,
            4,
            2,
            True,
            None,
        ),
    ]
    return pl.DataFrame(rows, schema=PAY_COLUMNS, orient="row").with_columns(
        pl.col("p10", "p25", "p50", "p75", "p90", "p50_usd").cast(pl.Float64),
        pl.col("n_postings", "n_companies").cast(pl.Int64),
    )


def demand_supply_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "skill_id": ["llm", "python"],
            "place_id": ["US", "US"],
            "window_end": [date(2026, 10, 31), date(2026, 10, 31)],
            "demand_n": [400, 900],
            "supply_n": [200, 1800],
            "supply_source": ["talent_pool", "talent_pool"],
            "ratio": [2.0, 0.5],
            "ratio_lo": [1.7, 0.46],
            "ratio_hi": [2.4, 0.54],
        }
    )


# --------------------------------------------------------------------------- postings-level marts

SCRIPT_TITLE = '<script>alert("x")</script> ML Engineer'
SCRIPT_COMPANY = "<b>Bold</b> & Co"
BAD_URL = "javascript:alert(1)"
POSTING_SKILLS = ("python", "pytorch", "tensorflow", "llm", "rag", "sql")
# role family -> probability that a posting names each skill in POSTING_SKILLS
SKILL_PROBABILITIES = {
    "ml_engineer": (0.9, 0.6, 0.3, 0.4, 0.2, 0.3),
    "data_scientist": (0.8, 0.2, 0.2, 0.2, 0.1, 0.7),
}


def core_postings_frames(n: int = 400, seed: int = 11) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Core-like postings (12 months to Oct 2026, two roles, US/IN, every seniority and two
    sources) and their skills, drawn with a seeded generator. Posting 0 carries HTML-like text
    and a javascript: link."""
    import random

    rng = random.Random(seed)
    postings, skills = [], []
    for index in range(n):
        role = "ml_engineer" if index % 3 else "data_scientist"
        country = "US" if index % 4 else "IN"
        month = 11 + index % 12
        posted = date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1 + index % 27)
        posting_id = f"p{index:04d}"
        postings.append(
            {
                "posting_id": posting_id,
                "title": SCRIPT_TITLE if index == 0 else f"{role} {index}",
                "company": SCRIPT_COMPANY if index == 0 else f"Company {index % 17}",
                "city": None if index % 10 == 0 else ("Austin" if country == "US" else "Pune"),
                "region": "TX" if country == "US" else "MH",
                "country": country,
                "metro_code": "0012420" if country == "US" else None,
                "is_remote": index % 10 == 0,
                "posted_date": posted,
                "role_family": role,
                "seniority": ("entry", "mid", "senior", "staff")[index % 4],
                "source": "ashby" if index % 2 else "lever",
                "url": BAD_URL if index == 0 else f"https://jobs.example.org/{posting_id}",
            }
        )
        for skill, probability in zip(POSTING_SKILLS, SKILL_PROBABILITIES[role], strict=True):
            if rng.random() < probability:
                skills.append({"posting_id": posting_id, "skill_id": skill})
    return pl.DataFrame(postings), pl.DataFrame(skills)


def emerging_frame() -> pl.DataFrame:
    """out_emerging_skills for the all x all slice and ml_engineer x all."""
    rows = [
        # skill, role, country, n_with, n, share, lo, hi, n_ago_with, n_ago, share_ago,
        # change, ratio, momentum, suppressed, direction, rank
        (
            "llm",
            "all",
            "all",
            300,
            2000,
            15.0,
            13.5,
            16.6,
            160,
            2000,
            8.0,
            7.0,
            1.875,
            0.05,
            False,
            "rising",
            1,
        ),
        (
            "rag",
            "all",
            "all",
            120,
            2000,
            6.0,
            5.0,
            7.1,
            60,
            2000,
            3.0,
            3.0,
            2.0,
            0.04,
            False,
            "rising",
            2,
        ),
        (
            "tensorflow",
            "all",
            "all",
            400,
            2000,
            20.0,
            18.3,
            21.8,
            560,
            2000,
            28.0,
            -8.0,
            0.71,
            -0.03,
            False,
            "declining",
            1,
        ),
        (
            "python",
            "all",
            "all",
            1200,
            2000,
            60.0,
            57.8,
            62.1,
            1190,
            2000,
            59.5,
            0.5,
            1.01,
            0.0,
            False,
            "flat",
            1,
        ),
        (
            "pytorch",
            "all",
            "all",
            20,
            2000,
            1.0,
            0.6,
            1.5,
            None,
            None,
            None,
            None,
            None,
            None,
            True,
            None,
            None,
        ),
        (
            "llm",
            "ml_engineer",
            "all",
            200,
            1000,
            20.0,
            17.6,
            22.6,
            100,
            1000,
            10.0,
            10.0,
            2.0,
            0.06,
            False,
            "rising",
            1,
        ),
    ]
    columns = [
        "skill_id",
        "role_family",
        "country",
        "n_recent_with",
        "n_recent",
        "share_recent_pct",
        "share_recent_lo",
        "share_recent_hi",
        "n_year_ago_with",
        "n_year_ago",
        "share_year_ago_pct",
        "yoy_change_pts",
        "yoy_ratio",
        "momentum",
        "is_suppressed",
        "direction",
        "rank",
    ]
    return pl.DataFrame(rows, schema=columns, orient="row").with_columns(
        pl.col("n_recent_with", "n_recent", "n_year_ago_with", "n_year_ago", "rank").cast(pl.Int64),
        pl.col("share_year_ago_pct", "yoy_change_pts", "yoy_ratio", "momentum").cast(pl.Float64),
        pl.col("direction").cast(pl.String),
        window_start=pl.lit(date(2026, 8, 1)),
        window_end=pl.lit(date(2026, 10, 1)),
    )


def advisor_frames(
    postings: pl.DataFrame, posting_skills: pl.DataFrame, min_postings: int = 10
) -> pl.DataFrame:
    """out_skill_advisor built by the analytics code itself from the core-like postings, with
    role momentum from a small emerging frame and premiums from the conftest premiums."""
    from analytics.marts.advisor import out_skill_advisor

    emerging = pl.DataFrame(
        {
            "skill_id": ["llm", "rag", "sql"],
            "role_family": ["ml_engineer"] * 3,
            "country": ["all"] * 3,
            "momentum": [0.05, 0.02, -0.01],
            "yoy_change_pts": [6.0, 2.0, -1.0],
        }
    )
    return out_skill_advisor(
        postings,
        posting_skills,
        frozenset({"llm", "rag"}),
        emerging,
        premiums_frame(),
        min_postings=min_postings,
    )


def claims_frame() -> pl.DataFrame:
    rows = [
        (
            1,
            "GenAI premium",
            "+40% to +60%",
            "a guide",
            "adjusted GenAI premium",
            18.0,
            12.0,
            24.0,
            "%",
            500,
            "lower",
            "",
        ),
        (
            2,
            "Python share",
            "about 60%",
            "a survey",
            "share naming python",
            61.0,
            59.0,
            63.0,
            "%",
            2000,
            "consistent",
            "",
        ),
        (
            3,
            "Average pay",
            "$150,000",
            "a report",
            "mean advertised pay",
            190000.0,
            185000.0,
            195000.0,
            "USD / year",
            300,
            "higher",
            "advertised pay <b>only</b>",
        ),
        (
            4,
            "Total comp",
            "$200,000",
            "a report",
            "total compensation",
            None,
            None,
            None,
            "USD / year",
            0,
            "not measurable",
            "no estimate in the data",
        ),
    ]
    columns = [
        "claim_id",
        "claim",
        "figure",
        "source",
        "measure",
        "value",
        "value_lo",
        "value_hi",
        "unit",
        "n",
        "verdict",
        "note",
    ]
    return pl.DataFrame(rows, schema=columns, orient="row").with_columns(
        pl.col("claim_id", "n").cast(pl.Int64),
        pl.col("value", "value_lo", "value_hi").cast(pl.Float64),
    )


def snapshot_frames(n_months: int = 24) -> dict[str, pl.DataFrame]:
    from analytics.marts.postings_index import out_postings

    postings, posting_skills = core_postings_frames()
    return {
        "out_skill_demand_monthly": demand_frame(n_months),
        "out_skill_premiums": premiums_frame(),
        "out_pay_bands": pay_bands_frame(),
        "out_demand_supply": demand_supply_frame(),
        "skills": skills_frame(),
        "out_emerging_skills": emerging_frame(),
        "out_skill_advisor": advisor_frames(postings, posting_skills),
        "out_claims": claims_frame(),
        "out_postings": out_postings(postings, posting_skills),
    }


def manifest_for(build_id: str, frames: dict[str, pl.DataFrame]) -> dict[str, object]:
    return {
        "build_id": build_id,
        "built_at": "2026-11-02T08:30:00+00:00",
        "code_version": "0.1.0+test",
        "is_sample": True,
        "data_label": "Sample data: simulated market",
        "sources": [
            {"name": "Sample market", "license": "CC0-1.0", "retrieved": "2026-11-01"},
            {"name": "FX monthly table", "license": "CC-BY-4.0", "retrieved": "2026-10-31"},
        ],
        "marts": {
            name: {"rows": frame.height, "grain": f"test grain of {name}", "columns": {}}
            for name, frame in frames.items()
        },
        "fx_table_date": "2026-10-31",
        "counts": {
            "source_records": 25_000,
            "canonical_postings": 19_524,
            "dedup_rate": 0.219,
            "quarantined": 37,
        },
    }


def write_snapshot(
    home: Path,
    build_id: str,
    frames: dict[str, pl.DataFrame],
    manifest: dict[str, object] | None = None,
    *,
    as_symlink: bool = True,
) -> Path:
    """Write a build under home/curated/<build_id>/ and publish it as curated/current."""
    curated = home / "curated"
    directory = curated / build_id if as_symlink else curated / "current"
    directory.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        frame.write_parquet(directory / f"{name}.parquet")
    manifest = manifest if manifest is not None else manifest_for(build_id, frames)
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    if as_symlink:
        link = curated / "current"
        staging = curated / "current.tmp"
        staging.unlink(missing_ok=True)
        staging.symlink_to(build_id, target_is_directory=True)
        os.replace(staging, link)  # switch atomically, as the publish step does
    return directory


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SKILLMARKET_HOME with nothing published."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("SKILLMARKET_HOME", str(home))
    return home


@pytest.fixture
def snapshot(empty_home: Path) -> Iterator[SyntheticSnapshot]:
    """A synthetic snapshot published under a fresh SKILLMARKET_HOME."""
    build_id = f"test-{empty_home.parent.name}"
    frames = snapshot_frames()
    directory = write_snapshot(empty_home, build_id, frames)
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    yield SyntheticSnapshot(empty_home, directory, build_id, manifest, frames)
