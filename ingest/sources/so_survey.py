"""Stack Overflow Developer Survey (ODbL): skill prevalence among developers (supply side) and
self-reported annual pay by skill and country.

`import_file` copies a downloaded survey zip (holding `survey_results_public.csv`) or the CSV
itself into `raw/so_survey/<today>/stack-overflow-developer-survey-<year>.<ext>`. `parse`
reads the columns named for that year in `so_survey_columns.yml`, maps the technology answers
(multi-select, joined by ";") to Skillmarket skill ids with `so_survey_skills.csv` (matched
case-insensitively; unmapped technologies are ignored), and aggregates per respondent-level
flags, so a respondent counts once per skill:

* prevalence: survey_year x country (ISO alpha-2 or 'all') x dev_type (or 'all') x skill_id:
  respondents who answered any technology question, those naming the skill, and the share;
* pay: survey_year x country x skill_id ('all' = every paid respondent): quartiles and mean of
  ConvertedCompYearly (USD) over full-time employed respondents with a positive amount.

Compensation above 2,000,000 USD a year is quarantined per response with the reason; country
names that resolve to no ISO code are quarantined once per name (those respondents still count
in the 'all' rows). `parse_reference` is the build's reference interface (`ingest.reference`),
keyed by survey year so the same year imported as zip and as CSV loads once.

May import: the standard library, polars, pycountry, pyyaml, `ingest.sources.common`,
`ingest.sources.reference_columns`, `ingest.sources.reference_fetch`, `ingest.staging`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import polars as pl
import pycountry
import yaml

from ingest.sources.common import SourceFormatError
from ingest.sources.reference_columns import check_columns, csv_header
from ingest.sources.reference_fetch import read_reference_file, store_local_file
from ingest.staging import QUARANTINE_SCHEMA, ReferenceParse

SOURCE = "so_survey"
HERE = Path(__file__).resolve().parent
COLUMNS_FILE = HERE / "so_survey_columns.yml"
SKILLS_FILE = HERE / "so_survey_skills.csv"
MAX_COMP_USD = 2_000_000.0
MIN_CELL = 30  # fewer respondents: the pay row is flagged is_suppressed
MAX_CSV_BYTES = 1024 * 1024 * 1024
_YEAR = re.compile(r"(20\d\d)")
PREVALENCE_SCHEMA: dict[str, pl.DataType] = {
    "survey_year": pl.Int32(),
    "country": pl.String(),
    "dev_type": pl.String(),
    "skill_id": pl.String(),
    "n_respondents": pl.Int64(),
    "n_with_skill": pl.Int64(),
    "share_pct": pl.Float64(),
    "raw_file": pl.String(),
}
PAY_SCHEMA: dict[str, pl.DataType] = {
    "survey_year": pl.Int32(),
    "country": pl.String(),
    "skill_id": pl.String(),
    "n_respondents": pl.Int64(),
    "comp_p25_usd": pl.Float64(),
    "comp_p50_usd": pl.Float64(),
    "comp_p75_usd": pl.Float64(),
    "comp_mean_usd": pl.Float64(),
    "is_suppressed": pl.Boolean(),
    "raw_file": pl.String(),
}


@dataclass
class SurveyResult:
    year: int
    prevalence: pl.DataFrame
    pay: pl.DataFrame
    quarantine: pl.DataFrame
    n_responses: int = 0
    n_answered_tech: int = 0
    tech_columns_used: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def column_maps() -> dict:
    return yaml.safe_load(COLUMNS_FILE.read_text())


def year_columns(year: int) -> dict:
    """The column map of one survey year (the default map for years not listed)."""
    maps = column_maps()
    return maps["years"].get(year, maps["default"])


@lru_cache(maxsize=1)
def skill_map() -> pl.DataFrame:
    """Survey technology name (lower case) -> skill id."""
    table = pl.read_csv(SKILLS_FILE, infer_schema_length=0)
    return (
        table.select(
            pl.col("survey_name").str.strip_chars().str.to_lowercase().alias("tech"),
            pl.col("skill_id").str.strip_chars(),
        )
        .unique()
        .sort("tech", "skill_id")
    )


def country_codes(names: list[str]) -> dict[str, str | None]:
    """ISO alpha-2 code for each survey country name (None when it resolves to none)."""
    overrides = column_maps().get("country_overrides", {})
    out: dict[str, str | None] = {}
    for name in names:
        if name in overrides:
            out[name] = overrides[name]
            continue
        code = None
        for candidate in (name, name.rstrip(". ").strip()):
            try:
                code = pycountry.countries.lookup(candidate).alpha_2
                break
            except LookupError:
                continue
        out[name] = code
    return out


def survey_year(raw_file: str) -> int:
    match = _YEAR.search(Path(raw_file).name)
    if match is None:
        raise SourceFormatError(
            SOURCE, raw_file, "survey year unknown: name the file with its year or pass --year"
        )
    return int(match.group(1))


def import_file(raw_root: Path, path: Path, year: int | None = None) -> Path:
    """Copy a survey zip or CSV into today's snapshot under a name carrying its year."""
    year = year or survey_year(path.name)
    data = read_reference_file(path)
    suffix = ".zip" if data[:2] == b"PK" else ".csv"
    name = f"stack-overflow-developer-survey-{year}{suffix}"
    public_csv(data, name)  # refuse a file that is not the survey
    return store_local_file(raw_root, SOURCE, path, name=name, data=data)


