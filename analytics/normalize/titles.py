"""Classify job titles into a role family and a seniority level.

The rules live in `analytics/taxonomy/roles.yml` (an ordered, documented table of regexes); this
module compiles them into one vectorized Polars expression per output. Distinct titles are
classified once and joined back, so the cost grows with the number of distinct titles, not
postings. When a title states no level, the years of experience asked for in the posting text
(`analytics.normalize.requirements`) decide ("5+ years" -> senior), else the default (mid). The
rules may name only the role families and seniorities of `contract.vocab`.

May import: the standard library, polars, pyyaml, `contract`, `analytics.normalize.requirements`.
Never imports `ingest`, `dashboard` or `app`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics.normalize.inputs import TEXT_CHARS, TITLE_CHARS, capped
from analytics.normalize.requirements import years_experience
from analytics.normalize.sections import role_text
from contract.vocab import ROLE_FAMILIES, SENIORITIES

ROLES_PATH = Path(__file__).resolve().parents[1] / "taxonomy" / "roles.yml"

# ASCII word boundary: Unicode \b sends Rust's regex to its slowest engine on non-ASCII text.
_B = r"(?-u:\b)"

_HEAD_DROP = r"\[[^\]]*\]|\([^)]*\)"
# Cut the head at the first team / location separator. A bare hyphen never cuts ("full-stack").
_HEAD_CUT = r"\s*,.*$|\s+-+\s.*$|\s*[–—].*$|\s*\|.*$|\s*:.*$|\s+@\s.*$|\s+-+$"
_LEVEL_WORD = (
    r"(?:senior|sr|snr|staff|principal|lead|junior|jr|mid|mid-level|entry-level|entry level"
    r"|associate|distinguished|founding|new grad\w*|new college grad\w*|recent grad\w*"
    r"|university grad\w*|college grad\w*|graduate|early career|experienced|l\d{1,2}|ict?\d"
    r"|\d{4}|summer|fall|autumn|winter|spring)\.?"
)
# Level words, or a range of them ("senior/staff", "senior / staff"), before the role.
_LEADING_LEVEL_WORDS = rf"^(?:{_LEVEL_WORD}(?:\s*/\s*{_LEVEL_WORD})*\s+)+"
# Roman / digit levels (also hyphenated: "SDE-2"), Google-style L levels, Meta-style E levels,
# IC / ICT levels, intern words.
_LEVEL_MARK = r"(?:[ivx]{1,4}|\d|l\d{1,2}|e[3-9]|ict?\d)"
_BARE_LEVEL_MARK = rf"^{_LEVEL_MARK}$"
_TRAILING_LEVEL_MARKS = (
    rf"(?:(?:\s+|\s*-\s*){_LEVEL_MARK}|\s+(?:intern|internship|new grad|co-?op))+$"
)


@dataclass(frozen=True)
class FamilyRule:
    """One ordered role-family rule from roles.yml."""

    family: str
    scope: str
    pattern: str | None
    generic: str | None
    unless: str | None = None


@dataclass(frozen=True)
class TitleRules:
    """The validated contents of roles.yml, with \\b rewritten as an ASCII word boundary."""

    generic_heads: dict[str, tuple[str, str]]  # name -> (full-match pattern, default family)
    family_rules: tuple[FamilyRule, ...]
    words: tuple[tuple[str, str], ...]  # (folded form, " english ") replaced in one pass
    rewrites: tuple[tuple[str, str], ...]  # (pattern, replacement) on the normalized title
    seniority_rules: tuple[tuple[str, str, str | None], ...]  # (level, pattern, unless)
    level_words: tuple[tuple[str, str], ...]  # (level, pattern)
    numeric_level_pattern: str
    numeric_levels: dict[str, str]
    years_bands: tuple[tuple[int, str], ...]  # (max_years inclusive, level)
    default_seniority: str


def ascii_word_boundaries(pattern: str) -> str:
    """Rewrite \\b as an ASCII word boundary, which keeps Rust's regex on its fast engines."""
    return pattern.replace(r"\b", _B)


