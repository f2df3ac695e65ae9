"""Posting descriptions: the blocks a job description is made of (about us, the role,
requirements, nice-to-haves, pay, benefits, EEO, how to apply) and the sentences that name the
planted skills, using the taxonomy's aliases and their spelling and case variants.

Honesty rules (checked by the tests with `skillmatch`): boilerplate names no skill; it does carry
the traps a naive matcher trips on ("R&D", "go-to-market", "excellent communication",
"send your CV", "we trust", "sparked") and numbers that are not pay ("$50M Series B",
"401(k)", "10,000+ customers"); each planted skill is written with a surface form that names
exactly that skill.

May import: the standard library and `ingest.sample` modules.
"""

from __future__ import annotations

import html
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from random import Random

from ingest.sample.skillmatch import names_skill, skills_in_phrase
from ingest.sample.taxonomy import Skill, load_skills

Block = tuple[str, object]  # ("h", str) | ("p", str) | ("ul", list[str])

CASING = {
    "pyspark": "PySpark",
    "golang": "Golang",
    "llms": "LLMs",
    "llm": "LLM",
    "genai": "GenAI",
    "gen ai": "Gen AI",
    "gen-ai": "Gen-AI",
    "huggingface": "HuggingFace",
    "k8s": "K8s",
    "flax": "Flax",
    "helm": "Helm",
    "vue": "Vue",
    "vue.js": "Vue.js",
    "mllib": "MLlib",
    "ollama": "Ollama",
    "vllm": "vLLM",
    "grpc": "gRPC",
    "iac": "IaC",
    "postgres": "Postgres",
    "mongo": "Mongo",
    "nodejs": "NodeJS",
    "node.js": "Node.js",
    "reactjs": "ReactJS",
    "next.js": "Next.js",
    "nextjs": "NextJS",
    "python3": "Python3",
    "pytorch lightning": "PyTorch Lightning",
    "tf2": "TF2",
    "tf.keras": "tf.keras",
    "sklearn": "sklearn",
    "numpy": "NumPy",
    "scipy": "SciPy",
    "xgboost": "XGBoost",
    "lightgbm": "LightGBM",
    "catboost": "CatBoost",
    "opencv": "OpenCV",
    "mlflow": "MLflow",
    "wandb": "wandb",
    "openai": "OpenAI",
    "chatgpt": "ChatGPT",
    "gpt-4": "GPT-4",
    "gpt-4o": "GPT-4o",
    "langsmith": "LangSmith",
    "langgraph": "LangGraph",
    "crewai": "CrewAI",
    "autogen": "AutoGen",
    "pgvector": "pgvector",
    "chromadb": "ChromaDB",
    "graphrag": "GraphRAG",
    "llamaindex": "LlamaIndex",
    "langchain": "LangChain",
    "qlora": "QLoRA",
    "peft": "PEFT",
    "rlhf": "RLHF",
    "deepspeed": "DeepSpeed",
    "tensorrt": "TensorRT",
    "onnx runtime": "ONNX Runtime",
    "kubeflow": "Kubeflow",
    "kubectl": "kubectl",
    "terraform": "Terraform",
    "github actions": "GitHub Actions",
    "gitlab ci": "GitLab CI",
    "jenkins": "Jenkins",
    "circleci": "CircleCI",
    "argocd": "ArgoCD",
    "bigquery": "BigQuery",
    "snowpark": "Snowpark",
    "databricks": "Databricks",
    "delta lake": "Delta Lake",
    "dbt cloud": "dbt Cloud",
    "dbt core": "dbt Core",
    "clickhouse": "ClickHouse",
    "duckdb": "DuckDB",
    "postgresql": "PostgreSQL",
    "mysql": "MySQL",
    "mongodb": "MongoDB",
    "dynamodb": "DynamoDB",
    "elasticsearch": "Elasticsearch",
    "opensearch": "OpenSearch",
    "graphql": "GraphQL",
    "fastapi": "FastAPI",
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "powerbi": "PowerBI",
    "power bi": "Power BI",
    "a/b testing": "A/B testing",
    "a/b tests": "A/B tests",
    "ci/cd": "CI/CD",
    "w&b": "W&B",
    "weights & biases": "Weights & Biases",
    "scikit-learn": "scikit-learn",
    "hugging face": "Hugging Face",
    "vertex ai": "Vertex AI",
    "azureml": "AzureML",
    "sagemaker": "SageMaker",
    "amazon sagemaker": "Amazon SageMaker",
    "aws": "AWS",
    "gcp": "GCP",
    "google cloud": "Google Cloud",
    "azure": "Azure",
    "microsoft azure": "Microsoft Azure",
    "apache spark": "Apache Spark",
    "spark": "Spark",
    "kafka": "Kafka",
    "apache kafka": "Apache Kafka",
    "airflow": "Airflow",
    "apache airflow": "Apache Airflow",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "pytorch": "PyTorch",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "jax": "JAX",
    "cuda": "CUDA",
    "python": "Python",
    "java": "Java",
    "scala": "Scala",
    "rust": "Rust",
    "c++": "C++",
    "sql": "SQL",
    "tableau": "Tableau",
    "excel": "Excel",
    "microsoft excel": "Microsoft Excel",
    "looker": "Looker",
    "snowflake": "Snowflake",
    "git": "Git",
    "github": "GitHub",
    "gitlab": "GitLab",
    "linux": "Linux",
    "rstudio": "RStudio",
    "tidyverse": "tidyverse",
    "matlab": "MATLAB",
    "kotlin": "Kotlin",
    "django": "Django",
    "flask": "Flask",
    "redis": "Redis",
    "hadoop": "Hadoop",
    "flink": "Flink",
    "trino": "Trino",
    "presto": "Presto",
    "redshift": "Redshift",
    "spacy": "spaCy",
    "nltk": "NLTK",
    "faiss": "FAISS",
    "pinecone": "Pinecone",
    "weaviate": "Weaviate",
    "milvus": "Milvus",
    "qdrant": "Qdrant",
    "anthropic": "Anthropic",
    "claude": "Claude",
    "bert": "BERT",
    "resnet": "ResNet",
    "lstm": "LSTM",
    "dask": "Dask",
    "polars": "Polars",
    "jupyter": "Jupyter",
    "streamlit": "Streamlit",
    "gradio": "Gradio",
    "shap": "SHAP",
    "optuna": "Optuna",
    "pymc": "PyMC",
    "networkx": "NetworkX",
    "neo4j": "Neo4j",
    "ansible": "Ansible",
    "stata": "Stata",
    "spss": "SPSS",
    "laravel": "Laravel",
    "php": "PHP",
    "perl": "Perl",
    "haskell": "Haskell",
    "julia lang": "Julia lang",
    "bash": "Bash",
    "powershell": "PowerShell",
    "mlops": "MLOps",
    "llmops": "LLMOps",
    "nlp": "NLP",
    "rag": "RAG",
    "gpt": "GPT",
    "etl": "ETL",
    "elt": "ELT",
    "sas programming": "SAS programming",
}
LOWERCASE_VARIANT_SHARE = 0.2


