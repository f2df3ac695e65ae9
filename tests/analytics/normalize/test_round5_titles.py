"""The round-5 held-out title set (titles_round5.yml) held at its score, and the failure classes
it showed on small cases written here (none copied from the set): each class failed before its
fix.

The set was labeled before its first run (family 0.738, seniority 0.628: the estimate on unseen
titles); the rules were then fixed against it, so the floors say what the rules cover now.
Classes: Russian, Czech, Danish / Norwegian, Finnish, Indonesian, Vietnamese, Romanian and
Hungarian role and level words; staffing-agency words and currency-code pay before the role;
gender marks inside the role noun and European team-head and level words; IC / ICT / SMTS level
codes and inverted titles; AI alignment / safety research, evals engineers, red teamers, teaching
fellows and doctoral researchers; level words inside other compounds ("Staff Nurse", "Senior
Care"); insights managers, dashboard developers and mix modelers; an "Associate" with a level
numeral ("Research Associate II").

Left: "BI Engineer (Looker)" is labeled data_analyst here (as titles_round3.yml's "Business
Intelligence Engineer II") but titles.yml labels "BI Engineer" data_engineer: the sets disagree.
"""

from __future__ import annotations

import pytest

from analytics.normalize.titles import classify_title
from tests.analytics.normalize.labeled_titles_skills import labeled_rows, title_accuracy

NEW_LANGUAGES = ("ru", "cs", "da", "nb", "fi", "id", "vi", "ro", "hu")


def _check(title: str, family: str, level: str | None) -> None:
    got = classify_title(title)
    assert got["role_family"] == family, (title, got)
    if level is not None:
        assert got["seniority"] == level, (title, got)


def test_titles_round5_family_and_seniority_floors() -> None:
    rows = labeled_rows("titles_round5.yml", "titles")
    assert len(rows) >= 160
    family, level = title_accuracy(rows)
    # reached 0.996 (n=256) and 1.000 (n=86); was 0.738 and 0.628 at the first run
    assert family >= 0.99
    assert level >= 0.98
    foreign_family, _ = title_accuracy([r for r in rows if r["style"] in NEW_LANGUAGES])
    assert foreign_family >= 0.95


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # Russian (Cyrillic: no ASCII word boundary; stems with their endings)
        ("Старший инженер данных", "data_engineer", "senior"),
        ("Младший аналитик данных", "data_analyst", "entry"),
        ("Разработчик Java", "software_engineer", None),
        ("Руководитель направления машинного обучения", "ml_engineer", "manager"),
        ("Стажер Python-разработчик", "software_engineer", "intern"),
        # Czech
        ("Senior datový analytik", "data_analyst", "senior"),
        ("Vývojář Python", "software_engineer", None),
        # Norwegian / Danish ("ø", "æ" do not fold)
        ("Juniorutvikler .NET", "software_engineer", "entry"),
        ("Senior dataingeniør", "data_engineer", "senior"),
        ("Dataingeniør til vores platformteam", "data_engineer", None),
        # Finnish
        ("Ohjelmistoinsinööri", "software_engineer", None),
        ("Data-analyytikko, harjoittelija", "data_analyst", "intern"),
        # Indonesian
        ("Insinyur Data Senior", "data_engineer", "senior"),
        ("Magang Analis Data", "data_analyst", "intern"),
        # Vietnamese (folded)
        ("Kỹ sư Phần mềm", "software_engineer", None),
        ("Thực tập sinh Kỹ sư Dữ liệu", "data_engineer", "intern"),
        # Romanian
        ("Inginer Date Senior", "data_engineer", "senior"),
        ("Dezvoltator Python Junior", "software_engineer", "entry"),
        # Hungarian
        ("Junior adatelemző", "data_analyst", "entry"),
        ("Szoftvermérnök", "software_engineer", None),
        ("Adattudós", "data_scientist", None),
    ],
)
def test_new_language_role_words(title: str, family: str, level: str | None) -> None:
    _check(title, family, level)


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # pay after a currency code, and the separator it leaves leading the title
        ("EUR 70.000 - 85.000 | Data Scientist", "data_scientist", None),
        ("GBP 60k – Senior Data Analyst – Leeds", "data_analyst", "senior"),
        # staffing-agency words before the role
        ("W2 Only - Machine Learning Engineer", "ml_engineer", None),
        ("C2C only: Lead Data Engineer", "data_engineer", "senior"),
        ("Hot Requirement: Power BI Developer", "data_analyst", None),
        ("Direct Client Requirement - Java Developer", "software_engineer", None),
        ("Needed: Snowflake Data Engineer", "data_engineer", None),
        ("Immediate Joiners: Data Scientist", "data_scientist", None),
        ("Multiple Positions - Data Analyst", "data_analyst", None),
        # found by a probe written after the fixes: pay extras leading the title, "Hot Need:"
        ("€95k + Bonus | Senior Data Scientist", "data_scientist", "senior"),
        ("USD 120k + Stock – Data Engineer", "data_engineer", None),
        ("Hot Position - ML Engineer", "ml_engineer", None),
        ("Immediate Need: QA Automation Engineer", "software_engineer", None),
    ],
)
def test_board_noise_before_the_role(title: str, family: str, level: str | None) -> None:
    _check(title, family, level)


