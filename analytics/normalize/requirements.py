"""Years of experience and the lowest degree a posting asks for, read from its text.

`parse_requirements(texts)` gives two columns, one row per text, vectorized (Polars regex, no
per-row Python): `years_experience_min` (Int32) and `degree_min` (String: none, bachelor,
master, phd, as `contract.vocab.DEGREE_LEVELS`). Both read the role part of the text
(`analytics.normalize.sections`), so a company blurb ("founded 10 years ago", "our team of
PhDs") or the benefits ("tuition support for a Master's degree") do not count. Null means the
text does not say.

Years (decisions):
- the first requirement in the text wins, at the lower end of a range ("to", and "a", "à",
  "bis", "tot", "até" in other languages: "2 a 4 años", "5 à 7 ans"): "5+ years", "3-5 yrs",
  "4 to 6 years", "ten-plus years", "at least three years", "a minimum of 7 years'", "Five (5)
  years of experience", "over 8 years of experience"; "up to 2 years", "0-2 years", "no
  experience required", "less than a year" and "new grads welcome" give 0. N is digits or a
  number word up to twenty; more than 40 is not a requirement;
- a bare "N years" counts only with "experience" within a few words after it ("4 years'
  experience", "seven years of progressive experience"); a number with "+", a range or a
  minimum needs no such word ("8+ yrs building distributed systems"); Italian, Polish,
  Swedish, Indonesian and Vietnamese too ("Almeno 3 anni di esperienza", "Co najmniej 5 lat
  doświadczenia", "Minst 3 års erfarenhet", "Pengalaman minimal 2 tahun", "3 năm kinh
  nghiệm"), and Japanese, Chinese and Korean years beside an experience noun in either
  order ("3年以上の実務経験", "5年及以上Java开发经验", "開発経験3年以上", "경력 3년 이상");
- a degree plus years ("MS + 3 yrs or PhD + 0", "Master's degree + 2 years") is a requirement
  like "Bachelor's degree and 5+ years"; "MS +" is a master's degree;
- decades and months of experience (on one line with "experience") count: "a decade" is 10
  years, "two decades" 20, "half a decade" 5; months are whole years rounded down ("18 months
  of experience" 1, "at least 6 months of sales experience" 0);
- ages, time ago and company age ("18 years old", "21 years of age", "10 years ago") are
  dropped before matching, and so is time remaining ("2+ years remaining on a permit") and a
  range of years after a word of time or span ("over the next 3-5 years", "spans 10-15 years",
  "last 1-2 years", "every 3-4 years") or an age ("Alter: 25 bis 40 Jahre", "aged 25-35");
  benefit and contract durations ("vests over 4 years", "a 2-year
  contract", "after 5 years of service") never take a requirement shape.

Degree (decisions):
- the lowest degree the text *requires*: "BS/MS" -> bachelor, "MS or PhD" -> master, "Bachelor's
  required; Master's preferred" -> bachelor; "or equivalent experience" keeps the degree named;
- a sentence that names degrees only as preferred ("PhD preferred", "a Master's is a plus",
  "Nice to have: MS or PhD", "Bonus points for a PhD") does not count: with no required degree
  the column is null, not the preferred one; so do the preference words of the other languages
  read ("硕士优先", "석사 우대", "【歓迎】修士", "preferibile", "mile widziane", "meriterande",
  "een pré", "souhaité", "un atout", "wünschenswert", "valorable", "desejável"), a
  full-width comma or stop ending a sentence ("本科及以上学历，硕士优先" is bachelor);
- a degree being pursued ("currently enrolled in a PhD program", "pursuing a degree") is not a
  degree held and does not count; a plural "PhDs" names people ("our team of PhDs"), not a
  requirement, nor does a degree the company's people hold ("Our CEO has a PhD in physics");
- "not required" is no requirement ("PhD preferred but not required", "A PhD is not
  required"), nor is "a strong plus";
- "none": the text says no degree is needed ("no degree required", "a college degree is not
  required", "Degree not necessary", "A degree is nice but not necessary": a degree of no
  named level said to be unneeded, unless it is also preferred or helpful) or asks only for a
  high-school diploma / GED ("ensino médio") or an associate degree ("Associate's or
  Bachelor's degree" is none, its lowest); "without a degree" only when the sentence
  names no degree ("Bachelor's and 4 years, or 8 years without a degree" is bachelor, as "or
  equivalent experience" is);
- German, French, Spanish and Portuguese degrees: "abgeschlossenes Studium",
  "Hochschulabschluss", "licenciatura", "titulado", "grado en", "ensino superior completo",
  "graduação completa" (bachelor); "Masterstudium",
  "Master in/en", "máster", "mestrado", "diplôme d'ingénieur" (master); "Promotion in",
  "doctorat", "doctorado", "doutorado" (phd); Italian "laurea (triennale / in)", Polish
  "wykształcenie wyższe", "licencjat", Dutch "hbo", Swedish "kandidatexamen" (bachelor);
  "laurea magistrale", "magister", "WO-master", "masterexamen", "civilingenjör" (master);
  "dottorato", "doktorsexamen" (phd); French "Bac+N" by its years of study: "Bac+2" none,
  "Bac+3" bachelor, "Bac+4" / "Bac+5" master, "Bac+8" phd; Japanese / Chinese / Korean "大卒",
  "学士", "本科", "학사" (bachelor), "修士", "硕士", "석사" (master), "博士", "박사" (phd),
  and "学歴不問", "学历不限", "학력 무관", high school or junior college ("高卒", "大专",
  "고졸") (none); UK "A-levels or equivalent" (none);
- "advanced" and "graduate" degrees are master; a bare "degree" counts as bachelor only in a
  degree phrase ("degree in", "college degree", "degree or equivalent"), never in "a high
  degree of autonomy" or "360-degree feedback"; "MS" needs a degree context ("MS in", "BS/MS",
  "MS or PhD"), never "MS Office".

May import: polars, `contract`, `analytics.normalize.inputs` and `analytics.normalize.sections`.
"""