@dataclass(frozen=True)
class SurfaceForm:
    text: str
    weight: float
    needs_context: bool  # a case-sensitive form: only used when require_context is met


TOKEN_CASING = {
    "openai": "OpenAI",
    "api": "API",
    "apis": "APIs",
    "sdk": "SDK",
    "aws": "AWS",
    "gcp": "GCP",
    "ml": "ML",
    "ai": "AI",
    "llm": "LLM",
    "llms": "LLMs",
    "sql": "SQL",
    "gpu": "GPU",
    "gpus": "GPUs",
    "nlp": "NLP",
    "python": "Python",
    "pytorch": "PyTorch",
    "azure": "Azure",
    "google": "Google",
    "amazon": "Amazon",
    "microsoft": "Microsoft",
    "apache": "Apache",
    "kafka": "Kafka",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "tensorflow": "TensorFlow",
    "nvidia": "NVIDIA",
    "spark": "Spark",
    "gpt": "GPT",
    "rest": "REST",
    "dbt": "dbt",
    "bert": "BERT",
    "llama": "Llama",
    "r": "R",
    "c": "C",
    "go": "Go",
    "ruby": "Ruby",
    "rails": "Rails",
    "swift": "Swift",
    "julia": "Julia",
    ".net": ".NET",
    "asp.net": "ASP.NET",
    "sas": "SAS",
    "swiftui": "SwiftUI",
    "mllib": "MLlib",
    "hive": "Hive",
    "ansi": "ANSI",
    "c++": "C++",
}


