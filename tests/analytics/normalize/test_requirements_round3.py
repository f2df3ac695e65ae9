"""The requirements normalizer on its third held-out set (requirements_round3.yml, labeled and
committed (21aa32d) before the normalizer ran on it) and on the classes of failure that set
found. First run (code at 21aa32d): years 0.646, degree 0.707, both right 31/82 (0.378): both
0/3, shapes 4/6, decades_months 0/6, shorthand 4/4, zero 3/5, tool_role 3/4, traps 3/7, ages 4/4,
cjk 0/6, europe 1/6, degree 5/5, degree_none 1/4, degree_traps 3/4, degree_cjk 0/9,
degree_europe 0/9. After the fixes below: years 0.988, degree 1.000, both right 81/82. The one
row left, "Terraform: 3 years; overall industry experience: 8 years." (labeled 3), is a bare
"N years" after a label, which "Contract: 2 years, renewable." (labeled nothing) shares: no rule
without a list of tools tells them apart. The rule tests below use sentences outside the set."""

from __future__ import annotations

import pytest

from tests.analytics.normalize.labeled_requirements import parsed, set_accuracy


def test_held_out_set_accuracy() -> None:
    n, years, degree = set_accuracy("requirements_round3.yml")
    assert n >= 60
    # first run: years 0.646, degree 0.707; now 0.988 and 1.000 (one miss more allowed)
    assert years >= 0.975
    assert degree >= 0.985


# --- degrees in Japanese, Chinese, Korean, Italian, Polish, Dutch, Swedish; A-levels -----------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("大卒以上（理系）", "bachelor"),
        ("硕士研究生及以上学历", "master"),
        ("석사 이상", "master"),
        ("博士号取得者", "phd"),
        ("学歴不問・未経験OK", "none"),
        ("Laurea triennale in Economia.", "bachelor"),
        ("Laurea specialistica in Ingegneria.", "master"),
        ("Dottorato in Chimica.", "phd"),
        ("Licencjat z informatyki.", "bachelor"),
        ("Studia magisterskie z matematyki.", "master"),
        ("Afgeronde hbo-opleiding Informatica.", "bachelor"),
        ("Masterexamen i statistik.", "master"),
        ("A-level maths or equivalent.", "none"),
    ],
)
def test_degrees_in_other_languages(text: str, degree: str) -> None:
    assert parsed(text)[1] == degree


@pytest.mark.parametrize(
    "text",
    [
        "Magistrate court clerk experience.",
        "Experience teaching biology at A-level.",
        "Operate at a level 4-5 on this hierarchy.",
    ],
)
def test_words_like_those_degrees_are_none(text: str) -> None:
    assert parsed(text)[1] is None


# --- years in Japanese, Chinese, Korean, Italian, Polish and Swedish ---------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5年以上のバックエンド開発経験", 5),
        ("3年以上相关工作经验", 3),
        ("経験年数：実務経験2年以上", 2),
        ("경력 7년 이상", 7),
        ("Almeno 2 anni di esperienza in ambito cloud.", 2),
        ("Esperienza di 3-5 anni nello sviluppo web.", 3),
        ("Minimum 4 lata doświadczenia jako tester.", 4),
        ("Minst 5 års erfarenhet av Java.", 5),
    ],
)
def test_years_in_other_languages(text: str, years: int) -> None:
    assert parsed(text)[0] == years


@pytest.mark.parametrize("text", ["2023年に設立、社員数120名", "La nostra azienda ha 10 anni."])
def test_years_that_ask_for_nothing_in_other_languages(text: str) -> None:
    assert parsed(text)[0] is None


# --- decades and months of experience ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Over a decade of experience in fintech.", 10),
        ("Nearly two decades of hands-on experience with Linux.", 20),
        ("18 months of experience in a lab.", 1),
        ("At least 6 months of outbound sales experience.", 0),
        ("36+ months of experience in customer support.", 3),
    ],
)
def test_decades_and_months_of_experience(text: str, years: int) -> None:
    assert parsed(text)[0] == years


@pytest.mark.parametrize(
    "text",
    [
        "We offer 6 months of paid parental leave.",
        "For over a decade, Acme has served banks.",
        "Work on projects over the course of 6 months\n\nNice to have\n- Experience building tools",
    ],
)
def test_decades_and_months_that_ask_for_nothing(text: str) -> None:
    assert parsed(text)[0] is None


# --- a degree plus years -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BSc + 4 years or MSc + 2 years in data science.", (4, "bachelor")),
        ("PhD + 2 yrs industry, or MS + 5 yrs.", (2, "master")),
        ("Bachelor's + 6 years of relevant work.", (6, "bachelor")),
    ],
)
def test_a_degree_plus_years(text: str, expected: tuple[int, str]) -> None:
    assert parsed(text) == expected


# --- a range of years after a word of time or span asks for nothing ---------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Help shape our strategy for the next 2-3 years.",
        "Our archive spans 20-30 years of filings.",
        "Engagements usually last 2-4 years.",
        "Laptops are refreshed every 2-3 years.",
        "Grow into a team lead within 1-2 years.",
    ],
)
def test_a_range_of_years_for_other_things(text: str) -> None:
    assert parsed(text)[0] is None


def test_a_range_of_years_of_experience_still_counts() -> None:
    assert parsed("Over the last decade we hired people with 3-5 years of experience.")[0] == 3


