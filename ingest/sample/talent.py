"""The simulated talent pool (`talent_pool.csv`) and the planted demand-to-supply table.

Candidates live in cities (more of them in India and outside the US hubs than postings are),
have a role family, a level, and skills drawn from the same skill model as postings at the last
month, except that GenAI skills lag demand: a candidate's GenAI probability is the posting
probability times SUPPLY_GENAI_FACTOR of the place group (0.22 in the US hubs, 1.0 in India).
A candidate is available when open to work and updated within the last AVAILABILITY_DAYS.

Planted demand / supply (metrics.md): demand D = expected new canonical postings naming the skill
(or in the role family) in the place over the last three months of the run; supply S = expected
available candidates with it there; ratio = D / S. All three are computed from the planted rates
(exact expectations over role x seniority x place x company GenAI appetite), never from draws.

May import: the standard library, numpy, polars, and `ingest.sample` modules.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from ingest.sample.companies import GENAI_LEVELS
from ingest.sample.market import FORCED_SKILLS, World, draw_skills, genai_grid
from ingest.sample.places import SUPPLY_GENAI_FACTOR, candidate_place_weights
from ingest.sample.skillmodel import (
    GENAI_ROLE_LOGODDS,
    GENAI_SENIORITY_LOGODDS,
    SENIORITY_PROBS,
    role_probs,
    sigmoid,
)
from ingest.sample.vocab import ROLES, SENIORITIES

CANDIDATES_PER_POSTING = 0.8
CANDIDATE_SENIORITY_PROBS = np.array([0.03, 0.25, 0.35, 0.25, 0.07, 0.05])
OPEN_TO_WORK_SHARE = 0.3
UPDATED_WITHIN_DAYS = 365
AVAILABILITY_DAYS = 90
WINDOW_MONTHS = 3
CHUNK = 20_000
TALENT_COLUMNS = (
    "candidate_id",
    "skills",
    "city",
    "region",
    "country",
    "role_family",
    "seniority",
    "open_to_work",
    "updated_date",
)


def n_candidates_for(n_postings: int) -> int:
    return max(1, round(CANDIDATES_PER_POSTING * n_postings))


def supply_factor(world: World) -> np.ndarray:
    return np.array([SUPPLY_GENAI_FACTOR[p.genai_group] for p in world.places])


def candidate_skills(
    world: World,
    rng: np.random.Generator,
    role: np.ndarray,
    seniority: np.ndarray,
    place: np.ndarray,
    x: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(n, S) skill indicators of n people of the talent side (candidates, survey
    respondents) and whether each has GenAI skills: a GenAI appetite level by country, GenAI
    skills at the pool's lag, and skills from the market's skill model."""
    n = len(place)
    level = np.zeros(n, dtype=np.int64)
    countries = world.place_country[place]
    for country in sorted(set(countries.tolist())):
        mask = countries == country
        level[mask] = rng.choice(
            len(GENAI_LEVELS), size=int(mask.sum()), p=world.level_probs[country]
        )
    logodds = (
        world.offsets[-1]
        + GENAI_ROLE_LOGODDS[role]
        + GENAI_SENIORITY_LOGODDS[seniority]
        + world.place_genai_logodds[place]
        + GENAI_LEVELS[level]
    )
    has_genai = rng.random(n) < sigmoid(logodds) * supply_factor(world)[place]
    return draw_skills(world, rng, role, seniority, has_genai, x), has_genai


