"""Without the optional parts (pyproject extras routing, exports, deck, osm) the app still imports,
starts and serves; the routes that need one answer 501 naming the extra, in Chinese and English.

The missing packages are simulated in a child interpreter by a ``sys.meta_path`` finder that
refuses them, so this runs on a machine where they are installed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.errors import ExtraMissing
from geo.extras import needs
from tests.conftest import add_user, api_token

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys

BLOCKED = {"ortools", "elkai", "matplotlib", "pptx", "pyrosm"}


class Refuse:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, Refuse())
url, token = sys.argv[1], sys.argv[2]

from fastapi.testclient import TestClient

import api.app

app = api.app.create_app(url)
out = {"loaded_at_import": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}
with TestClient(app) as c:
    c.headers["Authorization"] = f"Bearer {token}"
    for key, method, path, body in [
        ("home", "GET", "/healthz", None),
        ("page", "GET", "/maps/overview", None),
        ("png", "GET", "/maps/overview.png", None),
        ("deck", "GET", "/briefing.pptx", None),
        ("route", "POST", "/routes/plan", {"rule": "overdue", "township": "遮放镇"}),
    ]:
        r = c.request(method, path, json=body)
        try:
            payload = r.json()
        except ValueError:
            payload = None
        out[key] = {"status": r.status_code, "json": payload}
out["loaded_at_end"] = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
print("RESULT " + json.dumps(out, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def without_extras(ro_db_url: str) -> dict:
    """The child's answers, asked once for the module (its one write: the supervisor account)."""
    add_user(ro_db_url, "supervisor1", "supervisor")
    token = api_token(ro_db_url, "supervisor1")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, ro_db_url, token], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line.removeprefix("RESULT "))


@pytest.mark.slow  # a child interpreter imports and starts the whole app
def test_app_imports_and_answers_without_the_extras(without_extras: dict) -> None:
    r = without_extras
    assert r["loaded_at_import"] == []
    assert r["loaded_at_end"] == []
    assert r["home"]["status"] == 200
    assert r["page"]["status"] == 200  # interactive maps need no extra


@pytest.mark.slow
@pytest.mark.parametrize(
    ("key", "extra", "zh"),
    [
        ("png", "exports", "地图图片导出需要可选组件 exports"),
        ("deck", "deck", "汇报幻灯片需要可选组件 deck"),
        ("route", "routing", "路线规划需要可选组件 routing"),
    ],
)
def test_routes_needing_an_extra_answer_501_naming_it(without_extras: dict, key: str, extra: str, zh: str) -> None:
    answer = without_extras[key]
    assert answer["status"] == 501
    assert answer["json"]["extra"] == extra
    message = answer["json"]["error"]
    assert zh in message
    assert f"needs the optional part '{extra}', which is not installed" in message
    assert f"pip install 'fieldmap[{extra}]'" in message


def test_needs_turns_only_its_own_extras_missing_modules_into_extra_missing() -> None:
    err = ModuleNotFoundError("No module named 'ortools'", name="ortools")
    with pytest.raises(ExtraMissing) as caught, needs("routing"):
        raise err
    assert caught.value.detail == {"extra": "routing"}
    # a module of another extra, or of no extra, stays an ImportError (a real bug, not a missing extra)
    for other in ("matplotlib", "fieldmap_no_such_module"):
        with pytest.raises(ModuleNotFoundError), needs("routing"):
            raise ModuleNotFoundError(f"No module named {other!r}", name=other)
    with pytest.raises(ValueError), needs("no_such_extra"):
        pass
