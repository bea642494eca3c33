"""The cold-page peers, both plain Folium over the same layers, full-precision coordinates:

- ``build_documented``: Folium as its documentation teaches, one ``folium.GeoJson`` per layer
  with ``GeoJsonPopup``/``GeoJsonTooltip`` (the fair peer);
- ``build_plain``: one folium object per marker (CircleMarker + Popup + Tooltip), ``GeoJson``
  for polygons and lines (the marker-per-point variant, slower than Folium needs to be)."""

from __future__ import annotations

import html

import folium
from sqlalchemy import Connection

from layers import registry
from maps.assets import local_map
from maps.spec import MapSpec


def _popup(layer, props: dict) -> str:  # noqa: ANN001
    rows = "".join(
        f"<tr><th>{html.escape(f.zh)}</th><td>{html.escape(str(props.get(f.name, '')))}</td></tr>" for f in layer.fields
    )
    return f"<table>{rows}</table>"


def build_plain(conn: Connection, spec: MapSpec) -> str:
    m = local_map(control_scale=True)
    for name in spec.layers:
        layer = registry.get(name)
        features = layer.features(conn)
        if not features:  # e.g. route layers when no route is asked for; folium refuses empty popups
            continue
        group = folium.FeatureGroup(name=layer.title_zh).add_to(m)
        if layer.geometry_type == "Point":
            for f in features:
                lon, lat = f["geometry"]["coordinates"]
                style = layer.style_for(f["properties"])
                folium.CircleMarker(
                    (lat, lon),
                    radius=style.get("radius", 6),
                    color=style.get("color"),
                    weight=style.get("weight", 1),
                    fill=True,
                    fill_color=style.get("fillColor"),
                    fill_opacity=style.get("fillOpacity", 0.9),
                    popup=folium.Popup(_popup(layer, f["properties"]), max_width=340),
                    tooltip=str(f["properties"].get("name", "")),
                ).add_to(group)
        else:
            fields = [f.name for f in layer.fields]
            folium.GeoJson(
                {"type": "FeatureCollection", "features": features},
                style_function=lambda feat, layer=layer: layer.style_for(feat["properties"]),
                popup=folium.GeoJsonPopup(fields=fields, aliases=[f.zh for f in layer.fields]) if fields else None,
            ).add_to(group)
    folium.LayerControl().add_to(m)
    return m.get_root().render()


def build_documented(conn: Connection, spec: MapSpec) -> str:
    """Folium as its documentation teaches: one ``folium.GeoJson`` per layer, with a
    ``GeoJsonPopup`` and a ``GeoJsonTooltip``, the geometries as stored (no simplification)."""
    m = local_map(control_scale=True)
    for name in spec.layers:
        layer = registry.get(name)
        features = layer.features(conn)
        if not features:
            continue
        fields = [f.name for f in layer.fields]
        aliases = [f.zh for f in layer.fields]
        point = layer.geometry_type == "Point"
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            name=layer.title_zh,
            style_function=lambda feat, layer=layer: layer.style_for(feat["properties"]),
            marker=folium.CircleMarker(radius=6, fill=True) if point else None,
            popup=folium.GeoJsonPopup(fields=fields, aliases=aliases) if fields else None,
            tooltip=folium.GeoJsonTooltip(fields=fields[:1], aliases=aliases[:1]) if fields else None,
        ).add_to(m)
    folium.LayerControl().add_to(m)
    return m.get_root().render()
