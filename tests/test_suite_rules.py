"""Rules of the test suite itself (issue 14, findings 11 and 12), checked so they stay true.

Finding 11: tests that could not fail or copied the code under test. The default client is an
anonymous visitor; map titles, popup field names and legend texts are expected as written text,
never from ``MapSpec.title`` or the layers' ``title()``/``label()``/``fields`` (which the pages and
exports call); no assertion reads a clock. Finding 12: set-up as long as the tests. Slow tests
carry the ``slow`` marker, read-only export tests share one database per module, and
``./scripts/test`` runs on pytest-xdist workers.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"


def _test_files() -> list[Path]:
    return sorted(p for p in TESTS.rglob("*.py") if p.name != Path(__file__).name)


def _lines_matching(pattern: re.Pattern[str], only_asserts: bool = False) -> list[str]:
    found = []
    for path in _test_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if only_asserts and not line.lstrip().startswith("assert"):
                continue
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_the_default_client_is_an_anonymous_visitor(client) -> None:  # noqa: ANN001
    me = client.get("/auth/me")
    assert me.status_code == 200 and me.json()["role"] in ("anonymous", "viewer") and me.json()["kind"] == "anonymous"
    assert client.get("/indicators").status_code == 401  # officials' figures: not for the default client


def test_no_test_expects_a_map_title_from_the_spec_the_page_uses() -> None:
    assert _lines_matching(re.compile(r"\bspec\.(title|subtitle)\(")) == []


# Tests of what a page or an export shows: popup field names, legend headings and labels are
# expected as written text (tests/expected.py POPUP_FIELDS, LEGENDS), never read from the layer
# registry or a layer's title()/label()/fields, which the pages and exports themselves call.
WRITTEN_TEXT_MODULES = ("tests/maps/test_pages.py", "tests/maps/test_export_formats.py")
REGISTRY_WORDS = {"title", "subtitle", "label", "fields", "zh", "en"}


def _registry_reads(module: str) -> list[str]:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in REGISTRY_WORDS:
            found.append(f"{module}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (
            (node.module or "").startswith("layers")
            and any(a.name == "registry" for a in node.names)
            or (node.module or "") == "layers.registry"
        ):
            found.append(f"{module}:{node.lineno}: imports the layer registry")
        elif isinstance(node, ast.Import) and any(a.name == "layers.registry" for a in node.names):
            found.append(f"{module}:{node.lineno}: imports the layer registry")
    return found


@pytest.mark.parametrize("module", WRITTEN_TEXT_MODULES)
def test_page_and_export_texts_are_expected_as_written_text(module: str) -> None:
    assert _registry_reads(module) == []


def test_no_assertion_measures_a_duration() -> None:
    """No assertion on how long something took (a wait's bound, ``monotonic() < deadline``, only
    tells a hang from an answer and is allowed)."""
    duration = re.compile(r"(monotonic|perf_counter|time)\(\)\s*-|\belapsed\b|\bduration(_s)?\b|\btook\b")
    assert _lines_matching(duration, only_asserts=True) == []


# Tests that start a real Chromium, a PostGIS cluster of their own, or the fuzzer.
MUST_BE_SLOW = ("tests/browser", "tests/api/test_fuzz.py", "tests/store/test_frozen_database.py")


def test_browser_fuzz_and_frozen_database_tests_are_marked_slow() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "not slow", "-p", "no:cacheprovider"]
        + [str(ROOT / p) for p in MUST_BE_SLOW],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    unmarked = [line for line in run.stdout.splitlines() if "::" in line]
    assert unmarked == [], "\n".join(unmarked)
    assert re.search(r"\b(\d+) deselected", run.stdout), run.stdout[-2000:]


# Modules whose tests only read the default dataset: one copy per module (ro_db_url), never one
# per test (test_export_layout.py once cloned the database 64 times for read-only work).
READ_ONLY_MODULES = (
    "tests/maps/test_export_layout.py",
    "tests/maps/test_export_tiles.py",
    "tests/layers/test_coverage_layers.py",
)


@pytest.mark.parametrize("module", READ_ONLY_MODULES)
def test_read_only_modules_share_one_database(module: str) -> None:
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
    per_test = [f.name for f in functions if any(a.arg == "db_url" for a in f.args.args)]
    assert per_test == []
    assert any(a.arg == "ro_db_url" for f in functions for a in f.args.args)


def test_the_suite_runs_on_parallel_workers() -> None:
    script = (ROOT / "scripts" / "test").read_text(encoding="utf-8")
    default = re.search(r"FIELDMAP_TEST_WORKERS:-(\d+)", script)
    assert default is not None and int(default.group(1)) >= 2
    assert re.search(r'pytest"? -n "\$workers"', script)
