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


def snapshot_frames(n_months: int = 24) -> dict[str, pl.DataFrame]:
    return {
        "out_skill_demand_monthly": demand_frame(n_months),
        "out_skill_premiums": premiums_frame(),
        "out_pay_bands": pay_bands_frame(),
        "out_demand_supply": demand_supply_frame(),
        "skills": skills_frame(),
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