def folded_pattern(pattern: str) -> str:
    """A roles.yml pattern folded as the titles it is matched against are (NFKD, combining
    marks dropped; see normalized_title), so it may be written as boards write the words:
    Korean syllables decompose, "データ" loses its voicing mark, "mühendis" its umlaut."""
    decomposed = unicodedata.normalize("NFKD", pattern)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _compiled(pattern: str) -> str:
    return ascii_word_boundaries(folded_pattern(pattern))


def _rules_error(reason: str) -> ValueError:
    return ValueError(f"{ROLES_PATH.name}: {reason}")


def _require_family(value: Any, where: str) -> str:
    if value not in ROLE_FAMILIES:
        raise _rules_error(f"{where}: unknown role_family {value!r}")
    return str(value)


def _require_level(value: Any, where: str) -> str:
    if value not in SENIORITIES:
        raise _rules_error(f"{where}: unknown seniority {value!r}")
    return str(value)


_SCOPES = ("head", "core", "title", "generic_title", "generic_head")


def _rule_pattern(raw: Any, key: str, software_words: str) -> str | None:
    value = raw.get(key)
    if not value:
        return None
    return _compiled(str(value).replace("{software_words}", software_words))


def _parse_family_rules(
    section: dict[str, Any],
) -> tuple[dict[str, tuple[str, str]], tuple[FamilyRule, ...]]:
    generic = {
        g["name"]: (
            _compiled(g["pattern"]),
            _require_family(g["default"], f"generic head {g['name']}"),
        )
        for g in section["generic_heads"]
    }
    software_words = str(section.get("software_words", "")).strip()
    rules = []
    for i, raw in enumerate(section["rules"]):
        where = f"role_family rule {i}"
        scope = raw.get("scope")
        if scope not in _SCOPES:
            raise _rules_error(f"{where}: 'scope' must be one of {', '.join(_SCOPES)}")
        if scope == "generic_head" and raw.get("generic") not in generic:
            raise _rules_error(f"{where}: unknown generic head {raw.get('generic')!r}")
        if scope == "generic_title" and raw.get("generic") not in (None, *generic):
            raise _rules_error(f"{where}: unknown generic head {raw.get('generic')!r}")
        if scope != "generic_head" and not raw.get("pattern"):
            raise _rules_error(f"{where}: missing pattern")
        rules.append(
            FamilyRule(
                family=_require_family(raw.get("family"), where),
                scope=scope,
                pattern=_rule_pattern(raw, "pattern", software_words),
                generic=raw.get("generic"),
                unless=_rule_pattern(raw, "unless", software_words),
            )
        )
    return generic, tuple(rules)