def candidate_chunk(world: World, start: int, size: int, chunk_index: int) -> pl.DataFrame:
    """Candidates start .. start+size-1, drawn vectorized."""
    rng = np.random.default_rng(np.random.SeedSequence(world.seed, spawn_key=(3, chunk_index)))
    last = world.months[-1]
    x = float(last.trend_x)
    place = rng.choice(len(world.places), size=size, p=candidate_place_weights(world.places))
    role = rng.choice(len(ROLES), size=size, p=role_probs(x))
    seniority = rng.choice(len(SENIORITIES), size=size, p=CANDIDATE_SENIORITY_PROBS)
    countries = world.place_country[place]
    skills, _ = candidate_skills(world, rng, role, seniority, place, x)
    rows, cols = np.nonzero(skills)
    ids = np.asarray(world.model.ids, dtype=object)
    skill_frame = (
        pl.DataFrame(
            {"row": rows.astype(np.int64), "skill": ids[cols].tolist()},
            schema={"row": pl.Int64, "skill": pl.String},
        )
        .group_by("row", maintain_order=True)
        .agg(pl.col("skill").str.join(";"))
    )
    updated = np.datetime64(last.crawl_date.isoformat(), "D") - rng.integers(
        0, UPDATED_WITHIN_DAYS, size
    ).astype("timedelta64[D]")
    frame = pl.DataFrame(
        {
            "row": np.arange(size, dtype=np.int64),
            "candidate_id": [f"cand{world.seed}-{start + i:07d}" for i in range(size)],
            "city": world.place_attr("city", object)[place].tolist(),
            "region": [r or "" for r in world.place_attr("region", object)[place].tolist()],
            "country": countries.tolist(),
            "role_family": np.asarray(ROLES, dtype=object)[role].tolist(),
            "seniority": np.asarray(SENIORITIES, dtype=object)[seniority].tolist(),
            "open_to_work": rng.random(size) < OPEN_TO_WORK_SHARE,
            "updated_date": pl.Series(updated),
        }
    )
    return (
        frame.join(skill_frame, on="row", how="left")
        .with_columns(pl.col("skill").fill_null("").alias("skills"))
        .select(TALENT_COLUMNS)
    )


def write_talent_pool(world: World, path: Path) -> int:
    """Stream the talent pool CSV in chunks; returns the number of candidates."""
    total = n_candidates_for(world.n_postings)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for index, start in enumerate(range(0, total, CHUNK)):
            chunk = candidate_chunk(world, start, min(CHUNK, total - start), index)
            chunk.write_csv(handle, include_header=index == 0, date_format="%Y-%m-%d")
    return total


# ---------------------------------------------------------------- planted demand / supply


def skill_probabilities(world: World, x: float, genai_probability: np.ndarray) -> np.ndarray:
    """P(skill | cell) over the (R, 6, P, L) grid -> (R, 6, P, L, S), from planted rates."""
    model = world.model
    nongenai = model.expected_nongenai(x)  # (R, S)
    per_level = np.broadcast_to(
        nongenai[:, None, :], (len(ROLES), len(SENIORITIES), len(model.ids))
    ).copy()
    for (role_name, level), skills in FORCED_SKILLS.items():
        for skill in skills:
            per_level[ROLES.index(role_name), SENIORITIES.index(level), model.ids.index(skill)] = (
                1.0
            )
    given_genai = model.expected_given_genai(x)  # (S,)
    absent = (1.0 - per_level[:, :, None, None, :]) * (
        1.0 - genai_probability[..., None] * given_genai
    )
    return 1.0 - absent


def place_groups(world: World) -> dict[str, np.ndarray]:
    """Place key -> mask over planted places: each US metro, "US", and every other country."""
    groups: dict[str, np.ndarray] = {}
    metros = sorted({p.metro_code for p in world.places if p.metro_code})
    for metro in metros:
        groups[metro] = np.array([p.metro_code == metro for p in world.places])
    for country in sorted({p.country for p in world.places}):
        groups[country] = world.place_country == country
    return groups