@pytest.mark.parametrize(
    ("title", "family"),
    [("Perm Wave Stylist", "other"), ("USD Treasury Analyst", "other")],
)
def test_board_noise_controls(title: str, family: str) -> None:
    assert classify_title(title)["role_family"] == family


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # gender marks inside the role noun
        ("Werkstudent:in Data Analytics", "data_analyst", "intern"),
        ("Softwareentwickler_in Python", "software_engineer", None),
        ("Lernende:r Informatiker:in Applikationsentwicklung", "software_engineer", "intern"),
        ("Ingénieur·e Logiciel", "software_engineer", None),
        ("Développeur·se Data", "data_engineer", None),
        ("Científic@ de Datos Junior", "data_scientist", "entry"),
        ("Arquitectx de Datos", "data_engineer", None),
        # "BI" after a word that heads a team; German, Dutch, Italian level words
        ("Head of BI", "data_analyst", "manager"),
        ("Responsable BI & Reporting", "data_analyst", "manager"),
        ("Teamlead Data Science (m/w/d)", "data_scientist", "manager"),
        ("Bereichsleiter Softwareentwicklung (m/w/d)", "software_engineer", "manager"),
        ("Stagista Sviluppatore Python", "software_engineer", "intern"),
        ("Data Analyst (Stage) - Torino", "data_analyst", "intern"),
    ],
)
def test_gender_marks_and_european_level_words(title: str, family: str, level: str | None) -> None:
    _check(title, family, level)


def test_stage_manager_stays_a_manager() -> None:
    assert classify_title("Stage Manager") == {"role_family": "other", "seniority": "manager"}


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # IC / ICT ladder levels, "Lvl", Salesforce / Oracle SMTS / LMTS / PMTS
        ("Data Engineer (IC3)", "data_engineer", "senior"),
        ("IC2 Software Engineer, Recommendations", "ml_engineer", "mid"),
        ("Software Engineer - IC5", "software_engineer", "staff"),
        ("ICT2 Machine Learning Engineer", "ml_engineer", "entry"),
        ("Data Analyst Lvl 1", "data_analyst", "entry"),
        ("SMTS - Backend", "software_engineer", "senior"),
        ("PMTS, Data Science", "data_scientist", "staff"),
        ("LMTS, Inference", "mlops_engineer", "senior"),
        # inverted titles
        ("Scientist, Data", "data_scientist", None),
        ("Analyst II, Product", "data_analyst", "mid"),
        ("Senior Scientist, Decision", "data_scientist", "senior"),
    ],
)
def test_ladder_codes_and_inverted_titles(title: str, family: str, level: str | None) -> None:
    _check(title, family, level)


def test_ic_without_a_number_is_no_level() -> None:
    assert classify_title("IC Design Engineer") == {"role_family": "other", "seniority": "mid"}


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # AI alignment / interpretability / safety research, evaluation engineers
        ("Alignment Research Scientist", "research_scientist", None),
        ("Senior Interpretability Researcher", "research_scientist", "senior"),
        ("Model Evaluation Engineer", "ai_engineer", None),
        ("Senior Evals Engineer, Agents", "ai_engineer", "senior"),
        # red teamers (like AI trainers) and teaching fellows are not build roles
        ("LLM Red Teamer", "other", None),
        ("Teaching Fellow in Machine Learning", "other", None),
        # doctoral researchers are PhD students
        ("Doctoral Researcher - NLP", "research_scientist", "intern"),
    ],
)
def test_ai_research_evaluation_and_teaching_roles(
    title: str, family: str, level: str | None
) -> None:
    _check(title, family, level)


def test_a_post_doctoral_researcher_is_no_intern() -> None:
    assert classify_title("Post-Doctoral Researcher in Robotics") == {
        "role_family": "research_scientist",
        "seniority": "mid",
    }


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # level words that belong to another compound state no level (default mid)
        ("Senior Living Concierge", "other", "mid"),
        ("Senior Care Data Analyst", "data_analyst", "mid"),
        ("Junior High School Teacher", "other", "mid"),
        ("Staff Pharmacist", "other", "mid"),
        ("Staff Writer - Technology", "other", "mid"),
        ("Lead Paint Inspector", "other", "mid"),
        ("Lead Gen Specialist (B2B SaaS)", "other", "mid"),
    ],
)
def test_level_look_alikes(title: str, family: str, level: str) -> None:
    _check(title, family, level)


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Data Analyst", "senior"),
        ("Staff Software Engineer", "staff"),
        ("Lead Data Engineer", "senior"),
        ("Senior Staff Nurse", "senior"),
    ],
)
def test_level_words_before_a_role_stay_levels(title: str, level: str) -> None:
    assert classify_title(title)["seniority"] == level


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # insights managers / leads and dashboard developers are BI work; mix modelers model
        ("Consumer Insights Lead", "data_analyst", "senior"),
        ("Senior Insights Manager - Retail", "data_analyst", "manager"),
        ("Power BI Dashboard Developer", "data_analyst", None),
        ("Dashboarding Specialist", "data_analyst", None),
        ("Media Mix Modeler", "data_scientist", None),
        ("Marketing Mix Modelling Lead", "data_scientist", "senior"),
    ],
)
def test_insights_dashboards_and_mix_modelers(title: str, family: str, level: str | None) -> None:
    _check(title, family, level)


@pytest.mark.parametrize(
    ("title", "family", "level"),
    [
        # an "Associate" with a level numeral is at that numeral's level
        ("Clinical Research Associate III", "other", "senior"),
        ("Research Associate 2 (Bioinformatics)", "other", "mid"),
        # an "Associate" before the role stays entry
        ("Associate Data Scientist II", "data_scientist", "entry"),
    ],
)
def test_associate_with_a_level_numeral(title: str, family: str, level: str) -> None:
    _check(title, family, level)