@cache
def load_title_rules(path: Path = ROLES_PATH) -> TitleRules:
    """Read and validate roles.yml (cached)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    generic, family_rules = _parse_family_rules(doc["role_family"])
    sen = doc["seniority"]
    seniority_rules = tuple(
        (
            _require_level(r["level"], f"seniority rule {i}"),
            _compiled(r["pattern"]),
            _compiled(r["unless"]) if r.get("unless") else None,
        )
        for i, r in enumerate(sen["rules"])
    )
    level_words = tuple(
        (_require_level(w["level"], f"level word {i}"), folded_pattern(w["pattern"]))
        for i, w in enumerate(sen["level_words"])
    )
    numeric = sen["numeric_level"]
    numeric_levels = {
        str(k): _require_level(v, f"numeric level {k}") for k, v in numeric["levels"].items()
    }
    bands = tuple(
        (int(b["max_years"]), _require_level(b["level"], "years band"))
        for b in sen["years_of_experience"]["bands"]
    )
    words = tuple(
        (folded_pattern(str(form)).lower(), f" {english} ")
        for english, forms in doc["role_family"].get("words", {}).items()
        for form in forms
    )
    rewrites = tuple(
        (_compiled(r["pattern"]), str(r["replace"])) for r in doc["role_family"].get("rewrites", [])
    )
    return TitleRules(
        generic_heads=generic,
        family_rules=family_rules,
        words=words,
        rewrites=rewrites,
        seniority_rules=seniority_rules,
        level_words=level_words,
        numeric_level_pattern=_compiled(numeric["pattern"]),
        numeric_levels=numeric_levels,
        years_bands=bands,
        default_seniority=_require_level(sen["default"], "default"),
    )


def normalized_title(
    col: str,
    rewrites: tuple[tuple[str, str], ...] = (),
    words: tuple[tuple[str, str], ...] = (),
) -> pl.Expr:
    """Lower-case, accent-folded title with MTS / chief-of-staff, then the `words` (one
    leftmost-first pass) and `rewrites` of roles.yml applied, whitespace collapsed."""
    title = (
        pl.col(col)
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}", "")
        .str.to_lowercase()
        .str.replace_all(r"\s+", " ")
        .str.replace_all(rf"{_B}members? of (?:the )?technical staff{_B}", "mts")
        .str.replace_all(rf"{_B}chief of staff{_B}", "chief_of_staff")
    )
    if words:
        forms, english = zip(*words, strict=True)
        title = title.str.replace_many(list(forms), list(english), leftmost=True)
    for pattern, replacement in rewrites:
        title = title.str.replace_all(pattern, replacement)
    # a rewrite may leave a word between spaces ("データエンジニア" -> " data  engineer ")
    return title.str.replace_all(r"\s+", " ").str.strip_chars()


def title_head(norm_col: str) -> pl.Expr:
    """The role as written first: brackets and parentheses dropped, cut at the first separator."""
    return (
        pl.col(norm_col)
        .str.replace_all(_HEAD_DROP, " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.replace(_HEAD_CUT, "")
        .str.strip_chars()
    )


def title_head_core(head_col: str) -> pl.Expr:
    """The head without leading level words and trailing level marks ("senior ... ii"); where
    that leaves a bare level mark, the marks go first: "associate ii" is the generic
    "associate", not "ii" ("summer 2026 intern" stays the generic "intern")."""
    head = pl.col(head_col)
    core = head.str.replace(_LEADING_LEVEL_WORDS, "").str.replace(_TRAILING_LEVEL_MARKS, "")
    marks_first = head.str.replace(_TRAILING_LEVEL_MARKS, "").str.replace(_LEADING_LEVEL_WORDS, "")
    bare_mark = core.str.strip_chars().str.contains(_BARE_LEVEL_MARK)
    return pl.when(bare_mark).then(marks_first).otherwise(core).str.strip_chars()


def _full_match(pattern: str) -> str:
    return f"^(?:{pattern})$"


def is_generic_head_expr(rules: TitleRules, core: str) -> pl.Expr:
    """True when the head core is one of the generic heads ("software engineer", "mts")."""
    any_generic = "|".join(f"(?:{p})" for p, _ in rules.generic_heads.values())
    return pl.col(core).str.contains(_full_match(any_generic))


def title_team_text(rules: TitleRules, norm: str, head: str) -> pl.Expr:
    """The text the `generic_title` rules search: the title without its (parenthesized) and
    [bracketed] parts when the rest of it, after the head, names a team of a specific family
    ("Lead - Data Science (GenAI)": the team stated first wins); else the whole title
    ("Software Engineer (Machine Learning)"). A software team word ("Platform",
    "Infrastructure") is refined by its parentheses, not stated against them: "Software
    Engineer, Infrastructure (Inference)" reads the whole title."""
    bare = pl.col(norm).str.replace_all(_HEAD_DROP, " ").str.replace_all(r"\s+", " ")
    rest = bare.str.strip_chars().str.strip_prefix(pl.col(head))
    team = [
        r
        for r in rules.family_rules
        if r.scope == "generic_title" and r.generic is None and r.family != "software_engineer"
    ]
    names_team = pl.any_horizontal(
        [
            rest.str.contains(str(r.pattern))
            & (~rest.str.contains(r.unless) if r.unless else pl.lit(True))
            for r in team
        ]
    )
    return pl.when(names_team).then(bare).otherwise(pl.col(norm))


