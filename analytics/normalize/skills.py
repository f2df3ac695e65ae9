"""Skill taxonomy loader and vectorized, context-aware skill extraction.

Reads `analytics/taxonomy/skills.yml` (format documented at the top of that file; entries are
validated by `analytics.normalize.skill_taxonomy`, whose names are re-exported here: a bad entry
raises `TaxonomyError` naming the skill and the reason) and compiles it once.
Extraction is a fixed chain of Polars string expressions, no per-row Python:

0. the company blurb, benefits and boilerplate sections are dropped
   (`analytics.normalize.sections`): a skill named there is not asked for;
1. skills the text says are not needed are blanked on the raw text
   (`NEGATED_MENTIONS`: "no Java required", "you don't need to know Kubernetes", "Java
   experience is not required.", "not looking for Scala backgrounds", "Kubernetes is handled
   by our platform team", "we don't use Java", "Kenntnisse in Java sind keine Voraussetzung",
   "pas besoin de connaître Scala", "no es necesario saber Java", a "Not required:" heading
   over its bullets), and so are the teams the role works with ("pair with our SREs"): they
   are not asked for. An optional skill ("Rust is not required but helpful", "nice to have,
   not a must", "Preferred but not required:") is still asked for, as nice-to-haves are.
   Company-pitch sentences (`COMPANY_PITCH`: "We are an AI lab ...", "We're an AI-native
   insurer ...", "Our mission is ...", "Trusted by 500 banks, ...", "We build LLM-powered
   copilots for lawyers.") ask for nothing and are blanked too. Then regex
   traps ("Ray Smith", "send your CV") are blanked, except where a multi-word alias starts
   there ("Ray Serve");
2. a version glued to a name is split off ("Python3.11", "Vue3", "Postgres16");
   separators are normalized: a slash becomes a token of its own, and so does each comma,
   semicolon, colon and parenthesis (no alias or trap phrase spans one: "Go, with" is not the
   trap "go with"); every run of characters other than letters, digits and `+ # & .` becomes
   exactly two spaces (a dot ending a token counts as a separator), so every token is wrapped
   in spaces and "fine-tuning", "fine_tuning" and "fine tuning" read the same;
3. one case-sensitive Aho-Corasick pass blanks trap phrases ("R&D", "go-to-market", "excel
   at", in lower / Capitalized / UPPER spellings of each word), swaps case-sensitive aliases
   ("R", "Go", "CV") for sentinel tokens and keeps multi-word aliases that contain them
   ("R programming") as written; longest pattern wins at a position;
4. lower case, then one Aho-Corasick `extract_many` over every alias form (leftmost, longest
   first), each form mapped to its skill id (a compound alias to several: "GitLab CI" -> ci_cd
   and git); sentinels of aliases with `require_context`, and context aliases (ordinary words
   or names in another sense: "pandas", "transformers", "Claude"), only count when the posting
   also names a context skill through an unambiguous alias, or one of the skill's context
   words ("frontend", "framework" for React), which are matched in the same pass and never
   output. A context-dependent form right after a skill cue ("experience with pandas",
   "familiarity with Go") needs no other context (`SKILL_CUES`). The context check is one pass
   over each posting's codes (a bit mask per 64 context-dependent skills).

Aliases are normalized by the same expressions, so text and taxonomy always agree. Terms the
taxonomy does not cover yet are listed by `analytics.normalize.skill_terms`.

May import: the standard library, polars, yaml, `analytics.normalize.skill_taxonomy` and
`analytics.normalize.sections`. Nothing from ingest, warehouse or dashboard.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from analytics.normalize.inputs import TEXT_CHARS, capped, capped_expr
from analytics.normalize.sections import role_text_expr
from analytics.normalize.skill_taxonomy import (
    ASCII_BOUNDARY,
    TAXONOMY_PATH,
    SkillRule,
    TaxonomyError,
    ascii_regex,
    taxonomy_frame,
    validated_rules,
)
from analytics.normalize.skill_taxonomy import CATEGORIES as CATEGORIES  # re-exported

# Step 2: a run of non-token characters (a dot before it, or a dot at the end, included).
_SEPARATOR_RUN = r"\.*[^\p{L}\p{N}+#&.]+|\.+$"
_GAP = "  "
# A slash becomes a token of its own, so "Spark/SQL" is two skills while "CI/CD" still matches;
# so does punctuation that ends a phrase, so no alias or trap spans it.
_SLASH_TOKEN = " zslashz "
_PUNCT_TOKEN = " zpunctz "
_TOKEN_BREAKS = {"/": _SLASH_TOKEN, **dict.fromkeys(",;:()", _PUNCT_TOKEN)}
_BREAK_TOKENS = frozenset(t.strip() for t in _TOKEN_BREAKS.values())
_TOKEN_SPLIT = re.compile(r"\s+")
_AMBIGUOUS_PREFIX = "?"
# Codes of context words (never output) and the separator of a compound alias's ids.
_CONTEXT_PREFIX = "~"
_COMPOUND_SEPARATOR = ","
# Case-sensitive aliases become " zqx<n>zqx " tokens, which no text contains in lower case.
_SENTINEL_PREFIX = " zqx"
_MAX_VARIANT_WORDS = 4
# "Experience with <X>": a context alias right after one of these asks for the skill itself
# ("Experience with pandas.", "knowledge of transformers"), context or not.
SKILL_CUES = (
    *("experience with", "experience in", "experience using", "hands-on with"),
    *("knowledge of", "familiarity with", "familiar with", "expertise in", "expertise with"),
    *("proficiency in", "proficiency with", "proficient in", "proficient with", "skilled in"),
    *("fluency in", "fluent in", "strong in", "grasp of", "comfort with", "comfortable with"),
)
# ... and so does a case-sensitive alias after one ("familiarity with Go", "strong in TS"),
# except those of skills the taxonomy marks `cued: false` (DBT the therapy, HF heart failure).
# Skills said not to be needed, blanked with the regex traps (step 1). Three shapes, each ending
# where the negation does, so a skill after it still counts: "no (prior) <1-3 words>
# (experience) required/needed/necessary"; "don't need / no need (to know) <1-2 words>"; and
# "<1-2 words> experience / skills / knowledge is / are not required / mandatory" closed by a
# full stop, semicolon, "for" or a dash ("... is not required, but helpful" stays: it is a
# nice-to-have; "knowledge of C# is not required" names no experience word and stays too).
# A word may hold dots only inside it or in front ("Node.js", ".NET", "3.11"), never at its
# end: no shape runs over a sentence end ("No sponsorship. Kubernetes experience required.").
_NEG_TOKEN = r"\.?[\w#+]+(?:\.[\w#+]+)*"
_NEG_WORD = rf"{_NEG_TOKEN}(?:\s?/\s?{_NEG_TOKEN})?"
NEGATED_MENTIONS = (
    rf"(?i:\b(?:no|zero) (?:prior |previous |formal |professional )?(?:{_NEG_WORD} ){{1,3}}"
    r"(?:is |are )?(?:required|needed|necessary)\b)"
    r"|(?i:\b(?:(?:do not|don't|don’t|dont|won't|will not) need|no need) "
    r"(?:to (?:know|have|use) |for )?"
    rf"(?:any |prior |previous )?(?:experience (?:with|in) |knowledge of )?{_NEG_WORD}"
    rf"(?: {_NEG_WORD})?)"
    rf"|(?i:\b{_NEG_WORD}(?: {_NEG_WORD})? (?:experience|skills?|knowledge|expertise) "
    r"(?:is|are) not (?:required|needed|necessary|mandatory|a requirement|a prerequisite"
    r"|a must)(?:\s*[.;!]|\s+for\b|\s+[-–—]|\s*$))"
    # "Knowledge of Spark is not a prerequisite." ("... is not required" stays: skills.yml)
    rf"|(?i:\b(?:knowledge of|experience (?:with|in)|familiarity with) {_NEG_WORD}"
    rf"(?: (?:or|and) {_NEG_WORD})? (?:is|are) not (?:a prerequisite|a must)\b)"
    # "We don't use Java or .NET here"
    r"|(?i:\bwe (?:do not|don't|don’t|dont) (?:use|work with|run) (?:any )?"
    rf"{_NEG_WORD}(?: (?:or|and|nor) {_NEG_WORD})?)"
    # "Don't worry if you haven't used Terraform (before)", "even if you've never used Go"
    r"|(?i:\b(?:(?:do not|don't|don’t|dont) worry|(?:it's|it’s|it is) (?:ok(?:ay)?|fine)|even) "
    r"if you(?:'ve|’ve)? (?:haven't|haven’t|have not|have never|never|don't know|do not know|"
    r"are new to)(?: (?:used|worked with|touched|tried|seen|heard of))? "
    rf"{_NEG_WORD}(?: {_NEG_WORD})?)"
    # "Not looking for Java/Scala backgrounds"; "Kubernetes is handled by our platform team"
    rf"|(?i:\bnot looking for (?:{_NEG_WORD} ){{0,2}}{_NEG_WORD})"
    rf"|(?i:\b{_NEG_WORD}(?: {_NEG_WORD})? (?:is|are) (?:handled|owned|managed|run|taken care of)"
    r" by (?:our|the|a|another|a separate|a dedicated) )"
    # A team the role works with is no skill it asks for: "pair with our SREs", "partner with
    # the DevOps team", "work closely with our ML engineers"
    r"|(?i:\b(?:pair|partner|collaborate|work|liaise)(?:s|ing|ed)? (?:closely |directly )?"
    rf"with (?:our|the|your) (?:{_NEG_WORD} ){{0,2}}(?:teams?|squads?|engineers|SREs)\b)"
    # German, French, Spanish, Portuguese: "Kenntnisse in Java sind keine Voraussetzung",
    # "Pas besoin de connaître Scala", "no es necesario saber Java", "não é necessário saber R"
    rf"|(?i:\b(?:{_NEG_WORD} ){{1,3}}(?:sind|ist) (?:keine voraussetzung|kein muss"
    r"|nicht (?:erforderlich|notwendig|nötig|zwingend|vorausgesetzt))\b)"
    rf"|(?i:\bkeine (?:{_NEG_WORD} ){{0,2}}{_NEG_WORD}(?:[- ]?kenntnisse)? (?:erforderlich|nötig"
    r"|notwendig)\b)"
    r"|(?i:\bpas besoin (?:de |d['’])(?:conna[iî]tre |savoir |ma[iî]triser |utiliser )?"
    rf"(?:le |la |les |l['’])?{_NEG_WORD}(?: (?:ou|et|ni) {_NEG_WORD})?)"
    rf"|(?i:\b(?:{_NEG_WORD} ){{1,3}}n['’](?:est|sont) pas (?:requise?s?|obligatoires?"
    r"|n[ée]cessaires?|exig[ée]e?s?)\b)"
    r"|(?i:\bno (?:es necesari[oa]|se requiere|hace falta|necesitas) "
    r"(?:saber |conocer |dominar |(?:tener )?(?:experiencia|conocimientos?) (?:en|de|con) )?"
    rf"{_NEG_WORD}(?: (?:ni|o|y) {_NEG_WORD})?)"
    r"|(?i:\bn(?:ã|a)o (?:(?:é|e) (?:necess(?:á|a)rio|obrigat(?:ó|o)rio)|precisa(?:s)?|exigimos) "
    r"(?:saber |conhecer |dominar |(?:ter )?(?:experi(?:ê|e)ncia|conhecimentos?) (?:em|de|com) )?"
    rf"{_NEG_WORD}(?: (?:nem|ou|e) {_NEG_WORD})?)"
    # A heading that says its items are not needed, with the items under it or after it:
    # "Not required (we'll teach you):\n- Kubernetes", "What we don't expect: deep learning."
    r"|(?im:(?:^|[.!?][^\S\n]+)[^\S\n]*(?:not required|not needed|you (?:do not|don't|don’t) "
    r"need|what we (?:do not|don't|don’t) (?:expect|need|require)|no need for)"
    r"(?:[^\S\n]*\([^\n)]*\))?[^\S\n]*:(?:[^\S\n]*[^\n.!?]+|(?:\n[^\S\n]*[-•*·–][^\n]*)+))"
)
# Company-pitch sentences ask for nothing, whatever they name ("We are an AI lab training large
# language models", "Our mission is to make data science accessible", "Backed by top investors,
# we are redefining healthcare with generative AI", "We build LLM-powered copilots for
# lawyers"): blanked from the opening words to the end of the sentence. A pitch opens a line or
# a sentence; "we are a/an/the ..." needs a company noun within five words ("We are a Python
# shop" stays), "we build ..." a product noun and "for" (the customers) after it.
_PITCH_OPENERS = (
    r"we(?:'re|’re| are) (?:a|an|the) (?:[\w-]+ ){0,4}(?:company|startup|start-up|scale-?up"
    r"|lab|leader|provider|firm|organi[sz]ation|insurer|bank|marketplace|studio|agency"
    r"|consultancy|fintech|insurtech|healthtech|biotech|nonprofit|non-profit)s?\b",
    r"we(?:'re|’re| are)? (?:on a mission|redefining|transforming|reinventing|revolutioni[sz]ing"
    r"|democrati[sz]ing|reimagining|disrupting)\b",
    r"our (?:mission|vision) is\b",
    # the same in French, German, Spanish, Portuguese ("Chez Hopper, notre mission est de ...")
    r"(?:notre (?:mission|vision) est|unsere (?:mission|vision) ist|nuestra (?:misi[oó]n|visi[oó]n)"
    r" es|nossa (?:miss[aã]o|vis[aã]o) [eé])\b",
    r"(?:backed|trusted|loved) by\b",
    r"we build (?:[\w-]+ ){0,4}(?:products?|tools|copilots?|solutions|software|apps"
    r"|applications|platforms?|assistants) for\b",
)
# An opener may follow a short "At Acme, " / "Chez Acme, " / "En Acme, " lead (no full stop
# in it: "At least 3 years of Python. Our mission is ..." keeps its Python).
_PITCH_LEAD = r"(?:(?:at|chez|bei|en|na|no) [\w&' -]{1,40}, )?"
COMPANY_PITCH = (
    r"(?im)(^[^a-z\n]{0,6}|[.!?]\s+)"
    + _PITCH_LEAD
    + "(?:"
    + "|".join(_PITCH_OPENERS)
    + r")[^\n.!?]*"
)
_COMPANY_PITCH_ASCII = ascii_regex(COMPANY_PITCH)
# Its own pass: merged into the trap regex it would cost that regex its literal prefilters.
_NEGATED_MENTIONS_ASCII = ascii_regex(NEGATED_MENTIONS)
# The streaming engine runs the string kernels on morsels in parallel and keeps row order.
_ENGINE = "streaming"


@dataclass(frozen=True)
class SkillMatcher:
    """A compiled taxonomy.

    `swap_patterns` -> `swap_replacements` is the case-sensitive Aho-Corasick pass of step 3
    (trap spellings -> blank, case-sensitive aliases -> sentinels, multi-word aliases holding
    them -> themselves). `forms` -> `codes` drive the final pass; a code is a skill id, ids
    joined by "," (a compound alias), `?<id>` for a case-sensitive alias whose skill needs
    context, or `~<word>` for a context word (`context`: id -> codes that give context).
    """

    trap_regex: str | None
    glued_version_regex: str  # "Python3.11", "Vue3": a name with its version glued on
    swap_patterns: tuple[str, ...]
    swap_replacements: tuple[str, ...]
    forms: tuple[str, ...]
    codes: tuple[str, ...]
    context: Mapping[str, frozenset[str]]
    peers: Mapping[str, frozenset[str]]  # id -> context-dependent ids of its category and context
    has_compounds: bool = False


# --------------------------------------------------------------------------- normalization


def spaced_tokens_expr(text: pl.Expr) -> pl.Expr:
    """Text with every separator run turned into two spaces, wrapped in spaces (keeps case)."""
    tokens = text.str.replace_many(list(_TOKEN_BREAKS), list(_TOKEN_BREAKS.values()))
    return pl.concat_str([pl.lit(" "), tokens.str.replace_all(_SEPARATOR_RUN, _GAP), pl.lit(" ")])


def _spaced(values: Iterable[str], lower: bool) -> list[str]:
    """Normalize strings with the same expression the text goes through."""
    series = pl.Series("v", list(values), dtype=pl.String)
    out = pl.DataFrame({"v": series}).select(spaced_tokens_expr(pl.col("v")).alias("v"))["v"]
    return (out.str.to_lowercase() if lower else out).to_list()


def _tokens(form: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(form) if t]


def _form(tokens: list[str]) -> str:
    return " " + _GAP.join(tokens) + " "


def _plural_forms(form: str) -> list[str]:
    """The automatic plural of an alias form: +s (+es after x, z, ch, sh); none for short forms,
    forms ending in a digit or symbol, and forms already ending in s."""
    last = _tokens(form)[-1]
    letters = "".join(_tokens(form))
    if len(letters) < 3 or not (last[-1].isascii() and last[-1].isalpha()) or last[-1] == "s":
        return []
    suffix = "es" if last.endswith(("x", "z", "ch", "sh")) else "s"
    return [form[:-1] + suffix + " "]


# --------------------------------------------------------------------------- taxonomy loading


def parse_skill_rules(document: Any) -> tuple[SkillRule, ...]:
    """Validate a parsed skills.yml document and return its rules."""
    rules = validated_rules(document)
    compile_matcher(rules)  # alias clashes surface here, naming the skill
    return rules


def read_skill_rules(path: Path = TAXONOMY_PATH) -> tuple[SkillRule, ...]:
    """Read and validate a taxonomy file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"skills taxonomy {path}: invalid YAML: {exc}") from exc
    return parse_skill_rules(document)


