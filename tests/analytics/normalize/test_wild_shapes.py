"""The "wild" sets (titles_wild.yml, skills_wild.yml) held at their scores, and the failure
classes they showed, on small cases written here (none copied from the sets). The sets were
held out until their first run (titles family 0.781, skills F1 0.922); the rules were then fixed
against them, so the scores held here say what the rules cover, not how they do on unseen text.

Title classes: abbreviated role nouns ("Eng", "Dev", "Mgr", "Dir."), board noise before the
role ("URGENT:", "Remote -", "Job Title:"), "data entry", manager heads with a team ("AVP -
Data Science"), non-English role and level words, a team outside parentheses winning over one
in them, research software engineers, PhD students and postdocs. Skill classes: short forms
beside their context ("PyTorch/TF", "JS/TS", "ML/DL"), words that are skills only in tech
("the torch", "10 ml", "flasks", "airflow", "rust", "DAX", "tableau de bord", "snowflake
schema", NLP coaching, a DPO), versions glued to a name ("Python3.11"), and skills the text
says are not needed.
"""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize import skills
from analytics.normalize.skill_terms import unknown_tech_terms
from analytics.normalize.titles import classify_title
from tests.analytics.normalize.labeled_titles_skills import (
    labeled_rows,
    skill_micro,
    title_accuracy,
)

# --------------------------------------------------------------------------- held-out floors


def test_titles_wild_family_and_seniority_floors() -> None:
    rows = labeled_rows("titles_wild.yml", "titles")
    assert len(rows) >= 150
    family, level = title_accuracy(rows)
    # reached 0.995 (n=201) and 1.000 (n=101); was 0.781 and 0.802 before the fixes
    assert family >= 0.985
    assert level >= 0.98


def test_skills_wild_micro_scores_and_classes() -> None:
    rows = labeled_rows("skills_wild.yml", "snippets")
    assert len(rows) >= 80
    known = set(skills.load_taxonomy()["id"])
    assert not [r["text"] for r in rows if not set(r["skills"]) <= known]
    # reached P 0.994, R 0.962 (186 pairs); was P 0.924, R 0.919
    precision, recall = skill_micro(rows)
    assert precision >= 0.985
    assert recall >= 0.955
    for kind in ("trap", "negation"):
        kind_precision, _ = skill_micro([r for r in rows if r["class"] == kind])
        assert kind_precision >= 0.8, kind


# --------------------------------------------------------------------------- title classes


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # abbreviated role nouns
        ("Sr. Data Eng, Payments", "data_engineer", "senior"),
        ("Staff ML Eng", "ml_engineer", "staff"),
        ("Jr. Web Dev", "software_engineer", "entry"),
        ("Sr Mgr, Data Science", "data_scientist", "manager"),
        ("Dir. of Engineering", "software_engineer", "manager"),
        ("SDE-3", "software_engineer", "senior"),
        # board noise and civil-service grades before the role
        ("Urgent Requirement - Data Analyst", "data_analyst", "mid"),
        ("Senior Executive Officer - Data Engineer", "data_engineer", "mid"),
        ("Remote - Senior Python Developer", "software_engineer", "senior"),
        ("W2 Contract - Data Engineer", "data_engineer", "mid"),
        ("Job Title: Data Analyst", "data_analyst", "mid"),
        ("Contract Manager - Legal", "other", "mid"),
        # "data entry" is clerical: neither a data role nor the entry level
        ("Data Entry Specialist", "other", "mid"),
        ("Intern - Data Entry", "other", "intern"),
        # manager heads that take their family from the team
        ("Team Leader - Analytics", "data_analyst", "manager"),
        ("AVP, Data Science", "data_scientist", "manager"),
        ("Deputy Manager - Data Engineering", "data_engineer", "manager"),
        ("Assistant Manager - Data Science", "data_scientist", "manager"),
        # non-English role and level words
        ("Ingeniera de Datos", "data_engineer", "mid"),
        ("Cientista de Dados Júnior", "data_scientist", "entry"),
        ("Analista de Dados Pleno", "data_analyst", "mid"),
        ("Ingénieure Data Confirmée", "data_engineer", "mid"),
        ("Desenvolvedora Java Sênior", "software_engineer", "senior"),
        ("Ingegnere del Software", "software_engineer", "mid"),
        ("Datenwissenschaftlerin (m/w/d)", "data_scientist", "mid"),
        ("Werkstudentin Softwareentwicklung (m/w/d)", "software_engineer", "intern"),
        ("Alternance : Développeur Web (H/F)", "software_engineer", "intern"),
        ("Estagiária em Análise de Dados", "data_analyst", "intern"),
        ("Becaria de Ciencia de Datos", "data_scientist", "intern"),
        ("Teamleiterin Data Engineering (m/w/d)", "data_engineer", "manager"),
        ("KI-Ingenieur (m/w/d)", "ai_engineer", "mid"),
        ("Analista de Datos Semi Senior", "data_analyst", "mid"),
        ("Jefe de Ingeniería de Datos", "data_engineer", "manager"),
        ("Analista de Inteligencia de Negocios", "data_analyst", "mid"),
        ("Développeur Big Data", "data_engineer", "mid"),
        ("Statisticien (H/F)", "data_scientist", "mid"),
        ("Prácticas - Data Analyst", "data_analyst", "intern"),
        ("Software Engineer (II)", "software_engineer", "mid"),
        ("DB Admin", "data_engineer", "mid"),
        # the team outside parentheses wins, unless it is a software word they refine
        ("Manager - Analytics (AI)", "data_analyst", "manager"),
        ("Software Engineer, Platform (ML Infra)", "mlops_engineer", "mid"),
        # university research roles
        ("Research Software Developer", "software_engineer", "mid"),
        ("PhD Candidate in NLP", "research_scientist", "intern"),
        ("Postdoctoral Research Associate, Computer Vision", "research_scientist", "entry"),
        # engineers named after a data platform, ML Ops spelled out, CUDA as a software word
        ("Snowflake Developer", "data_engineer", "mid"),
        ("Hadoop Admin", "data_engineer", "mid"),
        ("Snowflake Consultant", "other", "mid"),
        ("Machine Learning Ops Engineer", "mlops_engineer", "mid"),
        ("CUDA Engineer", "software_engineer", "mid"),
        # words that only look like the new rules
        ("Stage Manager", "other", "manager"),
        ("Hiring Manager", "other", "manager"),
        ("Business Dev Rep", "other", "mid"),
    ],
)
def test_wild_title_classes(title: str, family: str, level: str) -> None:
    assert classify_title(title) == {"role_family": family, "seniority": level}


