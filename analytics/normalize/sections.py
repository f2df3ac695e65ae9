"""The part of a posting that describes the role: company blurb, benefits and boilerplate out.

A skill or a degree named in "About us", "What we offer" or the equal-opportunity notice is
not something the role asks for ("We share this philosophy with GitLab", "our team of PhDs",
"founded 10 years ago"). Postings mark those parts with a heading line, so `role_text_expr`
drops every section that starts with a *blurb heading* until the next *role heading* (or the
end of the text), and keeps everything else, text before any heading included:

- a role heading is a short line (no comma) holding a role word ("About the role", "The
  Role: Software Engineer", "What you'll do", "What will be your responsibilities", "Why we
  need you", "Nice to have", "Our tech stack includes:", ...); role headings may be liberal: a
  false one only ends a blurb early (more text kept), and a line that is both (none should be)
  counts as a role heading;
- a blurb heading is a short line that is nothing but one ("About us", "About Acme", "Who we
  are", "Our mission", "Why join us?", "Why Acme?", "What we offer", "Your benefits",
  "Compensation", "Equal opportunity", "Our commitment to diversity", "Accommodations",
  "Applicant privacy notice", "How to apply", ...); they are strict: a false one would drop
  role text.

French, German, Spanish and Portuguese headings are read the same way: blurbs "Qui
sommes-nous ?", "À propos d'Acme", "Ce que nous offrons", "Über uns", "Was wir bieten",
"Sobre nosotros", "Lo que ofrecemos", "Sobre nós", "O que oferecemos", "Beneficios", ...; role
headings "Votre profil", "Vos missions", "Ihr Profil", "Deine Aufgaben", "Requisitos",
"Responsabilidades", "Sobre a vaga", and "about you" ("Über dich", "Sobre ti", "À propos de
vous") so that the "about <name>" blurbs of each language do not take it.

Headings are found on the plain text (`analytics.normalize.text`: one block per line), all
vectorized: each text is split into lines; a role word counts on a line of at most
`ROLE_WORD_BYTES` bytes with no comma and no final period (longer lines and sentences are
never headings), the whole-line patterns on a line of at most `HEADING_BYTES`; each line takes
the kind of the last heading above it (forward fill within the text), lines under a blurb
heading are dropped, and the rest are joined again. Text without a blurb heading comes back
unchanged. Cost on the 20k-posting benchmark (30 MB of text): ~0.2 s of CPU. (A regex over
the whole text, marking headings with control characters, gave the same result 4-10x slower:
the role pattern's words-around-a-word shape made the lazy DFA thrash.)

May import: polars.
"""

from __future__ import annotations

import polars as pl