@cache
def skill_rules() -> tuple[SkillRule, ...]:
    """The project taxonomy, read once."""
    return read_skill_rules(TAXONOMY_PATH)


@cache
def load_taxonomy() -> pl.DataFrame:
    """The project taxonomy: one row per skill (id, name, category, is_genai, aliases)."""
    return taxonomy_frame(skill_rules())


@cache
def genai_skill_ids() -> frozenset[str]:
    """Ids of the skills with `is_genai: true`."""
    return frozenset(r.id for r in skill_rules() if r.is_genai)


# --------------------------------------------------------------------------- matcher compilation


def _accent_folded(form: str) -> str:
    """A form without its combining accents ("aprendizaje automático" -> "... automatico")."""
    return "".join(c for c in unicodedata.normalize("NFKD", form) if not unicodedata.combining(c))


def _named_aliases(rule: SkillRule) -> list[tuple[str, str]]:
    """(alias, code) of a rule: its plain aliases and translations (each also without its
    accents, as postings often drop them), its context aliases coded `?<id>` (they count only
    with context, like a case-sensitive alias), and its compound aliases coded with every id
    they name ("ci_cd,git")."""
    translated = dict.fromkeys(f for t in rule.translations for f in (t, _accent_folded(t)))
    needs_context = set(rule.context_aliases)
    plain = [
        (alias, _AMBIGUOUS_PREFIX + rule.id if alias in needs_context else rule.id)
        for alias in dict.fromkeys([*rule.aliases, *rule.context_aliases, *translated])
    ]
    compound = [
        (alias, _COMPOUND_SEPARATOR.join((rule.id, *others)))
        for alias, others in rule.compound_aliases
    ]
    return plain + compound