# --------------------------------------------------------------------------- skill classes


@pytest.mark.parametrize(
    ("text_in", "expected"),
    [
        # short forms beside their context, and not without it
        ("Frameworks: PyTorch or TF 2.x.", ["pytorch", "tensorflow"]),
        ("Write TF modules for our AWS accounts.", ["aws"]),
        ("React + TS on the frontend.", ["react", "typescript"]),
        ("Active TS/SCI clearance; JavaScript a plus.", ["javascript"]),
        ("DL frameworks such as PyTorch.", ["deep_learning", "pytorch"]),
        ("Valid DL and own transportation required.", []),
        ("Familiarity with sk-learn.", ["scikit_learn"]),
        ("Bedrock and SageMaker.", ["amazon_bedrock", "sagemaker"]),
        ("Trust is the Bedrock of our culture.", []),
        ("Fine-tune HF Transformers models.", ["fine_tuning", "hugging_face", "transformers"]),
        ("Experience deploying ML models to production.", ["machine_learning", "model_serving"]),
        ("Java/J2EE, Spring, Hibernate.", ["java", "spring"]),
        ("Spring 2026 internship; Java.", ["java"]),
        ("GCP (BigQuery, Vertex).", ["bigquery", "gcp", "vertex_ai"]),
        ("Each Vertex of the graph; Python.", ["python"]),
        ("ETL in Informatica or Talend.", ["etl"]),
        # words that are skills only in tech
        ("Pass the torch to the next shift lead.", []),
        ("Dilute to 50 mL with buffer.", []),
        ("Clean and autoclave the culture flasks.", []),
        ("Ensure proper airflow in the server room.", []),
        ("Monitor Airflow DAGs and fix failed tasks.", ["airflow"]),
        ("Remove rust and repaint the housings.", []),
        ("Beratung von DAX-Konzernen.", []),
        ("Mettre à jour le tableau de bord commercial.", []),
        ("Design star and snowflake schemas.", ["data_warehousing"]),
        ("The Rust Belt economy; Python and SQL.", ["python", "sql"]),
        ("Certified NLP Practitioner with coaching experience.", []),
        ("Familiarity with DPO and RLHF.", ["rlhf"]),
        ("Our DPO handles GDPR requests; Python.", ["python"]),
        # versions glued to the name, and glued names that are aliases whole
        ("Python3.11, Angular14 with TypeScript, Vue3.", ["python", "typescript", "vue_angular"]),
        ("Postgres16 and Spark3 on AWS.", ["aws", "postgresql", "spark"]),
        ("INT8 quantization; ggplot2 in R.", ["quantization", "r"]),
        # skills said not to be needed, and optional ones
        ("No Kubernetes knowledge required; Docker is a plus.", ["docker"]),
        ("You do not need to know Scala.", []),
        ("Python experience is not required for this internship.", []),
        ("Kafka experience is not required, but a plus.", ["kafka"]),
        ("Knowledge of Go is not required but nice to have; we write Python.", ["go", "python"]),
        ("No need to know Kubernetes.", []),
        ("Scala experience is not mandatory.", []),
    ],
)
def test_wild_skill_classes(text_in: str, expected: list[str]) -> None:
    assert skills.extract_skills(text_in) == expected


def test_a_known_name_with_a_glued_version_is_not_an_unknown_term() -> None:
    texts = pl.Series(["Python3.11, Angular14 and Qwen2.", "Postgres16 with Qwen2."])
    terms = unknown_tech_terms(texts)["term"].to_list()
    assert terms == ["Qwen2"]


@pytest.mark.parametrize(
    ("posting", "expected"),
    [
        # "Why <Company>" opens a company pitch; the role sections after it still count
        (
            "Why Acme\nOur agentic AI runs on Kubernetes.\nWhat You'll Do\nWrite Go and SQL.",
            ["go", "sql"],
        ),
        ("Why Acme?\nWe love Rust.\nRequirements\nPython.", ["python"]),
        ("Why this role matters\nYou will write Python.", ["python"]),
        # Workday / Greenhouse boilerplate headings
        (
            "Basic Qualifications\nJava.\nOur Commitment to Diversity & Inclusion\nKafka meetups.",
            ["java"],
        ),
        (
            "Your Tasks\nPython.\nYour Benefits\nFree AWS courses.\nWho we are looking for\nSQL.",
            ["python", "sql"],
        ),
        ("Skills\nPython.\nCompensation\nSnowflake credits.\nAccommodations\nDocker.", ["python"]),
    ],
)
def test_workday_and_greenhouse_blurb_headings(posting: str, expected: list[str]) -> None:
    assert skills.extract_skills(posting) == expected
