"""Map pages on a phone and in a small embed, in the real Chromium: the title bar, the panels (legend,
layers, summary, filters), the zoom buttons, the scale bar and the footer never cover each other;
every uncovered village can be read or reached by one tap; words are the page's language only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from geo import vocab
from geo.store.database import get_engine
from maps.spec import all_maps
from tests.browser.conftest import needs_sign_in, role_for_map
from tests.expected import TITLES

pytestmark = pytest.mark.slow  # a real Chromium

MAPS = [spec.name for spec in all_maps()]
SIZES = [(390, 844, False), (640, 400, True), (640, 400, False), (360, 640, False)]

BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const out = {};
  document.querySelectorAll('.fm-top > *').forEach((e, i) => { if (shown(e)) out['top' + i] = box(e); });
  document.querySelectorAll('.fm-panel.fm-open').forEach(e => { out[e.id] = box(e); });
  for (const [k, sel] of [['zoom', '.leaflet-control-zoom'], ['scale', '.leaflet-control-scale'], ['footer', '.fm-footer']]) {
    const e = document.querySelector(sel); if (shown(e)) out[k] = box(e);
  }
  return out;
}"""


def _overlap(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def _open(page, url: str) -> None:  # noqa: ANN001
    page.goto(url, wait_until="networkidle")
    page.wait_for_function("() => window.fieldmap && window.fieldmap.map && document.querySelector('.fm-top')")


def _check_apart(boxes: dict, where: str) -> None:
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if {a, b} <= {"zoom", "scale"} or (a.startswith("top") and b.startswith("top")):
                continue  # Leaflet stacks its own controls; the top bar lays out its own items
            if "fm-panel" in a + b and {a, b} & {"zoom", "scale"}:
                continue  # an open panel on a phone may lie over the zoom buttons (one tap closes it)
            assert not _overlap(boxes[a], boxes[b]), f"{where}: {a} {boxes[a]} overlaps {b} {boxes[b]}"


@pytest.mark.parametrize("name", MAPS)
@pytest.mark.parametrize("width,height,embed", SIZES)
def test_title_panels_and_controls_never_overlap(
    page, sign_in, server: str, name: str, width: int, height: int, embed: bool
) -> None:
    if needs_sign_in(name):
        sign_in(role_for_map(name))
    page.set_viewport_size({"width": width, "height": height})
    _open(page, f"{server}/maps/{name}" + ("?embed=1" if embed else ""))
    first = page.evaluate(BOXES)
    assert any(k.startswith("top") for k in first) and "footer" in first
    assert not any(k.startswith("fm-panel") for k in first)  # a narrow screen opens no panel by itself
    _check_apart(first, f"{name} {width}x{height} closed")
    tools = page.locator(".fm-tool")
    assert tools.count() >= 1
    for i in range(tools.count()):
        tools.nth(i).click()
        boxes = page.evaluate(BOXES)
        opened = [k for k in boxes if k.startswith("fm-panel")]
        assert len(opened) == 1, opened  # one panel at a time on a narrow screen
        panel = boxes[opened[0]]
        assert panel[0] >= 0 and panel[2] <= width and panel[1] >= 0 and panel[3] <= height
        _check_apart(boxes, f"{name} {width}x{height} {opened[0]}")
        tools.nth(i).click()  # and the same button closes it
        assert not any(k.startswith("fm-panel") for k in page.evaluate(BOXES))
    if embed:
        bar = page.locator(".fm-embedbar").inner_text()
        assert TITLES[name][0] in bar and "来源" in bar and re.search(r"数据日期 \d{4}-\d{2}-\d{2}", bar)


def test_wide_screen_opens_panels_in_two_columns_apart(page, sign_in, server: str) -> None:
    sign_in("supervisor")
    for name in MAPS:
        page.set_viewport_size({"width": 1920, "height": 1080})
        _open(page, f"{server}/maps/{name}")
        boxes = page.evaluate(BOXES)
        assert "fm-panel-legend" in boxes and "fm-panel-layers" in boxes
        _check_apart(boxes, f"{name} 1920x1080")


def test_every_uncovered_village_is_named_or_one_tap_away_on_a_phone(page, server: str, client_as) -> None:
    totals = client_as("official").get("/indicators/coverage").json()["totals"]
    page.set_viewport_size({"width": 390, "height": 844})
    _open(page, f"{server}/maps/coverage")
    found = page.evaluate("""() => {
      const top = document.querySelector('.fm-top').getBoundingClientRect().bottom;
      const foot = document.querySelector('.fm-footer').getBoundingClientRect().top;
      const out = [];
      for (const l of window.fieldmap.layers.coverage_villages.getLayers()) {
        const p = l.feature.properties;
        if (p.status !== 'uncovered') continue;
        const t = l.getTooltip() && l.getTooltip().getElement();
        const label = t && getComputedStyle(t).visibility !== 'hidden' ? t.innerText : null;
        const pt = window.fieldmap.map.latLngToContainerPoint(l.getLatLng());
        const hit = document.elementFromPoint(pt.x, pt.y);
        const tappable = pt.y > top && pt.y < foot && pt.x > 0 && pt.x < window.innerWidth &&
                         (hit === l._path || (l._icon && l._icon.contains(hit)));
        out.push({name: p.name, label, tappable});
      }
      return out;
    }""")
    assert len(found) == totals["uncovered"] > 0
    for v in found:
        assert v["tappable"] or (v["label"] and v["label"] in v["name"]), v
    named = [v for v in found if v["label"]]
    assert len(named) >= len(found) // 2  # most carry their name on the map itself


def test_a_summary_row_zooms_the_map_to_its_village_and_opens_its_popup(page, server: str) -> None:
    page.set_viewport_size({"width": 1600, "height": 1000})
    _open(page, f"{server}/maps/coverage")
    row = page.locator("#fm-panel-summary .fm-list tbody tr").first
    name = row.locator("td").first.inner_text()
    zoom = page.evaluate("() => window.fieldmap.map.getZoom()")
    row.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(state="visible", timeout=5000)
    assert name in popup.inner_text()
    assert page.evaluate("() => window.fieldmap.map.getZoom()") > zoom
    # the list sorts by a column header: the distance column, ascending, then descending
    header = page.locator("#fm-panel-summary .fm-list th").nth(2)
    values = """() => [...document.querySelectorAll('#fm-panel-summary .fm-list tbody tr td:nth-child(3)')]
                        .map(td => parseFloat(td.getAttribute('data-v')))"""
    header.click()
    up = page.evaluate(values)
    header.click()
    down = page.evaluate(values)
    assert len(up) > 1 and up == sorted(up) and down == sorted(up, reverse=True)


RAW_CODES = sorted(
    {
        c
        for v in (
            vocab.SITE_KIND,
            vocab.SITE_STATUS,
            vocab.INSPECTION_MODE,
            vocab.INSPECTION_OUTCOME,
            vocab.OVERDUE_REASON,
            vocab.GEOM_SOURCE,
            vocab.TOWNSHIP_KIND,
            vocab.COVERAGE_REASON,
            vocab.COVERAGE_STATUS,
            vocab.SITE_COUNTING,
            vocab.LOCATION_SOURCE,
        )
        for c in v.codes
    }
    | {"county", "true", "false", "null"}
)
ALL_TEXT = """() => {
  const parts = [];
  for (const layer of Object.values(window.fieldmap.layers)) {
    for (const l of layer.getLayers()) {
      const p = l.getPopup && l.getPopup();
      if (p) { const d = document.createElement('div'); d.innerHTML = p.getContent(); parts.push(d.innerText || d.textContent); }
    }
  }
  for (const sel of ['.fm-panel', '.fm-top', '.fm-footer']) document.querySelectorAll(sel).forEach(e => parts.push(e.textContent));
  return parts;
}"""
HISTORY = """() => window.fieldmap.layers.inspection_status.getLayers().map(l => {
  const d = document.createElement('div'); d.innerHTML = l.getPopup().getContent();
  const row = [...d.querySelectorAll('tr')].find(r => r.querySelector('th').textContent === 'Recent visits');
  return row ? row.querySelector('td').textContent : '';
})"""


@pytest.mark.parametrize("name", MAPS)
def test_zh_pages_show_no_raw_code_and_en_pages_no_chinese_words(
    page, sign_in, server: str, live_db: str, name: str
) -> None:
    sign_in("supervisor")
    _open(page, f"{server}/maps/{name}")
    texts = page.evaluate(ALL_TEXT)
    assert len(texts) > 10
    blob = "\n".join(texts)
    words = set(re.findall(r"[A-Za-z_]+", blob))
    assert not (words & set(RAW_CODES)), sorted(words & set(RAW_CODES))
    assert "township_code" not in blob
    _open(page, f"{server}/maps/{name}?lang=en")
    if name == "inspections":
        history = page.evaluate(HISTORY)
        with get_engine(live_db).connect() as conn:
            visited = conn.execute(
                text(
                    "SELECT count(DISTINCT site_id) FROM inspection i JOIN site s ON s.id = i.site_id "
                    "WHERE s.kind IN ('live_station', 'village_station', 'township_station', 'warehouse', 'sorting_centre')"
                )
            ).scalar_one()
        assert sum(1 for h in history if h) == visited > 0
        assert all(not re.search(r"[\u4e00-\u9fff]", h) for h in history)
        assert all(re.match(r"\d{4}-\d{2}-\d{2} (announced|unannounced) ", h) for h in history if h)
    legend = page.locator("#fm-panel-legend").text_content()
    assert not re.search(r"[\u4e00-\u9fff]", legend), legend
