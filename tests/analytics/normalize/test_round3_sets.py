"""The round-3 sets (titles_round3.yml, skills_round3.yml) held at their scores, and the failure
classes they showed, on small cases written here (none copied from the sets). Both sets were
labeled before their first run (titles family 0.891, seniority 0.860; skills F1 0.908); the
rules were then fixed against them, so the floors say what the rules cover now.

Title classes: requisition ids and pay amounts around the role, Polish role and level words,
Dutch and German compounds, "chargé d'études statistiques", UK placements and summer analysts,
Meta-style E levels, Italian / Polish manager words, "VP Engineering" without "of", chief
officers and ML data associates, consultants of a data / ML practice, pretraining infrastructure.
Skill classes: skill names in other languages (taxonomy `translations`, with or without
accents), company-pitch sentences, "don't worry if you haven't used X", Go the board game,
Julia and Ray as persons.
"""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize import skills
from analytics.normalize.skill_taxonomy import TaxonomyError, validated_rules
from analytics.normalize.titles import classify_title
from tests.analytics.normalize.labeled_titles_skills import (
    labeled_rows,
    skill_micro,
    title_accuracy,
)

# --------------------------------------------------------------------------- held-out floors


def test_titles_round3_family_and_seniority_floors() -> None:
    rows = labeled_rows("titles_round3.yml", "titles")
    assert len(rows) >= 150
    family, level = title_accuracy(rows)
    # reached 0.995 (n=193) and 0.988 (n=86); was 0.891 and 0.860 at the first run
    assert family >= 0.985
    assert level >= 0.975


def test_skills_round3_micro_scores() -> None:
    rows = labeled_rows("skills_round3.yml", "snippets")
    assert len(rows) >= 60
    known = set(skills.load_taxonomy()["id"])
    assert not [r["text"] for r in rows if not set(r["skills"]) <= known]
    # reached P 0.966, R 0.991 (115 pairs); was P 0.912, R 0.904 at the first run
    precision, recall = skill_micro(rows)
    assert precision >= 0.945
    assert recall >= 0.975
    _, foreign_recall = skill_micro([r for r in rows if r["class"] in ("de", "fr", "es")])
    assert foreign_recall >= 0.95


# --------------------------------------------------------------------------- title classes


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # requisition ids before the role ("JR" is not junior) and pay amounts in it
        ("Req 55120: Machine Learning Engineer", "ml_engineer", None),
        ("JR-12345 Data Engineer III", "data_engineer", "senior"),
        ("Job ID: 5521 - Data Scientist", "data_scientist", None),
        ("R778812 - Senior Analytics Engineer", "data_engineer", "senior"),
        ("Software Engineer $60/hr (W2)", "software_engineer", None),
        ("Senior Engineer €85.000 - €95.000", "software_engineer", "senior"),
        # Polish role and level words
        ("Inżynier Oprogramowania Java", "software_engineer", None),
        ("Starsza Analityczka Danych", "data_analyst", "senior"),
        ("Młodsza Programistka .NET", "software_engineer", "entry"),
        ("Praktykant - Analityk Danych", "data_analyst", "intern"),
        ("Inżynier Danych (Azure)", "data_engineer", None),
        ("Specjalista ds. Analizy Danych", "data_analyst", None),
        ("Administrator Baz Danych", "data_engineer", None),
        # Dutch and German compounds, French statistical analysts
        ("Data-wetenschapper (medior)", "data_scientist", "mid"),
        ("DWH-Entwickler (m/w/d)", "data_engineer", None),
        ("BI-Entwicklerin Power BI", "data_analyst", None),
        ("Senior Datenbankentwicklerin", "data_engineer", "senior"),
        ("Teamleiter Datenanalyse", "data_analyst", "manager"),
        ("Chargée d'études statistiques junior", "data_scientist", "entry"),
        # placements, summer analysts / associates, leading "Stage", Dutch internships
        ("Work Placement - Data Scientist", "data_scientist", "intern"),
        ("Placement Year: Software Developer", "software_engineer", "intern"),
        ("Summer Associate - Analytics", "data_analyst", "intern"),
        ("Stage Data Engineer", "data_engineer", "intern"),
        ("Meewerkstage Data Analytics", "data_analyst", "intern"),
        # Meta-style E levels; Italian manager word
        ("Data Scientist (E3)", "data_scientist", "entry"),
        ("Software Engineer E6", "software_engineer", "staff"),
        ("Responsabile Data Science", "data_scientist", "manager"),
        # leadership without "of"; chief officers; ML data associates
        ("SVP Engineering, AI Platform", "mlops_engineer", "manager"),
        ("Chief Analytics Officer", "other", "manager"),
        ("AI Data Specialist", "other", None),
        # a consulting grade with a data / ML practice, and data / ML consultants, are that
        # family (as BI and statistical consultants were); other practices stay consultants
        ("Principal Consultant, Data Science", "data_scientist", "staff"),
        ("Data Warehouse Consultant", "data_engineer", None),
        ("Machine Learning Consultant", "ml_engineer", None),
        ("Senior Consultant, Security", "other", "senior"),
        # pretraining infrastructure is mlops
        ("Engineer, Pre-training Infrastructure", "mlops_engineer", None),
        # controls: what the new rules must leave alone
        ("Jr. BI Analyst", "data_analyst", "entry"),
        ("Reference Data Analyst", "data_analyst", None),
        ("Senior Consultant", "other", "senior"),
        ("Stage Manager", "other", None),
        ("Management Consultant, Analytics", "other", None),
    ],
)
def test_round3_title_classes(title: str, family: str, level: str | None) -> None:
    got = classify_title(title)
    assert got["role_family"] == family, title
    if level is not None:
        assert got["seniority"] == level, title