def display_form(alias: str, skill: Skill) -> str:
    """How an alias is written in prose ("pytorch" -> "PyTorch", "openai api" -> "OpenAI API")."""
    if alias in CASING:
        return CASING[alias]
    name = skill.name
    at = name.lower().find(alias)
    if (
        at >= 0
        and (at == 0 or not name[at - 1].isalnum())
        and (at + len(alias) == len(name) or not name[at + len(alias)].isalnum())
    ):
        return name[at : at + len(alias)]
    if alias.isalpha() and len(alias) <= 3:
        return alias.upper()
    if alias.isalpha() and len(alias) == 4 and alias.endswith("s"):
        return alias[:-1].upper() + "s"
    return " ".join(TOKEN_CASING.get(token, token) for token in alias.split(" "))


def case_sensitive_weight(alias: str, skill: Skill) -> float:
    """Case-sensitive forms: the skill's own name ("R", "Go") is the usual spelling, other
    mixed-case forms ("Spark", "LoRA") are common, shouting variants ("SPARK", "LORA") rare."""
    if alias == skill.name:
        return 20.0
    if len(alias) > 2 and alias.replace(".", "").isupper() and alias != skill.name.upper():
        return 1.0
    return 4.0


def is_split_spelling(alias: str, glued_aliases: set[str]) -> bool:
    """ "num py", "a b testing", "open cv": matching variants of a glued alias that postings do
    not write (kept out of generated text)."""
    tokens = alias.replace("-", " ").split()
    return (
        len(tokens) > 1
        and " " in alias
        and alias.replace(" ", "").replace("-", "") in glued_aliases
        and min(len(t) for t in tokens) <= 2
    )


def _names_exactly(text: str, skill_id: str) -> bool:
    return skills_in_phrase(text) == frozenset({skill_id})


def context_partner(skill: Skill) -> tuple[str, str] | None:
    """A skill (id, plain name form) that gives `skill` the context it requires."""
    for other in load_skills():
        if other.id == skill.id or other.case_sensitive_aliases or not other.aliases:
            continue
        in_context = (
            other.id in skill.require_context
            or f"category:{other.category}" in skill.require_context
        )
        if in_context or not skill.require_context:
            text = display_form(other.aliases[0], other)
            if _names_exactly(text, other.id):
                return other.id, text
    return None


@lru_cache(maxsize=2)
def surface_forms() -> dict[str, tuple[SurfaceForm, ...]]:
    """Usable surface forms per skill: each names that skill and no other, under the strict
    reading of the taxonomy rules (so "Azure ML" is out, "AzureML" in)."""
    out: dict[str, tuple[SurfaceForm, ...]] = {}
    for skill in load_skills():
        forms: list[SurfaceForm] = []
        glued = {a for a in skill.aliases if " " not in a and "-" not in a}
        for rank, alias in enumerate(skill.aliases):
            if is_split_spelling(alias, glued) and alias not in skill.name.lower():
                continue
            text = display_form(alias, skill)
            if not _names_exactly(text, skill.id) or not _names_exactly(alias, skill.id):
                continue
            weight = (
                20.0
                if alias == skill.name.lower()
                else (12.0 if rank == 0 else (3.0 if rank == 1 else 1.0))
            )
            forms.append(SurfaceForm(text, weight, False))
        for alias in skill.case_sensitive_aliases:
            # A case-sensitive form counts only with context: check it beside a context skill.
            partner = context_partner(skill)
            if partner is None:
                continue
            partner_id, partner_text = partner
            found = skills_in_phrase(f"{alias} and {partner_text}")
            if found == {skill.id, partner_id}:
                forms.append(SurfaceForm(alias, case_sensitive_weight(alias, skill), True))
        if not forms:
            forms.append(SurfaceForm(skill.name, 1.0, False))
        out[skill.id] = tuple(forms)
    return out


@lru_cache(maxsize=2)
def context_sets() -> dict[str, frozenset[str]]:
    """For skills with case-sensitive forms: the skill ids that satisfy `require_context`."""
    skills = load_skills()
    out: dict[str, frozenset[str]] = {}
    for skill in skills:
        if not skill.case_sensitive_aliases:
            continue
        ids = {c for c in skill.require_context if not c.startswith("category:")}
        cats = {c[9:] for c in skill.require_context if c.startswith("category:")}
        plain = {s.id for s in skills if not s.case_sensitive_aliases}
        out[skill.id] = frozenset(
            s.id
            for s in skills
            if s.id != skill.id and s.id in plain and (s.id in ids or s.category in cats)
        )
    return out