def public_csv(data: bytes, raw_file: str) -> bytes:
    """The bytes of `survey_results_public.csv` (from the zip, or `data` itself)."""
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                members = [
                    m
                    for m in archive.infolist()
                    if Path(m.filename).name.lower() == "survey_results_public.csv"
                ]
                if not members:
                    raise SourceFormatError(
                        SOURCE, raw_file, "zip holds no survey_results_public.csv"
                    )
                if members[0].file_size > MAX_CSV_BYTES:
                    raise SourceFormatError(SOURCE, raw_file, "survey CSV exceeds the size cap")
                data = archive.read(members[0])
        except zipfile.BadZipFile as error:
            raise SourceFormatError(SOURCE, raw_file, f"broken zip: {error}") from error
    header = csv_header(data, SOURCE, raw_file)
    check_columns(header, SOURCE, raw_file)
    if "ResponseId" not in header and "Respondent" not in header:
        raise SourceFormatError(SOURCE, raw_file, "not a survey_results_public.csv (no ResponseId)")
    return data


def _read(data: bytes, raw_file: str, cols: dict) -> tuple[pl.DataFrame, list[str]]:
    csv = public_csv(data, raw_file)
    header = csv_header(csv, SOURCE, raw_file)
    required = [cols["response_id"], cols["country"], cols["comp_usd"], cols["employment"]]
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceFormatError(SOURCE, raw_file, f"survey CSV lacks columns {missing}")
    tech = [c for c in cols["tech_columns"] if c in header]
    if not tech:
        raise SourceFormatError(SOURCE, raw_file, "none of the year's technology columns found")
    wanted = [*required, *([cols["dev_type"]] if cols["dev_type"] in header else []), *tech]
    frame = pl.read_csv(
        io.BytesIO(csv), columns=wanted, infer_schema_length=0, null_values=["NA", ""]
    )
    return frame, tech


def parse(data: bytes, raw_file: str, year: int | None = None) -> SurveyResult:
    """Prevalence and pay tables of one survey year (see the module docstring)."""
    year = year or survey_year(raw_file)
    cols = year_columns(year)
    frame, tech = _read(data, raw_file, cols)
    dev_col = cols["dev_type"]
    names = frame[cols["country"]].drop_nulls().unique().to_list()
    codes = country_codes(names)
    resp = frame.select(
        pl.col(cols["response_id"]).alias("rid"),
        pl.col(cols["country"]).alias("country_name"),
        pl.col(cols["country"])
        .replace_strict(codes, default=None, return_dtype=pl.String)
        .alias("country"),
        (pl.col(dev_col) if dev_col in frame.columns else pl.lit(None, dtype=pl.String))
        .fill_null("unspecified")
        .str.split(";")
        .alias("dev_type"),
        pl.col(cols["employment"])
        .str.to_lowercase()
        .str.contains("employed, full-time")
        .fill_null(False)
        .alias("full_time"),
        pl.col(cols["comp_usd"]).cast(pl.Float64, strict=False).alias("comp"),
        pl.any_horizontal(pl.col(c).is_not_null() for c in tech).alias("answered"),
        pl.concat_list(pl.col(c).fill_null("").str.split(";") for c in tech).alias("tech"),
    )
    unknown = [name for name, code in codes.items() if code is None]
    bad_country = (
        resp.filter(pl.col("country_name").is_in(unknown))
        .group_by("country_name")
        .len()
        .sort("country_name")
        .select(
            pl.lit(SOURCE).alias("source"),
            pl.lit(raw_file).alias("file"),
            (pl.lit("country ") + pl.col("country_name")).alias("record"),
            (
                pl.lit("country name resolves to no ISO code; ")
                + pl.col("len").cast(pl.String)
                + " respondents counted in 'all' only"
            ).alias("reason"),
        )
    )
    bad_comp = resp.filter(pl.col("comp") > MAX_COMP_USD).select(
        pl.lit(SOURCE).alias("source"),
        pl.lit(raw_file).alias("file"),
        (pl.lit("ResponseId ") + pl.col("rid")).alias("record"),
        (
            pl.lit("ConvertedCompYearly ")
            + pl.col("comp").round(0).cast(pl.Int64).cast(pl.String)
            + " above 2000000"
        ).alias("reason"),
    )
    skills = (
        resp.filter("answered")
        .select("rid", "tech")
        .explode("tech")
        .with_columns(pl.col("tech").str.strip_chars().str.to_lowercase())
        .join(skill_map(), on="tech", how="inner")
        .select("rid", "skill_id")
        .unique()
    )
    prevalence = _prevalence(resp.filter("answered"), skills, year, raw_file)
    paid = resp.filter(
        pl.col("full_time") & (pl.col("comp") > 0) & (pl.col("comp") <= MAX_COMP_USD)
    )
    pay = _pay(paid, skills, year, raw_file)
    quarantine = pl.concat([bad_country, bad_comp]).cast(QUARANTINE_SCHEMA)
    return SurveyResult(
        year=year,
        prevalence=prevalence,
        pay=pay,
        quarantine=quarantine,
        n_responses=frame.height,
        n_answered_tech=int(resp["answered"].sum()),
        tech_columns_used=tech,
    )