from __future__ import annotations

import polars as pl

from analytics.normalize.inputs import TEXT_CHARS, capped
from analytics.normalize.sections import role_text_expr
from contract.vocab import DEGREE_LEVELS

# Number words accepted in "five years of experience".
NUMBER_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
}
MAX_YEARS = 40
DEGREES: tuple[str, ...] = DEGREE_LEVELS  # lowest first

# ASCII word boundary: Unicode \b sends Rust's regex to its slowest engine on non-ASCII text.
_B = r"(?-u:\b)"
_WORDS = "|".join(NUMBER_WORDS)
# A number: digits, or a word optionally followed by its digits in parentheses ("five (5)").
_N_BARE = rf"\d{{1,2}}|(?:{_WORDS})(?:\s*\(\d{{1,2}}\))?"
_N = f"(?:{_N_BARE})"
# "years", and its German, French, Spanish, Portuguese, Dutch, Italian, Polish, Swedish,
# Indonesian and Vietnamese words (whole words)
_YEARS = (
    r"(?:years?|yrs?|(?:jahre?n?|ans|années|años|anos|jaar|anni|anno|lata?|rok|roku|års|år|tahun"
    r"|năm)(?-u:\b))(?:'|’)?"
)
_EXPERIENCE = (
    r"(?:experience|exp(?-u:\b)|(?:berufs)?erfahrung|expérience|experiencia|experiência"
    r"|(?:werk)?ervaring|esperienza|doświadczeni[ae]|erfarenhet|pengalaman|kinh nghiệm)"
)
# range words: English "to", Spanish / Portuguese / Italian "a", French "à", German "bis",
# Dutch "tot", Portuguese "até" ("2 a 4 años de experiencia", "3 bis 5 Jahre")
_DASH = r"(?:-|–|—|to|a|à|bis|tot|até)"
_ZERO_START = r"(?:up to|less than|under|no more than|fewer than)"
_NEW_GRADS = r"(?:new|recent|fresh)\s+(?:grads?|graduates?)"
_WORDS_THEN_EXPERIENCE = rf"(?:\s+of)?(?:\s+[a-z/&,+'’-]+){{0,5}}?\s+(?:d['’])?{_EXPERIENCE}"
# ... on the same line (months and decades: "over the course of 6 months\n\nNICE-TO-HAVES\n-
# Experience building ..." asks for nothing)
_WORDS_THEN_EXPERIENCE_INLINE = rf"(?:[ \t]+of)?(?:[ \t]+[a-z/&,+'’-]+){{0,5}}?[ \t]+{_EXPERIENCE}"
_AT_LEAST = (
    r"(?:at least|a minimum of|minimum of|minimum|min\.?|no less than|not less than|mindestens"
    r"|au moins|al menos|pelo menos|no mínimo|minimaal|ten minste|almeno|co najmniej|minst"
    r"|minimal|tối thiểu)"
)
# Japanese, Chinese and Korean: years ("年", "년") and an experience noun ("経験", "经验",
# "경력") in either order: "3年以上の実務経験", "5年及以上Java开发经验", "開発経験3年以上",
# "경력 3년 이상".
# (the years first sit behind the word boundary of the other shapes, so no digit precedes them)
_CJK_YEARS_FIRST = (
    r"[0-9]{1,2}\s*(?:年|년)\s*(?:以上|及以上|이상)?[^\n。.]{0,15}?(?:経験|经验|경력)"
)
_CJK_EXPERIENCE_FIRST = r"(?:経験|经验|경력)[^\n。.0-9]{0,10}?[0-9]{1,2}\s*(?:年|년)"
# A degree written before "+ N years" ("BS + 5 years, MS + 3 years, or PhD + 1 year").
_DEGREE_TOKEN = (
    r"(?:degree|master(?:'|’)?s|bachelor(?:'|’)?s|ph\.?d|mba|m\.?sc?|b\.?sc?|b\.?a|m\.?a"
    r"|m\.?eng|b\.?eng)"
)
# Shapes, tried at each position in this order; the leftmost requirement in the text wins. The
# whole match is taken, then its first number read (one scan of the text, then short strings).
YEARS_PATTERN = (
    rf"(?i){_CJK_EXPERIENCE_FIRST}|{_B}(?:{_CJK_YEARS_FIRST}|"
    rf"{_AT_LEAST}\s+{_N}"
    rf"\s*\+?\s*(?:{_DASH}\s*\d{{1,2}}\s*\+?\s*)?{_YEARS}"
    rf"|{_N}\s*(?:\+|plus|or more|or above|and above|ou mais|ou plus|o más|oder mehr)?\s*yoe{_B}"
    rf"|{_N}\s*(?:\+|(?:-\s*)?plus|or more|or above|and above)\s*{_YEARS}"  # "ten-plus years"
    rf"|{_N}\s*{_DASH}\s*(?:\d{{1,2}}|{_WORDS})\s*\+?\s*{_YEARS}"
    rf"|(?:over|more than|in excess of)\s+{_N}\s*\+?\s*{_YEARS}{_WORDS_THEN_EXPERIENCE}"
    rf"|{_N}\s*{_YEARS}{_WORDS_THEN_EXPERIENCE}"
    # a degree plus years: "MS + 3 yrs or PhD + 0", "Master's degree + 2 years"
    rf"|{_DEGREE_TOKEN}\s*(?:\+|plus)\s*{_N}\s*\+?\s*{_YEARS}"
    # decades and months of experience: "a decade of experience", "12+ months of experience"
    rf"|(?:half\s+a|an?|{_N})\s+decades?\s*\+?{_WORDS_THEN_EXPERIENCE_INLINE}"
    rf"|{_N}\s*\+?\s*months?{_WORDS_THEN_EXPERIENCE_INLINE}"
    rf"|{_ZERO_START}\s+(?:{_N_BARE})\s*{_YEARS}"
    # "less than a year of experience" (not "all in under a year")
    rf"|{_ZERO_START}\s+an?\s+{_YEARS}{_WORDS_THEN_EXPERIENCE_INLINE}"
    # "New grads welcome", "Recent graduates are encouraged to apply": no years asked
    rf"|{_NEW_GRADS}\s+(?:are\s+)?(?:welcome|encouraged)"
    # a label, then the number: "YOE: 5+", "Years of experience: 4-6"
    rf"|(?:yoe|years of (?:relevant |professional |work |industry )?experience)\s*[:：-]\s*{_N}"
    # the experience first: "Expérience de 5 ans minimum", "Experiencia mínima de 2 años"
    rf"|{_EXPERIENCE}\s+(?:m[íi]nim[ao]\s+)?(?:de|of|von)\s+(?:m[íi]nim[ao]\s+)?{_N}\s*\+?\s*"
    rf"(?:{_DASH}\s*\d{{1,2}}\s*)?{_YEARS}"
    r"|no (?:prior |previous |professional |work |industry )*experience (?:is )?"
    r"(?:required|necessary|needed)"
    r"|(?:with|have|having) no (?:prior |previous |professional |work |industry )*experience"
    r")"
)
_FIRST_NUMBER = rf"(?i){_B}({_N_BARE})"
_DECADES = rf"(?i){_B}decades?{_B}"
_MONTHS = rf"(?i){_B}months?{_B}"
_ZERO = rf"(?i)^(?:{_ZERO_START}|no{_B}|(?:with|have|having) no{_B}|{_NEW_GRADS})"
# Not a requirement: ages and time ago, dropped before the shapes are tried.
# ... and a range of years after a word of time or span: what lasts, spans or repeats, or when
# ("the next 3-5 years", "spans 10-15 years", "last 1-2 years", "every 3-4 years").
NOT_YEARS = (
    rf"(?i){_B}(?:{_N_BARE})\s*\+?\s*[- ]?(?:years?|yrs?)[- ]?"
    r"(?:old|of age|or older|and older|and over|young|ago|remaining|left)"
    rf"|{_B}(?:next|past|last|lasts|lasting|every|within|spans?|spanning|covers?|covering)\s+"
    rf"(?:the\s+)?(?:{_N_BARE})\s*{_DASH}\s*\d{{1,2}}\s*(?:years?|yrs?){_B}"
    # an age range: "Alter: 25 bis 40 Jahre", "aged 25-35", "Edad: 25 a 35 años"
    rf"|(?:{_B}(?:alter|aged?|ages|edad|idade|età|wiek)|âge)\s*:?\s*(?:between\s+|zwischen\s+)?"
    rf"(?:{_N_BARE})\s*(?:{_DASH}|and|und)\s*\d{{1,2}}(?:\s*{_YEARS})?"
)