@dataclass(frozen=True)
class FormTable:
    """Weighted surface forms of one skill, ready for a cheap weighted draw."""

    texts: tuple[str, ...]
    cumulative: tuple[float, ...]
    lowercase: tuple[str | None, ...]  # an exact lower-case variant, when it still names the skill

    def draw(self, rng: Random) -> str:
        i = bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        i = min(i, len(self.texts) - 1)
        low = self.lowercase[i]
        if low is not None and rng.random() < LOWERCASE_VARIANT_SHARE:
            return low
        return self.texts[i]


def form_table(forms: list[SurfaceForm], skill_id: str) -> FormTable:
    lowers = tuple(
        f.text.lower()
        if not f.needs_context
        and len(f.text) >= 4
        and f.text.lower() != f.text
        and _names_exactly(f.text.lower(), skill_id)
        else None
        for f in forms
    )
    total = 0.0
    cumulative = []
    for f in forms:
        total += f.weight
        cumulative.append(total)
    return FormTable(tuple(f.text for f in forms), tuple(cumulative), lowers)


@lru_cache(maxsize=2)
def form_tables() -> dict[str, tuple[FormTable, FormTable]]:
    """Per skill: (forms without case-sensitive ones, all forms)."""
    out = {}
    for skill_id, forms in surface_forms().items():
        plain = [f for f in forms if not f.needs_context] or list(forms)
        out[skill_id] = (form_table(plain, skill_id), form_table(list(forms), skill_id))
    return out


def skill_phrase(
    skill_id: str, planted: frozenset[str], rng: Random, plain_only: bool = False
) -> str:
    """One surface form of a planted skill; case-sensitive forms ("R", "Go", "LoRA") only when
    the posting names a skill that gives them context (and not with `plain_only`)."""
    plain, full = form_tables()[skill_id]
    context = context_sets().get(skill_id)
    use_full = not plain_only and context is not None and not planted.isdisjoint(context)
    return (full if use_full else plain).draw(rng)


# ---------------------------------------------------------------- sentences naming skills

ONE_SKILL = (
    "Strong proficiency in {a}.",
    "Hands-on experience with {a}.",
    "Production experience with {a}.",
    "Solid working knowledge of {a}.",
    "You have used {a} in a professional setting.",
    "Deep familiarity with {a}.",
)
TWO_SKILLS = (
    "Experience with {a} and {b}.",
    "Fluency in {a} or {b}.",
    "You have used {a} and {b} on real projects.",
    "Comfortable with both {a} and {b}.",
)
MANY_SKILLS = (
    "Experience with {list}.",
    "Practical knowledge of {list}.",
    "Our stack includes {list}; you have used most of it.",
    "Working knowledge of tools such as {list}.",
)
NICE_ONE = (
    "Experience with {a} is a plus.",
    "Bonus points for {a}.",
    "Any exposure to {a} is nice to have.",
)
NICE_MANY = (
    "Exposure to {list} is a plus.",
    "Familiarity with {list} is nice to have.",
    "Bonus: {list}.",
)


@lru_cache(maxsize=2)
def delicate_skills() -> frozenset[str]:
    """Skills whose matching depends on neighbouring words (exclusions, case, context)."""
    return frozenset(
        s.id
        for s in load_skills()
        if s.exclude_patterns or s.exclude_regex or s.case_sensitive_aliases
    )


def sentence_keeps(sentence: str, skills: set[str]) -> bool:
    """True when every delicate skill of the sentence is still named in it (no exclusion
    pattern such as "to excel" or "go on" swallowed it). Context-dependent forms are only
    chosen when the posting provides the context, so context is assumed here."""
    return all(names_skill(sentence, skill) for skill in skills)


def joined(items: list[str], rng: Random) -> str:
    if len(items) == 1:
        return items[0]
    style = rng.random()
    if style < 0.45:
        return ", ".join(items[:-1]) + " and " + items[-1]
    if style < 0.75:
        return ", ".join(items[:-1]) + ", and " + items[-1]
    if style < 0.9:
        return ", ".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]


def chunks(items: list[tuple[str, str]], rng: Random) -> list[list[tuple[str, str]]]:
    out: list[list[tuple[str, str]]] = []
    i = 0
    while i < len(items):
        size = rng.choice((1, 1, 2, 2, 3, 4))
        out.append(items[i : i + size])
        i += size
    return out