def _alias_forms(rules: tuple[SkillRule, ...]) -> dict[str, str]:
    """Lower-case alias form -> code (a skill id, or ids of a compound alias); raises when two
    skills claim the same form."""
    owner: dict[str, str] = {}
    for rule in rules:
        named = _named_aliases(rule)
        aliases = [alias for alias, _ in named]
        for (alias, code), form in zip(named, _spaced(aliases, lower=True), strict=True):
            if not _tokens(form):
                raise TaxonomyError(f"skill {rule.id!r}: alias {alias!r} has no letters or digits")
            if owner.get(form, code) != code:
                raise TaxonomyError(
                    f"skill {rule.id!r}: alias {alias!r} is also an alias of {owner[form]!r}"
                )
            owner[form] = code
    variants: dict[str, str] = {}
    for rule in rules:
        named = _named_aliases(rule)
        for (_, code), form in zip(named, _spaced([a for a, _ in named], lower=True), strict=True):
            joinable = len(_tokens(form)) > 1 and not _BREAK_TOKENS & set(_tokens(form))
            extra = [_form(["".join(_tokens(form))])] if joinable else []
            if rule.plural:
                extra += [p for f in [form, *extra] for p in _plural_forms(f)]
            for variant in extra:
                if variant not in owner:
                    variants.setdefault(variant, code)
    return owner | variants