def expected_counts(
    world: World,
    k: int,
    volume: float,
    place_weights: np.ndarray,
    seniority_probs: np.ndarray,
    genai_scale: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected counts by place of (skills (P, S), any GenAI (P,), role families (P, R)) among
    `volume` postings (or candidates) of month k."""
    x = float(world.months[k].trend_x)
    lo, _ = genai_grid(world.places, world.place_w, world.place_genai_logodds, world.level_probs, x)
    level_by_place = np.array([world.level_probs[p.country] for p in world.places])
    weight = (
        role_probs(x)[:, None, None, None]
        * seniority_probs[None, :, None, None]
        * place_weights[None, None, :, None]
        * level_by_place[None, None, :, :]
    ) * volume
    p_genai = sigmoid(world.offsets[k] + lo) * genai_scale[None, None, :, None]
    probs = skill_probabilities(world, x, p_genai)
    skills = np.einsum("rnpl,rnplk->pk", weight, probs)
    genai = np.einsum("rnpl,rnpl->p", weight, p_genai)
    roles = np.einsum("rnpl->pr", weight)
    return skills, genai, roles


def planted_demand_supply(world: World) -> dict[str, Any]:
    """The planted D, S and D/S per (skill | genai | role family) x place key."""
    k_window = list(range(max(0, len(world.months) - WINDOW_MONTHS), len(world.months)))
    ones = np.ones(len(world.places))
    demand_s = np.zeros((len(world.places), len(world.model.ids)))
    demand_g = np.zeros(len(world.places))
    demand_r = np.zeros((len(world.places), len(ROLES)))
    for k in k_window:
        s, g, r = expected_counts(
            world, k, float(world.expected_volumes[k]), world.place_w, SENIORITY_PROBS, ones
        )
        demand_s += s
        demand_g += g
        demand_r += r
    availability = OPEN_TO_WORK_SHARE * AVAILABILITY_DAYS / UPDATED_WITHIN_DAYS
    supply_volume = n_candidates_for(world.n_postings) * availability
    supply_s, supply_g, supply_r = expected_counts(
        world,
        len(world.months) - 1,
        supply_volume,
        candidate_place_weights(world.places),
        CANDIDATE_SENIORITY_PROBS,
        supply_factor(world),
    )
    demand: dict[str, float] = {}
    supply: dict[str, float] = {}
    ratio: dict[str, float] = {}
    names = [*world.model.ids, "genai", *(f"role:{r}" for r in ROLES)]
    for key, mask in place_groups(world).items():
        d = np.concatenate([demand_s[mask].sum(0), [demand_g[mask].sum()], demand_r[mask].sum(0)])
        s = np.concatenate([supply_s[mask].sum(0), [supply_g[mask].sum()], supply_r[mask].sum(0)])
        for name, dv, sv in zip(names, d, s, strict=True):
            if sv <= 0 or dv <= 0:
                continue
            entry = f"{name}@{key}"
            demand[entry] = round(float(dv), 3)
            supply[entry] = round(float(sv), 3)
            ratio[entry] = round(float(dv / sv), 4)
    first = world.months[k_window[0]]
    return {
        "keys": (
            "'<what>@<place>': <what> is a skill id, 'genai' (names any GenAI skill) or "
            "'role:<role_family>'; <place> is a 7-digit OEWS metro code (US metros), 'US' (all "
            "US postings incl. remote) or an ISO2 country code"
        ),
        "demand_definition": (
            "expected new canonical postings (originals, duplicates excluded) posted in the window "
            "naming the skill / in the role family, in the place"
        ),
        "supply_definition": (
            "expected talent-pool candidates in the place with the skill / role family who are "
            f"open_to_work and updated within {AVAILABILITY_DAYS} days of the last crawl date"
        ),
        "window_start": first.first_day.isoformat(),
        "window_end": world.months[-1].crawl_date.isoformat(),
        "window_months": len(k_window),
        "candidate_availability_share": round(availability, 6),
        "supply_genai_factor": SUPPLY_GENAI_FACTOR,
        "expected_demand": demand,
        "expected_supply": supply,
        "ratio": ratio,
    }


def updated_cutoff(world: World) -> str:
    return (world.months[-1].crawl_date - timedelta(days=AVAILABILITY_DAYS)).isoformat()