def sentence(group: list[tuple[str, str]], nice: bool, rng: Random) -> str:
    texts = [text for _, text in group]
    if len(group) == 1:
        return rng.choice(NICE_ONE if nice else ONE_SKILL).format(a=texts[0])
    if len(group) == 2 and not nice:
        return rng.choice(TWO_SKILLS).format(a=texts[0], b=texts[1])
    return rng.choice(NICE_MANY if nice else MANY_SKILLS).format(list=joined(texts, rng))


def skill_lines(
    phrases: list[tuple[str, str]], planted: frozenset[str], nice: bool, rng: Random
) -> list[str]:
    """Sentences naming the given (skill id, surface form) pairs, each checked when delicate:
    a sentence whose wording hides or adds a skill ("exposure to excel", "Go on real
    projects", "C$") is reworded, and as a last resort written one plain form per line."""
    lines = []
    delicate = delicate_skills()
    for group in chunks(phrases, rng):
        line = sentence(group, nice, rng)
        ids = {skill for skill, _ in group} & delicate
        if ids and not sentence_keeps(line, ids):
            for _ in range(6):
                line = sentence(group, nice, rng)
                if sentence_keeps(line, ids):
                    break
            else:
                for skill, _ in group:
                    lines.append(
                        f"Experience with {skill_phrase(skill, planted, rng, plain_only=True)}."
                    )
                continue
        lines.append(line)
    return lines


# ---------------------------------------------------------------- boilerplate

