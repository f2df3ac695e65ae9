"""The planted market and its monthly draws: the world (places, companies, skill model, pay
tables, monthly volumes, GenAI offsets) and, for each month, the new postings as a Polars frame
of attributes drawn with vectorized numpy (no per-posting Python here), plus the duplicates they
spawn (cross-posts to Hacker News or a JSON-LD career page within days; reposts within 60 days).

May import: the standard library, numpy, polars, pyarrow, and `ingest.sample` modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

from ingest.sample import pay as paymodel
from ingest.sample.companies import (
    GENAI_LEVELS,
    HOME_COUNTRIES,
    SYSTEMS,
    Companies,
    HiringTable,
    build_companies,
    hiring_table,
    n_companies_for,
)
from ingest.sample.places import GENAI_PLACE_LOGODDS, Place, place_weights, planted_places
from ingest.sample.records import stable_int, stable_uuid
from ingest.sample.skillmodel import (
    GENAI_ROLE_LOGODDS,
    GENAI_SENIORITY_LOGODDS,
    ML_ROLE_MASK,
    SENIORITY_PROBS,
    SkillModel,
    draw_genai,
    draw_nongenai,
    genai_target_share,
    role_probs,
    sigmoid,
    skill_model,
    solve_offset,
)
from ingest.sample.vocab import ROLES, SENIORITIES, CrawlMonth, crawl_months

CROSS_POST_RATE = 0.035  # of Ashby / Greenhouse / Lever / JSON-LD originals
REPOST_RATE = 0.02
EXPECTED_DUPLICATE_SHARE = 0.05
CROSS_POST_DAYS = (0, 5)
REPOST_DAYS = (30, 60)
OPEN_DAYS = (14, 70)  # a posting stays open 2-10 weeks (and at least until its month's crawl)
HYBRID_SHARE = 0.2
EQUITY_SHARE = 0.5
STRUCTURED_PAY_SHARE = {"ashby": 0.85, "greenhouse": 0.6, "lever": 0.55, "jsonld": 0.7, "hn": 0.0}
BODY_PAY_WHEN_STRUCTURED = 0.35
MALFORMED_RATE = 0.0015  # per type and record
DELETED_HN_RATE = 0.03
MALFORMED_TYPES = {
    "ashby": ("missing_title", "bad_date", "bad_pay"),
    "greenhouse": ("missing_title", "bad_date", "bad_pay"),
    "lever": ("missing_title", "bad_date", "bad_pay"),
    "jsonld": ("missing_title", "bad_date", "bad_pay"),
    "hn": ("deleted_comment",),
}
FORCED_SKILLS = {("data_scientist", "manager"): ("data_science",)}  # named by every such title
MONTHLY_GROWTH_PER_YEAR = 0.2
HN_THREAD_BASE = 38_000_000
HN_THREAD_STEP = 1_250_000
HN_THREAD_STEP_BEFORE = 400_000
MICROS_PER_DAY = 86_400_000_000
SKILL_DRAW_ROWS = 10_000


@dataclass
class World:
    seed: int
    n_postings: int
    months: list[CrawlMonth]
    places: tuple[Place, ...]
    place_w: np.ndarray
    place_country: np.ndarray
    place_genai_logodds: np.ndarray
    companies: Companies
    hiring: HiringTable
    model: SkillModel
    base: np.ndarray  # (R, 6) USD national levels
    country_level: np.ndarray  # (P, 6)
    pay_shown_p: np.ndarray  # (P,)
    volumes: np.ndarray  # realized originals per month
    expected_volumes: np.ndarray  # planted expectation per month
    offsets: np.ndarray  # GenAI log-odds offset per month
    level_probs: dict[str, np.ndarray]
    forced_done: set[tuple[str, str]] = field(default_factory=set)
    next_rec_no: int = 0

    def place_attr(self, name: str, dtype: type) -> np.ndarray:
        """One attribute of every planted place, as an array indexed by place."""
        return np.array([getattr(p, name) for p in self.places], dtype=dtype)

    @property
    def crawl_dates(self) -> np.ndarray:
        return np.array([m.crawl_date for m in self.months], dtype="datetime64[D]")

    def hn_thread_id(self, k: int) -> int:
        """Thread ids grow ~1.25M a month after 2023-11 (as on HN), 0.4M a month before."""
        x = self.months[k].trend_x
        step = HN_THREAD_STEP if x >= 0 else HN_THREAD_STEP_BEFORE
        return HN_THREAD_BASE + step * x + stable_int(self.seed, "thread", k, digits=3)


def n_originals_for(n_postings: int) -> int:
    return max(1, round(n_postings / (1.0 + EXPECTED_DUPLICATE_SHARE)))


def month_weights(months: list[CrawlMonth]) -> np.ndarray:
    """Planted posting volume by month: growth of 20%/year and a mild seasonality."""
    x = np.array([m.trend_x for m in months], dtype=float)
    month_of_year = np.array([m.month for m in months], dtype=float)
    weights = np.exp(MONTHLY_GROWTH_PER_YEAR * x / 12.0) * (
        1 + 0.06 * np.cos(2 * np.pi * (month_of_year - 3) / 12)
    )
    return weights / weights.sum()


def genai_grid(
    world_places: tuple[Place, ...],
    place_w: np.ndarray,
    place_lo: np.ndarray,
    level_probs: dict[str, np.ndarray],
    x: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(log-odds, weight) over role x seniority x place x company level, for month x."""
    level_by_place = np.array([level_probs[p.country] for p in world_places])  # (P, L)
    lo = (
        GENAI_ROLE_LOGODDS[:, None, None, None]
        + GENAI_SENIORITY_LOGODDS[None, :, None, None]
        + place_lo[None, None, :, None]
        + GENAI_LEVELS[None, None, None, :]
    )
    w = (
        role_probs(x)[:, None, None, None]
        * SENIORITY_PROBS[None, :, None, None]
        * place_w[None, None, :, None]
        * level_by_place[None, None, :, :]
    )
    return lo, w


