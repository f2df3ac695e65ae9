"""Round 5 of the skill held-out passes: skills_round5.yml held at its score, and the failure
classes it showed, each tested on cases of its own (none is a row of the set).

The set was labeled before its first run (P 0.836, R 0.919, F1 0.875 on 283 pairs); the rules
were then fixed against it, so the floor says what the rules cover now (P 0.989, R 0.975).

Classes fixed:
- context aliases: a skill name that is also an ordinary word, a name or another trade's
  term ("red pandas", "33 kV transformers", "Claude" a person, "GCS" the Glasgow Coma Scale,
  "fine-tune our pricing") counts only when the posting names a skill of its context, or
  right after a skill cue ("experience with pandas"); "visualization" beside a plotting or BI
  tool, "Iceberg" and "Beam" beside data tools are skills now.
- negations: German, French, Spanish and Portuguese "not needed" shapes ("Kenntnisse in Java
  sind keine Voraussetzung", "pas besoin de connaître Scala", "no es necesario saber Java",
  "não é necessário saber R"), "zero Kubernetes knowledge required", "we don't use Java",
  "knowledge of Spark is not a prerequisite", and a heading that says its items are not needed
  ("Not required (we'll teach you):" over bullets, "What we don't expect: ..."); an optional
  skill ("Preferred but not required: Tableau") still counts.
- skill cues: a case-sensitive alias right after "familiarity with", "knowledge of", "strong
  in", "grasp of" ... is the skill without other context ("familiarity with Go is a plus"),
  except DBT, "agents", HF and DPO, which name therapies, sales agents, heart failure and data
  protection officers after a cue as often.
- vocabulary: written variants of concept and tool names ("survival analysis", "Bayesian"
  alone, "design experiments", "tracking experiments", "drift monitoring", "gradient-boosted
  models", "Dockerised", "Scikit" alone, "PBI" beside BI tools or SQL, "Amplitude" beside
  analytics tools, "comfort with pandas"); neural networks in German, French, Spanish,
  Portuguese and Italian.
- other senses by phrase: places and venues (West / East Java, ExCeL London, La Scala),
  Italian "su larga scala", French "en vue de" / "point de vue", Franz Kafka, "Dockers" the
  dock workers (the plural needs context), Dutch "flink" beside SQL alone, and a team the role
  works with ("pair with our SREs", "partner with the DevOps team") asks for no skill.
- context across categories (found by a probe of 57 snippets written after the fixes above):
  two context-dependent skills of different categories, each in the other's context, confirm
  each other when one of them is named by an ordinary word ("Fine-tune BERT", "Redshift and
  dbt"); two case-sensitive names still do not ("Ray will onboard you. Go team!").
"""

from __future__ import annotations

import pytest

from analytics.normalize import skills
from analytics.normalize.skill_taxonomy import TaxonomyError, validated_rules
from tests.analytics.normalize.labeled_titles_skills import labeled_rows, skill_micro


def _found(text: str) -> set[str]:
    return set(skills.extract_skills(text))


def test_skills_round5_micro_scores() -> None:
    rows = labeled_rows("skills_round5.yml", "snippets")
    assert len(rows) >= 60
    known = set(skills.load_taxonomy()["id"])
    assert not [r["text"] for r in rows if not set(r["skills"]) <= known]
    # reached P 0.989, R 0.975 (283 pairs); was P 0.836, R 0.919 at the first run
    precision, recall = skill_micro(rows)
    assert precision >= 0.975
    assert recall >= 0.96


# ------------------------------------------------------------------ context aliases


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Feed the giant pandas and clean the enclosures.", "pandas"),
        ("Maintain pole-mounted transformers and reclosers on the rural network.", "transformers"),
        ("Claude Dubois will walk you through the warehouse on day one.", "anthropic_api"),
        ("Chart each patient's GCS and pupil response every hour.", "gcp"),
        ("Help us fine-tune the onboarding flow for new merchants.", "fine_tuning"),
        ("Spring pruning of the orchards and hedge cutting.", "pruning"),
        ("Run the crude distillation unit; log column temperatures.", "knowledge_distillation"),
        ("Cassandra and Tom run the front desk; bring your own lunch.", "cassandra"),
        ("Wear a Helm und Warnweste on site at all times.", "kubernetes"),
        ("Run the annual performance evals for the store team.", "llm_evaluation"),
    ],
)
def test_an_ordinary_word_names_no_skill_without_context(text: str, absent: str) -> None:
    assert absent not in _found(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Clean data with pandas and write Python services.", "pandas"),
        ("Pretrain transformers in PyTorch on our GPU cluster.", "transformers"),
        ("Call Claude through the API for our LLM features.", "anthropic_api"),
        ("Store training data on GCS and run jobs on GKE.", "gcp"),
        ("Fine-tune LLMs for our support bot.", "fine_tuning"),
        ("Experience with pandas.", "pandas"),
        ("Knowledge of transformers is a must.", "transformers"),
        ("Proficient in Cassandra.", "cassandra"),
    ],
)
def test_the_word_with_its_context_or_a_cue_is_the_skill(text: str, present: str) -> None:
    assert present in _found(text)


