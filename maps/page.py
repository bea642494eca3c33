"""Build any registered map (``maps.spec``) into one HTML page, from its layers alone.

Each layer's features come from PostGIS already simplified and rounded for the scale they are
drawn at, travel as one compact JSON value per layer, and are drawn by ``fieldmap.layer``. The
page knows nothing about particular layers: styles come from ``Layer.style_for``, popups from
``Layer.fields``, the legend from ``Layer.legend``, and request filters go to the layers that
declare them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

import folium
import geopandas as gpd
import shapely
from sqlalchemy import Connection

from geo.analysis.flows import FlowQuery, flows
from geo.io.crs import wgs84_to_gcj02
from geo.privacy import rank, visible
from geo.vocab import FLOW_DIRECTION, SITE_KIND, in_brackets
from layers import registry
from layers.base import Layer
from maps import basemaps
from maps.assets import local_map
from maps.chrome import RawHtml, add_embed_bar, add_footer, add_legend, add_panel, add_title, page_root, summary_html
from maps.controls import filter_html
from maps.elements import FeatureLayer
from maps.embed import iframe_snippet
from maps.i18n import choose, t
from maps.json_text import compact_json
from maps.spec import MapSpec
from maps.summary import summarise

# Request parameters that are not layer filters.
PAGE_PARAMS = ("lang", "basemap", "embed")
ALIASES = {"township": "township_code"}  # the short name the architecture uses


@dataclass(frozen=True)
class PageOptions:
    lang: str = "zh"
    basemap: str = "none"
    embed: bool = False
    filters: dict[str, str] = field(default_factory=dict)
    role: str = "viewer"  # who looks: private layers and fields are left out below their role
    # The app's settings (geo.store.settings.Settings): layers that depend on them (the coverage rule) follow them.
    settings: object | None = None

    @classmethod
    def from_params(cls, params: dict[str, str], settings: object | None = None) -> PageOptions:
        """The page asked for by a request's query, under ``settings`` (the Tianditu key, the rules)."""
        filters = {ALIASES.get(k, k): v for k, v in params.items() if k not in PAGE_PARAMS and v != ""}
        embed = params.get("embed", "0").lower() in ("1", "true", "yes")
        basemap = basemaps.check(params.get("basemap", "none"), tianditu_key(settings))
        return cls(params.get("lang", "zh"), basemap, embed, filters, settings=settings)


def tianditu_key(settings: object | None) -> str | None:
    """The Tianditu key of ``settings`` (None without settings: the tianditu base map is refused)."""
    return getattr(settings, "tianditu_key", None)


# How a feature outside the chosen township is drawn: still there (a gap line still ends at its
# site), but grey, so the chosen township stands out.
GREY = {"color": "#a8a8a8", "fillColor": "#d0d0d0", "opacity": 0.55, "fillOpacity": 0.35, "ringColor": "#b0b0b0"}
GREYED_FILTERS = ("township_code",)