YEARS = {
    "intern": (
        "Currently enrolled in a Bachelor's, Master's or PhD program in Computer Science, "
        "Mathematics, Physics or a related field, graduating in {grad}.",
        "Pursuing a degree in a quantitative field and available for a 12-week internship.",
    ),
    "entry": (
        "0-2 years of relevant industry experience; new graduates are welcome.",
        "1+ year of industry experience or an internship in a similar role.",
        "A recent degree in a quantitative field and up to 2 years of experience.",
    ),
    "mid": (
        "3+ years of relevant industry experience.",
        "3-5 years of experience in a similar role.",
        "At least 3 years of professional experience shipping work to production.",
    ),
    "senior": (
        "5+ years of relevant industry experience.",
        "6+ years of experience, including ownership of large projects end to end.",
        "5-8 years of professional experience in a similar role.",
    ),
    "staff": (
        "8+ years of industry experience, including technical leadership across teams.",
        "10+ years of experience and a track record of setting technical direction.",
    ),
    "manager": (
        "7+ years of industry experience, including 2+ years managing a team.",
        "Experience hiring, growing and leading a team of 5 or more people.",
    ),
}
SOFT_SKILLS = (
    "Excellent communication skills and the ability to explain tradeoffs to non-specialists.",
    "You write clearly and enjoy collaborating across teams.",
    "A bias for action and comfort with ambiguity.",
    "Strong ownership: you see problems through from idea to launch.",
)
RESPONSIBILITIES: dict[str, tuple[str, ...]] = {
    "ml_engineer": (
        "Design, train and ship models that power core product features.",
        "Own the path from prototype to production, including evaluation and rollout.",
        "Partner with product and engineering to frame problems and define success metrics.",
        "Improve the latency, cost and reliability of our serving stack.",
        "Build tooling that lets the team iterate on models quickly and safely.",
        "Analyze model behaviour in production and close the loop with new training runs.",
        "Mentor teammates and raise the bar for code and review quality.",
    ),
    "data_scientist": (
        "Define and track the metrics that tell us whether the product is working.",
        "Design and analyze tests that shape product decisions.",
        "Turn ambiguous business questions into clear analyses and recommendations.",
        "Build models that estimate demand, risk and customer value.",
        "Partner with product managers, engineers and designers on roadmap priorities.",
        "Communicate findings to leadership in writing and in person.",
    ),
    "research_scientist": (
        "Conduct original research and publish at top venues when it makes sense.",
        "Turn research prototypes into methods that ship in our products.",
        "Design rigorous evaluations and benchmarks for new methods.",
        "Collaborate with engineers to scale training runs and studies.",
        "Stay current with the literature and share what matters with the team.",
    ),
    "mlops_engineer": (
        "Build and operate the platform our scientists use to train and ship models.",
        "Automate training, evaluation and release workflows end to end.",
        "Own the reliability, cost and security of our compute footprint.",
        "Create paved paths and self-service tooling for modeling teams.",
        "Set up alerting and dashboards for production models and jobs.",
    ),
    "ai_engineer": (
        "Build product features on top of state-of-the-art models from prototype to launch.",
        "Design evaluation suites that keep quality high as we iterate.",
        "Work closely with design and product to shape new user experiences.",
        "Integrate model providers and internal services behind clean interfaces.",
        "Own latency, cost and quality tradeoffs for the features you ship.",
    ),
    "data_engineer": (
        "Design and build reliable batch and streaming jobs that feed analytics and product teams.",
        "Own core datasets, their documentation and their service levels.",
        "Partner with analysts and scientists to make trusted data easy to use.",
        "Improve the performance and cost of our data platform.",
        "Define standards for testing, review and on-call for data jobs.",
    ),
    "data_analyst": (
        "Build and maintain dashboards and reports used across the company.",
        "Answer business questions with clear, well-documented analyses.",
        "Partner with operations, finance and marketing teams on weekly reporting.",
        "Define metrics and keep their definitions consistent across teams.",
        "Present insights to stakeholders and recommend next steps.",
    ),
    "software_engineer": (
        "Design, build and operate backend services used by millions of customers.",
        "Write well-tested, maintainable code and review the code of others.",
        "Collaborate with product and design to scope and ship features.",
        "Improve the reliability and performance of our systems.",
        "Participate in an on-call rotation and help improve incident response.",
    ),
    "other": (
        "Work with customers to understand their goals and design solutions with them.",
        "Run technical discovery sessions, demos and proofs of concept.",
        "Partner with sales and product teams and relay customer feedback.",
        "Create reference architectures, guides and workshop material.",
    ),
}
ABOUT: dict[str, tuple[str, ...]] = {
    "software": (
        "{c} builds software that helps teams make better decisions, faster.",
        "{c} makes the tools that thousands of businesses use to run their daily operations.",
    ),
    "healthcare": (
        "{c} is on a mission to make care more affordable and easier to access.",
        "{c} helps clinics and hospitals spend less time on paperwork and more time with patients.",
    ),
    "biotech": (
        "{c} combines lab work and computation to discover new medicines.",
        "{c} is building a platform to bring new therapies to patients faster.",
    ),
    "fintech": (
        "{c} is building the financial infrastructure for small businesses.",
        "{c} makes moving and managing money simple, fast and safe.",
    ),
    "insurance": ("{c} is rebuilding insurance to be fair, fast and transparent.",),
    "robotics": (
        "{c} designs autonomous machines that work safely alongside people.",
        "{c} builds robots that take on dull and dangerous work in warehouses and factories.",
    ),
    "hardware": ("{c} designs the devices and chips that power the next generation of products.",),
    "ecommerce": (
        "{c} helps independent brands sell to customers around the world.",
        "{c} runs a marketplace connecting shoppers with thousands of local sellers.",
    ),
    "media": ("{c} helps millions of people discover stories, music and video they love.",),
    "gaming": ("{c} makes games played by millions of people every day.",),
    "logistics": ("{c} moves goods across the country with software-first operations.",),
    "energy": ("{c} helps utilities and households use cleaner energy more efficiently.",),
    "security": ("{c} protects companies from modern threats without slowing them down.",),
    "edtech": ("{c} helps learners of every age build skills for the future.",),
}
# Each posting takes one sentence from two of these groups (funding / culture).
TRAPS_FUNDING = (
    "Founded in {year}, we recently raised a ${m}M Series B and serve 10,000+ customers.",
    "We are backed by leading investors and our ${m}M Series B sparked rapid growth.",
    "More than 10,000+ customers rely on us every day.",
    "We are a team of {emp} people across {offices} offices and growing.",
)
TRAPS_CULTURE = (
    "Our R&D group works hand in hand with the go-to-market team.",
    "We trust each other to do great work and to own outcomes.",
    "Our founders sparked a culture of curiosity that still guides the go-to-market and R&D teams.",
)
BENEFITS_COMMON = (
    "Competitive salary and meaningful equity",
    "Medical, dental and vision coverage for you and your dependents",
    "Generous parental leave (16 weeks)",
    "Flexible time off and 12 company holidays",
    "A yearly learning budget of $1,500 for courses, books and conferences",
    "Home office setup allowance",
    "Wellness stipend and mental health support",
    "Hybrid work with a beautiful office and catered lunches",
)
BENEFITS_US = ("401(k) plan with a 4% company match", "Commuter benefits")
BENEFITS_INTL = ("Private health insurance", "Pension contributions", "Annual performance bonus")
EEO = (
    "{c} is an equal opportunity employer. We celebrate diversity and are committed to creating an "
    "inclusive environment for all employees.",
    "We welcome applicants of all backgrounds. {c} does not discriminate on the basis of race, "
    "religion, color, national origin, gender, sexual orientation, age, marital status, veteran "
    "status, or disability status.",
)
APPLY = (
    "Please send your CV and a short note about a project you are proud of.",
    "Apply through this page; we read every application and reply within two weeks.",
    "Send your CV to our recruiting team; no cover letter needed.",
)
PAY_LINES = (
    "The base salary range for this role is {pay}.",
    "Compensation: {pay}, plus equity and benefits.",
    "Salary: {pay}",
    "Pay range: {pay}. Final offers depend on location, skills and experience.",
    "The expected pay for this position is {pay}.",
)
PAY_LINES_HOURLY = (
    "This role pays {pay}.",
    "Rate: {pay}",
    "The pay for this position is {pay}.",
)
TEAMS: dict[str, tuple[str, ...]] = {
    "ml_engineer": ("Applied Science", "Core Models", "Personalization", "Platform Intelligence"),
    "data_scientist": ("Decision Science", "Growth Analytics", "Insights"),
    "research_scientist": ("Research", "Applied Research"),
    "mlops_engineer": ("Platform", "Infrastructure"),
    "ai_engineer": ("Applied AI", "AI Products"),
    "data_engineer": ("Data Platform", "Data Infrastructure"),
    "data_analyst": ("Business Insights", "Analytics"),
    "software_engineer": ("Core Platform", "Product Engineering"),
    "other": ("Customer Engineering", "Field Engineering"),
}
DEPARTMENTS: dict[str, str] = {
    "ml_engineer": "Engineering",
    "data_scientist": "Data & Analytics",
    "research_scientist": "Research",
    "mlops_engineer": "Engineering",
    "ai_engineer": "Engineering",
    "data_engineer": "Data & Analytics",
    "data_analyst": "Data & Analytics",
    "software_engineer": "Engineering",
    "other": "Sales",
}
HEADINGS = {
    "about": ("About {c}", "Who we are", "About us"),
    "role": ("What you'll do", "About the role", "Responsibilities", "In this role you will"),
    "reqs": ("What we're looking for", "Requirements", "Qualifications", "About you"),
    "nice": ("Nice to have", "Bonus points", "Preferred qualifications"),
    "pay": ("Compensation", "Pay"),
    "benefits": ("Benefits", "What we offer", "Perks"),
}