def test_a_cue_before_a_longer_alias_keeps_the_longer_one() -> None:
    found = _found("Experience with Llama Index for retrieval.")
    assert "llamaindex" in found
    assert "llm" not in found


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Build visualizations in Tableau for the sales team.", "data_visualization"),
        ("Visualisation with Plotly and Seaborn.", "data_visualization"),
        ("Tables in Iceberg, streamed from Kafka.", "data_warehousing"),
        ("Pipelines on Beam and Flink.", "apache_beam"),
    ],
)
def test_a_general_word_beside_its_tools_is_the_skill(text: str, present: str) -> None:
    assert present in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Visualization of floor plans for our architects.",
        "That migration was the tip of the iceberg; SQL and Kafka are our daily tools.",
        "Install steel beams and joists on commercial sites.",
    ],
)
def test_a_general_word_alone_is_not_the_skill(text: str) -> None:
    assert not {"data_visualization", "data_warehousing", "apache_beam"} & _found(text)


def test_context_aliases_need_require_context_and_lower_case() -> None:
    base = {"id": "widget", "name": "Widget", "category": "devtool", "is_genai": False}
    entry = {**base, "aliases": ["widgetron"], "context_aliases": ["widget"]}
    with pytest.raises(TaxonomyError, match="context_aliases need require_context"):
        validated_rules({"version": 1, "skills": [entry]})
    upper = {**entry, "context_aliases": ["Widget"], "require_context": ["category:devtool"]}
    with pytest.raises(TaxonomyError, match="context_aliases must be lower case"):
        validated_rules({"version": 1, "skills": [upper]})
    fine = {**entry, "require_context": ["category:devtool"]}
    assert validated_rules({"version": 1, "skills": [fine]})[0].context_aliases == ("widget",)


# ------------------------------------------------------------------ negations


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        (
            "Erfahrung mit Scala ist keine Voraussetzung; wir arbeiten mit Python.",
            "scala",
            "python",
        ),
        ("Kenntnisse in Kubernetes sind nicht erforderlich, SQL schon.", "kubernetes", "sql"),
        ("Pas besoin de maîtriser Java : nous codons en Python.", "java", "python"),
        ("La connaissance de Spark n'est pas requise ; SQL est indispensable.", "spark", "sql"),
        ("No es necesario conocer Kotlin; usamos Python.", "kotlin", "python"),
        ("Não é necessário ter experiência com Scala; usamos Python.", "scala", "python"),
        ("Zero Terraform experience needed, but solid Python is.", "terraform", "python"),
        (
            "We do not use Kotlin at all; our services are Go and PostgreSQL.",
            "kotlin",
            "postgresql",
        ),
        ("Experience with Kafka is not a prerequisite. SQL is.", "kafka", "sql"),
    ],
)
def test_a_skill_said_not_to_be_needed_is_not_asked(text: str, absent: str, present: str) -> None:
    found = _found(text)
    assert absent not in found
    assert present in found


def test_a_not_needed_heading_drops_its_bullets_and_keeps_the_next_section() -> None:
    text = "You don't need:\n- Kubernetes\n- Scala\nYou need:\n- Python\n- SQL"
    assert _found(text) == {"python", "sql"}
    inline = "What we don't require: Terraform experience. What we require: strong SQL."
    assert _found(inline) == {"sql"}


@pytest.mark.parametrize(
    "text",
    [
        "Preferred but not required: Terraform and Kubernetes.",
        "Nice to have (not required): Terraform, Kubernetes",
        "Not required, but a plus: Terraform and Kubernetes.",
    ],
)
def test_an_optional_heading_still_asks(text: str) -> None:
    assert {"terraform", "kubernetes"} <= _found(text)


