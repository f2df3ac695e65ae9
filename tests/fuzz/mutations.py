"""Hypothesis strategies for the fuzz suite: hostile values, text with lone surrogates, and
mutations of recorded JSON fixtures (a text field made hostile, a value replaced, a key
dropped, a record duplicated, a container's type changed, a value nested ~1,000 deep), plus
the suite's settings.

Settings: derandomized (the examples follow from each test's name, so every run tries the same
inputs: a failure reproduces), no example database, no deadline; `max_examples` per test is
scaled by the environment variable `FUZZ_SCALE` (default 1: the whole suite in well under a
minute; `FUZZ_SCALE=20` for a long run).
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

SCALE = max(1, int(os.environ.get("FUZZ_SCALE", "1")))
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def fuzz_settings(examples: int) -> settings:
    """The suite's settings with `examples` inputs (times FUZZ_SCALE)."""
    return settings(FUZZ, max_examples=examples * SCALE)


LONE_SURROGATES = [chr(code) for code in (0xD800, 0xDBFF, 0xDC00, 0xDC80, 0xDFFF)]
HOSTILE_STRINGS = [
    "",
    " ",
    "|",
    "| |",
    "<p>",
    "\n\n<p> ",
    "ML \ud800",
    "\udc80",
    "\ud83d\ude00",  # a pair written as two halves
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-14:00",
    "2025-13-45",
    "0",
    "-1",
    "1e309",
    "NaN",
    "$100k-$80k",
    "<script>alert(1)</script>",
    "&lt;p&gt;x&lt;/p&gt;",
    "<!--",
    "\x00",
    "[/bold]",
    "%ED%A0%80",
    "Remote | Remote | Remote",
    "a" * 3000,
    "Berlin, " * 200,
    "é" * 500,
]
HOSTILE_SCALARS: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    10**30,
    2**63,
    -(2**63) - 1,
    1.5,
    1e308,
    -0.0,
    float("nan"),
    float("inf"),
    [],
    {},
    [None],
    {"": None},
]
DEEP_DEPTHS = (300, 1000, 3000)  # a value nested this deep (json.dumps cannot write them)


def text_with_surrogates(max_size: int = 60) -> st.SearchStrategy[str]:
    """Any text, lone surrogates included (Hypothesis leaves them out by default)."""
    alphabet = st.one_of(st.characters(), st.sampled_from(LONE_SURROGATES))
    return st.text(alphabet, max_size=max_size)


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(HOSTILE_STRINGS), text_with_surrogates())


JSON_LEAVES = st.one_of(
    st.sampled_from(HOSTILE_SCALARS),
    hostile_text(),
    st.integers(),
    st.floats(),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text(), inner, max_size=3),
    max_leaves=6,
)


@dataclass
class Mutated:
    """A mutated document and what is known about it: the deepest value nested in (0: none)."""

    document: Any
    deep: dict[str, int] = field(default_factory=dict)  # placeholder -> depth

    def to_bytes(self) -> bytes:
        """JSON bytes (lone surrogates as \\u escapes); each deep placeholder becomes a value
        nested that deep."""
        text = json.dumps(self.document).encode()
        for placeholder, depth in self.deep.items():
            nested = b'{"a":' * depth + b"1" + b"}" * depth
            text = text.replace(json.dumps(placeholder).encode(), nested)
        return text

    @property
    def deepest(self) -> int:
        return max(self.deep.values(), default=0)


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path to a value inside `value` (keys and list indexes), the root included."""
    found = [path]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, (*path, index))
    return found


def _get(value: Any, path: tuple) -> Any:
    for step in path:
        value = value[step]
    return value


def _set(result: Mutated, path: tuple, value: Any) -> None:
    if path:
        _get(result.document, path[:-1])[path[-1]] = value
    else:
        result.document = value


# mutation kinds, drawn with these weights
KINDS = ["text", "text", "text", "replace", "replace", "drop", "duplicate", "retype", "deep"]


@st.composite
def mutated(draw: st.DrawFn, document: Any, max_mutations: int = 4) -> Mutated:
    """`document` with 1..max_mutations mutations at random places."""
    doc = copy.deepcopy(document)
    result = Mutated(doc)
    for number in range(draw(st.integers(1, max_mutations))):
        paths = _paths(result.document)
        kind = draw(st.sampled_from(KINDS))
        texts = [path for path in paths if isinstance(_get(result.document, path), str)]
        if kind == "text" and texts:  # a text field made hostile: where most poison hides
            path = draw(st.sampled_from(texts))
            _set(result, path, draw(hostile_text()))
            continue
        path = draw(st.sampled_from(paths))
        if not path:  # the root: replace it whole, or leave it
            if kind == "replace":
                result.document = draw(JSON_VALUES)
            continue
        parent, key = _get(result.document, path[:-1]), path[-1]
        if kind == "replace":
            parent[key] = draw(JSON_VALUES)
        elif kind == "drop":
            del parent[key]
        elif kind == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
        elif kind == "retype":
            value = parent[key]
            if isinstance(value, dict):
                parent[key] = list(value.values())
            elif isinstance(value, list):
                parent[key] = {str(index): item for index, item in enumerate(value)}
            else:
                parent[key] = [value]
        elif kind == "deep":
            placeholder = f"__deep_{number}__"
            result.deep[placeholder] = draw(st.sampled_from(DEEP_DEPTHS))
            parent[key] = placeholder
    return result


@st.composite
def mangled_bytes(draw: st.DrawFn, data: bytes) -> bytes:
    """Byte-level damage: truncated, a byte range overwritten, a BOM, gzip (maybe truncated),
    invalid UTF-8 inserted."""
    import gzip

    kind = draw(st.sampled_from(["truncate", "overwrite", "bom", "gzip", "gzip-cut", "utf8"]))
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "overwrite":
        at = draw(st.integers(0, max(0, len(data) - 1)))
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8 :]
    if kind == "bom":
        return b"\xef\xbb\xbf" + data
    if kind == "gzip":
        return gzip.compress(data)
    if kind == "gzip-cut":
        packed = gzip.compress(data)
        return packed[: draw(st.integers(2, len(packed)))]
    at = draw(st.integers(0, len(data)))
    return data[:at] + b"\xff\xfe\xc3" + data[at:]
