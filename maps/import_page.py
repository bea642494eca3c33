"""The admin page for imports (数据导入): pick a table and a file, say which coordinate system
the file is in, see the dry run's report as a table, then confirm. Chinese first, English with
``lang=en``; plain HTML and a little JavaScript posting to ``/imports/{table}``."""

from __future__ import annotations

import html
import json

from geo import vocab
from maps.i18n import choose, html_lang

WORDS = {
    "title": ("数据导入", "Import data"),
    "intro": (
        "先试导入：检查每一行并列出问题，数据库不做任何修改；确认无误后再正式导入。",
        "First a dry run: every row is checked and problems listed, nothing is written; then confirm the import.",
    ),
    "table": ("数据表", "Table"),
    "file": (
        "文件（XLSX、CSV、GeoJSON、GeoPackage、zip 打包的 Shapefile）",
        "File (XLSX, CSV, GeoJSON, GeoPackage, zipped Shapefile)",
    ),
    "crs": ("坐标系（表格中的经纬度）", "Coordinate system (of the sheet's longitude/latitude)"),
    "crs_file": ("文件自带（GeoJSON/GeoPackage 等）", "as the file says (GeoJSON/GeoPackage …)"),
    "kind": ("未填类型时默认为", "Kind for rows without one"),
    "status": ("未填状态时默认为", "Status for rows without one"),
    "none": ("（不设默认）", "(no default)"),
    "ignore": ("明确忽略的列（逗号分隔）", "Columns to ignore explicitly (comma-separated)"),
    "strict": ("严格：警告也拒绝导入", "Strict: warnings refuse the file too"),
    "template": ("下载该表的导入模板（XLSX）", "Download this table's import template (XLSX)"),
    "check": ("试导入（只检查）", "Dry run (check only)"),
    "confirm": ("确认导入", "Confirm import"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "value": ("填写的值", "Value as typed"),
    "reason": ("原因", "Reason"),
    "severity": ("类别", "Type"),
    "error": ("错误", "error"),
    "warning": ("警告", "warning"),
    "read": ("读取", "read"),
    "inserted": ("新增", "inserted"),
    "updated": ("更新", "updated"),
    "unchanged": ("不变", "unchanged"),
    "refused": ("拒绝", "refused"),
    "dry_ok": ("试导入通过：可以确认导入。", "Dry run passed: the import can be confirmed."),
    "dry_bad": (
        "试导入发现问题：请修改文件后重试（数据库未做任何修改）。",
        "The dry run found problems: fix the file and try again (nothing was written).",
    ),
    "done": ("导入完成。", "Import done."),
    "refused_msg": ("导入被拒绝，数据库未做任何修改。", "Import refused; nothing was changed."),
    "ignored": ("已忽略的列", "Ignored columns"),
    "explained": ("第 2 行为模板说明行，已跳过", "Row 2 is the template's explanation row, skipped"),
    "hint": ("提示", "Hint"),
    "whole": ("整个文件", "whole file"),
    "busy": ("处理中……", "Working…"),
    "home": ("返回首页", "Home"),
    "pick": ("请选择文件", "Pick a file"),
}


def import_page(tables: list[tuple[str, str]], lang: str = "zh") -> str:
    """``tables``: (name, zh title) of every importable table."""
    w = {k: choose(zh, en, lang) for k, (zh, en) in WORDS.items()}
    table_opts = "".join(
        f'<option value="{html.escape(name)}"{" selected" if name == "site" else ""}>'
        f"{html.escape(choose(title, name, lang))}</option>"
        for name, title in tables
    )
    frames = vocab.COORDINATE_FRAME
    crs_opts = f'<option value="">{w["crs_file"]}</option>' + "".join(
        f'<option value="{c}"{" selected" if c == "gcj02" else ""}>{html.escape(frames.word(c, lang))}</option>'
        for c in frames.codes
    )
    kind_opts = f'<option value="">{w["none"]}</option>' + "".join(
        f'<option value="{c}">{html.escape(vocab.SITE_KIND.word(c, lang))}</option>' for c in vocab.SITE_KIND.codes
    )
    status_opts = f'<option value="">{w["none"]}</option>' + "".join(
        f'<option value="{c}">{html.escape(vocab.SITE_STATUS.word(c, lang))}</option>' for c in vocab.SITE_STATUS.codes
    )
    home = choose("/", "/?lang=en", lang)
    other = choose('<a href="/imports?lang=en">English</a>', '<a href="/imports">中文</a>', lang)
    return f"""<!doctype html>
<html lang="{html_lang(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{w["title"]}</title>
<style>
body{{font:15px/1.6 'WenQuanYi Micro Hei','Noto Sans CJK SC',sans-serif;margin:1.5em auto;max-width:60em;padding:0 1em}}
label{{display:block;margin-top:10px;font-weight:bold}} select,input[type=text],input[type=file]{{font-size:15px;padding:4px;min-width:22em}}
.opt label{{display:inline;font-weight:normal}} button{{font-size:16px;padding:8px 16px;margin:14px 8px 0 0}}
table{{border-collapse:collapse;margin-top:10px;width:100%}} th,td{{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}}
th{{background:#f2f2f2}} tr.error td{{background:#fff5f5}} tr.warning td{{background:#fffbea}}
#summary{{margin-top:14px;padding:8px;border-radius:4px}} .ok{{background:#e6fffa}} .bad{{background:#fff5f5;color:#9b2c2c}}
</style></head><body>
<p><a href="{home}">{w["home"]}</a> · {other}</p>
<h1>{w["title"]}</h1><p>{w["intro"]}</p>
<form id="f" onsubmit="return false">
<label for="table">{w["table"]}</label><select id="table" name="table">{table_opts}</select>
<a id="template" href="/imports/site/template.xlsx">{w["template"]}</a>
<label for="file">{w["file"]}</label><input type="file" id="file" name="file" accept=".xlsx,.csv,.geojson,.json,.gpkg,.zip,.fgb,.pbf">
<label for="crs">{w["crs"]}</label><select id="crs" name="crs">{crs_opts}</select>
<div id="site-defaults"><label for="kind">{w["kind"]}</label><select id="kind" name="kind">{kind_opts}</select>
<label for="status">{w["status"]}</label><select id="status" name="status">{status_opts}</select></div>
<label for="ignore">{w["ignore"]}</label><input type="text" id="ignore" name="ignore_columns">
<div class="opt"><input type="checkbox" id="strict"> <label for="strict">{w["strict"]}</label></div>
<button id="check" type="button">{w["check"]}</button><button id="confirm" type="button" disabled>{w["confirm"]}</button>
</form>
<div id="summary"></div><div id="report"></div>
<script>
const W = {json.dumps(w, ensure_ascii=False)};
const LANG = {json.dumps(lang)};
const $ = (id) => document.getElementById(id);
function esc(s) {{ return String(s).replace(/[&<>"']/g, c => ({{'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}})[c]); }}
$('table').addEventListener('change', () => {{
  $('template').href = '/imports/' + $('table').value + '/template.xlsx';
  $('site-defaults').style.display = $('table').value === 'site' ? '' : 'none';
  $('confirm').disabled = true;
}});
$('file').addEventListener('change', () => {{ $('confirm').disabled = true; }});
function query(dry) {{
  const q = new URLSearchParams();
  if ($('crs').value) q.set('crs', $('crs').value);
  if ($('table').value === 'site') {{
    if ($('kind').value) q.set('kind', $('kind').value);
    if ($('status').value) q.set('status', $('status').value);
  }}
  if ($('ignore').value.trim()) q.set('ignore_columns', $('ignore').value.trim());
  if ($('strict').checked) q.set('strict', 'true');
  if (dry) q.set('dry_run', 'true');
  return q.toString();
}}
async function send(dry) {{
  const file = $('file').files[0];
  if (!file) {{ $('summary').className = 'bad'; $('summary').textContent = W.pick; return; }}
  const body = new FormData(); body.append('file', file);
  $('summary').className = ''; $('summary').textContent = W.busy; $('report').innerHTML = '';
  const answer = await fetch('/imports/' + $('table').value + '?' + query(dry), {{method: 'POST', body, credentials: 'same-origin'}});
  const data = await answer.json();
  const report = data.report || (data.table ? data : null);
  show(report, data, dry, answer.ok);
}}
function show(report, data, dry, ok) {{
  const s = $('summary');
  if (!report) {{ s.className = 'bad'; s.textContent = data.error || String(data); $('confirm').disabled = true; return; }}
  const good = ok && report.ok;
  const head = dry ? (good ? W.dry_ok : W.dry_bad) : (good ? W.done : W.refused_msg);
  const counts = ['read', 'inserted', 'updated', 'unchanged', 'refused'].map(k => W[k] + ' ' + report[k]).join(' · ');
  let extra = '';
  if (report.ignored_columns.length) extra += '<br>' + W.ignored + '：' + report.ignored_columns.map(esc).join('、');
  if (report.explanation_row_skipped) extra += '<br>' + W.explained;
  for (const h of report.hints) extra += '<br>' + W.hint + '：' + esc(LANG === 'en' ? h.en : h.zh);
  s.className = good ? 'ok' : 'bad';
  s.innerHTML = '<b>' + esc(head) + '</b><br><span id="counts">' + esc(counts) + '</span>' + extra;
  const rows = [...report.errors, ...report.warnings];
  if (rows.length) {{
    $('report').innerHTML = '<table id="problems"><thead><tr><th>' + [W.row, W.column, W.value, W.reason, W.severity].join('</th><th>') +
      '</th></tr></thead><tbody>' + rows.map(p => '<tr class="' + p.severity + '"><td>' + (p.row === null ? W.whole : p.row) +
      '</td><td>' + esc(p.column || '') + '</td><td>' + esc(p.value === null ? '' : p.value) + '</td><td>' +
      esc(LANG === 'en' ? p.reason_en : p.reason_zh) + '</td><td>' + W[p.severity] + '</td></tr>').join('') + '</tbody></table>';
  }}
  $('confirm').disabled = !(dry && good && (report.inserted + report.updated) > 0);
}}
$('check').addEventListener('click', () => send(true));
$('confirm').addEventListener('click', () => {{ $('confirm').disabled = true; send(false); }});
</script>
</body></html>"""