def build_page(conn: Connection, spec: MapSpec, opts: PageOptions, data_date: str = "", base_url: str = "") -> str:
    """The page's HTML. ``base_url`` (the service's own address) is where the offered embed code
    points; without it the page offers no embed code."""
    lang = opts.lang
    drawn: list[tuple[Layer, list[dict]]] = []
    decimals_of: dict[str, int] = {}
    boxes: list[tuple[bool, list[float]]] = []
    for name in spec.layers:
        layer = registry.get(name).for_settings(opts.settings)
        if not layer.visible_to(opts.role) or not _direction_shown(name, opts.filters):
            continue
        own = {k: v for k, v in opts.filters.items() if k in layer.filters}
        greyed = {k: v for k, v in own.items() if k in GREYED_FILTERS}
        sql_filters = {k: v for k, v in own.items() if k not in GREYED_FILTERS}
        decimals, tolerance = spec.precision(layer)
        decimals_of[layer.name] = decimals
        fc = json.loads(layer.geojson(conn, filters=sql_filters, precision=decimals, simplify=tolerance))
        features = fc["features"]
        for f in features:  # "_in": inside the township filter (drawn in colour, counted)
            f["properties"]["_in"] = all(str(f["properties"].get(k)) == v for k, v in greyed.items())
        if not layer.frames:
            pass
        elif greyed:
            inside = [f for f in features if f["properties"]["_in"]]
            if inside:
                boxes.append((True, feature_bbox(inside)))
        elif "bbox" in fc:
            boxes.append((bool(own), fc["bbox"]))
        if basemaps.needs_gcj02(opts.basemap):
            features = shift_to_gcj02(features, decimals)
        drawn.append((layer, features))

    # zoomSnap 0.25 lets the county fill the window instead of jumping a whole zoom level down.
    m = local_map(control_scale=False, zoom_control=True, attribution_control=opts.basemap != "none", zoom_snap=0.25)
    basemaps.add_tiles(m, opts.basemap, lang, tianditu_key(opts.settings))
    demo = False
    for layer, features in drawn:
        data, config = compact_layer(
            layer, features, lang, opts.embed, opts.role, decimals_of[layer.name] if spec.packed else None
        )
        if spec.packed:
            data = share_strings(data)
        FeatureLayer(layer.name, layer.title(lang), data, config).add_to(m)
        demo = demo or config.pop("demo")
    # Frame what the filters picked (e.g. one township), else everything; WGS 84 extents are
    # fine with Amap too: the ~500 m shift is far below the framing margin.
    framed = [b for filtered, b in boxes if filtered] or [b for _f, b in boxes]
    bounds = None
    if framed:
        bounds = [
            (min(b[1] for b in framed), min(b[0] for b in framed)),
            (max(b[3] for b in framed), max(b[2] for b in framed)),
        ]
        m.fit_bounds(bounds)  # fieldmap.page frames it again, clear of the title bar and open panels

    township_name = _township_name(conn, drawn, opts)
    layer_props = {layer.name: [f["properties"] for f in features] for layer, features in drawn}
    summary = summarise(spec.name, layer_props, lang)
    legend = _legend(drawn, lang)
    demo_label = t("demo", lang) if demo else None
    tools = [("summary", t("summary", lang))] if summary else []
    if not opts.embed:
        tools += [("filters", t("filter_panel", lang)), ("layers", t("layer_panel", lang))]
    # a map's own panel, e.g. the logistics map's monthly chart (built by geo analyses, no SQL here)
    chart = spec.panel_for(conn, lang) if spec.panel_for is not None and not opts.embed else ""
    if chart:
        tools.append(("chart", choose("月度货运", "Monthly flows", lang)))
    tools.append(("legend", t("legend", lang)))
    subtitle = " · ".join(p for p in (township_name, spec.subtitle(lang, opts.settings, conn)) if p)
    if opts.embed:
        title = spec.title(lang, opts.settings) + (f" · {township_name}" if township_name else "")
        add_embed_bar(m, title, t("source_short", lang), f"{t('data_date', lang)} {data_date}", tools)
        add_footer(m, "", demo_label)  # the demo label stays even in an iframe
    else:
        folium.LayerControl(collapsed=False).add_to(m)
        add_title(m, spec.title(lang, opts.settings), subtitle, tools)
        if chart:
            add_panel(m, "chart", choose("月度货运", "Monthly flows", lang), chart, "left", open_wide=False)
        roads = any(layer.name == "roads" and features for layer, features in drawn)
        add_footer(
            m,
            f"{t('data_date', lang)}: {data_date} · {t('attribution', lang)}"
            + (f" · {t('roads_attribution', lang)}" if roads else ""),
            demo_label,
        )
        snippet = iframe_snippet(spec.name, base_url, _page_params(opts), settings=opts.settings) if base_url else None
        add_panel(m, "filters", t("filter_panel", lang), _filters(conn, drawn, opts, snippet), "left", open_wide=True)
        add_panel(m, "layers", t("layer_panel", lang), "", "right", open_wide=True)
    if summary:
        exports = [] if opts.embed else _exports(spec.name, opts)
        add_panel(m, "summary", t("summary", lang), summary_html(summary, exports), "left", open_wide=True)
    add_legend(
        m,
        t("legend", lang) + (in_brackets(t("outside_filter", lang), lang) if township_name else ""),
        legend,
    )
    # after the map, its layers and the layer control exist (their scripts come later in the page)
    # The scale bar: km only (no miles); an embed has none.
    scale = (
        "" if opts.embed else "L.control.scale({metric:true,imperial:false,position:'bottomleft'}).addTo(fieldmap.map);"
    )
    page_root(m).script.add_child(
        RawHtml(
            "document.addEventListener('DOMContentLoaded',function(){%sfieldmap.page(%s);});"  # noqa: UP031 - JS braces
            % (scale, compact_json({"bounds": bounds}))
        )
    )
    return m.get_root().render()


def _exports(name: str, opts: PageOptions) -> list[tuple[str, str]]:
    """PNG / PDF of what is on screen (same filters and language), and the briefing deck."""
    query = urlencode({k: v for k, v in {**opts.filters, "lang": opts.lang}.items() if v})
    out = [("PNG", f"/maps/{name}.png?{query}"), ("PDF", f"/maps/{name}.pdf?{query}")]
    if rank(opts.role) >= rank("official"):
        out.append(("PPTX", f"/briefing.pptx?lang={opts.lang}"))
    return out


