"""Posting titles written the way real boards write them, and kept truthful: the role family
and the seniority level can be read from the title ("Senior Machine Learning Engineer, Ranking",
"ML Engineer II", "Machine Learning Intern (Summer 2026)", "Engineering Manager, ML Platform").

A title may name skills ("LLM Engineer", "Research Scientist, Computer Vision"); a title is only
chosen when every skill it names is among the posting's planted skills, so the title never adds
a skill. Mid-level titles often carry no level word; the description then states the years of
experience (see `text.years_line`).

May import: the standard library and `ingest.sample` modules.
"""

from __future__ import annotations

from functools import lru_cache
from random import Random

from ingest.sample.skillmatch import skills_in_phrase

BASES: dict[str, tuple[str, ...]] = {
    "ml_engineer": (
        "Machine Learning Engineer",
        "Machine Learning Engineer",
        "ML Engineer",
        "Applied Machine Learning Engineer",
    ),
    "data_scientist": (
        "Data Scientist",
        "Data Scientist",
        "Product Data Scientist",
        "Applied Data Scientist",
    ),
    "research_scientist": (
        "Research Scientist",
        "Research Scientist",
        "Applied Scientist",
        "AI Research Scientist",
    ),
    "mlops_engineer": (
        "MLOps Engineer",
        "ML Platform Engineer",
        "Machine Learning Infrastructure Engineer",
        "ML Infrastructure Engineer",
    ),
    "ai_engineer": (
        "AI Engineer",
        "AI Engineer",
        "Applied AI Engineer",
        "Generative AI Engineer",
        "LLM Engineer",
    ),
    "data_engineer": (
        "Data Engineer",
        "Data Engineer",
        "Analytics Engineer",
        "Data Platform Engineer",
    ),
    "data_analyst": (
        "Data Analyst",
        "Data Analyst",
        "Business Intelligence Analyst",
        "Product Analyst",
    ),
    "software_engineer": (
        "Software Engineer",
        "Software Engineer",
        "Backend Engineer",
        "Full Stack Engineer",
        "Backend Software Engineer",
    ),
    "other": ("Solutions Architect", "Solutions Engineer", "Developer Advocate", "Sales Engineer"),
}
INTERN_FIELDS: dict[str, tuple[str, ...]] = {
    "ml_engineer": ("Machine Learning", "Machine Learning Engineer", "ML Engineering"),
    "data_scientist": ("Data Scientist", "Data Science"),
    "research_scientist": ("Research Scientist", "AI Research"),
    "mlops_engineer": ("MLOps", "ML Infrastructure"),
    "ai_engineer": ("AI Engineering", "AI Engineer"),
    "data_engineer": ("Data Engineering", "Data Engineer"),
    "data_analyst": ("Data Analyst", "Business Intelligence"),
    "software_engineer": ("Software Engineering", "Software Engineer"),
    "other": ("Solutions Engineering",),
}
MANAGER_TITLES: dict[str, tuple[str, ...]] = {
    "ml_engineer": (
        "Engineering Manager, Machine Learning",
        "Machine Learning Engineering Manager",
        "Director of Machine Learning",
        "Manager, ML Engineering",
    ),
    "data_scientist": (
        "Data Science Manager",
        "Manager, Data Science",
        "Director of Data Science",
        "Head of Data Science",
    ),
    "research_scientist": (
        "Research Manager",
        "Research Scientist Manager",
        "Manager, Applied Science",
        "Director of Research",
    ),
    "mlops_engineer": (
        "Engineering Manager, ML Platform",
        "Engineering Manager, MLOps",
        "Manager, ML Infrastructure",
    ),
    "ai_engineer": (
        "Engineering Manager, Applied AI",
        "AI Engineering Manager",
        "Head of AI Engineering",
    ),
    "data_engineer": (
        "Data Engineering Manager",
        "Engineering Manager, Data Platform",
        "Manager, Data Engineering",
    ),
    "data_analyst": (
        "Analytics Manager",
        "Manager, Business Intelligence",
        "Business Intelligence Manager",
    ),
    "software_engineer": (
        "Software Engineering Manager",
        "Engineering Manager, Backend",
        "Engineering Manager",
    ),
    "other": ("Solutions Engineering Manager", "Manager, Solutions Architecture"),
}
SPECIALIZATIONS: dict[str, tuple[str, ...]] = {
    "ml_engineer": (
        "Ranking",
        "Recommendations",
        "Search",
        "Ads",
        "Fraud",
        "Trust & Safety",
        "Personalization",
        "Perception",
        "Growth",
        "Payments Risk",
        "Marketplace",
        "Computer Vision",
        "NLP",
        "LLM",
        "Generative AI",
        "Speech",
    ),
    "data_scientist": (
        "Growth",
        "Marketing",
        "Product",
        "Risk",
        "Pricing",
        "Marketplace",
        "Experimentation",
        "Forecasting",
        "Causal Inference",
        "Supply Chain",
        "Customer Insights",
    ),
    "research_scientist": (
        "LLM Alignment",
        "Computer Vision",
        "NLP",
        "Reinforcement Learning",
        "Generative Models",
        "Robotics",
        "Foundation Models",
        "Speech",
        "Optimization",
    ),
    "mlops_engineer": (
        "Training Infrastructure",
        "Model Serving",
        "Inference",
        "Platform",
        "Feature Platform",
    ),
    "ai_engineer": (
        "Agents",
        "Applied LLMs",
        "Copilot",
        "Developer Tools",
        "Support Automation",
        "Search",
        "Enterprise",
    ),
    "data_engineer": ("Data Platform", "Streaming", "Analytics", "Growth", "Finance", "Core Data"),
    "data_analyst": ("Marketing", "Finance", "Operations", "Product", "Growth", "Sales"),
    "software_engineer": (
        "Backend",
        "Platform",
        "Payments",
        "Infrastructure",
        "Developer Experience",
        "Mobile",
    ),
    "other": ("Enterprise", "Public Sector", "Strategic Accounts", "EMEA"),
}
LEVEL_FORMS: dict[str, tuple[str, ...]] = {
    "entry": (
        "Junior {b}",
        "{b} I",
        "Associate {b}",
        "{b}, New Grad",
        "Entry-Level {b}",
        "{b} (New Grad)",
    ),
    "mid": ("{b}", "{b}", "{b} II", "Mid-Level {b}"),
    "senior": ("Senior {b}", "Senior {b}", "Sr. {b}", "Sr {b}"),
    "staff": ("Staff {b}", "Principal {b}", "Senior Staff {b}"),
}
SPEC_JOINS = (", {s}", " - {s}", " – {s}", " ({s})")
SPECIALIZED_SHARE = 0.45


