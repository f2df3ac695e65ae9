"""Which skills a sample posting asks for: role-specific rates, co-occurrence clusters, time
trends, and the GenAI adoption S-curve.

Model. A posting of role r in calendar month x (months since 2023-11):
- each cluster c (classical ML, deep learning, MLOps, data engineering, ...) is active with
  probability `activation[r][c]`; an active cluster adds each of its skills s with probability
  `q[c][s](x)` (linear trends for a few skills: PyTorch up, TensorFlow and Keras down, ...);
- independently, each skill has a background rate `background[r][s]`;
- GenAI skills (is_genai in skills.yml) appear only in GenAI postings. A posting is GenAI with
  probability sigmoid(offset(x) + role + seniority + place group + company appetite); offset(x)
  is solved so that the expected GenAI share of ML postings (ml_engineer, data_scientist,
  research_scientist, mlops_engineer, ai_engineer) follows the S-curve
  `GENAI_FLOOR + GENAI_SPAN / (1 + exp(-GENAI_SLOPE * (x - GENAI_MIDPOINT)))`: ~2% in late 2023,
  ~43% by late 2026. A GenAI posting names each GenAI skill with probability `q[genai][s](x)`,
  and at least one (llm when the draw names none).
Skills of the taxonomy that no table lists get a small background rate (0.3%), so every id can
appear. Every probability here is planted; `expected_*` functions give the exact expectations
used for the planted demand/supply table.

May import: numpy and `ingest.sample` modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ingest.sample.taxonomy import Skill, load_skills
from ingest.sample.vocab import ML_ROLES, ROLES, SENIORITIES

# ---------------------------------------------------------------- planted rates
# Role order everywhere: ml_engineer, data_scientist, research_scientist, mlops_engineer,
# ai_engineer, data_engineer, data_analyst, software_engineer, other.
ROLE_BASE_WEIGHTS = np.array([0.19, 0.16, 0.06, 0.05, 0.06, 0.14, 0.12, 0.14, 0.05])
SENIORITY_PROBS = np.array([0.04, 0.17, 0.33, 0.30, 0.09, 0.07])

GENAI_FLOOR = 0.015
GENAI_SPAN = 0.44
GENAI_SLOPE = 0.2
GENAI_MIDPOINT = 20.0
GENAI_ROLE_LOGODDS = np.array([0.0, -0.9, 0.3, -0.6, 2.2, -2.0, -2.4, -1.6, -0.8])
GENAI_SENIORITY_LOGODDS = np.array([-0.6, -0.5, 0.0, 0.35, 0.5, 0.2])
FALLBACK_GENAI_SKILL = "llm"
UNLISTED_BACKGROUND = 0.003
UNLISTED_GENAI_RATE = 0.03

Rate = float | tuple[float, float]  # constant, or (value at x=0, value at x=35), linear

BACKGROUND: dict[str, tuple[float, ...]] = {
    "python": (0.85, 0.85, 0.75, 0.75, 0.85, 0.70, 0.45, 0.45, 0.30),
    "sql": (0.30, 0.70, 0.10, 0.20, 0.20, 0.85, 0.85, 0.30, 0.15),
    "machine_learning": (1.0, 0.60, 0.50, 1.0, 0.40, 0.10, 0.05, 0.10, 0.40),
    "mlops": (0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    "statistics": (0.10, 0.40, 0.15, 0.0, 0.0, 0.0, 0.35, 0.0, 0.0),
    "r": (0.0, 0.30, 0.06, 0.0, 0.0, 0.0, 0.22, 0.0, 0.0),
    "data_science": (0.04, 0.15, 0.04, 0.0, 0.02, 0.02, 0.05, 0.0, 0.05),
    "artificial_intelligence": (0.05, 0.03, 0.05, 0.02, 0.10, 0.0, 0.0, 0.02, 0.10),
    "git": (0.08, 0.05, 0.05, 0.12, 0.08, 0.08, 0.03, 0.15, 0.02),
    "bash": (0.03, 0.0, 0.02, 0.20, 0.03, 0.10, 0.0, 0.08, 0.0),
    "linux": (0.05, 0.0, 0.05, 0.15, 0.03, 0.05, 0.0, 0.10, 0.0),
    "jupyter": (0.04, 0.10, 0.05, 0.0, 0.02, 0.0, 0.04, 0.0, 0.0),
    "excel": (0.0, 0.04, 0.0, 0.0, 0.0, 0.0, 0.10, 0.0, 0.10),
}

# cluster: (activation by role, {skill: rate})
CLUSTERS: dict[str, tuple[tuple[float, ...], dict[str, Rate]]] = {
    "classical_ml": (
        (0.60, 0.80, 0.30, 0.20, 0.20, 0.10, 0.25, 0.05, 0.10),
        {
            "scikit_learn": 0.55,
            "pandas": 0.50,
            "numpy": 0.45,
            "xgboost": 0.30,
            "lightgbm": 0.15,
            "catboost": 0.05,
            "gradient_boosting": 0.12,
            "feature_engineering": 0.30,
            "scipy": 0.15,
            "matplotlib": 0.15,
            "seaborn": 0.08,
            "statsmodels": 0.06,
            "polars": (0.01, 0.08),
            "jupyter": 0.10,
            "hyperparameter_tuning": 0.08,
            "optuna": 0.04,
            "plotly": 0.05,
        },
    ),
    "ds_methods": (
        (0.20, 0.75, 0.15, 0.0, 0.05, 0.02, 0.40, 0.0, 0.05),
        {
            "ab_testing": 0.45,
            "causal_inference": 0.30,
            "time_series": 0.30,
            "recommender_systems": 0.12,
            "statistics": 0.45,
            "bayesian_statistics": 0.12,
            "pymc": 0.03,
            "anomaly_detection": 0.08,
            "optimization": 0.06,
            "data_visualization": 0.15,
            "search_ranking": 0.05,
            "stata": 0.02,
            "sas": 0.03,
        },
    ),
    "deep_learning": (
        (0.60, 0.30, 0.85, 0.25, 0.50, 0.03, 0.0, 0.05, 0.15),
        {
            "deep_learning": 0.55,
            "pytorch": (0.50, 0.80),
            "tensorflow": (0.48, 0.18),
            "keras": (0.25, 0.08),
            "jax": (0.04, 0.09),
            "cnn": 0.10,
            "rnn": (0.08, 0.03),
            "computer_vision": 0.18,
            "nlp": 0.22,
            "transformers": 0.15,
            "hugging_face": 0.12,
            "cuda": 0.08,
            "onnx": 0.04,
            "tensorrt": 0.03,
            "reinforcement_learning": 0.06,
            "embeddings": 0.10,
            "graph_neural_networks": 0.03,
            "opencv": 0.05,
            "pytorch_lightning": 0.04,
            "speech_recognition": 0.04,
            "model_compression": 0.03,
            "spacy": 0.03,
            "nltk": 0.03,
            "faiss": 0.03,
        },
    ),
    "genai": (
        (1.0,) * 9,  # only evaluated for GenAI postings
        {
            "llm": 0.55,
            "generative_ai": 0.35,
            "rag": (0.18, 0.45),
            "fine_tuning": 0.28,
            "prompt_engineering": 0.28,
            "langchain": (0.12, 0.20),
            "llamaindex": 0.07,
            "vector_database": 0.15,
            "lora": 0.07,
            "qlora": 0.03,
            "peft": 0.05,
            "rlhf": 0.07,
            "diffusion_models": 0.05,
            "ai_agents": (0.02, 0.35),
            "llm_evaluation": (0.03, 0.20),
            "openai_api": 0.12,
            "anthropic_api": (0.01, 0.08),
            "amazon_bedrock": 0.03,
            "llmops": 0.04,
            "pinecone": 0.04,
            "weaviate": 0.02,
            "milvus": 0.01,
            "qdrant": 0.01,
            "multimodal_models": 0.06,
            "llm_inference": 0.06,
            "gan": 0.02,
            "embeddings": 0.20,
            "transformers": 0.10,
            "hugging_face": 0.12,
        },
    ),
    "mlops": (
        (0.45, 0.10, 0.10, 1.0, 0.30, 0.15, 0.0, 0.15, 0.05),
        {
            "mlops": 0.45,
            "mlflow": 0.25,
            "kubeflow": 0.12,
            "wandb": 0.12,
            "dvc": 0.05,
            "docker": 0.45,
            "kubernetes": 0.40,
            "terraform": 0.12,
            "ci_cd": 0.28,
            "feature_store": 0.10,
            "airflow": 0.18,
            "sagemaker": 0.10,
            "vertex_ai": 0.07,
            "azure_ml": 0.04,
            "model_serving": 0.25,
            "model_monitoring": 0.15,
            "experiment_tracking": 0.06,
            "orchestration_tools": 0.06,
            "ray": 0.07,
            "observability": 0.05,
            "linux": 0.08,
        },
    ),
    "data_engineering": (
        (0.25, 0.25, 0.02, 0.15, 0.05, 1.0, 0.20, 0.10, 0.02),
        {
            "spark": 0.50,
            "kafka": 0.28,
            "airflow": 0.38,
            "dbt": 0.28,
            "snowflake": 0.28,
            "bigquery": 0.18,
            "databricks": 0.22,
            "hadoop": (0.12, 0.05),
            "dask": 0.04,
            "postgresql": 0.18,
            "scala": 0.10,
            "etl": 0.35,
            "data_warehousing": 0.30,
            "big_data": 0.08,
            "data_quality": 0.12,
            "flink": 0.06,
            "trino": 0.05,
            "redshift": 0.08,
            "hive": 0.04,
            "apache_beam": 0.03,
            "orchestration_tools": 0.08,
            "sql": 0.50,
            "nosql": 0.05,
            "mongodb": 0.04,
            "cassandra": 0.03,
        },
    ),
    "cloud": (
        (0.40, 0.20, 0.05, 0.60, 0.40, 0.60, 0.05, 0.40, 0.30),
        {"aws": 0.60, "gcp": 0.30, "azure": 0.30},
    ),
    "software": (
        (0.10, 0.0, 0.05, 0.20, 0.35, 0.10, 0.0, 1.0, 0.10),
        {
            "java": 0.30,
            "go": 0.22,
            "rust": 0.07,
            "cpp": 0.14,
            "c": 0.04,
            "csharp": 0.07,
            "javascript": 0.28,
            "typescript": 0.30,
            "git": 0.25,
            "fastapi": 0.10,
            "docker": 0.30,
            "kubernetes": 0.20,
            "ci_cd": 0.22,
            "postgresql": 0.22,
            "react": 0.15,
            "node_js": 0.10,
            "rest_api": 0.20,
            "microservices": 0.15,
            "distributed_systems": 0.18,
            "graphql": 0.05,
            "redis": 0.08,
            "linux": 0.10,
            "kotlin": 0.04,
            "django": 0.04,
            "flask": 0.05,
            "mysql": 0.05,
            "elasticsearch": 0.05,
            "dynamodb": 0.03,
            "html_css": 0.05,
            "spring": 0.04,
            "dotnet": 0.03,
            "vue_angular": 0.03,
            "php": 0.02,
            "ruby": 0.02,
            "swift": 0.02,
            "objective_c": 0.01,
            "perl": 0.01,
            "haskell": 0.01,
            "sqlite": 0.02,
            "sql_server": 0.02,
            "oracle_db": 0.02,
            "neo4j": 0.02,
            "ansible": 0.02,
            "clickhouse": 0.02,
            "duckdb": 0.02,
            "streamlit": 0.02,
        },
    ),
    "research": (
        (0.15, 0.05, 0.60, 0.10, 0.10, 0.0, 0.0, 0.0, 0.0),
        {
            "distributed_training": 0.30,
            "deepspeed": 0.10,
            "quantization": 0.12,
            "pruning": 0.05,
            "knowledge_distillation": 0.08,
            "cuda": 0.20,
            "jax": 0.20,
            "reinforcement_learning": 0.20,
            "differential_privacy": 0.05,
            "federated_learning": 0.04,
            "ai_safety": 0.08,
            "gpu_computing": 0.15,
            "triton_kernels": 0.03,
            "julia": 0.03,
            "matlab": 0.05,
            "optimization": 0.08,
            "knowledge_graphs": 0.03,
            "networkx": 0.02,
        },
    ),
    "bi": (
        (0.0, 0.20, 0.0, 0.0, 0.0, 0.05, 0.85, 0.0, 0.10),
        {
            "excel": 0.50,
            "tableau": 0.42,
            "power_bi": 0.32,
            "looker": 0.15,
            "statistics": 0.15,
            "google_sheets": 0.08,
            "product_analytics": 0.08,
            "superset": 0.04,
            "data_visualization": 0.20,
            "spss": 0.02,
            "sql_server": 0.04,
        },
    ),
    "governance": (
        (0.05, 0.08, 0.10, 0.05, 0.08, 0.0, 0.0, 0.0, 0.15),
        {
            "responsible_ai": 0.30,
            "explainable_ai": 0.30,
            "shap": 0.35,
            "lime": 0.12,
            "ai_safety": 0.15,
            "model_monitoring": 0.10,
            "differential_privacy": 0.05,
        },
    ),
}
TREND_SPAN_MONTHS = 35.0


class SkillModelError(ValueError):
    """The planted tables and the skill taxonomy disagree."""


def rate_at(rate: Rate, x: float) -> float:
    """A planted rate at calendar month x (linear trends clipped to [0.005, 0.95])."""
    if isinstance(rate, tuple):
        start, end = rate
        value = start + (end - start) * (x / TREND_SPAN_MONTHS)
        return float(np.clip(value, 0.005, 0.95))
    return float(rate)


def genai_target_share(x: float | np.ndarray) -> float | np.ndarray:
    """Planted GenAI share of ML postings at calendar month x (the S-curve)."""
    return GENAI_FLOOR + GENAI_SPAN / (
        1.0 + np.exp(-GENAI_SLOPE * (np.asarray(x) - GENAI_MIDPOINT))
    )


def role_probs(x: float) -> np.ndarray:
    """Role-family mix at calendar month x: AI engineer postings grow over time."""
    weights = ROLE_BASE_WEIGHTS.copy()
    weights[ROLES.index("ai_engineer")] *= 0.35 + 1.65 * float(np.clip(x / 35.0, 0.0, 1.2))
    return weights / weights.sum()


@dataclass(frozen=True)
class SkillModel:
    skills: tuple[Skill, ...]
    ids: tuple[str, ...]
    is_genai: np.ndarray  # (S,) bool
    background: np.ndarray  # (R, S)
    activation: np.ndarray  # (R, C) non-GenAI clusters
    cluster_names: tuple[str, ...]

    def q(self, x: float) -> np.ndarray:
        """(C, S) within-cluster rates at calendar month x (non-GenAI clusters)."""
        out = np.zeros((len(self.cluster_names), len(self.ids)))
        index = {s: i for i, s in enumerate(self.ids)}
        for c, name in enumerate(self.cluster_names):
            for skill, rate in CLUSTERS[name][1].items():
                if skill in index and not self.is_genai[index[skill]]:
                    out[c, index[skill]] = rate_at(rate, x)
        return out

    def genai_rates(self, x: float) -> np.ndarray:
        """(S,) rate of each skill in a GenAI posting (non-GenAI skills listed there too)."""
        out = np.zeros(len(self.ids))
        index = {s: i for i, s in enumerate(self.ids)}
        for skill, rate in CLUSTERS["genai"][1].items():
            if skill in index:
                out[index[skill]] = rate_at(rate, x)
        listed = set(CLUSTERS["genai"][1])
        for i, skill in enumerate(self.ids):
            if self.is_genai[i] and skill not in listed:
                out[i] = UNLISTED_GENAI_RATE
        return out

    def expected_nongenai(self, x: float) -> np.ndarray:
        """(R, S) exact P(skill | role, month) from background and non-GenAI clusters."""
        q = np.minimum(self.q(x), 0.999)
        absent = 1.0 - np.minimum(self.background, 1.0)
        for c in range(len(self.cluster_names)):
            absent = absent * (1.0 - self.activation[:, c : c + 1] * q[c][None, :])
        present = 1.0 - absent
        present[:, self.is_genai] = 0.0
        return present

    def expected_given_genai(self, x: float) -> np.ndarray:
        """(S,) P(skill named through the GenAI draw | GenAI posting), incl. the fallback."""
        rates = self.genai_rates(x)
        genai = self.is_genai
        none_drawn = float(np.prod(1.0 - rates[genai]))
        out = rates.copy()
        fallback = self.ids.index(FALLBACK_GENAI_SKILL)
        out[fallback] = out[fallback] + none_drawn * (1.0 - out[fallback])
        return out


@lru_cache(maxsize=2)
def skill_model() -> SkillModel:
    """The planted skill model over every skill of the taxonomy."""
    skills = load_skills()
    ids = tuple(s.id for s in skills)
    known = set(ids)
    for table in (BACKGROUND, *(rates for _, rates in CLUSTERS.values())):
        unknown = sorted(set(table) - known)
        if unknown:
            raise SkillModelError(f"planted skill ids missing from skills.yml: {unknown}")
    if FALLBACK_GENAI_SKILL not in known:
        raise SkillModelError(f"skills.yml lacks the GenAI fallback skill {FALLBACK_GENAI_SKILL!r}")
    is_genai = np.array([s.is_genai for s in skills])
    listed = set(BACKGROUND).union(*(set(rates) for _, rates in CLUSTERS.values()))
    background = np.zeros((len(ROLES), len(ids)))
    for j, skill in enumerate(ids):
        if skill in BACKGROUND:
            background[:, j] = BACKGROUND[skill]
        elif skill not in listed and not is_genai[j]:
            background[:, j] = UNLISTED_BACKGROUND
    background[:, is_genai] = 0.0
    names = tuple(name for name in CLUSTERS if name != "genai")
    activation = np.array([CLUSTERS[name][0] for name in names]).T
    return SkillModel(skills, ids, is_genai, background, activation, names)


def draw_nongenai(
    model: SkillModel, rng: np.random.Generator, role: np.ndarray, x: float
) -> np.ndarray:
    """(n, S) bool: skills from background and active clusters (no GenAI skills)."""
    n = len(role)
    q = np.minimum(model.q(x), 0.999)
    active = rng.random((n, len(model.cluster_names))) < model.activation[role]
    log_absent = np.log1p(-np.minimum(model.background[role], 1.0 - 1e-12))
    log_absent = log_absent + active.astype(float) @ np.log1p(-q)
    present = rng.random((n, len(model.ids))) < -np.expm1(log_absent)
    present[:, model.is_genai] = False
    return present


def draw_genai(
    model: SkillModel, rng: np.random.Generator, has_genai: np.ndarray, x: float
) -> np.ndarray:
    """(n, S) bool: skills named through the GenAI draw; rows without GenAI are empty."""
    rates = model.genai_rates(x)
    drawn = (rng.random((len(has_genai), len(model.ids))) < rates) & has_genai[:, None]
    none = has_genai & ~drawn[:, model.is_genai].any(axis=1)
    drawn[none, model.ids.index(FALLBACK_GENAI_SKILL)] = True
    return drawn


def genai_logodds(
    role: np.ndarray, seniority: np.ndarray, place_logodds: np.ndarray, level_logodds: np.ndarray
) -> np.ndarray:
    """Covariate part of the GenAI log-odds (the month offset is added separately)."""
    return (
        GENAI_ROLE_LOGODDS[role]
        + GENAI_SENIORITY_LOGODDS[seniority]
        + place_logodds
        + level_logodds
    )


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def solve_offset(logodds: np.ndarray, weights: np.ndarray, target: float) -> float:
    """Offset o with sum(w * sigmoid(o + logodds)) / sum(w) = target (bisection)."""
    lo, hi = -20.0, 20.0
    total = weights.sum()
    for _ in range(60):
        mid = (lo + hi) / 2.0
        if (weights * sigmoid(mid + logodds)).sum() / total < target:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


ML_ROLE_MASK = np.array([role in ML_ROLES for role in ROLES])
if len(SENIORITY_PROBS) != len(SENIORITIES) or len(ROLE_BASE_WEIGHTS) != len(ROLES):
    raise SkillModelError("planted role / seniority tables do not match the vocabularies")
