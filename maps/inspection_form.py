"""The mobile inspection form (督查记录): plain HTML and a little JavaScript, Chinese first.

The page takes the phone's position with ``navigator.geolocation``, posts the record as JSON to
``/inspections`` and then uploads the photos one by one; the answer shows the distance to the
site and whether the record is flagged as made away from it.
"""

from __future__ import annotations

import html
import json

from geo.sizes import readable_size
from maps.i18n import html_lang, words

WORDS = {
    "title": ("督查记录（明察暗访）", "Inspection record"),
    "site": ("站点", "Site"),
    "mode": ("方式", "Mode"),
    "announced": ("明察", "announced"),
    "unannounced": ("暗访", "unannounced"),
    "inspector": ("督查人/组", "Inspector / team"),
    "outcome": ("结果", "Outcome"),
    "findings": ("发现的问题", "Findings"),
    "flags": ("问题类型", "Flags"),
    "stalled": ("项目停滞", "stalled work"),
    "idle_funds": ("资金闲置", "idle funds"),
    "idle_assets": ("资产闲置", "idle assets"),
    "gps": ("定位", "Position"),
    "locate": ("获取手机定位", "Get phone position"),
    "photos": ("照片（JPEG/PNG/WebP，≤{size}）", "Photos (JPEG/PNG/WebP, ≤{size})"),
    "save": ("保存记录", "Save record"),
    "demo": ("演示数据：站点为生成数据，非真实", "DEMO DATA: sites are generated, not real"),
}
OUTCOMES = {
    "normal": ("正常", "normal"),
    "needs_rectification": ("需整改", "needs rectification"),
    "rectified": ("已整改", "rectified"),
    "closed": ("已关闭", "closed"),
}