def _with_totals(frame: pl.DataFrame, dims: list[str]) -> pl.DataFrame:
    """`frame` once per combination of keeping each dimension or replacing it with 'all'."""
    variants = [frame]
    for dim in dims:
        variants = [
            part for v in variants for part in (v, v.with_columns(pl.lit("all").alias(dim)))
        ]
    return pl.concat(variants).unique()


def _prevalence(
    answered: pl.DataFrame, skills: pl.DataFrame, year: int, raw_file: str
) -> pl.DataFrame:
    people = _with_totals(
        answered.select("rid", "country", "dev_type").explode("dev_type"),
        ["country", "dev_type"],
    ).drop_nulls("country")
    totals = people.group_by("country", "dev_type").agg(pl.len().alias("n_respondents"))
    with_skill = (
        people.join(skills, on="rid")
        .group_by("country", "dev_type", "skill_id")
        .agg(pl.len().alias("n_with_skill"))
    )
    return (
        with_skill.join(totals, on=["country", "dev_type"])
        .with_columns(
            pl.lit(year).alias("survey_year"),
            (100.0 * pl.col("n_with_skill") / pl.col("n_respondents")).alias("share_pct"),
            pl.lit(raw_file).alias("raw_file"),
        )
        .select(list(PREVALENCE_SCHEMA))
        .cast(PREVALENCE_SCHEMA)
        .sort("country", "dev_type", "skill_id")
    )


def _pay(paid: pl.DataFrame, skills: pl.DataFrame, year: int, raw_file: str) -> pl.DataFrame:
    base = paid.select("rid", "country", "comp")
    by_skill = base.join(skills, on="rid")
    everyone = base.with_columns(pl.lit("all").alias("skill_id"))
    rows = _with_totals(pl.concat([by_skill, everyone]), ["country"]).drop_nulls("country")
    comp = pl.col("comp")
    return (
        rows.group_by("country", "skill_id")
        .agg(
            pl.len().alias("n_respondents"),
            comp.quantile(0.25, "linear").alias("comp_p25_usd"),
            comp.median().alias("comp_p50_usd"),
            comp.quantile(0.75, "linear").alias("comp_p75_usd"),
            comp.mean().alias("comp_mean_usd"),
        )
        .with_columns(
            pl.lit(year).alias("survey_year"),
            (pl.col("n_respondents") < MIN_CELL).alias("is_suppressed"),
            pl.lit(raw_file).alias("raw_file"),
        )
        .select(list(PAY_SCHEMA))
        .cast(PAY_SCHEMA)
        .sort("country", "skill_id")
    )


def parse_reference(data: bytes, raw_file: str, snapshot: date) -> ReferenceParse:
    """The build's reference interface: one survey file's prevalence and pay tables, keyed by
    survey year (the same year imported as zip and as CSV loads once)."""
    survey = parse(data, raw_file)
    tables = {"core_survey_skill_prevalence": survey.prevalence, "core_survey_pay": survey.pay}
    return ReferenceParse(tables, survey.quarantine, key=survey.year)
