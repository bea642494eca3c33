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


# Settings reach code as arguments and the API's dependency (issue 16): only these files read the
# process's settings themselves.
MAY_READ_SETTINGS = {
    "api/app.py",  # create_app: settings or the process's
    "api/cli.py",
    "api/cli_admin.py",
    "api/cli_import.py",
    "api/dependencies.py",  # fallback when an app carries none
    "geo/store/settings.py",
}
# Files not converted yet: each still reads the settings at import or inside a builder. The list
# may only shrink (a file that no longer reads them must leave it).
NOT_YET_CONVERTED = {
    "layers/inspections.py",
    "maps/basemaps.py",
    "maps/briefing_data.py",
    "maps/export/render.py",
}


def test_settings_are_read_only_at_the_edges() -> None:
    reading = {
        str(p.relative_to(ROOT))
        for package in FLOORS
        for p in _modules(package)
        if "get_settings(" in p.read_text(encoding="utf-8")
    }
    assert reading - MAY_READ_SETTINGS - NOT_YET_CONVERTED == set()
    assert NOT_YET_CONVERTED - reading == set()