# --- "N-plus years" --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [("Eight-plus years in product management.", 8), ("5-plus yrs with Go.", 5)],
)
def test_n_plus_years_with_a_hyphen(text: str, years: int) -> None:
    assert parsed(text)[0] == years


# --- no years asked: new graduates welcome, less than a year of experience --------------------


@pytest.mark.parametrize(
    "text",
    [
        "Recent grads are encouraged to apply.",
        "New graduates welcome; we will train you.",
        "Candidates with less than a year of professional experience are welcome.",
    ],
)
def test_no_years_asked(text: str) -> None:
    assert parsed(text)[0] == 0


@pytest.mark.parametrize(
    "text", ["We shipped 250+ apps, all in under a year.", "Mentor new grads on the team."]
)
def test_a_year_or_new_grads_that_ask_for_nothing(text: str) -> None:
    assert parsed(text)[0] is None


# --- a degree of no named level said to be unneeded is none, unless it is preferred -----------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("A degree isn't necessary if you can show your work.", "none"),
        ("University degree not mandatory.", "none"),
        ("Degree helpful but not required.", None),
        ("CPA certification or tax-related degree (helpful but not required).", None),
        ("A degree would be valued but is not essential.", None),
    ],
)
def test_a_degree_said_to_be_unneeded(text: str, degree: str | None) -> None:
    assert parsed(text)[1] == degree


# --- a degree the company's people hold --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("Our CTO holds a PhD in robotics.", None),
        ("Our founders earned their Master's degrees at ETH.", None),
        ("You hold a PhD in robotics.", "phd"),
    ],
)
def test_a_degree_the_company_people_hold(text: str, degree: str | None) -> None:
    assert parsed(text)[1] == degree


# --- preference words in the languages whose degrees are read --------------------------------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("硕士优先", None),
        ("석사 학위 소지자 우대", None),
        ("【歓迎】修士号をお持ちの方", None),
        ("Laurea magistrale preferibile.", None),
        ("Wykształcenie wyższe mile widziane.", None),
        ("Kandidatexamen är meriterande.", None),
        ("本科及以上学历，硕士优先", "bachelor"),
        ("学士以上必須", "bachelor"),
    ],
)
def test_preference_words_in_other_languages(text: str, degree: str | None) -> None:
    assert parsed(text)[1] == degree


# --- French "Bac+N": the years of study after the baccalauréat --------------------------------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("Formation Bac +2 minimum (BTS, DUT).", "none"),
        ("Licence (Bac+3) en informatique.", "bachelor"),
        ("Bac+5 en école d'ingénieur ou université.", "master"),
        ("Bac+8 en physique des matériaux.", "phd"),
        ("Bac+3/5 en informatique.", "bachelor"),
    ],
)
def test_french_bac_plus_n(text: str, degree: str) -> None:
    assert parsed(text)[1] == degree


# --- range words of other languages between two numbers of years; age ranges ------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2 a 4 años de experiencia en ventas.", 2),  # was 4
        ("3 bis 5 Jahre Berufserfahrung.", 3),
        ("Plus de 5 à 7 ans d'expérience en gestion de produits.", 5),  # was 7
        ("Experiência de 2 até 4 anos com Java.", 2),
    ],
)
def test_range_words_of_other_languages(text: str, years: int) -> None:
    assert parsed(text)[0] == years


@pytest.mark.parametrize("text", ["Edad: 25 a 35 años.", "Candidates aged 25 to 35."])
def test_an_age_range_asks_for_no_years(text: str) -> None:
    assert parsed(text)[0] is None


# --- preference words in French, German, Spanish and Portuguese -------------------------------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("Bac+5 souhaité.", None),
        ("Un Master en informatique serait un atout.", None),
        ("Máster valorable.", None),
        ("Se valorará un doctorado.", None),
        ("Mestrado desejável.", None),
        ("Master en informatique exigé.", "master"),
        ("Abgeschlossenes Studium, idealerweise Master.", "bachelor"),
    ],
)
def test_preference_words_in_french_german_spanish_portuguese(
    text: str, degree: str | None
) -> None:
    assert parsed(text)[1] == degree


# --- years in Indonesian and Vietnamese ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Pengalaman minimal 2 tahun di bidang data.", 2),
        ("Minimal 3 tahun pengalaman sebagai backend developer.", 3),
        ("Tối thiểu 2 năm kinh nghiệm lập trình.", 2),
    ],
)
def test_years_in_indonesian_and_vietnamese(text: str, years: int) -> None:
    assert parsed(text)[0] == years


def test_a_company_age_in_indonesian_asks_for_nothing() -> None:
    assert parsed("Perusahaan berdiri 10 tahun yang lalu.")[0] is None


# --- "Associate's or ..." and Brazilian schooling ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "degree"),
    [
        ("Associate's or Bachelor's degree in IT.", "none"),  # was bachelor
        ("Ensino superior completo em Computação.", "bachelor"),
        ("Graduação completa em Engenharia.", "bachelor"),
        ("Ensino médio completo.", "none"),
        ("Associate or Senior Data Scientist.", None),
        ("Ensino superior em andamento.", None),
    ],
)
def test_associate_or_and_brazilian_schooling(text: str, degree: str | None) -> None:
    assert parsed(text)[1] == degree
