"""A strict reference reading of the skill taxonomy's matching rules, used only to keep the
simulator honest: it picks surface forms that name exactly one skill, computes which skills a
generated title names, and lets the tests check that generated text names exactly the planted
skills. It is deliberately strict ("any match anywhere", overlapping matches all count), so text
that passes it also passes a longest-match extractor. It is not the project's extractor
(`analytics.normalize.skills` is) and is never used in build paths.

Rules read from skills.yml: aliases match case-insensitively on word boundaries; between words a
space, hyphen, underscore or slash is interchangeable and optional; a trailing "s"/"es" plural is
accepted for aliases of 3+ characters unless `plural: false`; `case_sensitive_aliases` match with
their exact capitalisation and only count when the text also names a skill from
`require_context` through a case-insensitive alias; `exclude_patterns` / `exclude_regex` spans
never count for that skill.

May import: the standard library and `ingest.sample.taxonomy`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ingest.sample.taxonomy import Skill, load_skills

SEPARATOR = r"[\s\-_/]?"
LEFT_EDGE = r"(?<![A-Za-z0-9])"
RIGHT_EDGE = r"(?![A-Za-z0-9])"


def alias_body(alias: str, plural: bool) -> str:
    """Regex for one alias under the taxonomy's separator and plural rules (no edges)."""
    tokens = [t for t in re.split(r"[\s\-_/]+", alias.strip()) if t]
    body = SEPARATOR.join(re.escape(token) for token in tokens)
    if plural and len(alias.strip()) >= 3 and alias.strip()[-1].isalnum():
        body += "(?:e?s)?"
    return body


def aliases_pattern(aliases: Iterable[str], plural: bool) -> str:
    """One regex matching any of the aliases on word edges (first characters checked first)."""
    forms = sorted({a for a in aliases if a.strip()}, key=len, reverse=True)
    starts = "".join(
        sorted({re.escape(f.strip()[0].lower()) + re.escape(f.strip()[0].upper()) for f in forms})
    )
    bodies = "|".join(alias_body(f, plural) for f in forms)
    return f"{LEFT_EDGE}(?=[{starts}])(?:{bodies}){RIGHT_EDGE}"


@dataclass(frozen=True)
class SkillRule:
    skill: Skill
    insensitive: re.Pattern[str] | None
    sensitive: re.Pattern[str] | None
    excludes: tuple[re.Pattern[str], ...]
    needles: tuple[str, ...]  # lower-case first words; a cheap filter before the regexes

    def may_match(self, lowered: str) -> bool:
        return any(needle in lowered for needle in self.needles)


def skill_rule(skill: Skill) -> SkillRule:
    """Compiled patterns for one skill."""
    # Display names are labels ("Bash / shell scripting"); only aliases are surface forms.
    forms = sorted({a.lower() for a in skill.aliases if a.strip()}, key=len)
    insensitive = re.compile(aliases_pattern(forms, skill.plural), re.I) if forms else None
    sensitive = (
        re.compile(aliases_pattern(skill.case_sensitive_aliases, False))
        if skill.case_sensitive_aliases
        else None
    )
    excludes = tuple(
        [re.compile(aliases_pattern(skill.exclude_patterns, False), re.I)]
        if skill.exclude_patterns
        else []
    ) + tuple(re.compile(r) for r in skill.exclude_regex)
    needles = {
        re.split(r"[\s\-_/]+", form.strip().lower())[0]
        for form in (*forms, *skill.case_sensitive_aliases)
    }
    return SkillRule(skill, insensitive, sensitive, excludes, tuple(sorted(needles)))


@lru_cache(maxsize=2)
def skill_rules() -> tuple[SkillRule, ...]:
    return tuple(skill_rule(skill) for skill in load_skills())


@lru_cache(maxsize=2)
def rules_by_id() -> dict[str, SkillRule]:
    return {rule.skill.id: rule for rule in skill_rules()}


def _masked(text: str, excludes: Iterable[re.Pattern[str]]) -> str:
    for pattern in excludes:
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _context_ok(skill: Skill, found: set[str], categories: dict[str, str]) -> bool:
    if not skill.require_context:
        return True
    wanted_ids = {c for c in skill.require_context if not c.startswith("category:")}
    wanted_categories = {c[9:] for c in skill.require_context if c.startswith("category:")}
    return any(
        s != skill.id and (s in wanted_ids or categories[s] in wanted_categories) for s in found
    )


def skills_in_text(text: str, assume_context: bool = False) -> set[str]:
    """Every skill id the text names under the strict reading of the taxonomy rules.

    `assume_context`: count case-sensitive forms ("Agents", "Go") as if the context they
    require were present, i.e. what a fragment may name once it sits in a posting."""
    rules = skill_rules()
    categories = {rule.skill.id: rule.skill.category for rule in rules}
    unambiguous: set[str] = set()
    pending: list[SkillRule] = []
    lowered = text.lower()
    for rule in rules:
        if not rule.may_match(lowered):
            continue
        masked = _masked(text, rule.excludes) if rule.excludes else text
        if rule.insensitive is not None and rule.insensitive.search(masked):
            unambiguous.add(rule.skill.id)
        elif rule.sensitive is not None and rule.sensitive.search(masked):
            pending.append(rule)
    found = set(unambiguous)
    for rule in pending:
        if assume_context or _context_ok(rule.skill, unambiguous, categories):
            found.add(rule.skill.id)
    return found


@lru_cache(maxsize=8192)
def skills_in_phrase(text: str, assume_context: bool = False) -> frozenset[str]:
    """Cached `skills_in_text` for short fixed phrases (titles, template pieces)."""
    return frozenset(skills_in_text(text, assume_context))


@lru_cache(maxsize=2)
def any_alias_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One regex for every case-insensitive alias and one for every case-sensitive form."""
    skills = load_skills()
    insensitive = [a for s in skills for a in s.aliases]
    sensitive = [a for s in skills for a in s.case_sensitive_aliases]
    return (
        re.compile(aliases_pattern(insensitive, True), re.I),
        re.compile(aliases_pattern(sensitive, False)),
    )


def names_no_skill(text: str) -> bool:
    """True when the text contains no alias of any skill, exclusions and context ignored (the
    strictest reading; used to vet invented company names)."""
    insensitive, sensitive = any_alias_patterns()
    return insensitive.search(text) is None and sensitive.search(text) is None


def names_skill(text: str, skill_id: str) -> bool:
    """True when the text names this skill, assuming any context it requires is present."""
    rule = rules_by_id()[skill_id]
    masked = _masked(text, rule.excludes) if rule.excludes else text
    return bool(
        (rule.insensitive is not None and rule.insensitive.search(masked))
        or (rule.sensitive is not None and rule.sensitive.search(masked))
    )
