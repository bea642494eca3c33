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


def _full_imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the function bodies, by its full dotted name."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out.update(f"{node.module}.{alias.name}" for alias in node.names)  # from geo import io
    return out


def test_store_imports_nothing_of_io() -> None:
    """The store (settings, engine, cluster, models, migrations) sits under geo.io: start-up code that
    needs both (api/runtime.py) lives beside the app and the CLI, not in the store (issue 16)."""
    store = list((ROOT / "geo" / "store").rglob("*.py"))
    wrong = {
        str(p.relative_to(ROOT)): sorted(m for m in _full_imports(p) if m == "geo.io" or m.startswith("geo.io."))
        for p in store
    }
    assert {k: v for k, v in wrong.items() if v} == {}


def test_maps_run_no_sql_of_their_own() -> None:
    pattern = re.compile(r"\b(conn|connection)\.execute\(|\btext\(\s*[\"'](SELECT|INSERT|UPDATE|DELETE|WITH)\b", re.I)
    offenders = [str(p.relative_to(ROOT)) for p in _modules("maps") if pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# Settings reach code as arguments and the API's dependency (issue 16): only these files read the
# process's settings themselves (``get_settings()``, or ``Settings()`` read from the environment).
MAY_READ_SETTINGS = {
    "api/app.py",  # create_app: settings or the process's
    "api/dependencies.py",  # fallback when an app carries none
    "geo/store/settings.py",
}
MAY_READ_SETTINGS_GLOB = "api/cli*.py"  # the command line: api/cli_settings.py, per command, uncached
# Files not converted yet: each still reads the settings at import or inside a builder. The list
# may only shrink (a file that no longer reads them must leave it).
NOT_YET_CONVERTED: set[str] = set()
READS_SETTINGS = re.compile(r"\bget_settings\(|\bSettings\(\s*\)")


def _rel(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


def _source(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def test_settings_are_read_only_at_the_edges() -> None:
    reading = {
        _rel(p)
        for package in FLOORS
        for p in _modules(package)
        if READS_SETTINGS.search(_source(p)) and not p.relative_to(ROOT).match(MAY_READ_SETTINGS_GLOB)
    }
    assert reading - MAY_READ_SETTINGS - NOT_YET_CONVERTED == set()
    assert NOT_YET_CONVERTED - reading == set()


def _api_routes() -> list[Path]:
    return sorted((ROOT / "api" / "routes").glob("*.py"))


def test_routes_take_their_connection_from_a_dependency() -> None:
    """One way to the database (issue 16): ``ConnectionDep`` / ``WriteConnectionDep`` /
    ``LazyConnectionDep`` / ``EngineDep`` from api/dependencies.py, never an engine of their own."""
    assert [_rel(p) for p in _api_routes() if "get_engine(" in _source(p)] == []


def test_routes_hand_no_database_url_down() -> None:
    """geo functions called from routes take a connection, not a URL that they would open. The health
    check takes the app's engine too (EngineDep) and pings its database outside the pool."""
    uses_url = {_rel(p) for p in _api_routes() if re.search(r"\bDatabaseUrl\b|\.database_url\b", _source(p))}
    assert uses_url == set()


# Where api/ may make an engine of its own: the engine dependency itself, the data-version watcher
# (a LISTEN thread beside the requests, never on a request's path) and the command line.
# the app factory makes the app's one engine (with the settings' deadlines); the dependencies hand it out
MAY_GET_ENGINE = {"api/app.py", "api/dependencies.py", "api/version_watch.py"}


def test_requests_reach_the_database_only_through_the_dependencies() -> None:
    """The access check (api/security.py), middlewares and routes take the request's connection from
    api/dependencies.py (issue 16): no other file of api/ outside the CLI opens an engine."""
    opening = {
        _rel(p)
        for p in _modules("api")
        if "get_engine(" in _source(p) and not p.relative_to(ROOT).match(MAY_READ_SETTINGS_GLOB)
    }
    assert opening <= MAY_GET_ENGINE


# SQL keywords at the start of a string literal (upper case, as this code base writes SQL).
SQL_STRING = re.compile(r"[\"'](SELECT|INSERT INTO|UPDATE|DELETE FROM|WITH|LISTEN|NOTIFY)\s")


def test_api_has_no_sql_of_its_own() -> None:
    """SQL lives in geo/ and layers/ functions; api/ (routes, middleware, CLI) calls them."""
    offenders = {
        _rel(p): sorted({m.group(0) for m in re.finditer(r"\btext\(|" + SQL_STRING.pattern, _source(p))})
        for p in _modules("api")
        if re.search(r"\btext\(", _source(p)) or SQL_STRING.search(_source(p))
    }
    assert offenders == {}


def test_route_handlers_are_plain_functions() -> None:
    """Handlers do blocking work (PostGIS, files, rendering): plain ``def``, which FastAPI runs in a
    worker thread, never ``async def`` on the event loop."""
    offenders = [
        f"{_rel(p)}:{node.name}"
        for p in _api_routes()
        for node in ast.walk(ast.parse(_source(p)))
        if isinstance(node, ast.AsyncFunctionDef)
    ]
    assert offenders == []


# Plain zh/en choices go through geo.vocab.word (maps.i18n.choose at the upper floors; issue 16).
# What is left does more than pick a word; the counts may only shrink.
LANGUAGE_BRANCHES_LEFT = {
    "maps/briefing_data.py": 1,  # amounts in yuan turned into 万元 for Chinese only
}
LANGUAGE_BRANCH = re.compile(r"""\blang\s*[!=]=\s*["'](zh|en)["']""")


def test_languages_are_picked_in_one_place() -> None:
    found = {
        _rel(p): len(LANGUAGE_BRANCH.findall(_source(p)))
        for package in FLOORS
        for p in _modules(package)
        if LANGUAGE_BRANCH.search(_source(p))
    }
    found.pop("geo/vocab.py", None)  # word() itself
    assert {k: n for k, n in found.items() if n > LANGUAGE_BRANCHES_LEFT.get(k, 0)} == {}
