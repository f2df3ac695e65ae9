"""The control ladder (`out_premium_ladder`), its decomposition and drill-down sample: every rung
against statsmodels' OLS with dummies and company-clustered errors on a small frame, rung 0
against numpy's medians, the GenAI-intensity contrasts, the rules that hide a rung, and (slow)
the planted premium recovered on the default sample market."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
import statsmodels.formula.api as smf

from analytics.marts.premium_decomposition import out_premium_decomposition
from analytics.marts.premium_ladder import (
    MIN_COMPANIES_BOTH,
    build_ladder,
    ladder_sample,
    out_premium_ladder,
    out_premium_sample,
)
from contract.marts import PREMIUM_RUNGS
from tests.analytics.marts.premium_market import GENAI_IDS, ladder_market

RUNG_FORMULAS = {
    1: "",
    2: " + C(rl)",
    3: " + C(rl) + C(place)",
    4: " + C(rl) + C(place) + C(month)",
    5: " + C(rl) + C(place) + C(month) + C(company)",
    6: " + C(rl) + C(place) + C(month) + C(company) + C(title)",
}


@pytest.fixture(scope="module")
def built() -> dict:
    postings, skills = ladder_market()
    sample = ladder_sample(postings, skills, GENAI_IDS)
    ladder = build_ladder(sample, skills, GENAI_IDS)
    mart = out_premium_ladder(ladder)
    return {
        "postings": postings,
        "skills": skills,
        "sample": sample,
        "ladder": ladder,
        "mart": mart,
        "decomposition": out_premium_decomposition(ladder, mart),
    }


def _frame(built: dict) -> pd.DataFrame:
    """The sample as statsmodels sees it: log pay, the flags and every control."""
    sample = built["sample"]
    flags = (
        built["skills"]
        .group_by("posting_id")
        .agg(pl.col("skill_id"))
        .join(sample.select("posting_id"), on="posting_id", how="right")
    )
    frame = sample.join(flags, on="posting_id").with_columns(
        pl.col("skill_id").fill_null([]).list.contains("llm").cast(pl.Float64).alias("genai"),
        pl.col("skill_id").fill_null([]).list.contains("python").cast(pl.Float64).alias("python"),
        (pl.col("n_genai_skills") == 1).cast(pl.Float64).alias("one"),
        (pl.col("n_genai_skills") >= 2).cast(pl.Float64).alias("two_plus"),
    )
    return frame.select(
        "log_pay",
        "genai",
        "python",
        "one",
        "two_plus",
        pl.col("fe_role_level").alias("rl"),
        pl.col("fe_place").alias("place"),
        pl.col("fe_month").alias("month"),
        pl.col("cluster").alias("company"),
        pl.col("title_key").alias("title"),
    ).to_pandas()


def _row(mart: pl.DataFrame, skill: str, rung: int) -> dict:
    return mart.filter((pl.col("skill_id") == skill) & (pl.col("rung") == rung)).row(0, named=True)


@pytest.mark.parametrize("rung", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("skill", ["genai", "python"])
def test_every_rung_equals_statsmodels_with_dummies_and_clustered_errors(
    built: dict, skill: str, rung: int
) -> None:
    frame = _frame(built)
    model = smf.ols(f"log_pay ~ {skill}{RUNG_FORMULAS[rung]}", frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(frame["company"])[0]}
    )
    row = _row(built["mart"], skill, rung)
    assert row["is_estimated"], row
    assert row["beta"] == pytest.approx(model.params[skill], rel=1e-7, abs=1e-10)
    assert row["se"] == pytest.approx(model.bse[skill], rel=1e-6)
    assert row["premium_pct"] == pytest.approx(100 * np.expm1(model.params[skill]), rel=1e-7)
    lo, hi = np.expm1(
        model.params[skill] + np.array([-1, 1]) * 1.959963984540054 * model.bse[skill]
    )
    assert (row["premium_lo"], row["premium_hi"]) == pytest.approx((100 * lo, 100 * hi), rel=1e-5)


@pytest.mark.parametrize("rung", [1, 4, 6])
def test_genai_intensity_contrasts_equal_one_joint_regression(built: dict, rung: int) -> None:
    """One GenAI skill and two or more, each against none, in one model per rung."""
    frame = _frame(built)
    model = smf.ols(f"log_pay ~ one + two_plus{RUNG_FORMULAS[rung]}", frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(frame["company"])[0]}
    )
    for skill, term in (("genai_one", "one"), ("genai_two_plus", "two_plus")):
        row = _row(built["mart"], skill, rung)
        assert row["beta"] == pytest.approx(model.params[term], rel=1e-7)
        assert row["se"] == pytest.approx(model.bse[term], rel=1e-6)
        none = frame["one"].eq(0) & frame["two_plus"].eq(0)
        assert row["n_without"] == int(none.sum())
        assert row["n_with"] == int(frame[term].sum())


def test_rung_zero_is_the_ratio_of_medians_with_an_interval(built: dict) -> None:
    frame = _frame(built)
    pay = np.exp(frame["log_pay"])
    for skill, with_rows, without_rows in (
        ("genai", frame["genai"] == 1, frame["genai"] == 0),
        ("genai_one", frame["one"] == 1, (frame["one"] + frame["two_plus"]) == 0),
    ):
        row = _row(built["mart"], skill, 0)
        ratio = np.median(pay[with_rows]) / np.median(pay[without_rows])
        assert row["premium_pct"] == pytest.approx(100 * (ratio - 1), rel=1e-9)
        assert row["premium_lo"] < row["premium_pct"] < row["premium_hi"]
        assert 0 < row["se"] < 0.2


def test_one_sample_for_every_rung_and_the_rules_that_hide_a_rung(built: dict) -> None:
    mart, sample = built["mart"], built["sample"]
    assert mart["n_postings"].unique().to_list() == [sample.height]
    assert sorted(mart["rung"].unique()) == [r for r, _, _ in PREMIUM_RUNGS]
    per_skill = mart.group_by("skill_id").agg(pl.len(), pl.col("n_with").n_unique())
    assert (per_skill["len"] == len(PREMIUM_RUNGS)).all() and (per_skill["n_with"] == 1).all()
    # the rare skill: its companies post nothing without it, so no within-company rung
    rare = mart.filter(pl.col("skill_id") == "rare_skill").sort("rung")
    assert rare["n_companies_both"].max() < MIN_COMPANIES_BOTH
    assert rare.filter(pl.col("rung") <= 4)["is_estimated"].all()
    hidden = rare.filter(pl.col("rung") >= 5)
    assert not hidden["is_estimated"].any() and hidden["premium_pct"].is_null().all()
    assert hidden["note"].str.contains("companies post both").all()
    # the confounded raw gap is well above the adjusted premium (planted +12.7% / +17.4%)
    genai = mart.filter(pl.col("skill_id") == "genai").sort("rung")["premium_pct"].to_list()
    assert genai[0] > genai[4] + 5 and genai[1] > genai[4] + 5


def test_small_cells_are_not_estimated_at_any_rung() -> None:
    postings, skills = ladder_market(seed=5)
    few = (
        skills.filter(pl.col("skill_id") == "python")
        .head(20)
        .with_columns(pl.lit("jax").alias("skill_id"))
    )
    skills = pl.concat([skills, few])
    sample = ladder_sample(postings, skills, GENAI_IDS)
    mart = out_premium_ladder(build_ladder(sample, skills, GENAI_IDS))
    jax = mart.filter(pl.col("skill_id") == "jax")
    assert jax.height == len(PREMIUM_RUNGS)
    assert not jax["is_estimated"].any() and jax["premium_pct"].is_null().all()
    assert jax["note"].str.contains("fewer than 30 postings with").all()
    assert jax["n_with"].unique().to_list() == [20]


def test_decomposition_parts_add_up_to_the_drop_and_title_is_the_last_step(built: dict) -> None:
    mart, dec = built["mart"], built["decomposition"]
    for skill in ("genai", "python", "rare_skill"):
        parts = dec.filter(pl.col("skill_id") == skill)
        full = mart.filter((pl.col("skill_id") == skill) & pl.col("is_estimated"))["rung"].max()
        assert parts["rung_to"].unique().to_list() == [full]
        total = parts.filter(pl.col("control") == "total").row(0, named=True)
        pieces = parts.filter(pl.col("control") != "total")
        beta = {r: _row(mart, skill, r)["beta"] for r in (1, full)}
        assert total["contribution_log_pts"] == pytest.approx(
            100 * (beta[1] - beta[full]), abs=1e-9
        )
        assert pieces["contribution_log_pts"].sum() == pytest.approx(
            total["contribution_log_pts"], abs=1e-9
        )
        drop = total["premium_from_pct"] - total["premium_to_pct"]
        assert pieces["contribution_pct_pts"].sum() == pytest.approx(drop, abs=1e-9)
        assert total["premium_to_pct"] == pytest.approx(_row(mart, skill, full)["premium_pct"])
        expected = ["role_level", "place", "month", "company", "title"][: full - 1]
        assert pieces["control"].to_list() == expected
        assert (pieces["contribution_lo"] < pieces["contribution_hi"]).all()
    genai = dec.filter(pl.col("skill_id") == "genai")
    title = genai.filter(pl.col("control") == "title").row(0, named=True)
    assert title["contribution_log_pts"] == pytest.approx(
        100 * (_row(mart, "genai", 5)["beta"] - _row(mart, "genai", 6)["beta"]), abs=1e-9
    )
    # the confounders planted: seniority, the metro and companies explain the raw gap
    by_control = dict(genai.select("control", "contribution_log_pts").iter_rows())
    assert by_control["role_level"] > 0 and by_control["place"] > 0 and by_control["company"] > 0


def test_drill_down_sample_is_the_ladder_sample(built: dict) -> None:
    out = out_premium_sample(built["sample"])
    assert out.columns == ["posting_id", "pay_mid_annual_usd", "title_key", "n_genai_skills"]
    assert out.height == built["mart"]["n_postings"][0]
    counts = (
        built["skills"]
        .filter(pl.col("skill_id").is_in(list(GENAI_IDS)))
        .group_by("posting_id")
        .len()
    )
    joined = out.join(counts, on="posting_id", how="left").with_columns(pl.col("len").fill_null(0))
    assert (joined["n_genai_skills"] == joined["len"]).all()
    assert set(out["title_key"]) == {f"title {t}" for t in range(25)}


def test_unknown_controls_leave_the_sample_and_nothing_breaks_when_empty() -> None:
    postings, skills = ladder_market(seed=7, n=400)
    postings = postings.with_columns(
        pl.when(pl.col("posting_id") < "p00010")
        .then(None)
        .otherwise(pl.col("company"))
        .alias("company")
    )
    sample = ladder_sample(postings, skills, GENAI_IDS)
    assert sample.height == 390
    empty = ladder_sample(postings.clear(), skills.clear(), GENAI_IDS)
    assert build_ladder(empty, skills.clear(), GENAI_IDS) is None
    assert out_premium_ladder(None).height == 0
    assert out_premium_decomposition(None, out_premium_ladder(None)).height == 0
    assert out_premium_sample(empty).height == 0


@pytest.mark.slow
def test_default_sample_full_rung_recovers_the_planted_premium(tmp_path: Path) -> None:
    """The default sample market (60k postings, seed 7), generated and built: the full rung's
    GenAI premium is within 3 points of the planted one, with the planted value inside its
    interval, while rungs 0–2 are visibly higher; the decomposition adds up exactly."""
    import json

    from ingest.sample import generate_sample_market
    from skillmarket.config import Settings
    from skillmarket.pipeline import build

    settings = Settings(home=tmp_path / "home")
    generate_sample_market(settings.raw_root)  # the defaults: 60k postings, seed 7
    build(settings)
    truth = json.loads((settings.raw_root / "sample" / "truth" / "params.json").read_text())
    planted = 100 * truth["premiums"]["genai"]
    mart = pl.read_parquet(settings.current_snapshot / "out_premium_ladder.parquet")
    genai = mart.filter(pl.col("skill_id") == "genai").sort("rung")
    full = genai.filter(pl.col("is_estimated"))["rung"].max()
    assert full == 6
    row = genai.filter(pl.col("rung") == full).row(0, named=True)
    assert abs(row["premium_pct"] - planted) <= 3.0, row
    assert row["premium_lo"] <= planted <= row["premium_hi"], row
    for rung in (0, 1, 2):
        assert genai["premium_pct"][rung] > planted + 5, genai
    dec = pl.read_parquet(settings.current_snapshot / "out_premium_decomposition.parquet")
    parts = dec.filter((pl.col("skill_id") == "genai") & (pl.col("control") != "total"))
    total = dec.filter((pl.col("skill_id") == "genai") & (pl.col("control") == "total"))
    assert parts["contribution_log_pts"].sum() == pytest.approx(
        total["contribution_log_pts"][0], abs=1e-9
    )


def test_rung_six_covers_every_supported_skill_where_enough_titles_have_both() -> None:
    """Within title for every supported skill (here 45 more than GenAI, python and the
    contrasts), not only the most named; a skill asked by every posting of its titles (no
    title posted both with and without it) says so at rung 6 and keeps rung 5."""
    postings, skills = ladder_market()
    rng = np.random.default_rng(11)
    ids = postings["posting_id"].to_numpy()
    extra = [
        (pid, f"skill_{j:02d}")
        for j in range(45)
        for pid in ids[rng.random(ids.size) < 0.03 + 0.004 * j]
    ]
    bound = postings.filter(pl.col("title").is_in([f"Title {t}" for t in range(5)]))
    extra += [(pid, "title_bound") for pid in bound["posting_id"]]
    skills = pl.concat(
        [skills, pl.DataFrame(extra, schema=["posting_id", "skill_id"], orient="row")]
    )
    sample = ladder_sample(postings, skills, GENAI_IDS)
    mart = out_premium_ladder(build_ladder(sample, skills, GENAI_IDS))
    supported = set(mart.filter((pl.col("rung") == 4) & pl.col("is_estimated"))["skill_id"])
    assert {f"skill_{j:02d}" for j in range(45)} | {"genai", "python", "title_bound"} <= supported
    rung6 = mart.filter(pl.col("rung") == 6)
    assert set(rung6.filter(pl.col("is_estimated"))["skill_id"]) == supported - {
        "rare_skill",
        "title_bound",
    }
    bound_row = _row(mart, "title_bound", 6)
    assert bound_row["n_titles_both"] == 0 and bound_row["premium_pct"] is None
    assert "titles are posted both with and without" in bound_row["note"]
    assert _row(mart, "title_bound", 5)["is_estimated"]
    # the least-named skill's rung 6 is the OLS with every control's dummies
    least = rung6.filter(pl.col("is_estimated")).sort("n_with")["skill_id"][0]
    frame = (
        sample.join(
            skills.filter(pl.col("skill_id") == least).select(
                "posting_id", pl.lit(1.0).alias("flag")
            ),
            on="posting_id",
            how="left",
        )
        .with_columns(pl.col("flag").fill_null(0.0))
        .select(
            "log_pay",
            "flag",
            pl.col("fe_role_level").alias("rl"),
            pl.col("fe_place").alias("place"),
            pl.col("fe_month").alias("month"),
            pl.col("cluster").alias("company"),
            pl.col("title_key").alias("title"),
        )
        .to_pandas()
    )
    model = smf.ols(f"log_pay ~ flag{RUNG_FORMULAS[6]}", frame).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(frame["company"])[0]}
    )
    row = _row(mart, least, 6)
    assert row["beta"] == pytest.approx(model.params["flag"], rel=1e-7, abs=1e-10)
    assert row["se"] == pytest.approx(model.bse["flag"], rel=1e-6)


def test_a_rung_whose_controls_use_up_the_sample_says_so() -> None:
    """Nearly every title unique (as on small real boards): rung 6 has more parameters than
    postings, so it is not estimated, and the note gives the counts."""
    postings, skills = ladder_market(seed=9, n=600)
    unique = pl.int_range(pl.len()) % 10 != 0  # 9 in 10 postings get a title of their own
    postings = postings.with_columns(
        pl.when(unique)
        .then(pl.format("Own title {}", pl.int_range(pl.len())))
        .otherwise(pl.col("title"))
        .alias("title")
    )
    sample = ladder_sample(postings, skills, GENAI_IDS)
    mart = out_premium_ladder(build_ladder(sample, skills, GENAI_IDS))
    row = _row(mart, "genai", 6)
    assert row["n_titles_both"] >= 10 and not row["is_estimated"]
    assert row["premium_pct"] is None
    assert f"parameters for {sample.height} postings" in row["note"]
    assert _row(mart, "genai", 5)["is_estimated"]


def test_the_ladder_does_not_depend_on_row_order() -> None:
    """The same postings in another order give the same notes and the same numbers (to
    rounding), including a saturated rung 6 and its GenAI-intensity rows."""
    postings, skills = ladder_market(seed=9, n=600)
    unique = pl.int_range(pl.len()) % 10 != 0
    postings = postings.with_columns(
        pl.when(unique)
        .then(pl.format("Own title {}", pl.int_range(pl.len())))
        .otherwise(pl.col("title"))
        .alias("title")
    )
    marts = []
    for seed in (1, 2):
        shuffled = postings.sample(fraction=1.0, shuffle=True, seed=seed)
        mixed = skills.sample(fraction=1.0, shuffle=True, seed=seed)
        sample = ladder_sample(shuffled, mixed, GENAI_IDS)
        marts.append(out_premium_ladder(build_ladder(sample, mixed, GENAI_IDS)))
    first, second = (m.sort("skill_id", "rung") for m in marts)
    assert first["note"].to_list() == second["note"].to_list()
    assert first["is_estimated"].to_list() == second["is_estimated"].to_list()
    diff = (first["premium_pct"] - second["premium_pct"]).abs().max()
    assert diff is not None and diff < 1e-8
    saturated = first.filter(pl.col("note").str.contains("use up the sample"))
    assert {"genai"} <= set(saturated["skill_id"])


def test_rungs_solved_on_two_threads_equal_one_after_another(built: dict) -> None:
    postings, skills = ladder_market()
    sample = ladder_sample(postings, skills, GENAI_IDS)
    ladder = build_ladder(sample, skills, GENAI_IDS, threads=2)
    assert list(ladder.fits) == sorted(built["ladder"].fits)  # every rung, in rung order
    mart = out_premium_ladder(ladder)
    assert mart.equals(built["mart"])
    assert out_premium_decomposition(ladder, mart).equals(built["decomposition"])