def _township_name(conn: Connection, drawn: list[tuple[Layer, list[dict]]], opts: PageOptions) -> str:
    code = opts.filters.get("township_code")
    if not code:
        return ""
    for _layer, features in drawn:
        for f in features:
            p = f["properties"]
            if p.get("code") == code and p.get("name") and p.get("township_code") == code:
                return str(p["name"])
    names = dict(registry.get("townships").distinct(conn, ("code", "name")))
    return names.get(code, code)


def feature_bbox(features: list[dict]) -> list[float]:
    """[minLon, minLat, maxLon, maxLat] of some GeoJSON features."""
    xs, ys = [], []

    def walk(c) -> None:  # noqa: ANN001
        if c and isinstance(c[0], (int, float)):
            xs.append(c[0])
            ys.append(c[1])
        else:
            for part in c:
                walk(part)

    for f in features:
        walk(f["geometry"]["coordinates"])
    return [min(xs), min(ys), max(xs), max(ys)]


PACKED = {"LineString": ("L", 0), "MultiLineString": ("ML", 1), "Polygon": ("P", 1), "MultiPolygon": ("MP", 2)}


def pack_geometry(geom: dict, decimals: int) -> dict:
    """A line or polygon as ``{type code: integer steps}``: every line or ring a flat list
    ``[x0, y0, dx1, dy1, …]`` in units of 10^-decimals (the layer's ``q``; fieldmap.js ``unpack``),
    a third of the bytes of the coordinates."""
    scale = 10**decimals

    def line(coords: list) -> list[int]:
        out, px, py = [], 0, 0
        for x, y, *_z in coords:
            ix, iy = round(x * scale), round(y * scale)
            out += [ix - px, iy - py]
            px, py = ix, iy
        return out

    if geom["type"] not in PACKED:
        return geom
    code, depth = PACKED[geom["type"]]

    def walk(c: list, d: int) -> list:
        return line(c) if d == 0 else [walk(x, d - 1) for x in c]

    return {code: walk(geom["coordinates"], depth)}


def share_strings(data: dict) -> dict:
    """Columns of repeated words (township names, station names, codes) as indexes into one list
    per column, ``d`` (fieldmap.js reads them back); other columns stay as they are."""
    rows = data["f"]
    tables: dict[str, list[str]] = {}
    for col in range(len(data["k"])):
        values = [r[2][col] for r in rows]
        words = [v for v in values if v is not None]
        if not words or not all(isinstance(v, str) for v in words) or len(set(words)) > 0.6 * len(words):
            continue
        table = sorted(set(words))
        where = {w: i for i, w in enumerate(table)}
        for r in rows:
            if r[2][col] is not None:
                r[2][col] = where[r[2][col]]
        tables[str(col)] = table
    return {**data, "d": tables} if tables else data


def compact_layer(
    layer: Layer, features: list[dict], lang: str, embed: bool, role: str = "viewer", decimals: int | None = None
) -> tuple[dict, dict]:
    """Keys, a style table and one row per feature; popup config with zh/en labels. With
    ``decimals``, lines and polygons are packed as integer steps (:func:`pack_geometry`).

    Personal fields go to officials and above only, never into an embed; the privacy table
    (``geo.privacy``) has the last word on any field."""
    shown = set(visible([f.name for f in layer.fields], role, layer.name))
    personal_ok = not embed and rank(role) >= rank("official")
    fields = [f for f in layer.fields if f.name in shown and (personal_ok or not f.personal)]
    extra = [k for k in (layer.label_key, layer.number_key) if k]
    keys = [f.name for f in fields]
    keys += [k for k in extra if k not in keys]
    tooltip = "name" if "name" in keys else (keys[0] if keys else None)
    styles: list[dict] = []
    index: dict[tuple, int] = {}
    rows = []
    demo = False
    for feat in features:
        props = feat["properties"]
        demo = demo or props.get("source") == "demo"
        style = layer.style_for(props)
        if not props.get("_in", True):
            style = {**style, **GREY}
        sk = tuple(sorted(style.items()))  # style values are scalars
        if sk not in index:
            index[sk] = len(styles)
            styles.append(style)
        geom = feat["geometry"]
        values = [f.shown(props.get(f.name), lang) for f in fields] + [
            layer.label_text(props, lang) if k == layer.label_key else props.get(k) for k in keys[len(fields) :]
        ]
        if geom["type"] == "Point":
            shape = geom["coordinates"]
        else:
            shape = pack_geometry(geom, decimals) if decimals is not None else geom
        rows.append([shape, index[sk], values])
    config = {
        "demo": demo,  # taken out by build_page before the config is written into the page
        "fields": [[f.name, f.label(lang), f.value_labels(lang) or None] for f in fields],
        "tooltip": tooltip,
        "label": layer.label_key,  # a permanent label (village name, distance, township share)
        "number": layer.number_key,  # a number inside the symbol (stop order)
        "yes": t("yes", lang),
        "no": t("no", lang),
    }
    data = {"k": keys, "s": styles, "f": rows}
    if decimals is not None:
        data["q"] = decimals
    return data, config


