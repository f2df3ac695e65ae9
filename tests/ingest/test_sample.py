"""Tests of the sample-market simulator (`ingest.sample`): layout and formats of the raw files,
determinism and idempotent re-runs, the planted structure (GenAI S-curve, confounded pay gap,
duplicates, malformed records, demand/supply), and the honesty of the generated text.

A small market (2,000 postings) is generated once per module; determinism runs use smaller ones.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import html
import json
import re
from datetime import date, timedelta
from pathlib import Path
from random import Random

import numpy as np
import polars as pl
import pytest

from contract.sources import posting_sources
from ingest.sample import SampleError, SampleSummary, generate_sample_market
from ingest.sample import records as sample_records
from ingest.sample import text as sample_text
from ingest.sample.pay import pay_text
from ingest.sample.places import metro_pay_index, planted_places
from ingest.sample.skillmatch import skills_in_text
from ingest.sample.taxonomy import load_skills
from ingest.sample.vocab import ML_ROLES
from ingest.sources import ashby

N = 2_000
SEED = 5
SOURCES = {s.id for s in posting_sources() if s.in_sample_market}
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SampleSummary]:
    raw_root = tmp_path_factory.mktemp("raw")
    steps: list[tuple[int, int]] = []
    summary = generate_sample_market(
        raw_root, n_postings=N, seed=SEED, progress=lambda d, t: steps.append((d, t))
    )
    assert steps and steps[-1][0] == steps[-1][1]
    return raw_root / "sample", summary


@pytest.fixture(scope="module")
def truth(market: tuple[Path, SampleSummary]) -> pl.DataFrame:
    return pl.read_parquet(market[0] / "truth" / "postings.parquet")


@pytest.fixture(scope="module")
def records(market: tuple[Path, SampleSummary]) -> dict[tuple[str, str], list[dict]]:
    """Every readable record in the raw files: (source, id) -> its appearances."""
    out: dict[tuple[str, str], list[dict]] = {}
    for path in sorted(market[0].glob("*/*/*.gz")):
        for source, record_id, title, text in parse_file(path):
            out.setdefault((source, record_id), []).append(
                {"snapshot": path.parts[-3], "title": title, "text": text, "file": path}
            )
    return out


def strip_html(value: str) -> str:
    return html.unescape(TAG.sub(" ", value))


def parse_file(path: Path) -> list[tuple[str, str, str | None, str]]:
    """(source, id, title, plain text) of each record of one raw file; [] when unreadable."""
    source = path.parent.name
    raw = gzip.decompress(path.read_bytes()).decode("utf-8")
    if source == "jsonld":
        out = []
        for block in LD_JSON.findall(raw):
            value = json.loads(block)
            items = value if isinstance(value, list) else value.get("@graph", [value])
            for item in items:
                if item.get("@type") == "JobPosting":
                    out.append(
                        (
                            source,
                            item["identifier"]["value"],
                            item.get("title"),
                            strip_html(item["description"]),
                        )
                    )
        return out
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        return []
    if source == "ashby":
        return [(source, j["id"], j["title"], j["descriptionPlain"]) for j in value["jobs"]]
    if source == "greenhouse":
        return [
            (source, str(j["id"]), j["title"], strip_html(html.unescape(j["content"])))
            for j in value["jobs"]
        ]
    if source == "lever":
        return [
            (
                source,
                p["id"],
                p["text"],
                "\n".join(
                    [
                        p["descriptionPlain"],
                        *(strip_html(x["content"]) for x in p["lists"]),
                        p["additionalPlain"],
                    ]
                ),
            )
            for p in value
        ]
    return [
        (source, str(c["id"]), None, strip_html((c["text"] or "").replace("<p>", "\n")))
        for c in value["children"]
    ]


# ---------------------------------------------------------------- layout and formats


def test_snapshots_are_month_ends_holding_only_known_sources(
    market: tuple[Path, SampleSummary],
) -> None:
    root, summary = market
    dirs = sorted(p.name for p in root.iterdir() if p.is_dir() and p.name != "truth")
    assert len(dirs) == 36 and dirs[0] == "2023-11-30" and dirs[-1] == "2026-10-31"
    for name in dirs:
        day = date.fromisoformat(name)
        assert (day + timedelta(days=1)).day == 1, name
        assert {p.name for p in (root / name).iterdir()} <= SOURCES
    assert [p.name for p in summary.snapshot_dirs] == dirs
    assert (root / "talent_pool.csv").exists() and (root / "truth" / "params.json").exists()


def test_board_files_have_the_real_sources_shapes(market: tuple[Path, SampleSummary]) -> None:
    root = market[0]
    seen: set[str] = set()
    for path in sorted(root.glob("2025-*/*/*.gz")):
        source = path.parent.name
        body = gzip.decompress(path.read_bytes()).decode()
        seen.add(source)
        if source == "jsonld":
            blocks = [json.loads(b) for b in LD_JSON.findall(body)]
            assert blocks, path
            continue
        value = json.loads(body)
        if source == "ashby":
            assert value["apiVersion"] == "1" and value["jobs"]
            job = value["jobs"][0]
            assert {
                "id",
                "title",
                "location",
                "publishedAt",
                "isRemote",
                "descriptionHtml",
                "compensation",
            } <= set(job)
            assert {"compensationTierSummary", "summaryComponents", "compensationTiers"} <= set(
                job["compensation"]
            )
        elif source == "greenhouse":
            assert value["meta"]["total"] == len(value["jobs"])
            job = value["jobs"][0]
            assert {"id", "title", "location", "first_published", "content", "absolute_url"} <= set(
                job
            )
            assert "&lt;" in job["content"]  # Greenhouse escapes its HTML
        elif source == "lever":
            assert isinstance(value, list) and {
                "id",
                "text",
                "categories",
                "createdAt",
                "lists",
            } <= set(value[0])
        else:
            assert value["author"] == "whoishiring" and value["title"].startswith(
                "Ask HN: Who is hiring?"
            )
            assert all(c["parent_id"] == value["id"] for c in value["children"])
    assert seen == SOURCES


def test_structured_pay_uses_each_sources_fields(market: tuple[Path, SampleSummary]) -> None:
    root = market[0]
    ashby = [
        j
        for p in root.glob("*/ashby/*.gz")
        for j in parse_json(p, "jobs")
        if j["compensation"]["summaryComponents"]
    ]
    salary = [
        c
        for j in ashby
        for c in j["compensation"]["summaryComponents"]
        if c["compensationType"] == "Salary"
    ]
    assert salary and {"1 YEAR", "1 HOUR"} & {c["interval"] for c in salary}
    assert any("K" in j["compensation"]["compensationTierSummary"] for j in ashby)
    lever = [
        p for f in root.glob("*/lever/*.gz") for p in parse_json(f, None) if "salaryRange" in p
    ]
    assert lever and all(
        {"currency", "interval", "min", "max"} <= set(p["salaryRange"]) for p in lever
    )
    details = list(root.glob("*/greenhouse/*/*.json.gz"))
    assert details
    ranges = json.loads(gzip.decompress(details[0].read_bytes()))["pay_input_ranges"]
    assert {"min_cents", "max_cents", "currency_type"} <= set(ranges[0])
    pages = [gzip.decompress(p.read_bytes()).decode() for p in root.glob("*/jsonld/*.gz")]
    assert any('"baseSalary"' in page for page in pages)


def parse_json(path: Path, key: str | None) -> list[dict]:
    try:
        value = json.loads(gzip.decompress(path.read_bytes()))
    except json.JSONDecodeError:
        return []
    return value[key] if key else value


def test_manifest_lists_every_file_with_its_hash(market: tuple[Path, SampleSummary]) -> None:
    root, summary = market
    manifest = json.loads((root / "manifest.json").read_text())
    entries = {e["path"]: e for e in manifest["files"]}
    files = {
        f"sample/{p.relative_to(root)}"
        for p in root.rglob("*")
        if p.is_file() and p.name != "manifest.json"
    }
    assert set(entries) == files
    assert summary.n_files == len(files) + 1
    for path in sorted(files)[:: max(1, len(files) // 50)]:
        data = (root.parent / path).read_bytes()
        assert entries[path]["sha256"] == hashlib.sha256(data).hexdigest()
        assert entries[path]["size_bytes"] == len(data)
    snapshot = next(e for e in manifest["files"] if "/ashby/" in e["path"])
    assert (
        snapshot["fetched_at"] == snapshot["path"].split("/")[1] and snapshot["source"] == "ashby"
    )


# ---------------------------------------------------------------- determinism


def manifest_hashes(raw_root: Path) -> dict[str, str]:
    manifest = json.loads((raw_root / "sample" / "manifest.json").read_text())
    return {e["path"]: e["sha256"] for e in manifest["files"]}


def test_same_seed_gives_identical_files_and_reruns_overwrite_cleanly(tmp_path: Path) -> None:
    args = {"n_postings": 600, "seed": 3, "end_month": "2025-06", "months": 5}
    first = generate_sample_market(tmp_path / "a", **args)
    generate_sample_market(tmp_path / "b", **args)
    hashes = manifest_hashes(tmp_path / "a")
    assert hashes == manifest_hashes(tmp_path / "b")
    stray = tmp_path / "a" / "sample" / "2025-06-30" / "ashby" / "stray.json.gz"
    stray.write_bytes(b"left over")
    again = generate_sample_market(tmp_path / "a", **args)
    assert manifest_hashes(tmp_path / "a") == hashes and not stray.exists()
    assert again.n_records == first.n_records
    # no build leftovers (the simulated survey sits where the build reads surveys)
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["sample", "so_survey"]
    generate_sample_market(tmp_path / "c", **{**args, "seed": 4})
    assert manifest_hashes(tmp_path / "c") != hashes


def test_bad_arguments_and_foreign_directories_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SampleError, match="n_postings"):
        generate_sample_market(tmp_path, n_postings=0)
    with pytest.raises(ValueError, match="2026-13"):
        generate_sample_market(tmp_path, end_month="2026-13")
    foreign = tmp_path / "sample"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(SampleError, match="without a manifest"):
        generate_sample_market(tmp_path, n_postings=100, months=2)
    assert (foreign / "notes.txt").read_text() == "mine"


# ---------------------------------------------------------------- truth vs records


def test_truth_has_one_row_per_record_written(
    truth: pl.DataFrame, records: dict, market: tuple
) -> None:
    keys = set(zip(truth["source"], truth["source_posting_id"], strict=True))
    assert truth.height == len(keys) == market[1].n_records
    assert truth["canonical_posting_id"].n_unique() == market[1].n_canonical
    truncated = set(
        zip(
            *truth.filter(pl.col("malformed_reason") == "truncated_file").select(
                "source", "source_posting_id"
            ),
            strict=True,
        )
    )
    assert set(records) | truncated == keys
    assert 0.9 * N <= truth.height <= 1.1 * N


def test_open_postings_repeat_in_consecutive_snapshots(truth: pl.DataFrame, records: dict) -> None:
    snapshots = sorted({a["snapshot"] for apps in records.values() for a in apps})
    repeated = 0
    for row in truth.filter(~pl.col("is_malformed")).iter_rows(named=True):
        apps = records[(row["source"], row["source_posting_id"])]
        seen = sorted(a["snapshot"] for a in apps)
        assert seen[0] == row["first_seen"].isoformat() and seen[-1] == row["last_seen"].isoformat()
        positions = [snapshots.index(s) for s in seen]
        assert positions == list(range(positions[0], positions[0] + len(positions)))
        assert len({(a["title"], a["text"]) for a in apps}) == 1  # same content in each crawl
        assert row["posted_date"] <= row["first_seen"]
        repeated += len(seen) > 1
    assert repeated > 0.2 * truth.height


def test_text_names_exactly_the_planted_skills(truth: pl.DataFrame, records: dict) -> None:
    """Strict reading of skills.yml (every match anywhere counts) on body text and title."""
    rows = truth.filter(~pl.col("is_malformed")).sample(400, seed=1)
    tp = fp = fn = 0
    for row in rows.iter_rows(named=True):
        text = records[(row["source"], row["source_posting_id"])][0]["text"]
        found, planted = skills_in_text(text), set(row["skills"])
        tp, fp, fn = tp + len(found & planted), fp + len(found - planted), fn + len(planted - found)
        assert skills_in_text(row["title"], assume_context=True) <= planted, row["title"]
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.99, (tp, fp, fn)


def test_boilerplate_names_no_skill_but_carries_the_traps() -> None:
    pieces = [
        *sample_text.TRAPS_FUNDING,
        *sample_text.TRAPS_CULTURE,
        *sample_text.BENEFITS_COMMON,
        *sample_text.BENEFITS_US,
        *sample_text.BENEFITS_INTL,
        *sample_text.EEO,
        *sample_text.APPLY,
        *sample_text.SOFT_SKILLS,
        *(line for lines in sample_text.YEARS.values() for line in lines),
        *(line for lines in sample_text.RESPONSIBILITIES.values() for line in lines),
        *(line for lines in sample_text.ABOUT.values() for line in lines),
        *sample_text.PAY_LINES,
        *sample_text.PAY_LINES_HOURLY,
    ]
    joined = " ".join(pieces)
    assert skills_in_text(joined, assume_context=True) == set()
    for trap in (
        "R&D",
        "go-to-market",
        "Excellent communication",
        "send your CV",
        "We trust",
        "sparked",
        "Series B",
        "401(k)",
        "10,000+ customers",
    ):
        assert trap.lower() in joined.lower(), trap


def test_titles_state_role_and_level(truth: pl.DataFrame, records: dict) -> None:
    level_words = {"intern": "Intern", "senior": ("Senior", "Sr"), "staff": ("Staff", "Principal")}
    for row in truth.filter(~pl.col("is_malformed") & (pl.col("source") != "hn")).iter_rows(
        named=True
    ):
        words = level_words.get(row["seniority"])
        if words:
            assert any(w in row["title"] for w in ([words] if isinstance(words, str) else words)), (
                row
            )
        if row["seniority"] == "mid" and not re.search(r"\bII\b|Mid-Level", row["title"]):
            text = records[(row["source"], row["source_posting_id"])][0]["text"]
            assert re.search(r"\b3\+? ?(-5 )?years|at least 3 years|3-5 years", text, re.I), row[
                "title"
            ]


# ---------------------------------------------------------------- planted structure


def test_genai_share_of_ml_postings_rises_along_the_s_curve(
    truth: pl.DataFrame, market: tuple
) -> None:
    params = json.loads((market[0] / "truth" / "params.json").read_text())
    ml = truth.filter(~pl.col("is_duplicate") & pl.col("role_family").is_in(ML_ROLES))
    year = (
        pl.when(pl.col("posted_date") < date(2024, 11, 1))
        .then(0)
        .when(pl.col("posted_date") < date(2025, 11, 1))
        .then(1)
        .otherwise(2)
    )
    shares = (
        ml.group_by(year.alias("y"))
        .agg(pl.col("has_genai").mean())
        .sort("y")["has_genai"]
        .to_list()
    )
    assert shares == sorted(shares) and shares[0] < 0.08 and shares[-1] > 0.3, shares
    target = params["genai"]["target_share_of_ml_postings"]
    assert target["2023-11"] < 0.03 and 0.35 <= target["2026-10"] <= 0.45
    genai_ids = {s.id for s in load_skills() if s.is_genai}
    named = ml["skills"].list.eval(pl.element().is_in(list(genai_ids))).list.any()
    assert (named == ml["has_genai"]).all()  # has_genai is exactly "names a GenAI skill"


def test_pytorch_rises_while_tensorflow_declines(truth: pl.DataFrame) -> None:
    ml = truth.filter(~pl.col("is_duplicate") & pl.col("role_family").is_in(ML_ROLES))
    early = ml.filter(pl.col("posted_date") < date(2024, 11, 1))
    late = ml.filter(pl.col("posted_date") >= date(2025, 11, 1))

    def share(frame: pl.DataFrame, skill: str) -> float:
        return float(frame["skills"].list.contains(skill).mean())

    assert share(late, "pytorch") > share(early, "pytorch")
    assert share(late, "tensorflow") < share(early, "tensorflow")
    assert share(late, "pytorch") > share(late, "tensorflow")


def us_salaried(truth: pl.DataFrame) -> pl.DataFrame:
    return truth.filter(
        ~pl.col("is_duplicate")
        & pl.col("pay_shown")
        & (pl.col("country") == "US")
        & (pl.col("employment_type") == "FullTime")
    ).with_columns(
        ((pl.col("pay_min_annual") * pl.col("pay_max_annual")).sqrt().log()).alias("log_pay")
    )


def test_raw_genai_gap_exceeds_the_planted_adjusted_premium(truth: pl.DataFrame) -> None:
    us = us_salaried(truth)
    medians = dict(us.group_by("has_genai").agg(pl.col("log_pay").median()).iter_rows())
    raw_gap = float(np.exp(medians[True] - medians[False]) - 1)
    assert raw_gap > 0.30
    # OLS with role x seniority, metro and year fixed effects recovers ~0.18
    cells = us.select(
        pl.col("log_pay"),
        pl.col("has_genai").cast(pl.Float64),
        pl.col("has_deep_learning").cast(pl.Float64),
        (pl.col("role_family") + pl.col("seniority")).alias("cell"),
        pl.col("metro_code").fill_null("remote"),
        pl.col("posted_date").dt.year().cast(pl.String).alias("year"),
    )
    dummies = cells.select("cell", "metro_code", "year").to_dummies(drop_first=True)
    x = np.column_stack(
        [np.ones(cells.height), cells["has_genai"], cells["has_deep_learning"], dummies.to_numpy()]
    )
    beta = np.linalg.lstsq(x, cells["log_pay"].to_numpy(), rcond=None)[0]
    assert abs(beta[1] - 0.18) < 0.06, beta[:3]
    assert abs(beta[2] - 0.08) < 0.06, beta[:3]
    assert raw_gap > np.exp(beta[1]) - 1 + 0.1


def test_pay_levels_follow_the_published_us_ranges_and_oews_metros(truth: pl.DataFrame) -> None:
    us = us_salaried(truth).filter(pl.col("role_family") == "ml_engineer")
    medians = dict(us.group_by("seniority").agg(pl.col("log_pay").median().exp()).iter_rows())
    assert 100_000 <= medians["entry"] <= 160_000
    assert 150_000 <= medians["mid"] <= 230_000
    assert 220_000 <= medians["senior"] <= 360_000
    index = metro_pay_index(("0041860", "0026420"))
    assert index["0041860"] > 1.2 > 1.0 > index["0026420"]  # SF above, Houston below national


def test_pay_is_shown_more_where_laws_require_it(truth: pl.DataFrame) -> None:
    orig = truth.filter(~pl.col("is_duplicate"))
    states = orig.filter(pl.col("country") == "US").with_columns(
        pl.col("region").is_in(["CA", "NY", "WA", "CO"]).alias("law")
    )
    rates = dict(states.group_by("law").agg(pl.col("pay_shown").mean()).iter_rows())
    assert rates[True] > 0.8 and rates[False] < 0.75
    india = orig.filter(pl.col("country") == "IN")["pay_shown"].mean()
    assert india < 0.2


def test_duplicates_share_canonical_ids_and_description(truth: pl.DataFrame, records: dict) -> None:
    dupes = truth.filter(pl.col("is_duplicate"))
    assert 0.03 < dupes.height / truth.height < 0.08
    originals = truth.filter(~pl.col("is_duplicate"))
    joined = dupes.join(originals, on="canonical_posting_id", suffix="_orig")
    assert joined.height == dupes.height
    same = ["company", "role_family", "seniority", "city", "country"]
    for column in same:
        assert (joined[column].eq_missing(joined[f"{column}_orig"])).all(), column
    assert (joined["skills"] == joined["skills_orig"]).all()
    lag = (joined["posted_date"] - joined["posted_date_orig"]).dt.total_days()
    cross = joined["duplicate_kind"] == "cross_post"
    assert lag.filter(cross).max() <= 6 and lag.filter(~cross).min() >= 29 and lag.max() <= 61
    assert set(joined.filter(cross)["source"].unique()) <= {"hn", "jsonld"}
    for row in joined.filter(cross & ~pl.col("is_malformed")).head(20).iter_rows(named=True):
        dupe = set(words(records[(row["source"], row["source_posting_id"])][0]["text"]))
        orig = set(words(records[(row["source_orig"], row["source_posting_id_orig"])][0]["text"]))
        assert len(dupe & orig) / len(dupe | orig) > 0.9, row["title"]  # the same description


def words(text: str) -> list[str]:
    return re.findall(r"[\w$£€₹]+", text)


def test_malformed_records_are_present_and_flagged(
    truth: pl.DataFrame, records: dict, market: tuple
) -> None:
    reasons = (
        truth.filter(pl.col("is_malformed"))
        .group_by("source")
        .agg(pl.col("malformed_reason").unique())
    )
    by_source = {s: set(r) for s, r in reasons.iter_rows()}
    for source in ("ashby", "greenhouse", "lever", "jsonld"):
        assert {"missing_title", "bad_date", "bad_pay"} <= by_source[source], source
    assert "deleted_comment" in by_source["hn"]
    assert truth.filter(pl.col("malformed_reason") == "truncated_file").height >= 1
    unreadable = [
        p for p in market[0].glob("*/*/*.json.gz") if p.parent.name != "hn" and not parse_file(p)
    ]
    assert len(unreadable) == 1 and unreadable[0].parts[-3] == "2026-10-31"
    for row in truth.filter(pl.col("malformed_reason") == "missing_title").iter_rows(named=True):
        assert not records[(row["source"], row["source_posting_id"])][0]["title"]
    for row in truth.filter(pl.col("malformed_reason") == "deleted_comment").iter_rows(named=True):
        assert records[(row["source"], row["source_posting_id"])][0]["text"] == ""


# ---------------------------------------------------------------- talent pool and params


def test_talent_pool_has_the_documented_columns(market: tuple) -> None:
    with (market[0] / "talent_pool.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == [
        "candidate_id",
        "skills",
        "city",
        "region",
        "country",
        "role_family",
        "seniority",
        "open_to_work",
        "updated_date",
    ]
    assert len(rows) == round(0.8 * N)
    ids = {s.id for s in load_skills()}
    assert all(set(filter(None, r["skills"].split(";"))) <= ids for r in rows)
    assert {r["open_to_work"] for r in rows} == {"true", "false"}
    assert len({r["candidate_id"] for r in rows}) == len(rows)


def test_params_record_the_planted_values(market: tuple) -> None:
    params = json.loads((market[0] / "truth" / "params.json").read_text())
    assert params["seed"] == SEED and params["n_postings"] == N
    premiums = params["premiums"]
    assert premiums["genai"] == 0.18 and premiums["deep_learning"] == 0.08
    assert set(premiums) == {"genai"} | {s.id for s in load_skills()}
    assert all(v == 0.0 for k, v in premiums.items() if k not in {"genai", "deep_learning"})
    assert params["pay_shown_rate"]["IN"] < params["pay_shown_rate"]["US-other-state"]
    ratio = params["demand_supply"]["ratio"]
    hub = ratio["genai@0041860"]
    assert hub > 3 * ratio["genai@IN"] and hub > ratio["python@0041860"]


# ---------------------------------------------------------------- writing


@pytest.mark.parametrize(
    ("low", "high", "currency", "period", "country", "expected"),
    [
        (150_000, 220_000, "USD", "year", "US", ("150", "220")),
        (2_500_000, 4_000_000, "INR", "year", "IN", ("25", "40")),
        (70_000, 85_000, "GBP", "year", "GB", ("70", "85")),
        (80_000, 95_000, "EUR", "year", "DE", ("80", "95")),
        (58.5, 58.5, "USD", "hour", "US", ("58.5",)),
        (8_000, 8_000, "SGD", "month", "SG", ("8,000",)),
        (130_000, 160_000, "CAD", "year", "CA", ("130", "160")),
    ],
)
def test_pay_text_writes_the_amounts(
    low: float, high: float, currency: str, period: str, country: str, expected: tuple[str, ...]
) -> None:
    for seed in range(12):
        written = pay_text(low, high, currency, period, country, Random(seed))
        assert all(e in written for e in expected), written
        assert not written.startswith("C$")


def test_places_come_from_the_gazetteer() -> None:
    places = planted_places()
    us_metros = {p.metro_code for p in places if p.country == "US" and p.metro_code}
    assert len(us_metros) >= 12
    assert {"US", "IN", "GB", "DE", "CA", "FR", "NL", "SG", "IE"} <= {p.country for p in places}
    assert any(p.is_remote and p.country == "US" for p in places)
    assert any(p.is_remote and p.country == "IN" for p in places)


# ---------------------------------------------------------------- pay beyond base (issue #12)


def test_ashby_boards_plant_equity_bonus_and_commission_beside_the_salary(
    market: tuple[Path, SampleSummary],
) -> None:
    """The Ashby parser recovers the planted shares of pay beyond base among the jobs with a
    salary, amounts with and without, bonus amounts as the planted fraction of base pay; the
    salary stays as planted."""
    latest: dict[str, dict] = {}
    for path in sorted(market[0].glob("*/ashby/*.gz")):
        rows = ashby.parse(path.read_bytes(), str(path), path.name).rows
        for row in rows.filter(pl.col("pay_components").is_not_null()).iter_rows(named=True):
            latest[row["source_posting_id"]] = row
    listed = list(latest.values())
    assert len(listed) > 150
    kinds = [[c["kind"] for c in json.loads(row["pay_components"])] for row in listed]

    def share(kind: str) -> float:
        return sum(kind in found for found in kinds) / len(listed)

    def near(got: float, planted: float) -> bool:  # within 4 binomial standard errors
        return abs(got - planted) <= 4 * (planted * (1 - planted) / len(listed)) ** 0.5

    assert near(share("equity_percent"), 0.5)  # ingest.sample.market.EQUITY_SHARE
    assert near(share("bonus"), sample_records.BONUS_SHARE)
    assert near(share("commission"), sample_records.COMMISSION_SHARE)
    bonuses = [
        (c, row)
        for row in listed
        for c in json.loads(row["pay_components"])
        if c["kind"] == "bonus"
    ]
    with_amounts = [(c, row) for c, row in bonuses if c["min"] is not None]
    assert 0 < len(with_amounts) < len(bonuses)  # some bonuses say only "Offers Bonus"
    low, high = sample_records.BONUS_OF_BASE
    for component, row in with_amounts:
        assert (component["currency"], component["period"]) == (row["pay_currency"], "year")
        assert low - 0.01 <= component["min"] / row["pay_min"] <= high + 0.01
        assert component["max"] >= component["min"]
        assert " Bonus" in row["pay_text"]