def month_offset(
    world_places: tuple[Place, ...],
    place_w: np.ndarray,
    place_lo: np.ndarray,
    level_probs: dict[str, np.ndarray],
    x: float,
) -> float:
    """GenAI offset so the expected GenAI share of ML postings equals the S-curve at x."""
    lo, w = genai_grid(world_places, place_w, place_lo, level_probs, x)
    ml = ML_ROLE_MASK
    return solve_offset(lo[ml].ravel(), w[ml].ravel(), float(genai_target_share(x)))


def build_world(seed: int, n_postings: int, end_month: str, months: int) -> World:
    """Everything planted before the first month is drawn."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    calendar = crawl_months(end_month, months)
    places = planted_places()
    place_w = place_weights(places)
    companies = build_companies(rng, n_companies_for(n_postings))
    hiring = hiring_table(companies)
    level_probs = {c: hiring.level_probs(c, companies.genai_level) for c in HOME_COUNTRIES}
    place_lo = np.array([GENAI_PLACE_LOGODDS[p.genai_group] for p in places])
    weights = month_weights(calendar)
    n_orig = n_originals_for(n_postings)
    offsets = np.array(
        [month_offset(places, place_w, place_lo, level_probs, m.trend_x) for m in calendar]
    )
    return World(
        seed=seed,
        n_postings=n_postings,
        months=calendar,
        places=places,
        place_w=place_w,
        place_country=np.array([p.country for p in places]),
        place_genai_logodds=place_lo,
        companies=companies,
        hiring=hiring,
        model=skill_model(),
        base=paymodel.base_table(places),
        country_level=paymodel.country_level_table(places),
        pay_shown_p=paymodel.pay_shown_probability(places),
        volumes=rng.multinomial(n_orig, weights),
        expected_volumes=n_orig * weights,
        offsets=offsets,
        level_probs=level_probs,
    )


def structured_share(source: np.ndarray) -> np.ndarray:
    """Per record, the chance that shown pay sits in a structured field of its source."""
    out = np.zeros(len(source))
    for name, share in STRUCTURED_PAY_SHARE.items():
        out[source == name] = share
    return out


def month_rng(seed: int, k: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1, k)))


def skill_lists(matrix: np.ndarray, ids: tuple[str, ...]) -> pl.Series:
    """Row-wise lists of the skill ids set in a boolean (n, S) matrix (vectorized)."""
    _, cols = np.nonzero(matrix)  # row-major: each row's columns are contiguous
    offsets = np.concatenate([[0], np.cumsum(matrix.sum(axis=1))]).astype(np.int32)
    values = pa.array(np.asarray(ids, dtype=object)[cols].tolist(), type=pa.string())
    return pl.Series("skills", pa.ListArray.from_arrays(pa.array(offsets), values))


def draw_companies(world: World, rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    out = np.zeros(len(country), dtype=np.int64)
    for c in sorted(set(country.tolist())):
        mask = country == c
        out[mask] = world.hiring.draw(c, rng.random(int(mask.sum())))
    return out


def draw_skills(
    world: World,
    rng: np.random.Generator,
    role: np.ndarray,
    seniority: np.ndarray,
    has_genai: np.ndarray,
    x: float,
) -> np.ndarray:
    """(n, S) planted skills, drawn in slices of SKILL_DRAW_ROWS rows to bound memory."""
    present = np.zeros((len(role), len(world.model.ids)), dtype=bool)
    for start in range(0, len(role), SKILL_DRAW_ROWS):
        rows = slice(start, start + SKILL_DRAW_ROWS)
        present[rows] = draw_nongenai(world.model, rng, role[rows], x) | draw_genai(
            world.model, rng, has_genai[rows], x
        )
    for (role_name, level), skills in FORCED_SKILLS.items():
        rows = (role == ROLES.index(role_name)) & (seniority == SENIORITIES.index(level))
        for skill in skills:
            present[rows, world.model.ids.index(skill)] = True
    return present


def posted_times(rng: np.random.Generator, month: CrawlMonth, is_hn: np.ndarray) -> np.ndarray:
    """Publication times spread across the month; HN comments come after the thread opens,
    most of them in its first days."""
    n = len(is_hn)
    day = rng.integers(0, month.n_days, n)
    micros = rng.integers(6 * 3600, 22 * 3600, n) * 1_000_000 + rng.integers(0, 1_000_000, n)
    start = np.datetime64(month.first_day.isoformat(), "us")
    spread = start + (day.astype(np.int64) * MICROS_PER_DAY + micros).astype("timedelta64[us]")
    opens = hn_opening(month)
    last = np.datetime64(month.crawl_date.isoformat(), "us") + np.timedelta64(22, "h")
    after = (rng.exponential(3.0, n) * MICROS_PER_DAY).astype(np.int64).astype("timedelta64[us]")
    return np.where(is_hn, np.minimum(opens + np.timedelta64(5, "m") + after, last), spread)


def hn_opening(month: CrawlMonth) -> np.datetime64:
    return np.datetime64(month.hn_thread_opens.replace(tzinfo=None).isoformat(), "us")


def close_dates(
    rng: np.random.Generator, posted: np.ndarray, crawl: np.datetime64, is_hn: np.ndarray
) -> np.ndarray:
    days = rng.integers(OPEN_DAYS[0], OPEN_DAYS[1] + 1, len(posted)).astype("timedelta64[D]")
    close = posted.astype("datetime64[D]") + days
    close = np.maximum(close, crawl)
    return np.where(is_hn, crawl, close)


def malformed_reasons(
    rng: np.random.Generator, source: np.ndarray, structured: np.ndarray
) -> np.ndarray:
    u = rng.random(len(source))
    reason = np.full(len(source), None, dtype=object)
    ats = source != "hn"
    reason[ats & (u < MALFORMED_RATE)] = "missing_title"
    reason[ats & (u >= MALFORMED_RATE) & (u < 2 * MALFORMED_RATE)] = "bad_date"
    reason[ats & structured & (u >= 2 * MALFORMED_RATE) & (u < 3 * MALFORMED_RATE)] = "bad_pay"
    reason[~ats & (u < DELETED_HN_RATE)] = "deleted_comment"
    return reason


def force_malformed(
    world: World, k: int, frame: pl.DataFrame, rng: np.random.Generator
) -> pl.DataFrame:
    """Make sure every source shows every planted malformation at least once (from month 2 on)."""
    for source, reason in frame.select("source", "malformed").drop_nulls().iter_rows():
        world.forced_done.add((source, reason))
    if k < min(2, len(world.months) - 1):
        return frame
    reasons = frame["malformed"].to_numpy().copy()
    source = frame["source"].to_numpy()
    structured = frame["pay_structured"].to_numpy()
    for src, types in MALFORMED_TYPES.items():
        for reason in types:
            if (src, reason) in world.forced_done:
                continue
            eligible = (source == src) & (reasons == None)  # noqa: E711 - object array
            if reason == "bad_pay":
                eligible &= structured
            candidates = np.flatnonzero(eligible)
            if len(candidates):
                reasons[candidates[rng.integers(0, len(candidates))]] = reason
                world.forced_done.add((src, reason))
    return frame.with_columns(pl.Series("malformed", reasons.tolist(), dtype=pl.String))


def source_posting_ids(world: World, source: np.ndarray, rec_no: np.ndarray) -> list[str]:
    """Ids as each source writes them (HN ids are assigned per thread later)."""
    out = []
    for src, n in zip(source.tolist(), rec_no.tolist(), strict=True):
        if src in ("ashby", "lever"):
            out.append(stable_uuid(world.seed, src, n))
        elif src == "greenhouse":
            out.append(str(4_000_000 + 10 * n + stable_int(world.seed, n, digits=1)))
        elif src == "jsonld":
            out.append(f"JR{100_000 + n}")
        else:
            out.append("")
    return out


def draw_originals(world: World, k: int) -> pl.DataFrame:
    """The new original postings of month k, all attributes drawn vectorized."""
    month = world.months[k]
    x = float(month.trend_x)
    rng = month_rng(world.seed, k)
    n = int(world.volumes[k])
    place = rng.choice(len(world.places), size=n, p=world.place_w)
    country = world.place_country[place]
    company = draw_companies(world, rng, country)
    source = np.array(SYSTEMS, dtype=object)[world.companies.system[company]]
    is_hn = source == "hn"
    role = rng.choice(len(ROLES), size=n, p=role_probs(x))
    seniority = rng.choice(len(SENIORITIES), size=n, p=SENIORITY_PROBS)
    is_intern = seniority == SENIORITIES.index("intern")
    is_contract = (
        ~is_intern
        & (seniority != SENIORITIES.index("manager"))
        & (rng.random(n) < paymodel.CONTRACT_SHARE)
    )
    employment = np.where(is_intern, "Intern", np.where(is_contract, "Contract", "FullTime"))
    posted = posted_times(rng, month, is_hn)
    crawl = np.datetime64(month.crawl_date.isoformat(), "D")
    close = close_dates(rng, posted, crawl, is_hn)
    is_remote = world.place_attr("is_remote", bool)[place]
    hybrid = ~is_remote & (rng.random(n) < HYBRID_SHARE)
    level = world.companies.genai_level[company]
    logodds = (
        world.offsets[k]
        + GENAI_ROLE_LOGODDS[role]
        + GENAI_SENIORITY_LOGODDS[seniority]
        + world.place_genai_logodds[place]
        + GENAI_LEVELS[level]
    )
    has_genai = rng.random(n) < sigmoid(logodds)
    skills = draw_skills(world, rng, role, seniority, has_genai, x)
    has_dl = skills[:, world.model.ids.index("deep_learning")]
    point = np.exp(
        paymodel.log_pay_point(
            world.base[role, seniority],
            world.place_attr("pay_index", float)[place],
            world.country_level[place, seniority],
            has_genai,
            has_dl,
            world.companies.effect[company],
            x,
            rng.normal(0.0, paymodel.NOISE_SD, n),
        )
    )
    currency = world.place_attr("currency", object)[place]
    period = paymodel.pay_periods(rng, country, is_intern, is_contract)
    low, high = paymodel.shown_range(rng, point, period, currency)
    shown = rng.random(n) < world.pay_shown_p[place]
    structured = shown & (rng.random(n) < structured_share(source))
    in_body = shown & ~is_hn & np.where(structured, rng.random(n) < BODY_PAY_WHEN_STRUCTURED, True)
    desc_seed = rng.integers(0, 2**62, n, dtype=np.int64)
    rec_no = world.next_rec_no + np.arange(n, dtype=np.int64)
    world.next_rec_no += n
    board = np.where(is_hn, "", np.asarray(world.companies.board, dtype=object)[company])
    frame = pl.DataFrame(
        {
            "rec_no": rec_no,
            "month_index": np.full(n, k, dtype=np.int16),
            "source": pl.Series(source.tolist(), dtype=pl.String),
            "board": pl.Series(board.tolist(), dtype=pl.String),
            "company": company.astype(np.int32),
            "place": place.astype(np.int16),
            "role": role.astype(np.int8),
            "seniority": seniority.astype(np.int8),
            "employment": pl.Series(employment.tolist(), dtype=pl.String),
            "posted_at": pl.Series(posted).dt.replace_time_zone("UTC"),
            "close_date": pl.Series(close.astype("datetime64[D]")),
            "hybrid": hybrid,
            "has_genai": has_genai,
            "has_deep_learning": has_dl,
            "pay_shown": shown,
            "pay_structured": structured,
            "pay_in_body": in_body,
            "pay_low": low,
            "pay_high": high,
            "pay_period": pl.Series(period.tolist(), dtype=pl.String),
            "currency": pl.Series(currency.tolist(), dtype=pl.String),
            "pay_point_annual": point,
            "equity": rng.random(n) < EQUITY_SHARE,
            "desc_seed": desc_seed,
            "fmt_seed": desc_seed,
            "canonical_posting_id": pl.Series(
                np.char.add(f"sm{world.seed}-", rec_no.astype(str)).tolist(), dtype=pl.String
            ),
            "duplicate_kind": pl.Series([None] * n, dtype=pl.String),
            "malformed": pl.Series(
                malformed_reasons(rng, source, structured).tolist(), dtype=pl.String
            ),
        }
    ).with_columns(skill_lists(skills, world.model.ids))
    frame = force_malformed(world, k, frame, rng)
    return frame.with_columns(
        pl.Series("source_posting_id", source_posting_ids(world, source, rec_no), dtype=pl.String)
    )


def month_of(world: World, moments: np.ndarray) -> np.ndarray:
    """Run month index of each datetime64 (can fall past the last month)."""
    first = world.months[0]
    ym = moments.astype("datetime64[M]").astype(np.int64)
    start = np.datetime64(f"{first.year:04d}-{first.month:02d}", "M").astype(np.int64)
    return (ym - start).astype(np.int64)


def spawn_duplicates(world: World, k: int, originals: pl.DataFrame) -> pl.DataFrame:
    """Cross-posts and reposts of this month's originals (they may fall in later months)."""
    rng = np.random.default_rng(np.random.SeedSequence(world.seed, spawn_key=(2, k)))
    n = originals.height
    source = originals["source"].to_numpy()
    clean = originals["malformed"].is_null().to_numpy()
    u = rng.random(n)
    cross = clean & (source != "hn") & (u < CROSS_POST_RATE)
    repost = clean & ~cross & (rng.random(n) < REPOST_RATE)
    picked = np.flatnonzero(cross | repost)
    if len(picked) == 0:
        return originals.clear()
    base = originals[picked]
    is_cross = cross[picked]
    m = len(picked)
    to_hn = is_cross & ((source[picked] == "jsonld") | (rng.random(m) < 0.4))
    new_source = np.where(is_cross, np.where(to_hn, "hn", "jsonld"), source[picked])
    lag_days = np.where(
        is_cross,
        rng.integers(CROSS_POST_DAYS[0], CROSS_POST_DAYS[1] + 1, m),
        rng.integers(REPOST_DAYS[0], REPOST_DAYS[1] + 1, m),
    )
    posted = base["posted_at"].dt.replace_time_zone(None).to_numpy() + (
        lag_days.astype(np.int64) * MICROS_PER_DAY + rng.integers(0, 3_600_000_000, m)
    ).astype("timedelta64[us]")
    months = month_of(world, posted)
    keep = months < len(world.months)
    if not keep.any():
        return originals.clear()
    crawl = world.crawl_dates[np.minimum(months, len(world.months) - 1)]
    is_hn = new_source == "hn"
    openings = np.array([hn_opening(month) for month in world.months])
    opens = openings[np.minimum(months, len(world.months) - 1)]
    posted = np.where(is_hn, np.maximum(posted, opens + np.timedelta64(5, "m")), posted)
    close = close_dates(rng, posted, crawl, is_hn)
    rec_no = world.next_rec_no + np.arange(m, dtype=np.int64)
    world.next_rec_no += m
    company = base["company"].to_numpy()
    board = np.where(
        new_source == "hn",
        "",
        np.where(
            new_source == "jsonld",
            np.asarray(world.companies.domain, dtype=object)[company],
            base["board"].to_numpy(),
        ),
    )
    shown = base["pay_shown"].to_numpy()
    in_body = base["pay_in_body"].to_numpy()
    structured = shown & ((rng.random(m) < structured_share(new_source)) | (~in_body & ~is_hn))
    fresh_fmt = rng.integers(0, 2**62, m, dtype=np.int64)
    dupes = base.with_columns(
        pl.Series("rec_no", rec_no),
        pl.Series("month_index", months.astype(np.int16)),
        pl.Series("source", new_source.tolist(), dtype=pl.String),
        pl.Series("board", board.tolist(), dtype=pl.String),
        pl.Series("posted_at", posted).dt.replace_time_zone("UTC"),
        pl.Series("close_date", close.astype("datetime64[D]")),
        pl.Series("pay_structured", structured),
        pl.Series("fmt_seed", np.where(is_cross, fresh_fmt, base["fmt_seed"].to_numpy())),
        pl.Series(
            "duplicate_kind", np.where(is_cross, "cross_post", "repost").tolist(), dtype=pl.String
        ),
        pl.Series(
            "source_posting_id", source_posting_ids(world, new_source, rec_no), dtype=pl.String
        ),
    )
    return dupes.filter(pl.Series(keep))