def shift_to_gcj02(features: list[dict], precision: int) -> list[dict]:
    """Move every vertex from WGS 84 to GCJ-02 (for Amap tiles), keeping ``precision`` decimals."""
    if not features:
        return features
    geoms = gpd.GeoSeries(shapely.from_geojson([json.dumps(f["geometry"]) for f in features]), crs="EPSG:4326")
    shifted = wgs84_to_gcj02(geoms)
    out = []
    for feat, geom in zip(features, shifted):
        g = json.loads(shapely.to_geojson(geom))
        g["coordinates"] = _round(g["coordinates"], precision)
        out.append({**feat, "geometry": g})
    return out


def _round(coords: list, n: int) -> list:
    if coords and isinstance(coords[0], (int, float)):
        return [round(c, n) for c in coords]
    return [_round(c, n) for c in coords]


def _legend(drawn: list[tuple[Layer, list[dict]]], lang: str) -> list[dict]:
    """Each layer's legend entries with their counts over the features drawn (inside the township
    filter); a counted entry with nothing on the map is left out. Uncounted entries always show."""
    out, seen = [], set()
    for layer, features in drawn:
        props = [f["properties"] for f in features if f["properties"].get("_in", True)]
        for e in layer.legend:
            count = e.count(props)
            if count == 0 or e.label(lang) in seen:
                continue
            seen.add(e.label(lang))
            style = e.style if e.style is not None else legend_style(e)
            out.append({"label": e.label(lang), "style": style, "count": count})
    return out


def legend_style(e) -> dict | None:  # noqa: ANN001
    """The symbol of an entry that names only a colour and a shape."""
    if e.shape == "none":
        return None
    if e.shape == "line":
        return {"shape": "line", "color": e.colour, "weight": 3}
    if e.shape in ("square", "polygon"):
        return {"shape": "polygon", "color": "#777777", "weight": 1, "fillColor": e.colour, "fillOpacity": 1}
    if e.shape == "ring":
        return {"shape": "circle", "radius": 5, "color": e.colour, "weight": 3, "fillOpacity": 0}
    return {"shape": e.shape, "radius": 6, "color": "#333333", "weight": 1, "fillColor": e.colour, "fillOpacity": 1}


def _page_params(opts: PageOptions) -> dict[str, str]:
    """The page's own query, defaults left out, for the embed code."""
    return {
        **opts.filters,
        "lang": choose("", "en", opts.lang),
        "basemap": "" if opts.basemap == "none" else opts.basemap,
    }


FLOW_LAYERS = {"flows_down": "down", "flows_up": "up"}


def _direction_shown(name: str, filters: dict[str, str]) -> bool:
    """``?direction=down|up`` keeps one of the two flow layers; anything else keeps both."""
    chosen = filters.get("direction")
    return name not in FLOW_LAYERS or chosen not in FLOW_LAYERS.values() or FLOW_LAYERS[name] == chosen


def _filters(conn: Connection, drawn: list[tuple[Layer, list[dict]]], opts: PageOptions, snippet: str | None) -> str:
    layers = [layer for layer, _f in drawn]
    townships = kinds = None
    if any("township_code" in layer.filters for layer in layers):
        shown = [fs for layer, fs in drawn if layer.name == "townships"]
        if shown:  # every township is drawn (a township filter greys, never hides): no query needed
            townships = sorted((f["properties"]["code"], f["properties"]["name"]) for f in shown[0])
        else:
            townships = registry.get("townships").distinct(conn, ("code", "name"))
    if any("kind" in layer.filters for layer in layers):
        kinds = [(k, SITE_KIND.word(k, opts.lang)) for k in SITE_KIND.codes]
    months = directions = None
    if any(layer.name in FLOW_LAYERS for layer in layers):  # officials only: the layers say who sees them
        whole = [r["month"] for r in flows(conn, FlowQuery(by="month")) if r.get("month")]
        months = [(m, m) for m in sorted(set(whole))]
        directions = [(d, FLOW_DIRECTION.word(d, opts.lang)) for d in FLOW_LAYERS.values()]
    keep = {"lang": opts.lang, "basemap": opts.basemap}
    return filter_html(opts.lang, keep, opts.filters, townships, kinds, snippet, months, directions)