def _case_sensitive_forms(
    rules: tuple[SkillRule, ...], alias_forms: Mapping[str, str]
) -> dict[str, tuple[str, str]]:
    """Case-sensitive form -> (sentinel form, code)."""
    out: dict[str, tuple[str, str]] = {}
    for rule in rules:
        code = _AMBIGUOUS_PREFIX + rule.id if rule.require_context else rule.id
        spaced = _spaced(rule.case_sensitive_aliases, lower=False)
        for alias, form in zip(rule.case_sensitive_aliases, spaced, strict=True):
            clash = alias_forms.get(form.lower())
            if clash is not None:
                raise TaxonomyError(
                    f"skill {rule.id!r}: case-sensitive alias {alias!r} is also an alias of "
                    f"{clash!r}"
                )
            sentinel = f"{_SENTINEL_PREFIX}{len(out)}zqx "
            out.setdefault(form, (sentinel, code))
    return out


def _case_variants(form: str, extra: Mapping[str, str] | None = None) -> set[str]:
    """Spellings of a lower-case form: each word lower, Capitalized, UPPER (or as in `extra`).

    Every combination for up to four words; longer forms get the four uniform spellings.
    """
    tokens = _tokens(form)
    choices = [{t, t.capitalize(), t.upper(), *(extra or {}).get(t, "").split()} for t in tokens]
    if len(tokens) > _MAX_VARIANT_WORDS:
        return {
            _form(tokens),
            _form([t.capitalize() for t in tokens]),
            _form([t.upper() for t in tokens]),
            _form([tokens[0].capitalize(), *tokens[1:]]),
        }
    return {_form(list(combo)) for combo in itertools.product(*(sorted(c) for c in choices))}


