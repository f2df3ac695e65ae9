"""Taxonomy growth: tech-looking terms no alias covers, counted by postings."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.normalize.skill_terms import unknown_tech_terms


def test_unknown_tech_terms_counts_new_terms_and_skips_known_and_common_words() -> None:
    texts = pl.Series(
        [
            "Stack: Python, ZorbaDB, Flumex and PyTorch. Product sense matters.",
            "We use ZorbaDB/Flumex with vLLMx; product thinking and product craft.",
            "ZorbaDB again, plus ZorbaDB twice. Teams: Design, Product, product and product folks.",
            "Random id JM9L4o9Q and Qx7f3a9b2 should not count, nor 401k.",
            None,
        ]
    )
    out = unknown_tech_terms(texts, top=10)
    assert out.columns == ["term", "n_postings", "n_mentions"]
    rows = {r["term"]: (r["n_postings"], r["n_mentions"]) for r in out.iter_rows(named=True)}
    assert rows["ZorbaDB"] == (3, 4)
    assert rows["Flumex"] == (2, 2)
    assert rows["vLLMx"] == (1, 1)
    assert not {"PyTorch", "Python", "Product", "JM9L4o9Q", "Qx7f3a9b2", "401k"} & set(rows)
    assert out["n_postings"].is_sorted(descending=True)


def test_unknown_tech_terms_respects_top_and_rejects_bad_top() -> None:
    texts = pl.Series(["Alphax1, Betax2, Gammax3"])
    assert unknown_tech_terms(texts, top=2).height == 2
    with pytest.raises(ValueError, match="top must be >= 1"):
        unknown_tech_terms(texts, top=0)
