"""Dedupe on held-out labeled groups of source records.

`tests/fixtures/labeled/dedupe_pairs.yml` (60 groups, 100 within-group pairs, 56 of them the
same posting) was written, labeled and committed (2793e2b) before dedupe was run on any of it:
cross-board copies with markup and boilerplate changed, truncated aggregator copies, company
spellings, title variants, reposts, different jobs on one template, German / French / Japanese
/ Chinese / Russian bodies, one-sentence bodies and English beside a translation.
`scripts/score_dedupe.py --misses` scores it through `build_core_postings` and lists the wrong
pairs. The first run (code at 18b420a) scored precision 0.872, recall 0.607, F1 0.716; recall
0.000 on truncated (4 pairs) and translation (3), 0.333 on mixed (6), 0.556 on cross_board (9);
precision 0.571 on template_different, 0.000 on non_english_different.
"""

from __future__ import annotations

from collections import Counter
from types import ModuleType

import pytest

from tests.analytics.normalize.dedupe_scorer import score_dedupe

# First run: precision 0.872 (34/39), recall 0.607 (34/56), F1 0.716. After the fixes of
# classes (words of any script, company spellings, title abbreviations, containment, bridges):
# precision 1.000 (48/48), recall 0.857 (48/56), F1 0.923; the misses left are the three
# translations, two truncated copies ending in an aggregator's call to action (containment
# 0.87 and 0.92, under 0.95), a company written with and without "Labs" (two pairs), and one
# cross-post whose shorter copy has words of its own (containment 0.947).
REQUIRED_PRECISION = 0.98
REQUIRED_RECALL = 0.84


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    return score_dedupe()


def test_the_set_has_fifty_groups_of_two_to_four_records_in_clusters(scorer) -> None:
    groups = scorer.labeled_groups()
    assert len(groups) >= 50
    for group in groups:
        keys = [r["key"] for r in group.records]
        assert 2 <= len(keys) <= 4 and len(set(keys)) == len(keys), group.id
        assert set(group.cluster) == set(keys), group.id
    spellings = Counter(c for g in groups for c in {r["company"] for r in g.records})
    assert max(spellings.values()) == 1  # no company spelling is shared by two groups


def test_dedupe_pairwise_precision_and_recall_floors(scorer) -> None:
    pairs = scorer.scored_pairs(scorer.labeled_groups())
    labeled_same = sum(p.labeled_same for p in pairs)
    assert len(pairs) >= 100 and 0.4 <= labeled_same / len(pairs) <= 0.6  # balanced
    precision, recall, _ = scorer.prf(pairs)
    assert precision >= REQUIRED_PRECISION, scorer.report(pairs, misses=True)
    assert recall >= REQUIRED_RECALL, scorer.report(pairs, misses=True)