def form_page(
    sites: list[dict],
    lang: str = "zh",
    site_id: int | None = None,
    max_photo_bytes: int = 10 * 1024 * 1024,
    desk_distance_m: float = 300.0,
    demo: bool = False,
) -> str:
    """The form; ``sites`` are dicts with id, name, township, lon, lat (one option each).

    Without ``site_id`` the phone position preselects the nearest site."""
    w = words(WORDS, lang)
    options = "".join(
        f'<option value="{s["id"]}"{" selected" if s["id"] == site_id else ""}>'
        f"{html.escape((s.get('township') or '') + ' · ' + s['name'])}</option>"
        for s in sites
    )
    outcomes = "".join(f'<option value="{k}">{word}</option>' for k, word in words(OUTCOMES, lang).items())
    flags = "".join(
        f'<label><input type="checkbox" name="{k}"> {w[k]}</label>' for k in ("stalled", "idle_funds", "idle_assets")
    )
    banner = f'<div class="demo">{w["demo"]}</div>' if demo else ""
    return f"""<!doctype html>
<html lang="{html_lang(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{w["title"]}</title>
<style>
body{{font:16px/1.5 'WenQuanYi Micro Hei','Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:0;padding:12px;max-width:640px}}
h1{{font-size:20px;margin:4px 0 12px}} label.f{{display:block;margin-top:12px;font-weight:bold}}
select,input[type=text],textarea{{width:100%;box-sizing:border-box;font-size:16px;padding:8px}}
button{{font-size:17px;padding:10px 16px;margin-top:14px;width:100%}} .row label{{margin-right:14px}}
.demo{{background:#c53030;color:#fff;padding:4px 8px;border-radius:4px;font-weight:bold}}
#result{{margin-top:14px;padding:8px;border-radius:4px}} .ok{{background:#e6fffa}} .warn{{background:#fff5f5;color:#9b2c2c}}
</style></head><body>
{banner}
<h1>{w["title"]}</h1>
<form id="f">
<label class="f">{w["site"]}</label><select name="site_id" required>{options}</select>
<label class="f">{w["mode"]}</label><div class="row">
<label><input type="radio" name="mode" value="announced" checked> {w["announced"]}</label>
<label><input type="radio" name="mode" value="unannounced"> {w["unannounced"]}</label></div>
<label class="f">{w["inspector"]}</label><input type="text" name="inspector" required>
<label class="f">{w["outcome"]}</label><select name="outcome">{outcomes}</select>
<label class="f">{w["flags"]}</label><div class="row">{flags}</div>
<label class="f">{w["findings"]}</label><textarea name="findings" rows="3"></textarea>
<label class="f">{w["gps"]}</label><button type="button" id="locate">{w["locate"]}</button>
<div id="pos"></div>
<label class="f">{w["photos"].format(size=readable_size(max_photo_bytes))}</label><input type="file" id="photos" accept="image/jpeg,image/png,image/webp" capture="environment" multiple>
<button type="submit">{w["save"]}</button>
</form>
<div id="result"></div>
<script>
const LANG = {json.dumps(lang)}, DESK_M = {float(desk_distance_m)}, PRESET = {json.dumps(site_id)};
const SITES = {json.dumps([[s["id"], s.get("lon"), s.get("lat")] for s in sites if s.get("lon") is not None])};
function metres(lon1, lat1, lon2, lat2) {{  // haversine: only to pick the nearest site; the server measures exactly
  const r = Math.PI / 180, a = Math.sin((lat2 - lat1) * r / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin((lon2 - lon1) * r / 2) ** 2;
  return 12742000 * Math.asin(Math.sqrt(a));
}}
let position = null;
function say(cls, text) {{ const r = document.getElementById('result'); r.className = cls; r.textContent = text; }}
document.getElementById('locate').onclick = () => {{
  if (!navigator.geolocation) {{ say('warn', LANG === 'zh' ? '此浏览器不支持定位' : 'No geolocation in this browser'); return; }}
  navigator.geolocation.getCurrentPosition(p => {{
    position = {{lon: p.coords.longitude, lat: p.coords.latitude, gps_accuracy_m: p.coords.accuracy}};
    let text = position.lon.toFixed(6) + ', ' + position.lat.toFixed(6) + ' (±' + Math.round(p.coords.accuracy) + ' m)';
    if (PRESET === null && SITES.length) {{
      const best = SITES.map(s => [s[0], metres(position.lon, position.lat, s[1], s[2])]).sort((a, b) => a[1] - b[1])[0];
      document.querySelector('select[name=site_id]').value = String(best[0]);
      text += (LANG === 'zh' ? ' · 最近站点约 ' : ' · nearest site about ') + Math.round(best[1]) + ' m';
    }}
    document.getElementById('pos').textContent = text;
  }}, e => say('warn', (LANG === 'zh' ? '定位失败：' : 'Position failed: ') + e.message), {{enableHighAccuracy: true, timeout: 20000}});
}};
document.getElementById('f').onsubmit = async (ev) => {{
  ev.preventDefault();
  const f = ev.target, body = {{
    site_id: +f.site_id.value, mode: f.mode.value, inspector: f.inspector.value, outcome: f.outcome.value,
    findings: f.findings.value || null, stalled: f.stalled.checked, idle_funds: f.idle_funds.checked, idle_assets: f.idle_assets.checked,
    ...(position || {{}})
  }};
  const res = await fetch('/inspections', {{method: 'POST', headers: {{'Content-Type': 'application/json'}}, body: JSON.stringify(body)}});
  const rec = await res.json();
  if (!res.ok) {{ say('warn', rec.error); return; }}
  for (const file of document.getElementById('photos').files) {{
    const data = new FormData(); data.append('file', file);
    const up = await fetch('/inspections/' + rec.id + '/photos', {{method: 'POST', body: data}});
    if (!up.ok) {{ say('warn', (await up.json()).error); return; }}
  }}
  const d = rec.gps_distance_m == null ? null : Math.round(rec.gps_distance_m);
  const zh = '已保存（编号 ' + rec.id + '）。' + (d == null ? '没有定位，记录标记为“非现场”。' : '距站点 ' + d + ' 米。') + (rec.desk_flag && d != null ? '超过 ' + DESK_M + ' 米，记录标记为“非现场”。' : '');
  const en = 'Saved (id ' + rec.id + '). ' + (d == null ? 'No position: flagged as not made on site.' : d + ' m from the site. ') + (rec.desk_flag && d != null ? 'Farther than ' + DESK_M + ' m: flagged as not made on site.' : '');
  say(rec.desk_flag ? 'warn' : 'ok', LANG === 'zh' ? zh : en);
}};
</script></body></html>"""
