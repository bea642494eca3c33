"""The HTML face of the OGC API documents (conformance class html): plain pages of links and tables.

Pure functions of the JSON documents built in ``layers.ogc``; no SQL here."""

from __future__ import annotations

from html import escape

from maps.i18n import choose, html_lang

_STYLE = (
    "body{font-family:'WenQuanYi Micro Hei',sans-serif;margin:2em;max-width:70em}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}"
)


def _page(title: str, body: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{html_lang(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>{body}</body></html>"
    )


def _links(links: list[dict]) -> str:
    rows = "".join(
        f'<li><a href="{escape(k["href"])}">{escape(k.get("title") or k["rel"])}</a> '
        f"<small>({escape(k['rel'])}, {escape(k['type'])})</small></li>"
        for k in links
    )
    return f"<ul>{rows}</ul>"


def landing(doc: dict, lang: str) -> str:
    return _page(doc["title"], f"<p>{escape(doc['description'])}</p>" + _links(doc["links"]), lang)


def conformance(doc: dict, lang: str) -> str:
    rows = "".join(f"<li>{escape(c)}</li>" for c in doc["conformsTo"])
    return _page(choose("符合类", "Conformance classes", lang), f"<ul>{rows}</ul>", lang)


def collections(doc: dict, lang: str) -> str:
    head = choose(
        "<tr><th>集合</th><th>标题</th><th>要素</th></tr>",
        "<tr><th>Collection</th><th>Title</th><th>Items</th></tr>",
        lang,
    )
    rows = "".join(
        f'<tr><td><a href="{escape(c["links"][1]["href"])}">{escape(c["id"])}</a></td><td>{escape(c["title"])}</td>'
        f'<td><a href="{escape(c["links"][3]["href"])}">{choose("要素", "items", lang)}</a></td></tr>'
        for c in doc["collections"]
    )
    return _page(choose("集合", "Collections", lang), f"<table>{head}{rows}</table>" + _links(doc["links"]), lang)


def collection(doc: dict, lang: str) -> str:
    box = ", ".join(f"{v:.5f}" for v in doc["extent"]["spatial"]["bbox"][0])
    body = (
        f"<p>{escape(doc['description'])}</p><p>{choose('范围（CRS84）', 'Extent (CRS84)', lang)}: {box}</p>"
        + _links(doc["links"])
    )
    return _page(doc["title"], body, lang)


def _cell(value: object, words: dict[str, str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return words["yes"] if value else words["no"]
    return escape(str(words.get(str(value), value)) if isinstance(value, str) else str(value))


def items(
    title: str,
    features: list[dict],
    labels: dict[str, str],
    words: dict[str, str],
    matched: int,
    links: list[dict],
    lang: str,
) -> str:
    """One page of features as a table; ``labels`` are column headings, ``words`` code → word."""
    columns = list(labels)
    head = (
        "<tr><th>id</th>"
        + "".join(f"<th>{escape(labels[c])}</th>" for c in columns)
        + f"<th>{choose('坐标', 'Coordinates', lang)}</th></tr>"
    )
    rows = []
    for f in features:
        g = f.get("geometry") or {}
        where = (
            ", ".join(f"{v:.5f}" for v in g["coordinates"]) if g.get("type") == "Point" else escape(g.get("type", ""))
        )
        cells = "".join(f"<td>{_cell(f['properties'].get(c), words)}</td>" for c in columns)
        rows.append(f"<tr><td>{escape(str(f.get('id')))}</td>{cells}<td>{where}</td></tr>")
    summary = choose(
        f"共 {matched} 个要素，本页 {len(features)} 个", f"{matched} features, {len(features)} on this page", lang
    )
    return _page(title, f"<p>{summary}</p><table>{head}{''.join(rows)}</table>" + _links(links), lang)


def item(title: str, feature: dict, labels: dict[str, str], words: dict[str, str], lang: str) -> str:
    rows = "".join(
        f"<tr><th>{escape(labels.get(k, k))}</th><td>{_cell(v, words)}</td></tr>"
        for k, v in feature["properties"].items()
    )
    return _page(f"{title} · {feature.get('id')}", f"<table>{rows}</table>" + _links(feature["links"]), lang)