def test_stage_manager_is_not_an_intern() -> None:
    assert classify_title("Stage Manager")["seniority"] != "intern"


# --------------------------------------------------------------------------- skill classes


@pytest.mark.parametrize(
    ("text_in", "expected"),
    [
        # skill names in other languages, with or without their accents
        ("Gute Kenntnisse in Statistik und Zeitreihenanalyse", ["statistics", "time_series"]),
        ("Expérience en vision par ordinateur (OpenCV)", ["computer_vision", "opencv"]),
        ("Conocimientos de aprendizaje automatico y Python", ["machine_learning", "python"]),
        ("Experiência com processamento de linguagem natural", ["nlp"]),
        ("Erfahrung mit großen Sprachmodellen", ["llm"]),
        ("Connaissance de l'apprentissage par renforcement", ["reinforcement_learning"]),
        # company-pitch sentences ask for nothing
        ("We are a fast-growing fintech startup using machine learning to price risk.", []),
        ("Our vision is a world where every team runs AI agents.", []),
        ("We build LLM-powered tools for radiologists.", []),
        ("Acme raised $40M. We're reinventing retail with computer vision.", []),
        ("At Acme, our mission is to bring machine learning to every farm.", []),
        ("Chez Acme, notre mission est l'apprentissage automatique pour tous.", []),
        # ... but a stack or a requirement after "we" still counts
        ("At least 3 years of Python. Our mission is AI.", ["python"]),
        ("We are looking for an engineer fluent in Python.", ["python"]),
        ("We build our pipelines with Spark and dbt.", ["spark", "dbt"]),
        ("We are a Python and Go shop.", ["python", "go"]),
        # "don't worry if you haven't used X": not asked for
        ("It's fine if you have never used Kubernetes.", []),
        ("Don't worry if you haven't worked with dbt; strong SQL matters.", ["sql"]),
        # Julia and Ray as persons, with the same cues; the skills still count
        ("Meet Julia, who leads our Python guild.", ["python"]),
        ("Ray will be your mentor; we use Python.", ["python"]),
        ("Python or Julia will be a plus.", ["julia", "python"]),
        ("Distributed training with Ray and PyTorch.", ["distributed_training", "pytorch", "ray"]),
        # Go the board game
        ("Weekly game of Go; the stack is Rust and Python.", ["rust", "python"]),
    ],
)
def test_round3_skill_classes(text_in: str, expected: list[str]) -> None:
    assert sorted(skills.extract_skills(text_in)) == sorted(expected)


def _document(translations: list[str]) -> dict:
    entry = {
        "id": "neural_nets",
        "name": "Neural nets",
        "category": "concept",
        "is_genai": False,
        "aliases": ["neural nets"],
        "translations": translations,
    }
    return {"version": 1, "skills": [entry]}


def test_translations_must_be_lower_case() -> None:
    with pytest.raises(TaxonomyError, match="translations must be lower case"):
        validated_rules(_document(["Réseaux de neurones"]))


def test_a_translation_matches_with_and_without_its_accents() -> None:
    matcher = skills.compile_matcher(skills.parse_skill_rules(_document(["réseau neuronal"])))
    texts = pl.Series(["un réseau neuronal", "un reseau neuronal", "neural nets", "réseau"])
    codes = skills.skill_codes_expr(pl.col("t"), matcher).alias("t")
    got = pl.DataFrame({"t": texts}).select(codes)["t"]
    assert [sorted(set(codes)) for codes in got.to_list()] == [
        ["neural_nets"],
        ["neural_nets"],
        ["neural_nets"],
        [],
    ]
