"""The skill taxonomy file's format: `analytics/taxonomy/skills.yml` entries as validated
`SkillRule`s.

Each entry needs id (snake_case, unique), name, category (one of `CATEGORIES`), is_genai and
aliases (lower case), and may add translations (lower-case names in other languages, matched
like aliases but never written by the English sample simulator), case_sensitive_aliases,
context_aliases (lower-case forms that are also ordinary words or names in another sense:
matched like aliases, but counted only with the skill's require_context, as case-sensitive
aliases are; one may repeat an alias), require_context (skill ids or `category:<name>`, only
with case-sensitive or context aliases),
context_words (lower-case phrases that give the same context, only with require_context),
compound_aliases (an alias naming this skill and others at once: {alias: [other ids]}),
exclude_patterns, exclude_regex (valid regexes; `\\b` and `\\w` are read as ASCII), plural and
cued (default true: a case-sensitive alias right after a skill cue, "familiarity with Go", is
the skill without other context; false where that form names something else after a cue as
often: "DBT" the therapy).
A bad entry raises `TaxonomyError` naming the skill and the reason. Alias clashes between
skills are found when the taxonomy is compiled (`analytics.normalize.skills.parse_skill_rules`).

May import: the standard library and polars.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

TAXONOMY_PATH = Path(__file__).resolve().parents[1] / "taxonomy" / "skills.yml"

CATEGORIES = frozenset(
    {
        "language",
        "ml_library",
        "deep_learning",
        "genai",
        "mlops",
        "cloud",
        "data_engineering",
        "database",
        "concept",
        "responsible_ai",
        "analytics_tool",
        "web",
        "devtool",
    }
)
_REQUIRED_FIELDS = ("id", "name", "category", "is_genai", "aliases")
_OPTIONAL_FIELDS = (
    "translations",
    "case_sensitive_aliases",
    "context_aliases",
    "require_context",
    "context_words",
    "compound_aliases",
    "exclude_patterns",
    "exclude_regex",
    "plural",
    "cued",
)
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# ASCII word boundaries keep the trap regex on the fast lazy-DFA path for non-ASCII text.
ASCII_BOUNDARY = "(?-u:\\b)"
_ASCII_WORD = "[0-9A-Za-z_]"


class TaxonomyError(ValueError):
    """The skill taxonomy file is malformed; the message names the skill and the reason."""


@dataclass(frozen=True)
class SkillRule:
    """One validated taxonomy entry."""

    id: str
    name: str
    category: str
    is_genai: bool
    aliases: tuple[str, ...]
    case_sensitive_aliases: tuple[str, ...] = ()
    context_aliases: tuple[str, ...] = ()  # ordinary words too: need require_context
    require_context: tuple[str, ...] = ()
    context_words: tuple[str, ...] = ()
    compound_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (alias, other ids)
    exclude_patterns: tuple[str, ...] = ()
    exclude_regex: tuple[str, ...] = ()
    plural: bool = True
    cued: bool = True  # a case-sensitive alias after a skill cue counts without context
    translations: tuple[str, ...] = ()


def ascii_regex(expr: str) -> str:
    """Make `\\b` and `\\w` ASCII so the regex stays on the lazy DFA for any text."""
    return expr.replace("\\b", ASCII_BOUNDARY).replace("\\w", _ASCII_WORD)


def _string_list(entry: Mapping[str, Any], field: str, skill: str) -> tuple[str, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"skill {skill!r}: {field} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _compound_aliases(
    entry: Mapping[str, Any], skill: str
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    value = entry.get("compound_aliases", {})
    if not isinstance(value, dict):
        raise TaxonomyError(f"skill {skill!r}: compound_aliases must map an alias to skill ids")
    out = []
    for alias, others in value.items():
        if not isinstance(alias, str) or alias != alias.lower() or not alias.strip():
            raise TaxonomyError(f"skill {skill!r}: compound alias {alias!r} must be lower case")
        names_ids = isinstance(others, list) and others and all(isinstance(o, str) for o in others)
        if not names_ids:
            raise TaxonomyError(f"skill {skill!r}: compound alias {alias!r} needs a list of ids")
        out.append((alias.strip(), tuple(others)))
    return tuple(out)


def _check_entry_shape(entry: Mapping[str, Any], skill: str) -> None:
    """Fields present and known, id snake_case, category known, flags boolean."""
    missing = [f for f in _REQUIRED_FIELDS if f not in entry]
    if missing:
        raise TaxonomyError(f"skill {skill!r}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(entry) - set(_REQUIRED_FIELDS) - set(_OPTIONAL_FIELDS))
    if unknown:
        raise TaxonomyError(f"skill {skill!r}: unknown field(s) {', '.join(unknown)}")
    if not isinstance(entry["id"], str) or not _ID_RE.match(entry["id"]):
        raise TaxonomyError(f"skill {skill!r}: id must be snake_case")
    if entry["category"] not in CATEGORIES:
        raise TaxonomyError(f"skill {skill!r}: unknown category {entry['category']!r}")
    for flag in ("is_genai", "plural", "cued"):
        if flag in entry and not isinstance(entry[flag], bool):
            raise TaxonomyError(f"skill {skill!r}: {flag} must be true or false")


def _skill_rule(entry: Any, position: int) -> SkillRule:
    if not isinstance(entry, dict):
        kind = type(entry).__name__
        raise TaxonomyError(f"skill #{position}: entry must be a mapping, got {kind}")
    skill = str(entry.get("id", f"#{position}"))
    _check_entry_shape(entry, skill)
    aliases = _string_list(entry, "aliases", skill)
    not_lower = [a for a in aliases if a != a.lower()]
    if not_lower:
        raise TaxonomyError(f"skill {skill!r}: aliases must be lower case: {not_lower}")
    translations = _string_list(entry, "translations", skill)
    if [t for t in translations if t != t.lower()]:
        raise TaxonomyError(f"skill {skill!r}: translations must be lower case")
    case_sensitive = _string_list(entry, "case_sensitive_aliases", skill)
    if not aliases and not case_sensitive:
        raise TaxonomyError(f"skill {skill!r}: needs at least one alias")
    context_aliases = _string_list(entry, "context_aliases", skill)
    if [a for a in context_aliases if a != a.lower()]:
        raise TaxonomyError(f"skill {skill!r}: context_aliases must be lower case")
    context = _string_list(entry, "require_context", skill)
    if context and not (case_sensitive or context_aliases):
        raise TaxonomyError(
            f"skill {skill!r}: require_context needs case_sensitive_aliases or context_aliases"
        )
    if context_aliases and not context:
        raise TaxonomyError(f"skill {skill!r}: context_aliases need require_context")
    context_words = _string_list(entry, "context_words", skill)
    if context_words and not context:
        raise TaxonomyError(f"skill {skill!r}: context_words need require_context")
    if [w for w in context_words if w != w.lower()]:
        raise TaxonomyError(f"skill {skill!r}: context_words must be lower case")
    return SkillRule(
        id=entry["id"],
        name=str(entry["name"]),
        category=entry["category"],
        is_genai=entry["is_genai"],
        aliases=aliases,
        case_sensitive_aliases=case_sensitive,
        context_aliases=context_aliases,
        require_context=context,
        context_words=context_words,
        compound_aliases=_compound_aliases(entry, skill),
        exclude_patterns=tuple(p.lower() for p in _string_list(entry, "exclude_patterns", skill)),
        exclude_regex=_string_list(entry, "exclude_regex", skill),
        plural=entry.get("plural", True),
        cued=entry.get("cued", True),
        translations=translations,
    )


def _check_unique_ids(rules: tuple[SkillRule, ...]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise TaxonomyError(f"skill {rule.id!r}: duplicate id")
        seen.add(rule.id)


def _check_context_targets(rules: tuple[SkillRule, ...]) -> None:
    ids = {r.id for r in rules}
    categories = {r.category for r in rules}
    for rule in rules:
        for target in rule.require_context:
            name = target.removeprefix("category:")
            known = name in categories if target.startswith("category:") else name in ids
            if not known:
                raise TaxonomyError(f"skill {rule.id!r}: require_context names unknown {target!r}")
        for alias, others in rule.compound_aliases:
            unknown = [o for o in others if o not in ids or o == rule.id]
            if unknown:
                raise TaxonomyError(
                    f"skill {rule.id!r}: compound alias {alias!r} names unknown or own id {unknown}"
                )


def _check_regexes(rules: tuple[SkillRule, ...]) -> None:
    probe = pl.Series("probe", [""], dtype=pl.String)
    for rule in rules:
        for expr in rule.exclude_regex:
            try:
                probe.str.contains(ascii_regex(expr))
            except Exception as exc:  # polars raises ComputeError for a bad pattern
                raise TaxonomyError(
                    f"skill {rule.id!r}: exclude_regex {expr!r} is invalid: {exc}"
                ) from exc


def validated_rules(document: Any) -> tuple[SkillRule, ...]:
    """The rules of a parsed skills.yml document, each entry and the ids checked (alias clashes
    are checked when the rules are compiled)."""
    if not isinstance(document, dict) or document.get("version") != 1:
        raise TaxonomyError("skills taxonomy: top level must hold `version: 1` and `skills:`")
    entries = document.get("skills")
    if not isinstance(entries, list) or not entries:
        raise TaxonomyError("skills taxonomy: `skills` must be a non-empty list")
    rules = tuple(_skill_rule(entry, i) for i, entry in enumerate(entries))
    _check_unique_ids(rules)
    _check_context_targets(rules)
    _check_regexes(rules)
    return rules


def taxonomy_frame(rules: Iterable[SkillRule]) -> pl.DataFrame:
    """Rules as a frame: id, name, category, is_genai, aliases (all surface forms)."""
    rows = [
        {
            "id": r.id,
            "name": r.name,
            "category": r.category,
            "is_genai": r.is_genai,
            "aliases": list(r.aliases)
            + [alias for alias in r.context_aliases if alias not in r.aliases]
            + [alias for alias, _ in r.compound_aliases]
            + list(r.case_sensitive_aliases),
        }
        for r in rules
    ]
    schema = {
        "id": pl.String,
        "name": pl.String,
        "category": pl.String,
        "is_genai": pl.Boolean,
        "aliases": pl.List(pl.String),
    }
    return pl.DataFrame(rows, schema=schema)
