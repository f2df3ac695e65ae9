"""`skillmarket` never imports `bench/` (bench sits above the composition root and imports it):
`skillmarket bench` runs `python -m bench` instead."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif (  # importlib.import_module("bench...") / __import__("bench...")
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in ("import_module", "__import__")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def test_no_module_of_skillmarket_imports_bench() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "skillmarket").rglob("*.py"))
        for name in _imports(path)
        if name == "bench" or name.startswith("bench.")
    ]
    assert not offenders, "\n".join(offenders)


def test_the_checker_sees_every_form_of_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "import bench.build\nfrom bench import queries\nimportlib.import_module('bench.coverage')\n"
    )
    assert {"bench.build", "bench", "bench.coverage"} <= _imports(bad)


def test_loading_the_cli_loads_no_bench_module() -> None:
    code = (
        "import sys, skillmarket.cli, skillmarket.cli.bench\n"
        "loaded = [m for m in sys.modules if m == 'bench' or m.startswith('bench.')]\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
