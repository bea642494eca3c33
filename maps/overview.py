"""The overview map: county, townships, villages and every site, from PostGIS."""

from __future__ import annotations

import json

import folium
from sqlalchemy import Connection

from layers import registry
from layers.sites import SITE_KINDS
from maps.assets import local_map
from maps.chrome import add_footer, add_legend, add_title, popup_table
from maps.i18n import status_label, t


def build_overview(conn: Connection, lang: str = "zh", data_date: str = "") -> folium.Map:
    county = registry.get("county")
    townships = registry.get("townships")
    villages = registry.get("villages")
    sites = registry.get("sites")

    county_fc = json.loads(county.geojson(conn, precision=5, simplify=0.0005))
    m = local_map(control_scale=True, zoom_control=True, prefer_canvas=True)
    folium.GeoJson(
        json.loads(townships.geojson(conn, precision=5, simplify=0.0005)),
        name=townships.title(lang),
        style_function=lambda _f: townships.style,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    ).add_to(m)
    folium.GeoJson(county_fc, name=county.title(lang), style_function=lambda _f: county.style).add_to(m)

    village_group = folium.FeatureGroup(name=villages.title(lang)).add_to(m)
    for f in villages.features(conn, precision=5):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        poor = bool(p["poverty_alleviated"])
        folium.CircleMarker(
            (lat, lon), radius=4 if not poor else 5,
            color="#9c4221" if poor else "#2b6cb0", weight=1, fill=True,
            fill_color="#f6ad55" if poor else "#90cdf4", fill_opacity=0.9,
            popup=folium.Popup(popup_table([(fl.label(lang), _yes_no(p.get(fl.name), lang)) for fl in villages.fields]), max_width=320),
            tooltip=p["name"],
        ).add_to(village_group)

    site_group = folium.FeatureGroup(name=sites.title(lang)).add_to(m)
    for f in sites.features(conn, precision=5):
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        zh, en, colour = SITE_KINDS[p["kind"]]
        rows = [
            (sites.fields[0].label(lang), p["name"]),
            (sites.fields[1].label(lang), zh if lang == "zh" else en),
            (sites.fields[2].label(lang), status_label(p["status"], lang)),
            (sites.fields[3].label(lang), p.get("township_name")),
            (sites.fields[4].label(lang), p.get("opened_on")),
        ]
        folium.CircleMarker(
            (lat, lon), radius=7, color="#222", weight=1, fill=True, fill_color=colour, fill_opacity=0.95,
            popup=folium.Popup(popup_table(rows), max_width=320), tooltip=p["name"],
        ).add_to(site_group)

    folium.LayerControl(collapsed=False).add_to(m)
    minx, miny, maxx, maxy = _bounds(county_fc)
    m.fit_bounds([(miny, minx), (maxy, maxx)])

    add_title(m, t("overview_title", lang))
    legend = [(t("county", lang), "#444444", "line"), (t("township", lang), "#f2efe6", "square"),
              (t("village", lang), "#90cdf4", "circle"), (t("poverty_village", lang), "#f6ad55", "circle")]
    legend += [((zh if lang == "zh" else en), colour, "circle") for zh, en, colour in SITE_KINDS.values()]
    add_legend(m, t("legend", lang), legend)
    demo = any(layer.has_demo(conn) for layer in (townships, villages, sites))
    add_footer(m, f"{t('data_date', lang)}: {data_date} · {t('attribution', lang)}", t("demo", lang) if demo else None)
    return m


def _yes_no(value: object, lang: str) -> object:
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    return value


def _bounds(fc: dict) -> tuple[float, float, float, float]:
    xs, ys = [], []

    def walk(coords):  # noqa: ANN001
        if isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in fc["features"]:
        walk(f["geometry"]["coordinates"])
    return min(xs), min(ys), max(xs), max(ys)
