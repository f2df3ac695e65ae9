"""`scripts/score_dedupe.py` loaded as a module, for the tests that read the held-out dedupe set
(`tests/fixtures/labeled/dedupe_pairs.yml`) through it. Scripts are not a package, so it is
loaded from its file.

May import: the standard library.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "score_dedupe.py"


def score_dedupe() -> ModuleType:
    """The scorer module (`labeled_groups`, `staging_rows`, `scored_pairs`, `prf`, `report`)."""
    spec = importlib.util.spec_from_file_location("score_dedupe", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module
