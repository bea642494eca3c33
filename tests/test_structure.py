"""The floors of the code (docs/architecture.md), checked by reading the source: data flows one way."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ("geo", "layers", "maps", "api")  # bottom to top
MAY_NOT_IMPORT = {"geo": {"layers", "maps", "api"}, "layers": {"maps", "api"}, "maps": {"api"}}


def _modules(package: str) -> list[Path]:
    return [p for p in (ROOT / package).rglob("*.py") if "migrations/versions" not in str(p)]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module.split(".")[0])
    return out


@pytest.mark.parametrize("package", sorted(MAY_NOT_IMPORT))
def test_no_import_runs_back_up(package: str) -> None:
    wrong = {
        str(p.relative_to(ROOT)): sorted(_imports(p) & MAY_NOT_IMPORT[package])
        for p in _modules(package)
        if _imports(p) & MAY_NOT_IMPORT[package]
    }
    assert wrong == {}


def test_vocabulary_imports_nothing_of_the_project() -> None:
    assert _imports(ROOT / "geo" / "vocab.py") & set(FLOORS) == set()


def test_maps_run_no_sql_of_their_own() -> None:
    pattern = re.compile(r"\b(conn|connection)\.execute\(|\btext\(\s*[\"'](SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.I)
    offenders = [str(p.relative_to(ROOT)) for p in _modules("maps") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
