"""Failure classes a review found in the wild-set rule changes, held on small cases written here.

Skills: a negation never runs over a sentence end ("No sponsorship. Kubernetes experience
required." asks for Kubernetes), while a dot inside a token ("Node.js", ".NET", "3.11") still
counts; a common word that names a stack only beside its context is no skill in its everyday
sense ("Spring cleaning", "the bedrock of", a data protection officer, vertex shaders).
Sections: "Why you?" / "Why this matters" are role headings, not a "Why <Company>" pitch.
Titles: a number in parentheses is a level only when it is all the parentheses hold
("Engineer (II)", not "(6 Month Contract)"), nor is a count or duration after the role noun;
HVAC airflow is no Apache Airflow; a PhD candidate is a PhD student.
"""

from __future__ import annotations

import pytest

from analytics.normalize import skills
from analytics.normalize.titles import classify_title


@pytest.mark.parametrize(
    ("text_in", "expected"),
    [
        # a negation ends at a sentence end, in each of its shapes
        ("No sponsorship. Kubernetes experience required.", ["kubernetes"]),
        ("No agencies. SQL required.", ["sql"]),
        ("No relocation! Docker required.", ["docker"]),
        ("We don't need heroes. Python experience is a must.", ["python"]),
        ("You won't need a car. Scala and Spark daily.", ["scala", "spark"]),
        ("Must know SQL. Java experience is not required.", ["sql"]),
        ("Strong SQL. Rust experience is not mandatory.", ["sql"]),
        # dots inside a token still belong to it
        ("No Node.js experience required; Python daily.", ["python"]),
        ("No .NET required. Kotlin daily.", ["kotlin"]),
        ("You don't need to know Python 3.11 for this role; SQL is used daily.", ["sql"]),
        ("Vue.js experience is not required.", []),
    ],
)
def test_negation_never_crosses_a_sentence_end(text_in: str, expected: list[str]) -> None:
    assert skills.extract_skills(text_in) == expected


@pytest.mark.parametrize(
    ("text_in", "expected"),
    [
        ("Build with Java. Spring cleaning day every year.", ["java"]),
        ("Spring is our busy season. We build in Java.", ["java"]),
        ("Java services; Spring break is a paid week off.", ["java"]),
        ("Java and Spring, on AWS.", ["aws", "java", "spring"]),
        ("Experience with Java and Spring is a plus.", ["java", "spring"]),
        ("Bedrock of our success: AWS and GenAI", ["aws", "generative_ai"]),
        ("Trust is the bedrock on which we build GenAI on AWS.", ["aws", "generative_ai"]),
        ("LLM apps on Bedrock; AWS.", ["amazon_bedrock", "aws", "llm"]),
        ("Data Protection Officer (DPO) GDPR compliance, GenAI policy", ["generative_ai"]),
        ("Work with the DPO on GenAI policy.", ["generative_ai"]),
        ("Post-train LLMs with DPO and PPO.", ["llm", "rlhf"]),
        ("Vertex shaders and GCP", ["gcp"]),
        ("Vertex buffers on GCP.", ["gcp"]),
        ("GCP, BigQuery and Vertex.", ["bigquery", "gcp", "vertex_ai"]),
    ],
)
def test_stack_words_in_their_everyday_sense(text_in: str, expected: list[str]) -> None:
    assert skills.extract_skills(text_in) == expected


@pytest.mark.parametrize(
    "heading",
    [
        "Why you?",
        "Why this matters",
        "Why it matters",
        "Why now",
        "Why You'll Thrive",
        "Why the work matters",
        "Why Python?",
        "Why your work counts",
        "Why these skills",
    ],
)
def test_why_headings_that_name_no_company_keep_their_section(heading: str) -> None:
    posting = f"What you'll do\nShip features.\n{heading}\nYou write Python and SQL daily."
    assert skills.extract_skills(posting) == ["python", "sql"]


@pytest.mark.parametrize(
    "heading",
    [
        "Why Harvey",
        "Why August",
        "Why Acme?",
        "Why Acme Labs",
        "Why join us?",
        "Why work with us",
        "Why us",
        "Why you'll love working here",
    ],
)
def test_why_company_headings_still_drop_the_pitch(heading: str) -> None:
    posting = f"{heading}\nOur agents run on Kubernetes.\nRequirements\nPython."
    assert skills.extract_skills(posting) == ["python"]


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # counts and durations in parentheses or after the role noun are no level
        ("Data Engineer (6 Month Contract)", "data_engineer", "mid"),
        ("Software Engineer (3 days onsite)", "software_engineer", "mid"),
        ("Data Analyst (1 year FTC)", "data_analyst", "mid"),
        ("Software Engineer (5 openings)", "software_engineer", "mid"),
        ("Data Analyst (6-month)", "data_analyst", "mid"),
        ("Data Engineer 6 Month Contract", "data_engineer", "mid"),
        ("Software Engineer 4 Positions", "software_engineer", "mid"),
        # years asked for in the title are no level either ("5+ years" read staff)
        ("Data Engineer 5+ years", "data_engineer", "mid"),
        ("Python Developer 4-6 Years", "software_engineer", "mid"),
        ("Data Analyst 3 to 5 yrs", "data_analyst", "mid"),
        # the level forms stay
        ("Software Engineer (II)", "software_engineer", "mid"),
        ("Data Scientist (3)", "data_scientist", "senior"),
        ("Data Engineer ( IV )", "data_engineer", "staff"),
        ("SDE-1", "software_engineer", "entry"),
        ("Data Analyst 2", "data_analyst", "mid"),
        ("Software Engineer III (12 month contract)", "software_engineer", "senior"),
        # HVAC airflow is no Apache Airflow
        ("Airflow Engineer (HVAC)", "other", "mid"),
        ("HVAC Airflow Technician", "other", "mid"),
        ("Facilities Airflow Engineer", "other", "mid"),
        ("Airflow Engineer", "data_engineer", "mid"),
        # a PhD candidate is a PhD student
        ("PhD Candidate in NLP", "research_scientist", "intern"),
        ("PhD Student in NLP", "research_scientist", "intern"),
        ("Doctoral Candidate, Machine Learning", "research_scientist", "intern"),
    ],
)
def test_title_regressions(title: str, family: str, level: str) -> None:
    assert classify_title(title) == {"role_family": family, "seniority": level}