# ------------------------------------------------------------------ skill cues


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Familiarity with R is a plus.", "r"),
        ("Knowledge of C is expected.", "c"),
        ("Strong in Go.", "go"),
        ("Proficient in Julia.", "julia"),
        ("Solid grasp of CV fundamentals.", "computer_vision"),
    ],
)
def test_a_case_sensitive_alias_after_a_cue_is_the_skill(text: str, present: str) -> None:
    assert present in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Experience with DBT and CBT for adolescents.",
        "Experience with HF patients on the cardiology ward.",
        "Experience with agents and brokers in commercial real estate.",
        "Knowledge of the DPO's role under GDPR.",
    ],
)
def test_a_cue_does_not_confirm_the_forms_that_name_other_things(text: str) -> None:
    assert not {"dbt", "hugging_face", "ai_agents", "rlhf"} & _found(text)


# ------------------------------------------------------------------ vocabulary


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Cox models and other survival analysis for churn.", "statistics"),
        ("A Bayesian at heart: priors, posteriors and Stan.", "bayesian_statistics"),
        ("You will design experiments for the checkout funnel.", "ab_testing"),
        ("Tracking experiments and model versions in one place.", "experiment_tracking"),
        ("Own drift monitoring for the fraud models.", "model_monitoring"),
        ("Gradient-boosted models for credit risk.", "gradient_boosting"),
        ("Ship Dockerized microservices to production.", "docker"),
        ("Python with Scikit and statsmodels.", "scikit_learn"),
        ("PBI dashboards over SQL Server.", "power_bi"),
        ("Event data in Amplitude and Looker.", "product_analytics"),
        ("Comfortable with pandas.", "pandas"),
        ("Erfahrung mit neuronalen Netzen.", "deep_learning"),
        ("Connaissance des réseaux de neurones.", "deep_learning"),
        ("Experiencia con redes neuronales.", "deep_learning"),
    ],
)
def test_written_variants_name_their_skill(text: str, present: str) -> None:
    assert present in _found(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Image processing with scikit-image.", "scikit_learn"),
        ("Measure the signal amplitude with an oscilloscope.", "product_analytics"),
        ("Groom the PBIs with the product owner every sprint.", "power_bi"),
    ],
)
def test_the_variants_keep_their_other_senses_out(text: str, absent: str) -> None:
    assert absent not in _found(text)


# ------------------------------------------------------------------ other senses by phrase


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Field sales across East Java and Bali.", "java"),
        ("Hostess for our booth at ExCeL London in March.", "excel"),
        ("Season tickets for La Scala for the whole team.", "scala"),
        ("Gestione di dati su larga scala con SQL.", "scala"),
        ("Analyser les ventes en vue d'optimiser les stocks, avec SQL.", "vue_angular"),
        ("Du point de vue du client, avec Python.", "vue_angular"),
        ("A reading list from Franz Kafka to Orwell.", "kafka"),
        ("Dockers needed at the port, weekend shifts.", "docker"),
        ("Je hebt flink wat kennis van SQL.", "flink"),
        ("Pair with our SREs on incident reviews; write Python.", "devops"),
        ("Partner with the DevOps team on releases; Python required.", "devops"),
    ],
)
def test_a_phrase_in_another_sense_names_no_skill(text: str, absent: str) -> None:
    assert absent not in _found(text)


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Java and Kotlin services, hosted in Jakarta.", "java"),
        ("Excel reports for the London office.", "excel"),
        ("Spark jobs in Scala.", "scala"),
        ("Componentes en Vue.js y TypeScript.", "vue_angular"),
        ("Docker and Kubernetes in production.", "docker"),
        ("Streaming with Flink and Kafka.", "flink"),
        ("You will own SRE for our platform: on-call and SLOs.", "devops"),
    ],
)
def test_the_skill_itself_still_counts(text: str, present: str) -> None:
    assert present in _found(text)


# ------------------------------------------------------------------ context across categories


@pytest.mark.parametrize(
    ("text", "present"),
    [
        ("Fine-tune BERT for ticket routing.", {"fine_tuning", "transformers"}),
        ("Redshift and dbt.", {"redshift", "dbt"}),
        ("Distillation of transformer students.", {"knowledge_distillation", "transformers"}),
    ],
)
def test_ordinary_words_of_two_categories_confirm_each_other(text: str, present: set) -> None:
    assert present <= _found(text)


def test_two_names_of_different_categories_do_not() -> None:
    assert _found("Ray will onboard you. Go team!") == set()
