"""Score the title, requirement and skill normalizers on the hand-labeled sets.

Title sets (tests/fixtures/labeled/titles*.yml): role family precision / recall / F1 per family
with n (labeled titles of that family) and the number predicted, accuracy, and seniority accuracy
on the titles whose level is labeled. Requirement sentences (requirements.yml): years of
experience and degree, exact-match accuracy and per-value precision / recall. Skill sets
(skills*.yml): micro precision / recall / F1 per set and per failure class, with n (texts) and
the labeled (text, skill) pairs, and per skill id (printed with --per-skill); a title set whose
rows name their board `style` (titles_wild.yml) is also scored per style. The realdata lines
are read from the Ashby captures (../shared/realdata/ashby) and skipped when those are absent.

`--code DIR` scores the normalizers of another checkout (e.g. the code before a change): DIR is
put first on the import path, so `analytics` comes from there; the labeled sets and the
HTML-to-text step (`markup`) always come from this repository, so both sides read the same text.
Code without a requirements module scores years through the old title helper and no degree.

Usage:  python scripts/score_normalizers.py [--code DIR] [--only titles,requirements,skills]
                                            [--misses] [--per-skill] [--json FILE]
                                            [--realdata DIR]
Example: cd /tmp/base && python /work/main/scripts/score_normalizers.py --code /tmp/base

May import: the standard library, polars, pyyaml, and (from --code) `analytics.normalize`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import importlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import polars as pl
import yaml

REPO = Path(__file__).resolve().parents[1]
LABELED = REPO / "tests" / "fixtures" / "labeled"
REALDATA = REPO.parent / "shared" / "realdata" / "ashby"


def labeled_sets(kind: str, first: tuple[str, ...]) -> tuple[str, ...]:
    """The labeled sets of one kind: `first` in that order, then any other `<kind>_*.yml`."""
    others = sorted(p.name for p in LABELED.glob(f"{kind}_*.yml") if p.name not in first)
    return first + tuple(others)


TITLE_SETS = labeled_sets(
    "titles",
    (
        "titles.yml",
        "titles_boards.yml",
        "titles_occupations.yml",
        "titles_fresh.yml",
        "titles_wild.yml",
    ),
)
SKILL_SETS = labeled_sets(
    "skills", ("skills.yml", "skills_heldout.yml", "skills_realdata.yml", "skills_wild.yml")
)


# --------------------------------------------------------------------------- metrics


def prf(tp: int, fp: int, fn: int) -> dict[str, float | None]:
    """Precision, recall and F1 (None where the denominator is zero)."""
    p = tp / (tp + fp) if tp + fp else None
    r = tp / (tp + fn) if tp + fn else None
    f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
    return {"precision": p, "recall": r, "f1": f}


def per_label_scores(expected: list[Any], got: list[Any]) -> dict[str, dict[str, Any]]:
    """Per label (of either side): n labeled, n predicted, precision / recall / F1."""
    labels = sorted({str(v) for v in [*expected, *got]})
    out: dict[str, dict[str, Any]] = {}
    for label in labels:
        tp = sum(1 for e, g in zip(expected, got, strict=True) if str(e) == label == str(g))
        n = sum(1 for e in expected if str(e) == label)
        predicted = sum(1 for g in got if str(g) == label)
        out[label] = {"n": n, "predicted": predicted, **prf(tp, predicted - tp, n - tp)}
    return out


def accuracy(expected: list[Any], got: list[Any]) -> dict[str, Any]:
    hits = sum(1 for e, g in zip(expected, got, strict=True) if e == g)
    return {"n": len(expected), "accuracy": hits / len(expected) if expected else None}


def set_scores(expected: list[set[str]], got: list[set[str]]) -> dict[str, Any]:
    """Micro precision / recall / F1 over (text, skill) pairs."""
    tp = sum(len(e & g) for e, g in zip(expected, got, strict=True))
    fp = sum(len(g - e) for e, g in zip(expected, got, strict=True))
    fn = sum(len(e - g) for e, g in zip(expected, got, strict=True))
    exact = sum(1 for e, g in zip(expected, got, strict=True) if e == g)
    return {
        "n": len(expected),
        "pairs": tp + fn,
        "exact": exact,
        **prf(tp, fp, fn),
    }


def per_skill_scores(expected: list[set[str]], got: list[set[str]]) -> dict[str, dict[str, Any]]:
    """Per skill id (of either side): n texts labeled with it, n predicted, P / R / F1."""
    out: dict[str, dict[str, Any]] = {}
    for skill in sorted(set().union(*expected, *got)):
        tp = sum(1 for e, g in zip(expected, got, strict=True) if skill in e and skill in g)
        n = sum(1 for e in expected if skill in e)
        predicted = sum(1 for g in got if skill in g)
        out[skill] = {"n": n, "predicted": predicted, **prf(tp, predicted - tp, n - tp)}
    return out


# --------------------------------------------------------------------------- loading


def _load(name: str) -> Any:
    return yaml.safe_load((LABELED / name).read_text(encoding="utf-8"))


def _normalize_module(code: Path | None, name: str) -> ModuleType | None:
    if code is not None and str(code) not in sys.path[:1]:
        sys.path.insert(0, str(code))
    try:
        return importlib.import_module(f"analytics.normalize.{name}")
    except ModuleNotFoundError:
        return None


# --------------------------------------------------------------------------- titles


def per_style_scores(rows: list[dict], families: list[Any], levels: list[Any]) -> dict[str, Any]:
    """Family and seniority accuracy per `style` (the board shape a title set row names)."""
    out: dict[str, Any] = {}
    for style in sorted({str(r["style"]) for r in rows}):
        picked = [
            (r, f, v)
            for r, f, v in zip(rows, families, levels, strict=True)
            if str(r["style"]) == style
        ]
        leveled = [(r["seniority"], v) for r, _, v in picked if "seniority" in r]
        out[style] = {
            "family": accuracy([r["role_family"] for r, _, _ in picked], [f for _, f, _ in picked]),
            "seniority": accuracy([e for e, _ in leveled], [v for _, v in leveled]),
        }
    return out


def score_titles(code: Path | None, misses: bool) -> dict[str, Any]:
    titles = _normalize_module(code, "titles")
    assert titles is not None
    out: dict[str, Any] = {}
    for name in TITLE_SETS:
        doc = _load(name)
        rows = doc["titles"] if isinstance(doc, dict) else doc
        frame = pl.DataFrame(
            {"title": [r["title"] for r in rows], "text": [r.get("text") for r in rows]},
            schema={"title": pl.String, "text": pl.String},
        )
        got = titles.classify_titles(frame["title"], frame["text"])
        fam_e = [r["role_family"] for r in rows]
        fam_g = got["role_family"].to_list()
        lev = [
            (r["seniority"], g)
            for r, g in zip(rows, got["seniority"], strict=True)
            if "seniority" in r
        ]
        result = {
            "family": {**accuracy(fam_e, fam_g), "per_family": per_label_scores(fam_e, fam_g)},
            "seniority": accuracy([e for e, _ in lev], [g for _, g in lev]),
        }
        if all("style" in r for r in rows):
            result["per_style"] = per_style_scores(rows, fam_g, got["seniority"].to_list())
        if misses:
            result["family_misses"] = [
                (r["title"], r["role_family"], g)
                for r, g in zip(rows, fam_g, strict=True)
                if r["role_family"] != g
            ]
            result["seniority_misses"] = [
                (r["title"], r["seniority"], g)
                for r, g in zip(rows, got["seniority"], strict=True)
                if "seniority" in r and r["seniority"] != g
            ]
        out[name] = result
    return out


# --------------------------------------------------------------------------- requirements


def _requirement_parser(code: Path | None) -> Callable[[pl.Series], pl.DataFrame]:
    requirements = _normalize_module(code, "requirements")
    if requirements is not None:
        return requirements.parse_requirements
    titles = _normalize_module(code, "titles")
    assert titles is not None

    def old(texts: pl.Series) -> pl.DataFrame:
        years = titles.years_of_experience(texts)
        return pl.DataFrame(
            {
                "years_experience_min": years,
                "degree_min": pl.repeat(None, texts.len(), dtype=pl.String, eager=True),
            }
        )

    return old


def score_requirements(code: Path | None, misses: bool) -> dict[str, Any]:
    """Every requirements set (requirements.yml, then requirements_*.yml): years and degree
    accuracy, overall and per class (a sentence without one is in class "all")."""
    parse = _requirement_parser(code)
    return {
        name: _score_requirement_set(_load(name)["sentences"], parse, misses)
        for name in labeled_sets("requirements", ("requirements.yml",))
    }


def _score_requirement_set(
    rows: list[dict[str, Any]], parse: Callable[[pl.Series], pl.DataFrame], misses: bool
) -> dict[str, Any]:
    got = parse(pl.Series([r["text"] for r in rows], dtype=pl.String))
    years_e = [r["years"] for r in rows]
    years_g = got["years_experience_min"].to_list()
    degree_e = [r["degree"] for r in rows]
    degree_g = got["degree_min"].to_list()
    stated_e = [y is not None for y in years_e]
    stated_g = [y is not None for y in years_g]
    classes: dict[str, list[bool]] = {}
    for r, y, d in zip(rows, years_g, degree_g, strict=True):
        classes.setdefault(r.get("class", "all"), []).append((r["years"], r["degree"]) == (y, d))
    result: dict[str, Any] = {
        "years": {
            **accuracy(years_e, years_g),
            "stated": per_label_scores(stated_e, stated_g).get("True"),
        },
        "degree": {
            **accuracy(degree_e, degree_g),
            "per_value": per_label_scores(degree_e, degree_g),
        },
        "both_right": {name: (sum(ok), len(ok)) for name, ok in classes.items()},
    }
    if misses:
        result["misses"] = [
            (r["text"][:90], (r["years"], r["degree"]), (y, d))
            for r, y, d in zip(rows, years_g, degree_g, strict=True)
            if (r["years"], r["degree"]) != (y, d)
        ]
    return result


# --------------------------------------------------------------------------- skills


def _skill_lists(skills: ModuleType, texts: Iterable[str]) -> list[set[str]]:
    found = skills.skill_lists(pl.Series(list(texts), dtype=pl.String)).to_list()
    return [set(f) for f in found]


def _line_candidates(skills: ModuleType, lines: list[str]) -> list[set[str]]:
    """Every id a line names, context-dependent ones included (their `?` prefix dropped)."""
    frame = pl.DataFrame({"t": lines}, schema={"t": pl.String})
    codes = frame.select(skills.skill_codes_expr(pl.col("t")).alias("c"))["c"].to_list()
    return [{c.lstrip("?") for c in cs} for cs in codes]


def _kept_lines(code: Path | None, texts: list[str]) -> list[set[str]]:
    """The lines of each text the skill extractor reads (all of them for code without sections)."""
    sections = _normalize_module(code, "sections")
    if sections is None:
        kept = texts
    else:
        kept = sections.role_text(pl.Series(texts, dtype=pl.String)).to_list()
    return [{line.strip() for line in (k or "").split("\n")} for k in kept]


def _posting_texts(realdata: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    import markup  # from this repository: both sides read the same text

    html: dict[tuple[str, str], str] = {}
    for board in sorted({b for b, _ in wanted}):
        with gzip.open(realdata / f"{board}.json.gz") as raw:
            doc = json.loads(raw.read())
        for job in doc["jobs"]:
            if (board, job["id"]) in wanted:
                html[(board, job["id"])] = job.get("descriptionHtml") or ""
    keys = list(html)
    frame = pl.DataFrame({"h": [html[k] for k in keys]}, schema={"h": pl.String})
    texts = frame.select(markup.html_to_text(pl.col("h"), markup.PLAIN))["h"].to_list()
    return dict(zip(keys, texts, strict=True))


def _line_of(text: str, digest: str) -> str | None:
    for line in text.split("\n"):
        if hashlib.sha1(line.strip().encode()).hexdigest()[:12] == digest:
            return line.strip()
    return None


def _realdata_predictions(
    code: Path | None, skills: ModuleType, rows: list[dict], realdata: Path
) -> tuple[list[dict], list[set[str]], int]:
    texts = _posting_texts(realdata, {(r["board"], r["posting"]) for r in rows})
    found = [(r, _line_of(texts.get((r["board"], r["posting"]), ""), r["line"])) for r in rows]
    usable = [(r, line) for r, line in found if line is not None]
    postings = [texts[(r["board"], r["posting"])] for r, _ in usable]
    whole = _skill_lists(skills, postings)
    kept = _kept_lines(code, postings)
    candidates = _line_candidates(skills, [line for _, line in usable])
    got = [
        (cand & posting) if line in keep else set()
        for (_, line), cand, posting, keep in zip(usable, candidates, whole, kept, strict=True)
    ]
    return [r for r, _ in usable], got, len(rows) - len(usable)


def _kind(row: dict) -> str:
    """The failure class a labeled text exercises (older sets call it `trap` or `set`)."""
    return str(row.get("class", row.get("trap", row.get("set", "general"))))


def score_skills(code: Path | None, misses: bool, realdata: Path) -> dict[str, Any]:
    skills = _normalize_module(code, "skills")
    assert skills is not None
    out: dict[str, Any] = {}
    for name in SKILL_SETS:
        doc = _load(name)
        if name == "skills_realdata.yml":
            if not realdata.is_dir():
                out[name] = {"skipped": f"no captures at {realdata}"}
                continue
            rows, got, missing = _realdata_predictions(code, skills, doc["lines"], realdata)
        else:
            rows, missing = doc["snippets"], 0
            got = _skill_lists(skills, [r["text"] for r in rows])
        expected = [set(r["skills"]) for r in rows]
        result: dict[str, Any] = {
            "all": set_scores(expected, got),
            "lines_not_found": missing,
            "per_skill": per_skill_scores(expected, got),
        }
        kinds = [_kind(r) for r in rows]
        if len(Counter(kinds)) > 1:
            result["per_class"] = {
                c: set_scores(
                    [e for k, e in zip(kinds, expected, strict=True) if k == c],
                    [g for k, g in zip(kinds, got, strict=True) if k == c],
                )
                for c in sorted(set(kinds))
            }
        if misses:
            result["misses"] = [
                (r.get("text", r.get("line", ""))[:100], sorted(e - g), sorted(g - e))
                for r, e, g in zip(rows, expected, got, strict=True)
                if e != g
            ]
        out[name] = result
    return out


# --------------------------------------------------------------------------- report


def _fmt(v: Any) -> str:
    return "   -  " if v is None else f"{v:6.3f}"


def print_report(report: dict[str, Any], per_skill: bool = False) -> None:
    for name, res in report.get("titles", {}).items():
        fam = res["family"]
        print(
            f"\n== titles: {name}  family accuracy {_fmt(fam['accuracy'])} (n={fam['n']}), "
            f"seniority accuracy {_fmt(res['seniority']['accuracy'])} (n={res['seniority']['n']})"
        )
        print(f"   {'family':<20}{'n':>5}{'pred':>6}  {'P':>6} {'R':>6} {'F1':>6}")
        for label, s in fam["per_family"].items():
            print(
                f"   {label:<20}{s['n']:>5}{s['predicted']:>6}  {_fmt(s['precision'])} "
                f"{_fmt(s['recall'])} {_fmt(s['f1'])}"
            )
        for style, st in res.get("per_style", {}).items():
            print(
                f"   style {style:<12} family {_fmt(st['family']['accuracy'])} "
                f"(n={st['family']['n']}), seniority {_fmt(st['seniority']['accuracy'])} "
                f"(n={st['seniority']['n']})"
            )
        for key in ("family_misses", "seniority_misses"):
            for miss in res.get(key, []):
                print(f"   {key[:-7]} miss: {miss}")
    for name, req in report.get("requirements", {}).items():
        y, d = req["years"], req["degree"]
        stated = y["stated"] or {}
        print(
            f"\n== {name}  years accuracy {_fmt(y['accuracy'])} (n={y['n']}); "
            f"years stated P {_fmt(stated.get('precision'))} R {_fmt(stated.get('recall'))}; "
            f"degree accuracy {_fmt(d['accuracy'])}"
        )
        print(f"   {'degree':<20}{'n':>5}{'pred':>6}  {'P':>6} {'R':>6} {'F1':>6}")
        for label, s in d["per_value"].items():
            print(
                f"   {label:<20}{s['n']:>5}{s['predicted']:>6}  {_fmt(s['precision'])} "
                f"{_fmt(s['recall'])} {_fmt(s['f1'])}"
            )
        if len(req["both_right"]) > 1:
            print(
                "   class (years and degree right): "
                + ", ".join(f"{label} {ok}/{n}" for label, (ok, n) in req["both_right"].items())
            )
        for miss in req.get("misses", []):
            print(f"   miss: {miss}")
    for name, res in report.get("skills", {}).items():
        if "skipped" in res:
            print(f"\n== skills: {name}  skipped ({res['skipped']})")
            continue
        a = res["all"]
        print(
            f"\n== skills: {name}  P {_fmt(a['precision'])} R {_fmt(a['recall'])} "
            f"F1 {_fmt(a['f1'])}  (n={a['n']} texts, {a['pairs']} labeled pairs, "
            f"{a['exact']} exact; lines not found: {res['lines_not_found']})"
        )
        for label, s in res.get("per_class", {}).items():
            print(
                f"   {label:<14} n={s['n']:<4} pairs={s['pairs']:<4} P {_fmt(s['precision'])} "
                f"R {_fmt(s['recall'])} F1 {_fmt(s['f1'])}  exact {s['exact']}/{s['n']}"
            )
        if per_skill:
            print(f"   {'skill':<24}{'n':>5}{'pred':>6}  {'P':>6} {'R':>6} {'F1':>6}")
            for label, s in res["per_skill"].items():
                print(
                    f"   {label:<24}{s['n']:>5}{s['predicted']:>6}  {_fmt(s['precision'])} "
                    f"{_fmt(s['recall'])} {_fmt(s['f1'])}"
                )
        for miss in res.get("misses", []):
            print(f"   miss: {miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=None, help="checkout whose analytics to score")
    parser.add_argument("--only", default="titles,requirements,skills")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument("--per-skill", action="store_true", help="P / R / F1 per skill id")
    parser.add_argument("--json", type=Path, default=None, help="also write the scores here")
    parser.add_argument("--realdata", type=Path, default=REALDATA)
    args = parser.parse_args(argv)
    code = args.code.resolve() if args.code else None
    wanted = set(args.only.split(","))
    report: dict[str, Any] = {"code": str(code or REPO)}
    if "titles" in wanted:
        report["titles"] = score_titles(code, args.misses)
    if "requirements" in wanted:
        report["requirements"] = score_requirements(code, args.misses)
    if "skills" in wanted:
        report["skills"] = score_skills(code, args.misses, args.realdata)
    print_report(report, args.per_skill)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
