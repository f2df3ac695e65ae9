"""The part of a posting that describes the role: company blurb, benefits and boilerplate out.

A skill or a degree named in "About us", "What we offer" or the equal-opportunity notice is
not something the role asks for ("We share this philosophy with GitLab", "our team of PhDs",
"founded 10 years ago"). Postings mark those parts with a heading line, so `role_text_expr`
drops every section that starts with a *blurb heading* until the next *role heading* (or the
end of the text), and keeps everything else, text before any heading included:

- a role heading is a short line that starts like one ("About the role", "The Role: Software
  Engineer", "What you'll do", "Requirements", "Nice to have", "Our tech stack includes:", ...);
  role headings may be liberal: a false one only ends a blurb early (more text kept);
- a blurb heading is a short line that is nothing but one ("About us", "About Acme", "Who we
  are", "Our mission", "Why join us?", "What we offer", "Benefits & Perks", "Equal
  opportunity", "How to apply", ...); they are strict: a false one would drop role text.

Headings are found on the plain text (`analytics.normalize.text`: one block per line), in
three regex passes and a literal one, all vectorized: role heading lines get a \\x01 mark, blurb
heading lines become a \\x02 mark, a \\x02 and everything up to the next \\x01 is removed, and the
\\x01 marks go. Text without a blurb heading comes back unchanged.

May import: polars.
"""

from __future__ import annotations

import polars as pl

_ROLE_MARK = "\x01"
_BLURB_MARK = "\x02"
# Decoration before a heading: emoji, bullets, "#", "**", numbering (never a mark or a letter).
_LEAD = r"^[^\p{L}\n\x01\x02]{0,6}"
_APOS = r"(?:'|’)?"
_ROLE_STARTS = (
    r"about (?:the|this|your) (?:role|job|position|opportunity|team|work)",
    r"about you",
    r"the (?:role|position|job|opportunity|team|work|challenge|ideal candidate)",
    r"(?:role|position|job) (?:overview|summary|description|details|profile)",
    r"your (?:role|impact|mission|responsibilities|experience|profile|tasks|skills|background)",
    r"overview",
    rf"what you{_APOS}(?:ll| will| would)?\b",
    rf"what you{_APOS}re\b",
    rf"you{_APOS}(?:ll| will| are| have| bring| might| may| should)\b",
    r"in this role",
    rf"who (?:you are|we{_APOS}re looking for|we are looking for)",
    rf"what we{_APOS}(?:re| are)? looking for",
    r"what we look for",
    rf"we{_APOS}(?:re| are) looking for",
    r"ideal candidate",
    r"(?:key |core |main |primary |essential )?(?:responsibilities|duties|tasks)",
    r"(?:minimum |basic |preferred |required |desired |additional |key )?qualifications",
    r"(?:minimum |basic |preferred |key |technical |job )?requirements",
    r"required\b",
    r"preferred\b",
    r"must[- ]?haves?",
    r"nice[- ]?to[- ]?haves?",
    r"bonus\b",
    r"(?:technical |required |preferred |key |core )?(?:skills|competencies|expertise)",
    r"(?:relevant |preferred |required )?experience",
    r"education",
    r"(?:our |the )?(?:current )?(?:tech(?:nology)?|engineering|data) stack",
    r"(?:our |the )?stack",
    r"(?:tools|technologies|tech) (?:and|&) (?:technologies|tools)",
    r"technologies",
    r"what success looks like",
    r"who should apply",
    r"(?:job|role) description",
)
_BLURB_LINES = (
    r"about (?:us|the company|our company)",
    # "About Acme", "About Acme Labs Inc." (a name of at most four words; not "About 20 hours")
    r"about \p{L}[\p{L}\p{N}&.'’-]*(?: [\p{L}\p{N}&.'’-]+){0,3}",
    r"who we are",
    r"what we do",
    r"our (?:mission|story|values|culture|stance|company|investors|backers|offer|benefits|perks)",
    r"(?:the )?mission",
    r"(?:company|organization) (?:overview|description|background)",
    r"why (?:join|work (?:at|with|for)|you(?:'|’)?ll love)[^\n]{0,40}",
    r"why us",
    r"what we offer[^\n]{0,30}",
    rf"what{_APOS}s in it for you",
    r"(?:what )?we offer",
    r"(?:our |the )?(?:benefits|perks)[^\n]{0,30}",
    r"(?:compensation|salary|pay) (?:and|&) (?:benefits|perks)[^\n]{0,20}",
    r"(?:total )?rewards",
    r"pay transparency[^\n]{0,20}",
    r"equal (?:employment )?opportunity[^\n]{0,30}",
    r"eeo[^\n]{0,20}",
    r"diversity[^\n]{0,40}",
    r"how to apply",
    r"(?:the |our )?(?:hiring|interview|application) process",
    r"(?:life|working) at [^\n]{1,30}",
)
ROLE_HEADING = rf"(?im){_LEAD}(?:{'|'.join(_ROLE_STARTS)})[^\n]{{0,50}}$"
BLURB_HEADING = rf"(?im){_LEAD}(?:{'|'.join(_BLURB_LINES)})\s*[:.!?]?[^\p{{L}}\p{{N}}\n]{{0,4}}$"


def role_text_expr(text: pl.Expr) -> pl.Expr:
    """The text without its company-blurb, benefits and boilerplate sections (null stays null)."""
    marked = text.str.replace_all(ROLE_HEADING, _ROLE_MARK + "${0}").str.replace_all(
        BLURB_HEADING, _BLURB_MARK
    )
    return marked.str.replace_all(f"{_BLURB_MARK}[^{_ROLE_MARK}]*", "").str.replace_all(
        _ROLE_MARK, "", literal=True
    )


def role_text(texts: pl.Series) -> pl.Series:
    """`role_text_expr` over a Series (same name, same length)."""
    return pl.select(role_text_expr(pl.lit(texts)).alias(texts.name)).to_series()