def _rule_condition(
    rules: TitleRules, rule: FamilyRule, norm: str, head: str, core: str, generic: str
) -> pl.Expr:
    if rule.scope == "generic_head":
        return pl.col(core).str.contains(_full_match(rules.generic_heads[str(rule.generic)][0]))
    if rule.scope == "core":
        cond = pl.col(core).str.contains(_full_match(str(rule.pattern)))
        if rule.unless:
            cond = cond & ~pl.col(core).str.contains(_full_match(rule.unless))
        return cond
    target = head if rule.scope == "head" else norm
    if rule.scope == "generic_title":
        target = "_team"
    cond = pl.col(target).str.contains(str(rule.pattern))
    if rule.scope == "generic_title":
        is_generic = (
            pl.col(generic)
            if rule.generic is None
            else pl.col(core).str.contains(_full_match(rules.generic_heads[rule.generic][0]))
        )
        cond = is_generic & cond
    if rule.unless:
        cond = cond & ~pl.col(target).str.contains(rule.unless)
    return cond


def role_family_expr(rules: TitleRules, norm: str, head: str, core: str, generic: str) -> pl.Expr:
    """Ordered when/then chain over the role-family rules (`generic`: is_generic_head column)."""
    chain: Any = pl
    for rule in rules.family_rules:
        cond = _rule_condition(rules, rule, norm, head, core, generic)
        chain = chain.when(cond).then(pl.lit(rule.family))
    return chain.otherwise(pl.lit("other"))


def _level_word_expr(rules: TitleRules, norm: str) -> pl.Expr:
    """The level of the leftmost level word in the title, or null.

    One regex finds the leftmost word (alternatives tried in table order at each position);
    the short word found is then matched against each level's pattern.
    """
    words = "|".join(f"(?:{p})" for _, p in rules.level_words)
    word = pl.col(norm).str.extract(rf"{_B}((?:{words})){_B}", 1)
    chain: Any = pl
    for level, pattern in rules.level_words:
        chain = chain.when(word.str.contains(_full_match(pattern))).then(pl.lit(level))
    return chain.otherwise(pl.lit(None, dtype=pl.String))


def _numeric_level_expr(rules: TitleRules, norm: str) -> pl.Expr:
    """The level of the first group of the numeric-level pattern that matched, or null (a
    match with no group, a count or a duration, gives none)."""
    groups = re.compile(rules.numeric_level_pattern.replace(_B, r"\b")).groups
    found = pl.col(norm).str.extract_groups(rules.numeric_level_pattern)
    token = pl.coalesce([found.struct.field(str(i)) for i in range(1, groups + 1)])
    return token.replace_strict(rules.numeric_levels, default=None, return_dtype=pl.String)


def title_seniority_expr(rules: TitleRules, norm: str) -> pl.Expr:
    """Seniority stated by the title itself (null when the title is silent)."""
    chain: Any = pl
    for level, pattern, unless in rules.seniority_rules:
        cond = pl.col(norm).str.contains(pattern)
        if unless:
            cond = cond & ~pl.col(norm).str.contains(unless)
        chain = chain.when(cond).then(pl.lit(level))
    stated = pl.coalesce(_level_word_expr(rules, norm), _numeric_level_expr(rules, norm))
    return chain.otherwise(stated)


def years_where_title_is_silent(title_seniority: pl.Series, texts: pl.Series) -> pl.Series:
    """Years of experience asked for in the role part of each text, computed only for rows
    whose title states no level (else null)."""
    silent = (title_seniority.is_null() & texts.is_not_null()).arg_true()
    years = pl.repeat(None, texts.len(), dtype=pl.Int32, eager=True).alias("years")
    if silent.len():
        years = years.scatter(silent, years_experience(role_text(texts.gather(silent))))
    return years