# Degree words, on text whose degree abbreviations were spelled without dots first.
_ABBREVIATIONS = {
    "B.S.": "BS",
    "B.S": "BS",
    "B.A.": "BA",
    "B.Sc.": "BSc",
    "B.Sc": "BSc",
    "B.E.": "BE",
    "B.Eng.": "BEng",
    "B.Eng": "BEng",
    "B.Tech.": "BTech",
    "B.Tech": "BTech",
    "M.S.": "MS",
    "M.S": "MS",
    "M.Sc.": "MSc",
    "M.Sc": "MSc",
    "M.Eng.": "MEng",
    "M.Eng": "MEng",
    "M.Tech.": "MTech",
    "M.Tech": "MTech",
    "M.B.A.": "MBA",
    "Ph.D.": "PhD",
    "Ph.D": "PhD",
    "Ph. D.": "PhD",
    "D.Phil.": "DPhil",
}
_PHD = (
    rf"(?-i:{_B}(?:Ph\.?D|PHD|Phd|DPhil){_B}|Promotion (?:in|im){_B})"
    r"|(?i:doctorate|doctoral degree|promoviert|doktorat|doktorgrad|doctorat|doctorado|doutorado"
    r"|dottorato|doktorsexamen|stopień doktora|bac\s*\+\s*8(?-u:\b))"
    r"|博士|박사"  # Japanese / Chinese, Korean
)
# "MS", "BS", "BA", "BE" are degrees only beside a degree word ("MS in", "BS/MS", "MS or PhD"):
# alone they are Microsoft ("MS Office"), a state ("Boston, MA") or a word.
_NEXT_DEGREE = rf"\s*(?:in{_B}|degree|/|or{_B}|,|required|with{_B}|\+)"
_MASTER = (
    r"(?i:master(?:'|’)s|masters? (?:degree|of (?:science|arts|engineering|business))"
    r"|advanced degree|(?-u:\b)graduate degree|postgraduate degree|(?-u:\b)mba(?-u:\b)"
    r"|masterstudium|masterabschluss|máster|mestrado|diplôme d'ingénieur|diplom-"
    # Italian, Polish, Dutch (a WO master or university programme), Swedish
    r"|laurea (?:magistrale|specialistica)|magist(?:er|ra|erskie)(?-u:\b)"
    r"|(?-u:\b)wo[- ](?:master|opleiding)|masterexamen|civilingenjör|bac\s*\+\s*[45](?-u:\b))"
    r"|修士|大学院卒|硕士|研究生学历|석사"  # Japanese, Chinese, Korean
    rf"|(?-i:{_B}Master (?:in|en|em|of){_B})"
    rf"|(?-i:{_B}(?:MSc|MEng|MTech){_B}|{_B}MS{_NEXT_DEGREE})"
)
_BACHELOR = (
    r"(?i:bachelor|undergraduate degree|(?:4|four)[- ]year (?:college |university )?degree"
    r"|abgeschlossenes (?:hochschul)?studium|hochschulabschluss|hochschulstudium|studium der"
    r"|licence (?:en|professionnelle)|licenciatura|grado (?:en|universitario)|titulad[oa]"
    r"|título universitario|bacharelado|graduação em|graduação completa|ensino superior completo"
    # Italian, Polish, Dutch (HBO: a professional bachelor), Swedish
    r"|laurea (?:triennale|breve|in|di)(?-u:\b)|wykształcenie wyższe|licencjat"
    r"|(?-u:\b)hbo(?-u:\b)|kandidatexamen|bachelorexamen|bac\s*\+\s*3(?-u:\b))"
    r"|大卒|学士|本科|학사|대졸"  # Japanese, Chinese, Korean
    rf"|(?-i:{_B}(?:BSc|BEng|BTech){_B}|{_B}(?:BS|BA|BE){_NEXT_DEGREE})"
)
# A bare "degree" in a degree phrase: a bachelor when the sentence names no other level.
_DEGREE_PHRASE = (
    r"(?i:(?:college|university|academic|relevant|technical|related|stem|engineering|science|"
    r"computer science|cs|quantitative) degree|degree (?:in|from|or equivalent|required|"
    r"is required|program))"
)
_NONE = (
    r"(?i:no (?:college |university |formal |4-year |four-year )?degree|degree (?:is )?not "
    r"required|high[- ]school (?:diploma|degree|education)|"
    r"(?-u:\b)ged(?-u:\b)|secondary school|associate(?:'|’)?s? degree|bac\s*\+\s*2(?-u:\b)"
    # "Associate's or Bachelor's degree" (not "Associate or Senior Engineer")
    r"|associate(?:'|’)s or|ensino médio)"
    # UK A-levels asked for ("A-levels or equivalent"), not "teaching at A-level", "a level 4"
    r"|(?-i:(?-u:\b)A[- ]?levels?(?-u:\b))[^.;\n]{0,20}(?i:or equivalent|required)"
    # Japanese / Chinese / Korean: no schooling asked ("学歴不問", "学历不限", "학력 무관"), high
    # school ("高卒", "고졸"), a junior college ("大专", "초대졸")
    r"|学歴不問|学历不限|学歴不要|학력\s*무관|高卒|高中|大专|고졸|초대졸"
)
# A degree of no named level said to be unneeded ("Degree not necessary", "A degree is nice but
# not necessary"): none, unless the sentence prefers it ("Degree preferred but not required").
_DEGREE_NOT_NEEDED = (
    r"(?i:(?-u:\b)degree(?-u:\b)[^.;\n]{0,30}?(?:not|n['’]t) (?:required|necessary|needed"
    r"|mandatory|essential))"
)
_PREFERENCE = (
    r"(?i)\b(?:preferred|a plus|nice[- ]to[- ]have|bonus|desirable|desired|ideally"
    r"|advantageous|an advantage|beneficial|helpful|valued|welcome)\b"
)
# "without a degree" says none only when the sentence names no degree: "Bachelor's and 4
# years (or 8 years without a degree)" is the degree or its equivalent experience
_NONE_UNLESS_NAMED = r"(?i:without a (?:college |university )?degree)"
_PREFERRED = (
    r"(?i)\b(?:preferred|a plus|is a plus|nice[- ]to[- ]have|bonus|desirable|desired|ideally|"
    r"advantageous|an advantage|beneficial|would be great|(?:a|an) (?:strong|big|huge|real|"
    r"definite|great) plus|optional|not (?:required|necessary|mandatory|needed|a requirement)"
    # Italian, Polish, Swedish, Dutch: preferable, welcome, an asset, a merit, a plus
    r"|preferibile|preferibilmente|titolo preferenziale|un plus|mile widziane|atutem"
    r"|meriterande|een pré|een pre|pluspunt"
    # French, German, Spanish, Portuguese: desired, an asset, an advantage, valued
    r"|souhaitée?s?|appréciée?s?|un atout|wünschenswert|von vorteil"
    r"|gerne gesehen|deseable|valorable|se valorará|preferiblemente|preferentemente|desejável"
    r"|um diferencial|preferencialmente)\b"
    # Chinese, Japanese, Korean (no word boundary between their characters): preferred, welcome
    r"|优先|優先|歓迎|尚可|望ましい|우대|선호"
)
_REQUIRED = (
    r"(?i)\b(?:required|must|minimum|mandatory|requires?|essential|richiest[oa]|obbligatori[oa]"
    r"|wymagane|vereist)\b|必須|必须|필수"
)
_NOT_REQUIRED = r"(?i)\bnot (?:required|mandatory|essential|a requirement)\b"
_PURSUING = (
    r"(?i)\b(?:pursuing|enrolled|working towards|working toward|candidates? for|currently in|"
    r"students?|studying|interns?|internships?|tuition|reimburse\w*|sponsor\w*)\b"
)
# A degree the company's people hold ("Our CEO has a PhD in physics", "our founders hold
# doctorates") is no requirement.
_HELD_BY_OTHERS = (
    r"(?i)\b(?:our|their)\s+(?:ceo|cto|coo|cfo|founders?|co-?founders?|founding team|team"
    r"|leadership|advisors?|investors?|scientists|researchers|engineers)\b"
)
# A sentence (or list line) that names a degree.
_DEGREE_ANY = "|".join(
    f"(?:{p})"
    for p in (
        _PHD,
        _MASTER,
        _BACHELOR,
        _DEGREE_PHRASE,
        _NONE,
        _NONE_UNLESS_NAMED,
        _DEGREE_NOT_NEEDED,
    )
)
# (a Chinese / Japanese full-width comma or stop ends one too: "本科及以上学历，硕士优先")
DEGREE_SENTENCE = rf"[^\n.;!?，。；]*(?:{_DEGREE_ANY})[^\n.;!?，。；]*"