HEADING_BYTES = 90
ROLE_WORD_BYTES = 60
# The patterns use ASCII classes only ([a-z], not \w or \p{L}): Unicode classes under (?i)
# make Rust's regex much slower.
_LEAD = r"^[^a-zA-Z]{0,6}"
_APOS = r"(?:'|’)?"
# Role headings: a short line (up to five words either side) holding one of these words.
_ROLE_WORDS = (
    r"responsibilit[a-z]*",
    r"requirements?",
    r"qualifications?",
    r"skills?",
    r"skillset",
    r"experience",
    r"expertise",
    r"competenc[a-z]*",
    r"duties",
    r"tasks",
    r"role",
    r"position",
    r"job",
    r"(?:the|this|about the|about this) opportunity",
    r"profile",
    r"candidate",
    rf"you{_APOS}(?:ll| will) (?:do|be|bring|need|own|work|build|lead|drive|have|make|join)",
    r"you (?:are|have|bring|need|might|may|should)",
    rf"what you{_APOS}(?:ll|re)?",
    r"who you",
    r"about you",
    r"need you",
    r"looking for",
    r"must[- ]?haves?",
    r"nice[- ]?to[- ]?haves?",
    r"bonus points",
    r"preferred",
    r"required",
    r"stack",
    r"technolog[a-z]*",
    r"tools",
    r"success[a-z]*",
    r"your (?:mission|impact|day|work|team|background)",
    r"team",
    r"education",
    r"day[- ]to[- ]day",
    r"(?:job|role|position) (?:overview|summary|description)",
    # French, German, Spanish, Portuguese. The ASCII word edges hold next to an accented letter
    # ("responsabilit" in "responsabilités"), so a word is written up to it where needed.
    r"profil",
    r"perfil",
    r"(?:vos|tes|nos|les|ta|votre|sa) missions?",
    r"missions principales",
    r"responsabili[a-z]*",
    r"comp[ée]tences?",
    r"compet[eê]ncias",
    r"exigences",
    r"pr[ée]requis",
    r"poste",
    r"r[oô]le",
    r"vous ferez",
    r"tu feras",
    r"recherchons",
    r"aufgaben",
    r"anforderungen",
    r"qualifikation[a-z]*",
    r"kenntnisse",
    r"erfahrung(?:en)?",
    r"mitbring[a-z]*",
    r"stelle(?:nbeschreibung)?",
    r"rolle",
    r"requisitos",
    r"funciones",
    r"fun[cç][õo]es",
    r"atividades",
    r"atribui[a-z]*",
    r"qualifica[a-z]*",
    r"habilidades",
    r"conocimientos",
    r"conhecimentos",
    r"experiencia",
    r"experi[eê]ncias?",
    r"diferenciais",
    r"desej[aá]vel",
    r"puesto",
    r"vacante",
    r"vaga",
    r"cargo",
    r"rol",
    r"equipo",
    r"equipe",
    r"buscamos",
    r"procuramos",
    r"har[aá]s",
    r"vai fazer",
)
# Or a line that is just one of these ("about you" in French, German, Spanish, Portuguese).
_ROLE_LINES = (
    r"overview",
    r"summary",
    r"bonus",
    r"the work",
    r"in short",
    r"tl;?dr",
    r"qui [eê]tes[- ]vous",
    r"[àa] propos de (?:vous|toi)",
    r"[üu]ber (?:dich|sie)",
    r"(?:sobre|acerca de) (?:ti|voc[eê])",
)
_BLURB_LINES = (
    r"about (?:us|the company|our company)",
    # "About Acme", "About Acme Labs Inc." (a name of at most four words; not "About 20 hours")
    r"(?:more |learn more |a bit |a little )?about "
    r"[a-zA-Z][^ \t\n]*(?: [^ \t\n]+){0,3}",
    r"who we are",
    r"what we do",
    r"our (?:mission|story|values|culture|stance|company|investors|backers|offer|benefits|perks)",
    r"(?:the )?mission",
    r"(?:company|organization) (?:overview|description|background)",
    r"why (?:join|work (?:at|with|for)|you(?:'|’)?ll love)[^\n]{0,40}",
    r"why us",
    # "Why Acme?", vetoed by WHY_NO_NAME_LINE below
    r"why [a-zA-Z][^ \t\n]*(?: [^ \t\n]+){0,2}",
    r"what we offer[^\n]{0,30}",
    rf"what{_APOS}s in it for you",
    r"(?:what )?we offer",
    r"(?:our |the |your )?(?:benefits|perks)[^\n]{0,30}",
    r"(?:compensation|salary|pay) (?:and|&) (?:benefits|perks)[^\n]{0,20}",
    r"(?:total )?rewards",
    r"(?:compensation|salary|base salary|base pay|pay)(?: range| information| details)?",
    r"pay transparency[^\n]{0,20}",
    r"equal (?:employment )?opportunity[^\n]{0,30}",
    r"eeo[^\n]{0,20}",
    r"diversity[^\n]{0,40}",
    r"(?:our )?commitment to (?:diversity|equity|inclusion|equal)[^\n]{0,40}",
    r"(?:reasonable |disability )?accommodations?[^\n]{0,30}",
    r"(?:applicant |candidate |data )?privacy (?:notice|policy|statement)[^\n]{0,20}",
    r"e-?verify[^\n]{0,20}",
    r"how to apply",
    r"(?:the |our )?(?:hiring|interview|application) process",
    r"(?:life|working) at [^\n]{1,30}",
    # French ("Qui sommes-nous ?", "À propos d'Acme", "Ce que nous offrons", "Nos avantages")
    r"qui sommes[- ]nous",
    r"[àa] propos (?:de |d['’])[a-zA-Z][^ \t\n]*(?: [^ \t\n]+){0,3}",
    r"(?:l['’]|notre )entreprise",
    r"(?:notre |nos )(?:mission|histoire|culture|valeurs|offre)",
    r"ce que (?:nous|l['’]on|on) (?:offrons|proposons|offre|propose)[^\n]{0,30}",
    r"(?:nous offrons|nous proposons|on vous offre)[^\n]{0,30}",
    r"(?:nos |les |vos )?avantages[^\n]{0,30}",
    r"pourquoi (?:nous rejoindre|rejoindre|travailler (?:chez|avec))[^\n]{0,40}",
    r"r[ée]mun[ée]ration[^\n]{0,30}",
    r"(?:le |notre )?processus (?:de recrutement|de s[ée]lection)|d[ée]roulement des entretiens",
    # German ("Über uns", "Über Acme", "Was wir bieten", "Das bieten wir dir", "Deine Vorteile")
    r"[üu]ber [a-zA-Z][^ \t\n]*(?: [^ \t\n]+){0,3}",
    r"wer wir sind",
    r"(?:was|das) (?:wir (?:dir |ihnen |euch )?bieten|bieten wir)[^\n]{0,30}",
    r"wir bieten[^\n]{0,30}",
    r"unsere? (?:angebot|mission|werte|kultur|geschichte|benefits)",
    r"(?:deine |ihre |eure |unsere )?vorteile[^\n]{0,30}",
    r"warum (?:wir|uns|zu uns|bei uns)[^\n]{0,30}",
    r"(?:das |unser )?unternehmen",
    r"(?:der |unser )?bewerbungsprozess|gehalt|verg[üu]tung",
    # Spanish and Portuguese ("Sobre nosotros", "Sobre nós", "Quiénes somos", "Lo que
    # ofrecemos", "O que oferecemos", "Beneficios", "¿Por qué unirte a Acme?")
    r"(?:sobre|acerca de) [a-zA-Z][^ \t\n]*(?: [^ \t\n]+){0,3}",
    r"qui[ée]nes somos|quem somos",
    r"(?:lo que |qu[ée] )?ofrecemos[^\n]{0,30}",
    r"(?:o que )?oferecemos[^\n]{0,30}",
    r"(?:nuestros |nossos |los |os )?benef[íi]cios[^\n]{0,30}",
    r"por qu[ée] (?:unirte|trabajar|elegirnos)[^\n]{0,40}",
    r"por que (?:trabalhar|se juntar|nos escolher|fazer parte)[^\n]{0,40}",
    r"nuestra (?:misi[óo]n|cultura|historia|empresa)|nossa (?:miss[ãa]o|cultura|hist[óo]ria)",
    r"(?:la |a )?empresa",
    r"proceso de selecci[óo]n|processo seletivo",
    r"(?:salario|sueldo|remuneraci[óo]n|sal[áa]rio|remunera[çc][ãa]o)"
    r"(?: y beneficios| e benef[íi]cios)?",
)
# "Why Acme?", "Why Acme Labs" (a company pitch; a role heading such as "Why this role matters"
# wins, as everywhere): "why" and a name of at most three words, unless the first is a word no
# company is named ("Why you?", "Why this matters", "Why now", "Why You'll Thrive", "Why the
# work matters") or a stack or field word ("Why Python?", "Why AI"). Rust's regex has no
# lookahead, so a second pattern vetoes the blurb line; it spares the other "why" blurbs ("Why
# join us", "Why work with us", "Why us", "Why you'll love it here").
_WHY_NO_NAME = (
    r"(?:you|your|yours|you(?:'|’)?(?:re|d|ve)|this|these|that|"
    r"those|the|a|an|it|its|it(?:'|’)s|now|here|there|we|we(?:'|’)?(?:re|ll|ve)|our|ours|they|"
    r"their|i|my|me|he|she|what|who|how|when|where|which|why|not|is|are|do|does|should|would|"
    r"will|to|so|"
    r"python|java|rust|go|golang|scala|kotlin|typescript|javascript|ai|ml|llms?|genai|data|"
    r"analytics|engineering|research|agents?|open|remote|in-?person|on-?site|startups?)"
)
_TAIL = r"[ \t]*[:.!?]?[^a-zA-Z0-9]{0,6}$"
ROLE_WORD = rf"(?i)(?-u:\b)(?:{'|'.join(_ROLE_WORDS)})(?-u:\b)"
ROLE_LINE = rf"(?i){_LEAD}(?:{'|'.join(_ROLE_LINES)}){_TAIL}"
BLURB_LINE = rf"(?i){_LEAD}(?:{'|'.join(_BLURB_LINES)}){_TAIL}"
WHY_NO_NAME_LINE = (
    rf"(?i){_LEAD}why (?:{_WHY_NO_NAME}(?:[^a-zA-Z0-9'’]|$)|you(?:'|’)?ll (?:[a-km-z]|l[^o]))"
)
_ROLE, _BLURB = 1, 2