def _protected_forms(
    alias_forms: Mapping[str, str], case_forms: Mapping[str, tuple[str, str]]
) -> list[str]:
    """Multi-word alias spellings that contain a case-sensitive token, kept as written."""
    case_spellings: dict[str, str] = {}
    for form in case_forms:
        for token in _tokens(form):
            case_spellings[token.lower()] = f"{case_spellings.get(token.lower(), '')} {token}"
    protected: set[str] = set()
    for form in alias_forms:
        tokens = _tokens(form)
        if len(tokens) > 1 and set(case_spellings) & set(tokens):
            protected |= _case_variants(form, case_spellings)
    return sorted(protected)


def _trap_regex(rules: tuple[SkillRule, ...], alias_forms: Mapping[str, str]) -> str | None:
    """One regex for every exclude_regex, with multi-word aliases that must survive kept."""
    traps = [f"(?:{ascii_regex(e)})" for r in rules for e in r.exclude_regex]
    if not traps:
        return None
    first_words = {m.group(0).lower() for e in traps for m in re.finditer(r"[A-Za-z][a-z]+", e)}
    keep = sorted(
        {
            "[^\\p{L}\\p{N}]+".join(re.escape(t) for t in _tokens(form))
            for form in alias_forms
            if len(_tokens(form)) > 1 and _tokens(form)[0] in first_words
        },
        key=lambda k: (-len(k), k),
    )
    keep_group = f"(?i:{ASCII_BOUNDARY}({'|'.join(keep)}){ASCII_BOUNDARY})|" if keep else ""
    return keep_group + "|".join(traps)


