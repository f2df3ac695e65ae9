"""A company's name as its own postings write it, for job-board APIs that give only the board's
token (Ashby, Lever: "candidhealth" is "Candid Health", "lmarena" is "LMArena").

The token's letters and digits are looked for in the first postings' text as one run of words:
any of " .-&'" may stand between two of them ("Candid Health", "Fuel-Cycle"), nothing else, and
the run must stand alone (not inside a longer word). A spelling counts only when it starts like a
name (a capital or digit first, or second: "iVerify"; not the common word "column", not "ride
ALSO" from the middle of a sentence); the most frequent mixed-case
spelling wins, an all-capitals one ("RAD AI", a heading) only when no other is found and the
token is at most four letters long (an acronym: "LAP"). A token with a domain ending or a
careers word ("cytora.com", "graphitehq", "acme-careers") is tried without it when the whole
token is not found. Nothing found: the caller's fallback (the token as written, or prettified).

Bounded work: at most the first `MAX_CHARS` characters of the first `MAX_TEXTS` postings of a
file are read, whatever its size, and each only up to its `MATCHES_PER_TEXT`-th spelling.

May import: the standard library.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice
from urllib.parse import unquote

MAX_TEXTS = 10  # postings of one board read for its name
MATCHES_PER_TEXT = 3  # spellings counted per text: the scan stops there
MAX_CHARS = 8_000  # of each posting's text (most are shorter): bounded work
MIN_LETTERS = 3  # shorter tokens ("ab") would match initials anywhere
MAX_ACRONYM = 4  # an all-capitals spelling is a name only up to this many letters
_BETWEEN = r"[-. &']?"  # ASCII only: a class with "’" takes 7x longer to compile
_TOKEN_TAILS = re.compile(
    r"(?:[.\-_]?(?:com|ai|io|co|tech|dev|app|org|net|hq|careers|jobs|inc))+$", re.IGNORECASE
)


def token_letters(board: str) -> str:
    """The lower-case letters and digits of a board token ("Fuel-Cycle" → "fuelcycle")."""
    return "".join(c for c in unquote(board).lower() if c.isalnum())


@lru_cache(maxsize=8192)  # one per board: a build parses each board's files many times
def _spelling_pattern(letters: str) -> re.Pattern[str]:
    # each letter as a class ("[cC]"), not IGNORECASE, and the word edges checked on the
    # matches: the regex engine then scans for the first letter fast (2.6x on real texts)
    body = _BETWEEN.join(f"[{c}{c.upper()}]" if c.isalpha() else re.escape(c) for c in letters)
    return re.compile(body)


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is not inside a longer word."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def _spellings(letters: str, texts: list[str]) -> Counter[str]:
    pattern = _spelling_pattern(letters)
    found: Counter[str] = Counter()
    for text in texts:
        head = text[:MAX_CHARS]
        alone = (m.group() for m in pattern.finditer(head) if _alone(head, *m.span()))
        found.update(islice(alone, MATCHES_PER_TEXT))
    return found


def _named(spelling: str) -> bool:
    """A capital first ("Candid Health", "9am" aside) or second ("iVerify"): a name's shape."""
    head = spelling[:2]
    return head[:1].isupper() or head[:1].isdigit() or head[1:].isupper()


def _chosen(found: Counter[str], letters: str) -> str | None:
    named = {s: n for s, n in found.items() if _named(s)}
    mixed = Counter({s: n for s, n in named.items() if s != s.upper()})
    if mixed:
        return mixed.most_common(1)[0][0]
    capitals = Counter({s: n for s, n in named.items() if s != s.lower()})
    if capitals and len(letters) <= MAX_ACRONYM:
        return capitals.most_common(1)[0][0]
    return None


def company_named_in_text(board: str, texts: Iterable[object], fallback: str) -> str:
    """The company name the postings' `texts` write for `board`'s token, else `fallback`.

    Non-text items (None, numbers) are skipped; only the first `MAX_TEXTS` items are read.
    """
    read: list[str] = []
    for text in texts:
        if len(read) >= MAX_TEXTS:
            break
        if isinstance(text, str) and text:
            read.append(text)
    if not read:
        return fallback
    whole = token_letters(board)
    stem = token_letters(_TOKEN_TAILS.sub("", unquote(board).strip()))
    for letters in dict.fromkeys((whole, stem)):
        if len(letters) < MIN_LETTERS:
            continue
        chosen = _chosen(_spellings(letters, read), letters)
        if chosen is not None:
            return chosen
    return fallback