@dataclass(frozen=True)
class PostingContext:
    company: str
    industry: str
    founded: int
    employees: int
    country: str
    title: str
    role: str
    seniority: str
    skills: tuple[str, ...]  # planted skill ids
    intern_grad_year: int
    pay_line: str | None  # pay as written for the body, when pay is stated in the body
    hourly: bool
    team: str


def years_line(seniority: str, grad_year: int, rng: Random) -> str:
    return rng.choice(YEARS[seniority]).format(grad=grad_year)


def about_paragraph(ctx: PostingContext, rng: Random) -> str:
    first = rng.choice(ABOUT[ctx.industry]).format(c=ctx.company)
    traps = [rng.choice(TRAPS_FUNDING), rng.choice(TRAPS_CULTURE)]
    offices = 1 + ctx.employees // 400
    filled = [
        t.format(
            year=ctx.founded,
            m=rng.choice((12, 25, 50, 80, 120)),
            emp=ctx.employees,
            offices=offices,
        )
        for t in traps
    ]
    return " ".join([first, *filled])


def description_blocks(ctx: PostingContext, rng: Random) -> list[Block]:
    """The description as blocks; the same rng state gives the same description."""
    c = ctx.company
    planted = frozenset(ctx.skills)
    order = list(ctx.skills)
    rng.shuffle(order)
    phrases = [(s, skill_phrase(s, planted, rng)) for s in order]
    n_required = max(1, round(len(phrases) * rng.uniform(0.6, 0.85))) if phrases else 0
    required, nice = phrases[:n_required], phrases[n_required:]
    blocks: list[Block] = []
    if rng.random() < 0.6:
        article = "an" if ctx.title[:1] in "AEIOU" else "a"
        blocks.append(("p", f"{c} is hiring {article} {ctx.title} to join the {ctx.team} team."))
    blocks.append(("h", rng.choice(HEADINGS["about"]).format(c=c)))
    blocks.append(("p", about_paragraph(ctx, rng)))
    blocks.append(("h", rng.choice(HEADINGS["role"])))
    duties = list(RESPONSIBILITIES[ctx.role])
    rng.shuffle(duties)
    blocks.append(("ul", duties[: rng.randint(3, min(6, len(duties)))]))
    blocks.append(("h", rng.choice(HEADINGS["reqs"])))
    reqs = [
        years_line(ctx.seniority, ctx.intern_grad_year, rng),
        *skill_lines(required, planted, False, rng),
    ]
    reqs.append(rng.choice(SOFT_SKILLS))
    blocks.append(("ul", reqs))
    if nice:
        blocks.append(("h", rng.choice(HEADINGS["nice"])))
        blocks.append(("ul", skill_lines(nice, planted, True, rng)))
    if ctx.pay_line:
        lines = PAY_LINES_HOURLY if ctx.hourly else PAY_LINES
        blocks.append(("h", rng.choice(HEADINGS["pay"])))
        blocks.append(("p", rng.choice(lines).format(pay=ctx.pay_line)))
    benefits = list(BENEFITS_COMMON) + list(BENEFITS_US if ctx.country == "US" else BENEFITS_INTL)
    rng.shuffle(benefits)
    blocks.append(("h", rng.choice(HEADINGS["benefits"])))
    blocks.append(("ul", benefits[: rng.randint(3, 6)]))
    blocks.append(("p", rng.choice(EEO).format(c=c)))
    blocks.append(("p", rng.choice(APPLY)))
    return blocks