def years_band_expr(rules: TitleRules, years: pl.Expr) -> pl.Expr:
    """Map years of experience to a level through the documented bands."""
    chain: Any = pl
    for max_years, level in rules.years_bands:
        chain = chain.when(years <= max_years).then(pl.lit(level))
    return chain.otherwise(pl.lit(None, dtype=pl.String))


def _check_titles(titles: pl.Series, texts: pl.Series | None) -> None:
    if titles.dtype not in (pl.String, pl.Null):
        raise TypeError(f"classify_titles: titles must be a String Series, got {titles.dtype}")
    if texts is not None:
        if texts.dtype not in (pl.String, pl.Null):
            raise TypeError(f"classify_titles: texts must be a String Series, got {texts.dtype}")
        if texts.len() != titles.len():
            raise ValueError(
                f"classify_titles: texts has {texts.len()} rows but titles has {titles.len()}"
            )
    blank = titles.cast(pl.String).str.strip_chars().fill_null("").eq("")
    if blank.any():
        rows = blank.arg_true()
        raise ValueError(
            f"classify_titles: {rows.len()} record(s) have a null or blank title "
            f"(row indexes {rows.head(10).to_list()}); a posting needs a title to be classified"
        )


def classify_distinct_titles(titles: pl.Series) -> pl.DataFrame:
    """role_family and title-stated seniority for each distinct title (column `title`)."""
    rules = load_title_rules()
    return (
        pl.DataFrame({"title": titles})
        .unique()
        .with_columns(normalized_title("title", rules.rewrites, rules.words).alias("_norm"))
        .with_columns(title_head("_norm").alias("_head"))
        .with_columns(title_head_core("_head").alias("_core"))
        .with_columns(
            is_generic_head_expr(rules, "_core").alias("_generic"),
            title_team_text(rules, "_norm", "_head").alias("_team"),
        )
        .with_columns(
            role_family_expr(rules, "_norm", "_head", "_core", "_generic").alias("role_family"),
            title_seniority_expr(rules, "_norm").alias("title_seniority"),
        )
        .select("title", "role_family", "title_seniority")
    )


def classify_titles(
    titles: pl.Series, texts: pl.Series | None = None, years: pl.Series | None = None
) -> pl.DataFrame:
    """Role family and seniority for each title, one output row per input row, in order.

    When the title states no level, the years of experience decide: `years` (optional, same
    length: `requirements.parse_requirements`'s `years_experience_min`, when the caller has
    it) or else those read from `texts` (optional, same length, the posting text). Raises
    ValueError naming the rows whose title is null or blank.
    """
    _check_titles(titles, texts)
    if years is not None and years.len() != titles.len():
        raise ValueError(
            f"classify_titles: years has {years.len()} rows but titles has {titles.len()}"
        )
    rules = load_title_rules()
    if texts is None:
        texts = pl.repeat(None, titles.len(), dtype=pl.String, eager=True)
    frame = pl.DataFrame(  # at most so much of each is read, whatever a source sends
        {
            "title": capped(titles.cast(pl.String), TITLE_CHARS),
            "text": capped(texts.cast(pl.String), TEXT_CHARS),
        }
    )
    by_title = classify_distinct_titles(frame.get_column("title"))
    joined = frame.join(by_title, on="title", how="left", maintain_order="left")
    if years is None:
        # Scan the (long) texts only where the title is silent.
        years = years_where_title_is_silent(joined["title_seniority"], joined["text"])
    return joined.with_columns(years.cast(pl.Int32).alias("years")).select(
        pl.col("role_family"),
        pl.coalesce(
            pl.col("title_seniority"),
            years_band_expr(rules, pl.col("years")),
            pl.lit(rules.default_seniority),
        ).alias("seniority"),
    )


def classify_title(title: str, text: str | None = None) -> dict[str, str]:
    """Single-record classify_titles: {"role_family": ..., "seniority": ...}."""
    texts = None if text is None else pl.Series([text], dtype=pl.String)
    row = classify_titles(pl.Series([title], dtype=pl.String), texts).row(0, named=True)
    return {"role_family": row["role_family"], "seniority": row["seniority"]}