def _context_word_codes(
    rules: tuple[SkillRule, ...], alias_forms: Mapping[str, str]
) -> dict[str, str]:
    """Context-word form -> code: the skill id when the word is an alias, else `~<word>`.

    A context word may not extend an alias ("vector database search" would hide "vector
    database"): the longest form wins at a position, so the alias would never be seen.
    """
    words: dict[str, str] = {}
    for rule in rules:
        for word, form in zip(rule.context_words, _spaced(rule.context_words, True), strict=True):
            tokens = _tokens(form)
            if not tokens:
                raise TaxonomyError(f"skill {rule.id!r}: context word {word!r} has no letters")
            if form in alias_forms:
                words[form] = alias_forms[form].split(_COMPOUND_SEPARATOR)[0]
                continue
            hidden = [_form(tokens[:n]) for n in range(1, len(tokens))]
            clash = [alias_forms[h] for h in hidden if h in alias_forms]
            if clash:
                raise TaxonomyError(
                    f"skill {rule.id!r}: context word {word!r} would hide an alias of {clash[0]!r}"
                )
            words[form] = _CONTEXT_PREFIX + "_".join(tokens)
    return words


def _context_sets(
    rules: tuple[SkillRule, ...], word_codes: Mapping[str, str]
) -> dict[str, frozenset[str]]:
    by_category: dict[str, set[str]] = {}
    for rule in rules:
        by_category.setdefault(rule.category, set()).add(rule.id)
    context: dict[str, frozenset[str]] = {}
    for rule in rules:
        if not rule.require_context:
            continue
        ids: set[str] = set()
        for target in rule.require_context:
            if target.startswith("category:"):
                ids |= by_category[target.removeprefix("category:")]
            else:
                ids.add(target)
        words = _spaced(rule.context_words, lower=True) if rule.context_words else []
        ids |= {word_codes[w] for w in words}
        context[rule.id] = frozenset(ids - {rule.id})
    return context


def _peer_sets(
    rules: tuple[SkillRule, ...], context: Mapping[str, frozenset[str]]
) -> dict[str, frozenset[str]]:
    """Context-dependent skills that may confirm each other: same category, each in the
    other's context. Skills with context aliases (ordinary words: "fine-tune", "BERT",
    "Redshift") also confirm those of another category whose context they are in and that are
    in theirs ("Fine-tune BERT", "Redshift and dbt"); two case-sensitive names of different
    categories do not ("Ray will onboard you. Go team!")."""
    category = {r.id: r.category for r in rules}
    worded = {r.id for r in rules if r.context_aliases}
    return {
        skill: frozenset(
            other
            for other in context
            if other != skill
            and other in ctx
            and (
                category[other] == category[skill]
                or (bool({skill, other} & worded) and skill in context[other])
            )
        )
        for skill, ctx in context.items()
    }


def _cued_forms(alias_forms: Mapping[str, str]) -> list[tuple[str, str]]:
    """A skill cue followed by a context alias ("experience with pandas") -> the skill's id.

    Aliases that begin with a context alias ("llama index" after "llama") get the cue too, so
    the longest form still wins ("experience with llama index" is LlamaIndex).
    """
    cues = [_tokens(c) for c in _spaced(SKILL_CUES, lower=True)]
    ambiguous = {f for f, code in alias_forms.items() if code.startswith(_AMBIGUOUS_PREFIX)}
    cued = [
        (form, code)
        for form, code in alias_forms.items()
        if any(_form(_tokens(form)[:n]) in ambiguous for n in range(1, len(_tokens(form)) + 1))
    ]
    return [
        (_form([*cue, *_tokens(form)]), code.removeprefix(_AMBIGUOUS_PREFIX))
        for form, code in cued
        for cue in cues
    ]