def intern_title(role: str, year: int, skills: frozenset[str], pick: Random, fmt: Random) -> str:
    """An internship title; the field is picked from `pick`, the wording from `fmt`."""
    fields = [f for f in INTERN_FIELDS[role] if title_skills(f) <= skills] or [BASES[role][0]]
    field = pick.choice(fields)
    form = fmt.choice(
        ("{f} Intern", "{f} Intern ({season} {y})", "Intern, {f}", "{y} {season} Intern - {f}")
    )
    season = "Summer" if pick.random() < 0.8 else "Fall"
    return form.format(f=field, y=year, season=season)


@lru_cache(maxsize=1024)
def title_skills(part: str) -> frozenset[str]:
    """Skills a title part may name once it sits in a posting (context-dependent forms such as
    "Agents" count); cores, fields and specializations are a small fixed set."""
    return skills_in_phrase(part, assume_context=True)


def title_core(role: str, seniority: str, skills: frozenset[str], pick: Random) -> str:
    """The title's core (before level wording): one whose skills the posting has."""
    cores = list(MANAGER_TITLES[role] if seniority == "manager" else BASES[role])
    pick.shuffle(cores)
    allowed = [c for c in cores if title_skills(c) <= skills]
    return (allowed or [c for c in cores if not title_skills(c)] or cores)[0]


def specialization(role: str, skills: frozenset[str], pick: Random) -> str | None:
    if pick.random() >= SPECIALIZED_SHARE:
        return None
    options = [s for s in SPECIALIZATIONS[role] if title_skills(s) <= skills]
    skill_named = [s for s in options if title_skills(s)]
    if skill_named and pick.random() < 0.5:
        return pick.choice(skill_named)
    return pick.choice(options) if options else None


def posting_title(
    role: str, seniority: str, skills: frozenset[str], intern_year: int, pick: Random, fmt: Random
) -> str:
    """The title: what it says is drawn from `pick` (shared by duplicates of one job), how it is
    worded from `fmt` (a cross-post words the same job slightly differently). Level words and
    joins name no skill, so the title names exactly the skills of its core and specialization,
    all of them planted."""
    if seniority == "intern":
        return intern_title(role, intern_year, skills, pick, fmt)
    core = title_core(role, seniority, skills, pick)
    spec = specialization(role, skills, pick)
    if seniority == "manager":
        return core
    title = fmt.choice(LEVEL_FORMS[seniority]).format(b=core)
    if spec and "New Grad" not in title:
        title += fmt.choice(SPEC_JOINS).format(s=spec)
    return title