def _kept_lines(line: pl.Expr) -> pl.Expr:
    """The lines of one text (inside `list.eval`) that are not under a blurb heading."""
    short = line.str.len_bytes()
    sentence = line.str.contains(",", literal=True) | line.str.ends_with(".")
    # a role word counts on a short line that is not a sentence; whole-line patterns on any
    # line up to HEADING_BYTES (they must match it all)
    worded = pl.when((short <= ROLE_WORD_BYTES) & ~sentence).then(line).otherwise(pl.lit(""))
    whole = pl.when(short <= HEADING_BYTES).then(line).otherwise(pl.lit(""))
    is_role = worded.str.contains(ROLE_WORD) | whole.str.contains(ROLE_LINE)
    kind = (
        pl.when(is_role)
        .then(pl.lit(_ROLE))
        .when(whole.str.contains(BLURB_LINE) & ~whole.str.contains(WHY_NO_NAME_LINE))
        .then(pl.lit(_BLURB))
        .otherwise(None)
        .forward_fill()
    )
    return line.filter(kind.fill_null(_ROLE) != _BLURB)


def role_text_expr(text: pl.Expr) -> pl.Expr:
    """The text without its company-blurb, benefits and boilerplate sections (null stays null)."""
    return text.str.split("\n").list.eval(_kept_lines(pl.element())).list.join("\n")


def role_text(texts: pl.Series) -> pl.Series:
    """`role_text_expr` over a Series (same name, same length)."""
    return pl.select(role_text_expr(pl.lit(texts)).alias(texts.name)).to_series()
