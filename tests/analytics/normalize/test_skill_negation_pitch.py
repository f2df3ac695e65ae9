"""Skills a posting says it does not want, or names only in its company pitch, are not asked
for: the shapes skills_round4.yml found ("Not looking for ...", "X is handled by our platform
team", "We're an AI-native insurer using LLMs", "Trusted by 500 banks, our GenAI copilot ...")."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize.skills import skill_lists


def skills(text: str) -> set[str]:
    return set(skill_lists(pl.Series([text], dtype=pl.String)).to_list()[0])


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        ("Not looking for Java/Scala backgrounds. You know Python.", {"java", "scala"}, {"python"}),
        (
            "Kubernetes is handled by our platform team; you write Python.",
            {"kubernetes"},
            {"python"},
        ),
        ("We're an AI-native insurer using LLMs. You know SQL.", {"llm"}, {"sql"}),
        (
            "Trusted by 500 banks, our GenAI copilot drafts memos. You know SQL.",
            {"generative_ai"},
            {"sql"},
        ),
        # controls: the same skills asked for stay
        ("You are looking for Java work? We need Java and Scala.", set(), {"java", "scala"}),
        ("You will run Kubernetes clusters handled by the on-call rota.", set(), {"kubernetes"}),
        ("We're a Python shop using LLMs daily.", set(), {"python"}),
    ],
)
def test_negations_and_pitches(text: str, absent: set[str], present: set[str]) -> None:
    found = skills(text)
    assert not (found & absent), found
    assert present <= found, found