# ---------------------------------------------------------------- rendering blocks

ASHBY_P = '<p style="min-height:1.5em">'


def ashby_html(blocks: list[Block]) -> str:
    parts = []
    for kind, value in blocks:
        if kind == "h":
            parts.append(f"{ASHBY_P}<strong>{html.escape(str(value), quote=False)}</strong></p>")
        elif kind == "p":
            parts.append(f"{ASHBY_P}{html.escape(str(value), quote=False)}</p>")
        else:
            items = "".join(f"<li>{ASHBY_P}{html.escape(i, quote=False)}</p></li>" for i in value)  # type: ignore[union-attr]
            parts.append(f'<ul style="min-height:1.5em">{items}</ul>')
    return "".join(parts)


def simple_html(blocks: list[Block], heading_tag: str = "h3") -> str:
    parts = []
    for kind, value in blocks:
        if kind == "h":
            parts.append(f"<{heading_tag}>{html.escape(str(value), quote=False)}</{heading_tag}>")
        elif kind == "p":
            parts.append(f"<p>{html.escape(str(value), quote=False)}</p>")
        else:
            items = "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in value)  # type: ignore[union-attr]
            parts.append(f"<ul>{items}</ul>")
    return "".join(parts)


def list_items_html(items: list[str]) -> str:
    return "".join(f"<li>{html.escape(i, quote=False)}</li>" for i in items)


def plain_text(blocks: list[Block]) -> str:
    parts = []
    for kind, value in blocks:
        if kind == "ul":
            parts.append("\n\n".join(f" - {i}" for i in value))  # type: ignore[union-attr]
        else:
            parts.append(str(value))
    return "\n\n".join(parts)


def hn_escape(text: str) -> str:
    """HN's escaping: &#x27; for apostrophes, &#x2F; for slashes, &quot;, &amp;, &lt;, &gt;."""
    return html.escape(text, quote=True).replace("/", "&#x2F;")


def hn_body(blocks: list[Block]) -> str:
    """Blocks as an HN comment body: paragraphs separated by <p>, lists as dashed lines."""
    paragraphs = []
    for kind, value in blocks:
        if kind == "ul":
            paragraphs.append("\n".join(f"- {hn_escape(i)}" for i in value))  # type: ignore[union-attr]
        else:
            paragraphs.append(hn_escape(str(value)))
    return "<p>".join(paragraphs)