def _longest_first(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return sorted(pairs, key=lambda p: (-len(p[0]), p[0]))


def _trap_forms(rules: tuple[SkillRule, ...], alias_forms: Mapping[str, str]) -> list[str]:
    forms: list[str] = []
    for rule in rules:
        spaced = _spaced(rule.exclude_patterns, lower=True)
        for pattern, form in zip(rule.exclude_patterns, spaced, strict=True):
            if form in alias_forms:
                raise TaxonomyError(
                    f"skill {rule.id!r}: exclude pattern {pattern!r} is also an alias of "
                    f"{alias_forms[form]!r}"
                )
            forms.append(form)
    return sorted(set(forms), key=lambda f: (-len(f), f))


def _glued_version_regex(alias_forms: Mapping[str, str]) -> str:
    """A word of 3-16 letters with a version glued on ("Python3.11", "Angular14", "Postgres16"):
    the regex splits the version off, so the name reads as it does when the version stands apart
    ("Python 3.11"). Two-letter names ("tf2", "es6", "ec2") are left whole, and so are glued
    aliases whose name alone is no alias ("ggplot2", "int8"): the first group keeps them."""
    glued = re.compile(r"([a-z][a-z+#]{2,15})(\d{1,2}(?:\.\d{1,2})*)")
    keep = sorted(
        {
            token
            for form in alias_forms
            for token in _tokens(form)
            if (m := glued.fullmatch(token)) and f" {m.group(1)} " not in alias_forms
        }
    )
    words = "|".join(k.replace("+", "\\+").replace(".", "\\.") for k in keep)
    keep_group = f"(?i:{ASCII_BOUNDARY}({words}){ASCII_BOUNDARY})|" if keep else "()"
    return (
        f"{keep_group}(?:{ASCII_BOUNDARY}([A-Za-z][A-Za-z+#]{{2,15}})"
        f"(\\d{{1,2}}(?:\\.\\d{{1,2}})*){ASCII_BOUNDARY})"
    )


@cache
def compile_matcher(rules: tuple[SkillRule, ...]) -> SkillMatcher:
    """Compile rules into the expression chain's patterns and lookup tables."""
    alias_forms = _alias_forms(rules)
    case_forms = _case_sensitive_forms(rules, alias_forms)
    trap_pairs = [
        (variant, _GAP)
        for form in _trap_forms(rules, alias_forms)
        for variant in sorted(_case_variants(form))
    ]
    protected = [(f, f) for f in _protected_forms(alias_forms, case_forms)]
    swap_pairs = _longest_first(
        dict(trap_pairs + protected + [(f, s) for f, (s, _) in case_forms.items()]).items()
    )
    cued = {r.id for r in rules if r.cued}
    word_codes = _context_word_codes(rules, alias_forms)
    context = _context_sets(rules, word_codes)
    context_words = [(f, c) for f, c in word_codes.items() if c.startswith(_CONTEXT_PREFIX)]
    final_pairs = _longest_first(
        list(alias_forms.items())
        + _cued_forms(alias_forms)
        + _cued_forms(
            {
                sentinel.lower(): code
                for sentinel, code in case_forms.values()
                if code.removeprefix(_AMBIGUOUS_PREFIX) in cued
            }
        )
        + context_words
        + [(s.lower(), code) for s, code in case_forms.values()]
    )
    return SkillMatcher(
        trap_regex=_trap_regex(rules, alias_forms),
        glued_version_regex=_glued_version_regex(alias_forms),
        swap_patterns=tuple(p for p, _ in swap_pairs),
        swap_replacements=tuple(r for _, r in swap_pairs),
        forms=tuple(f for f, _ in final_pairs),
        codes=tuple(c for _, c in final_pairs),
        context=context,
        peers=_peer_sets(rules, context),
        has_compounds=any(_COMPOUND_SEPARATOR in c for _, c in final_pairs),
    )


@cache
def skill_matcher() -> SkillMatcher:
    """The compiled project taxonomy."""
    return compile_matcher(skill_rules())


# --------------------------------------------------------------------------- extraction


def matchable_text_expr(text: pl.Expr, matcher: SkillMatcher | None = None) -> pl.Expr:
    """Steps 1-3 and the lower-casing: the text the final automaton runs over."""
    m = matcher or skill_matcher()
    raw = (
        text.fill_null("")
        .str.replace_all(_NEGATED_MENTIONS_ASCII, " ")
        .str.replace_all(_COMPANY_PITCH_ASCII, "${1} ")
    )
    if m.trap_regex is not None:
        raw = raw.str.replace_all(m.trap_regex, "${1} ")
    raw = raw.str.replace_all(m.glued_version_regex, "${1}${2} ${3}")
    spaced = spaced_tokens_expr(raw)
    if m.swap_patterns:
        spaced = spaced.str.replace_many(
            list(m.swap_patterns), list(m.swap_replacements), leftmost=True
        )
    return spaced.str.to_lowercase()


def skill_codes_expr(text: pl.Expr, matcher: SkillMatcher | None = None) -> pl.Expr:
    """Expression: list of skill codes found (ids, `?id` for context-dependent matches, `~word`
    for context words)."""
    m = matcher or skill_matcher()
    code = pl.element().replace_strict(
        list(m.forms), list(m.codes), default=None, return_dtype=pl.String
    )
    if m.has_compounds:
        code = code.str.split(_COMPOUND_SEPARATOR).explode()
    return (
        matchable_text_expr(text, m).str.extract_many(list(m.forms), leftmost=True).list.eval(code)
    )


# Context bits per 64-bit word: each context-dependent skill has one bit; a code that gives
# context sets the bits of the skills it confirms.
_MASK_BITS = 64


def _context_bits(
    context: Mapping[str, frozenset[str]], peers: Mapping[str, frozenset[str]]
) -> list[tuple[dict[str, int], dict[str, int]]]:
    """Per 64-skill word: (code -> bits of the skills it gives context to, `?id` -> its bit).

    A confirmed code (an id or a context word) gives context to every skill whose context names
    it; a context-dependent code `?p` to the skills of which p is a peer.
    """
    skills = sorted(context)
    words = []
    for start in range(0, len(skills), _MASK_BITS):
        chunk = skills[start : start + _MASK_BITS]
        gives: dict[str, int] = {}
        bit = {}
        for i, skill in enumerate(chunk):
            bit[_AMBIGUOUS_PREFIX + skill] = 1 << i
            givers = [*context[skill], *(_AMBIGUOUS_PREFIX + p for p in peers.get(skill, ()))]
            for code in givers:
                gives[code] = gives.get(code, 0) | 1 << i
        words.append((gives, bit))
    return words


def _resolved_ids_expr(
    codes: pl.Expr, context: Mapping[str, frozenset[str]], peers: Mapping[str, frozenset[str]]
) -> pl.Expr:
    """Sorted unique skill ids of a list of codes: confirmed ids, and the context-dependent
    ones (`?id`) whose context is there; context words and nulls dropped.

    Context is a confirmed code of the skill's context, or another context-dependent skill of
    the same category that the context also names ("React and/or Node", "Angular and React":
    two web frameworks make a web posting). One pass per list: the codes' context bits are
    OR-ed into a mask, and a `?id` code is kept when its own bit is in it.
    """
    element = pl.element()
    given = pl.lit(False)
    for gives, bit in _context_bits(context, peers):
        mask = element.replace_strict(
            list(gives), list(gives.values()), default=0, return_dtype=pl.UInt64
        ).bitwise_or()
        own = element.replace_strict(
            list(bit), list(bit.values()), default=0, return_dtype=pl.UInt64
        )
        given = given | ((own & mask) != 0)
    keep = (
        element.is_not_null()
        & ~element.str.starts_with(_CONTEXT_PREFIX)
        & (~element.str.starts_with(_AMBIGUOUS_PREFIX) | given)
    )
    return codes.list.eval(element.filter(keep).str.strip_prefix(_AMBIGUOUS_PREFIX).unique().sort())


def with_skill_ids(
    frame: pl.LazyFrame, text_col: str, out_col: str, matcher: SkillMatcher | None = None
) -> pl.LazyFrame:
    """Add `out_col`: sorted unique list of skill ids named in `text_col` (null text -> []).

    Two steps so the matching runs once (on the role part of the text: `sections`); the
    context checks then read its result.
    """
    m = matcher or skill_matcher()
    role = role_text_expr(pl.col(text_col))
    return frame.with_columns(skill_codes_expr(role, m).alias(out_col)).with_columns(
        _resolved_ids_expr(pl.col(out_col), m.context, m.peers).alias(out_col)
    )


def require_string(series: pl.Series, what: str) -> None:
    if series.dtype not in (pl.String, pl.Null):
        raise TypeError(f"{what} must be a string column, got {series.dtype}")


def skill_lists(texts: pl.Series) -> pl.Series:
    """Canonical skill ids named in each text: list[str], sorted, unique; null/empty -> []."""
    require_string(texts, f"skill_lists: series {texts.name!r}")
    frame = pl.LazyFrame({"text": capped(texts.cast(pl.String), TEXT_CHARS)})
    return (
        with_skill_ids(frame, "text", "skill_ids")
        .collect(engine=_ENGINE)["skill_ids"]
        .alias(texts.name)
    )


def posting_skills(df: pl.DataFrame | pl.LazyFrame, id_col: str, text_col: str) -> pl.DataFrame:
    """One row per posting x skill: columns [id_col, "skill_id"] (postings with none: no rows)."""
    lazy = df.lazy()
    schema = lazy.collect_schema()
    for column in (id_col, text_col):
        if column not in schema:
            raise KeyError(f"posting_skills: column {column!r} not in frame ({list(schema)})")
    if schema[text_col] not in (pl.String, pl.Null):
        raise TypeError(
            f"posting_skills: column {text_col!r} must be a string, got {schema[text_col]}"
        )
    return (
        with_skill_ids(
            lazy.select(
                pl.col(id_col),
                capped_expr(pl.col(text_col).cast(pl.String), TEXT_CHARS).alias("_text"),
            ),
            "_text",
            "skill_id",
        )
        .select(id_col, "skill_id")
        .explode("skill_id")
        .drop_nulls("skill_id")
        .collect(engine=_ENGINE)
    )


def extract_skills(text: str | None) -> list[str]:
    """Skill ids named in one text (same code path as `skill_lists`)."""
    result = skill_lists(pl.Series("text", [text], dtype=pl.String))[0]
    return list(result) if result is not None else []


def known_alias_keys(matcher: SkillMatcher | None = None) -> frozenset[str]:
    """Every alias, case-sensitive alias and plural form the matcher knows, written without
    separators ("fine  tuning" -> "finetuning"), for comparing terms found in text."""
    m = matcher or skill_matcher()
    case_sensitive = [
        pattern
        for pattern, replacement in zip(m.swap_patterns, m.swap_replacements, strict=True)
        if replacement.startswith(_SENTINEL_PREFIX)
    ]
    return frozenset("".join(_tokens(f.lower())) for f in [*m.forms, *case_sensitive])