def _number(col: pl.Expr) -> pl.Expr:
    """Digits or a number word (with its "(5)" dropped) as Int32; null otherwise."""
    word = col.str.to_lowercase().str.replace(r"\s*\(\d+\)$", "")
    mapping = {w: str(n) for w, n in NUMBER_WORDS.items()}
    return word.replace(mapping).cast(pl.Int32, strict=False)


def years_match_expr(text: pl.Expr) -> pl.Expr:
    """The first years-of-experience requirement in the (role) text, as written; null if none."""
    return text.str.replace_all(NOT_YEARS, " ").str.extract(YEARS_PATTERN, 0)


def years_from_match_expr(match: pl.Expr) -> pl.Expr:
    """The lower number of years in a `years_match_expr` match (Int32): 0 for "up to 2 years"
    or "no experience required", null past MAX_YEARS. Decades are ten years ("a decade" 10,
    "half a decade" 5), months whole years rounded down ("18 months" 1)."""
    number = _number(match.str.extract(_FIRST_NUMBER, 1))
    decades = match.str.contains(_DECADES)
    years = (
        pl.when(decades & match.str.contains(r"(?i)^half"))
        .then(pl.lit(5, dtype=pl.Int32))
        .when(decades)
        .then(number.fill_null(1) * 10)
        .when(match.str.contains(_MONTHS))
        .then(number // 12)
        .otherwise(number)
    )
    return (
        pl.when(match.str.contains(_ZERO))
        .then(pl.lit(0, dtype=pl.Int32))
        .when(years <= MAX_YEARS)
        .then(years)
        .otherwise(pl.lit(None, dtype=pl.Int32))
    )


def years_experience(texts: pl.Series) -> pl.Series:
    """Years of experience each (role) text asks for: the first requirement, lower end (Int32)."""
    frame = pl.LazyFrame({"text": texts.cast(pl.String)})
    return (
        frame.select(years_match_expr(pl.col("text")).alias("match"))
        .select(years_from_match_expr(pl.col("match")).alias(texts.name))
        .collect()
        .to_series()
    )


def _sentence_level(sentence: pl.Expr) -> pl.Expr:
    """The lowest degree one sentence requires, as its index in DEGREES; null when it names
    degrees only as preferred, or one being pursued."""
    named = (
        sentence.str.contains(_BACHELOR)
        | sentence.str.contains(_MASTER)
        | sentence.str.contains(_PHD)
    )
    not_needed = (
        sentence.str.contains(_DEGREE_NOT_NEEDED) & ~named & ~sentence.str.contains(_PREFERENCE)
    )
    level = (
        pl.when(sentence.str.contains(_NONE) | not_needed)
        .then(pl.lit(0))
        .when(sentence.str.contains(_BACHELOR))
        .then(pl.lit(1))
        .when(sentence.str.contains(_MASTER))
        .then(pl.lit(2))
        .when(sentence.str.contains(_PHD))
        .then(pl.lit(3))
        .when(sentence.str.contains(_NONE_UNLESS_NAMED))
        .then(pl.lit(0))
        .when(sentence.str.contains(_DEGREE_PHRASE))
        .then(pl.lit(1))
    )
    # "not required" is no requirement: "PhD preferred but not required", "A PhD is not
    # required" (a "degree not required" is level none, above, and stays)
    required = sentence.str.replace_all(_NOT_REQUIRED, " ").str.contains(_REQUIRED)
    preferred_only = (
        sentence.str.contains(_PREFERRED) & ~required & ~sentence.str.contains(_NONE) & ~not_needed
    )
    elsewhere = sentence.str.contains(_PURSUING) | sentence.str.contains(_HELD_BY_OTHERS)
    return pl.when(preferred_only | elsewhere).then(None).otherwise(level)


def degree_min_expr(text: pl.Expr) -> pl.Expr:
    """The lowest degree the (role) text requires: none, bachelor, master, phd, or null."""
    spelled = text.str.replace_many(
        list(_ABBREVIATIONS), list(_ABBREVIATIONS.values()), leftmost=True
    )
    sentences = spelled.str.extract_all(DEGREE_SENTENCE)
    lowest = sentences.list.eval(_sentence_level(pl.element())).list.min()
    return lowest.replace_strict(
        list(range(len(DEGREES))), list(DEGREES), default=None, return_dtype=pl.String
    )


def parse_requirements(texts: pl.Series) -> pl.DataFrame:
    """`years_experience_min` (Int32) and `degree_min` (String) for each text, in order; null
    text gives nulls. Raises TypeError for a non-string Series."""
    if texts.dtype not in (pl.String, pl.Null):
        raise TypeError(f"parse_requirements: texts must be a String Series, got {texts.dtype}")
    # at most TEXT_CHARS of each text is read, whatever a source sends
    frame = pl.DataFrame({"text": capped(texts.cast(pl.String), TEXT_CHARS)})
    return (
        frame.lazy()
        .with_columns(role_text_expr(pl.col("text")).alias("text"))
        .with_columns(years_match_expr(pl.col("text")).alias("_years"))
        .select(
            years_from_match_expr(pl.col("_years")).alias("years_experience_min"),
            degree_min_expr(pl.col("text")).alias("degree_min"),
        )
        .collect(engine="streaming")
    )
