"""Tests for analytics.normalize.sections: company blurb, benefits and boilerplate sections are
dropped until the next role heading; everything else is kept as it was."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize.sections import role_text


def _role(text: str | None) -> str | None:
    return role_text(pl.Series([text], dtype=pl.String))[0]


def test_a_blurb_section_is_dropped_until_the_next_role_heading() -> None:
    text = "About Acme\nAcme runs on Kubernetes.\nThe Role: Data Engineer\nBuild pipelines."
    assert _role(text) == "The Role: Data Engineer\nBuild pipelines."


def test_text_before_any_heading_and_role_sections_are_kept() -> None:
    text = "Acme is hiring.\nWhat you'll do\nShip models.\nRequirements\nPython."
    assert _role(text) == text


def test_benefits_and_boilerplate_at_the_end_are_dropped() -> None:
    text = "Requirements\nSQL.\nWhat we offer\nAWS courses.\nEqual Opportunity\nWe use Python."
    assert _role(text) == "Requirements\nSQL."


@pytest.mark.parametrize(
    "heading",
    [
        "About us",
        "About Acme",
        "Who we are",
        "Why join us?",
        "Benefits & Perks",
        "Our Mission:",
        "💰 Compensation & Benefits",
        "Life at Acme",
        "Why you'll love working here",
        "Equal Opportunity Employer",
    ],
)
def test_blurb_headings(heading: str) -> None:
    assert _role(f"Skills\nGo.\n{heading}\nKafka.") == "Skills\nGo."


@pytest.mark.parametrize(
    "line",
    [
        "About the role",
        "About you",
        "About the Team",
        "About 20 hours a week in the office.",
        "Benefits of the role include ownership of our stack and the freedom to choose tools.",
    ],
)
def test_lines_that_are_not_blurb_headings_keep_what_follows(line: str) -> None:
    text = f"Skills\nGo.\n{line}\nKafka."
    assert _role(text) == text


@pytest.mark.parametrize(
    "heading",
    [
        "What will be your responsibilities 📓",
        "Why we need you ✨",
        "About the profile",
        "The Opportunity",
        "Our current tech stack includes:",
        "Experience that you will bring",
    ],
)
def test_role_headings_end_a_blurb(heading: str) -> None:
    assert _role(f"About us\nWe use Kafka.\n{heading}\nGo.") == f"{heading}\nGo."


def test_null_and_empty_stay() -> None:
    assert _role(None) is None
    assert _role("") == ""


# --- French, German, Spanish and Portuguese headings ---------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Qui sommes-nous ?",
        "À propos de nous",
        "À propos d'Acme",
        "Ce que nous offrons",
        "Ce que nous proposons :",
        "Nos avantages",
        "Pourquoi nous rejoindre ?",
        "Über uns",
        "Über Acme",
        "Was wir bieten",
        "Das bieten wir dir",
        "Unser Angebot",
        "Deine Vorteile",
        "Sobre nosotros",
        "Quiénes somos",
        "Lo que ofrecemos",
        "Beneficios",
        "¿Por qué unirte a Acme?",
        "Sobre nós",
        "Quem somos",
        "O que oferecemos",
        "Benefícios",
    ],
)
def test_blurb_headings_in_other_languages(heading: str) -> None:
    assert _role(f"Skills\nGo.\n{heading}\nKafka.") == "Skills\nGo."


@pytest.mark.parametrize(
    "heading",
    [
        "Votre profil",
        "Profil recherché",
        "Vos missions",
        "Le poste",
        "Compétences requises",
        "Ihr Profil",
        "Deine Aufgaben",
        "Was du mitbringst",
        "Anforderungen",
        "Über dich",
        "Requisitos",
        "Responsabilidades",
        "Tus funciones",
        "Sobre ti",
        "Sobre a vaga",
        "O que você vai fazer",
        "Diferenciais",
    ],
)
def test_role_headings_in_other_languages_end_a_blurb(heading: str) -> None:
    assert _role(f"Über uns\nWir nutzen Kafka.\n{heading}\nGo.") == f"{heading}\nGo."


def test_a_french_posting_keeps_only_its_role_sections() -> None:
    text = (
        "Qui sommes-nous ?\nAcme utilise Kafka.\nVos missions\nConstruire des modèles.\n"
        "Votre profil\nPython, SQL.\nCe que nous offrons\nFormation AWS."
    )
    assert _role(text) == "Vos missions\nConstruire des modèles.\nVotre profil\nPython, SQL."
