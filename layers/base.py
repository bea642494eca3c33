"""A map layer: its query, style, legend entry, popup fields and zh/en titles.

The GeoJSON of a layer is built by PostGIS itself (``ST_AsGeoJSON(record)`` and
``string_agg``), so serving a layer costs one query and no Python loop per feature.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, text

from geo.errors import InvalidInput
from geo.privacy import rank
from geo.vocab import word


@dataclass(frozen=True)
class Field:
    name: str
    zh: str
    en: str
    # value -> (zh, en) words shown in popups instead of the stored code (e.g. site kinds).
    values: dict | None = None
    # Personal data (a person's name or a household's figures): never shown in embed mode.
    personal: bool = False
    # (stored value, lang) -> the text a person reads, for values no word table covers (a list of
    # codes, a visit history): words are made in Python, never in SQL.
    render: Callable[[Any, str], str] | None = None

    def label(self, lang: str) -> str:
        return word((self.zh, self.en), lang)

    def shown(self, value: object, lang: str) -> object:
        """The value as shown in ``lang`` when ``render`` says so; other values go as stored."""
        return self.render(value, lang) if self.render is not None and value is not None else value

    def value_labels(self, lang: str) -> dict[str, str]:
        return {k: word(pair, lang) for k, pair in (self.values or {}).items()}


@dataclass(frozen=True)
class LegendEntry:
    zh: str
    en: str
    colour: str
    shape: str  # circle, diamond, square, ring, line, polygon
    # The symbol exactly as the map draws it (a Leaflet style as ``Layer.style_for`` returns);
    # None: drawn from ``colour`` and ``shape``.
    style: dict | None = None
    # What the entry counts: features whose property ``key`` equals ``value`` (or, for a list
    # property, contains it). None: the entry is not counted (and never hidden as empty).
    key: str | None = None
    value: object = None

    def label(self, lang: str) -> str:
        return word((self.zh, self.en), lang)

    def count(self, properties: Iterable[dict]) -> int | None:
        """How many of the features (their properties) this entry stands for; None if uncounted."""
        if self.key is None:
            return None
        return sum(1 for p in properties if _matches(p.get(self.key), self.value))


def _matches(stored: object, value: object) -> bool:
    if isinstance(stored, (list, tuple)):
        return value in stored
    return stored == value


@dataclass(frozen=True)
class Layer:
    """One thing on the map. Styles are plain dicts of Leaflet path options
    (color, weight, fillColor, fillOpacity, radius, dashArray), so the Folium page and
    the static (PNG/SVG/PDF) renderer draw the same thing from the same numbers."""

    name: str
    title_zh: str
    title_en: str
    geometry_type: str  # Point, MultiPolygon, LineString
    # A SELECT yielding ``id``, ``geom`` (EPSG:4326), ``source`` and the popup/filter columns.
    query: str
    fields: tuple[Field, ...] = ()
    filters: tuple[str, ...] = ()  # columns usable as ?column=value filters
    carry: tuple[str, ...] = ()  # more columns the features carry (for styling), not shown in popups
    # Filters applied when the request gives none of ``filters`` (e.g. only the latest route plan).
    default_filters: dict = field(default_factory=dict)
    style: dict = field(default_factory=dict)
    # Per-feature styling: the value of property ``style_key`` picks an override from ``styles``.
    style_key: str | None = None
    styles: dict = field(default_factory=dict)
    legend: tuple[LegendEntry, ...] = ()
    # Symbol shape by a property's value (e.g. ``family`` -> circle / diamond / square).
    shape_key: str | None = None
    shapes: dict = field(default_factory=dict)
    # A property drawn as a permanent label beside the feature (None or "" draws none), and one
    # drawn inside a point's symbol (a stop number).
    label_key: str | None = None
    # The label's words around the stored value, (zh, en) with "{}" for it: SQL gives the value, not words.
    label_words: tuple[str, str] | None = None
    number_key: str | None = None
    # Whether the page frames this layer's extent (context such as roads running past the county does not).
    frames: bool = True
    # Drawing at county scale: polygon vertices closer than ``simplify`` degrees are dropped
    # and coordinates keep ``precision`` decimals (5 decimals is about 1 m).
    simplify: float = 0.0
    precision: int = 5
    # The lowest role that may see the layer at all (inspection records, route plans are not public).
    min_role: str = "viewer"
    # Layers whose query depends on settings (the coverage rule): settings -> the layer built for them.
    configure: Callable[[Any], Layer] | None = field(default=None, compare=False, repr=False)

    def for_settings(self, settings: Any) -> Layer:  # noqa: ANN401 - geo.store.settings.Settings
        """This layer as the given settings define it (itself when it does not depend on settings)."""
        return self.configure(settings) if self.configure is not None and settings is not None else self

    def title(self, lang: str) -> str:
        return word((self.title_zh, self.title_en), lang)

    def label_text(self, properties: dict, lang: str) -> str | None:
        """The permanent label of one feature in ``lang`` (None: no label)."""
        value = properties.get(self.label_key) if self.label_key else None
        if value is None or value == "":
            return None
        return word(self.label_words, lang).format(value) if self.label_words else str(value)

    def visible_to(self, role: str | None) -> bool:
        """Whether ``role`` (None = anonymous, counted as a viewer) may see this layer."""
        return rank(role) >= rank(self.min_role)

    def style_for(self, properties: dict) -> dict:
        """The style of one feature: the base style with its class's overrides (and its shape)."""
        style = self.style
        if self.style_key is not None:
            value = properties.get(self.style_key)
            key = str(value).lower() if isinstance(value, bool) else value
            style = {**style, **self.styles.get(key, {})}
        if self.shape_key is not None and properties.get(self.shape_key) in self.shapes:
            style = {**style, "shape": self.shapes[properties[self.shape_key]]}
        return style

    def query_params(self) -> dict:
        """Bind parameters the layer's own query needs (e.g. a threshold from settings)."""
        return {}

    def _where(
        self, bbox: tuple[float, float, float, float] | None, filters: dict[str, str] | None
    ) -> tuple[str, dict]:
        clauses, params = [], self.query_params()
        if not any(k in self.filters for k in (filters or {})):
            filters = {**(filters or {}), **self.default_filters}
        if bbox is not None:
            clauses.append("geom && ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, 4326)")
            params.update(dict(zip(("minx", "miny", "maxx", "maxy"), bbox)))
        for i, (column, value) in enumerate((filters or {}).items()):
            if column not in self.filters and column not in self.default_filters:
                raise InvalidInput(
                    f"图层“{self.name}”不能按“{column}”筛选，可用：{', '.join(self.filters) or '无'}\n"
                    f"Layer '{self.name}' cannot be filtered by '{column}'; allowed: {', '.join(self.filters) or 'none'}",
                    detail={"allowed": list(self.filters)},
                )
            clauses.append(f"{column}::text = :f{i}")
            params[f"f{i}"] = value
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def geojson(self, conn: Connection, bbox=None, filters=None, precision: int = 6, simplify: float = 0.0) -> str:
        """The layer as an RFC 7946 FeatureCollection (text), WGS 84."""
        where, params = self._where(bbox, filters)
        # ST_Simplify (keeping tiny parts) is 20-30x faster than ST_SimplifyPreserveTopology; it is only
        # used for drawing, where a rare self-touching ring at 50 m is invisible. Served layers are not simplified.
        geom = f"ST_Simplify(geom, {float(simplify)}, true)" if simplify else "geom"
        if "Polygon" in self.geometry_type:
            # RFC 7946 right-hand rule. Only for polygons: PostGIS 3.3 reverses LineStrings here.
            geom = f"ST_ForcePolygonCCW({geom})"
        # The collection carries its RFC 7946 ``bbox``, so a page can frame it without a pass over the coordinates.
        extent = "ST_Extent(t.geom)"
        bbox_member = (
            f"coalesce('\"bbox\":[' || ST_XMin({extent}) || ',' || ST_YMin({extent}) || ',' "
            f"|| ST_XMax({extent}) || ',' || ST_YMax({extent}) || '],', '')"
        )
        sql = (
            f"WITH src AS ({self.query}), sel AS (SELECT * FROM src{where}) "
            f'SELECT \'{{"type":"FeatureCollection",\' || {bbox_member} || \'"features":[\' || '
            f"coalesce(string_agg(ST_AsGeoJSON(t.*, 'geom', {int(precision)}, false), ',' ORDER BY t.id), '') || ']}}' "
            # OFFSET 0 keeps the subquery whole, so the simplified geometry is computed once, not per use
            f"FROM (SELECT id, {geom} AS geom, {self._property_list()} FROM sel OFFSET 0) t"
        )
        return conn.execute(text(sql), params).scalar_one()

    def features(
        self, conn: Connection, bbox=None, filters=None, precision: int = 6, simplify: float = 0.0
    ) -> list[dict]:
        return json.loads(self.geojson(conn, bbox, filters, precision, simplify))["features"]

    def _property_list(self) -> str:
        extra = [k for k in (self.shape_key, self.label_key, self.number_key) if k]
        names = ["source", *[f.name for f in self.fields if f.name != "source"], *self.filters, *self.carry, *extra]
        return ", ".join(dict.fromkeys(names))

    def count(self, conn: Connection, bbox=None, filters=None) -> int:
        where, params = self._where(bbox, filters)
        return conn.execute(text(f"WITH src AS ({self.query}) SELECT count(*) FROM src{where}"), params).scalar_one()

    def distinct(self, conn: Connection, columns: tuple[str, ...]) -> list[tuple]:
        """Distinct values of some columns, sorted (e.g. township codes and names for a filter)."""
        cols = ", ".join(columns)
        sql = f"WITH src AS ({self.query}) SELECT DISTINCT {cols} FROM src ORDER BY {cols}"
        return [tuple(r) for r in conn.execute(text(sql), self.query_params())]

    def has_demo(self, conn: Connection) -> bool:
        sql = f"WITH src AS ({self.query}) SELECT EXISTS (SELECT 1 FROM src WHERE source = 'demo')"
        return bool(conn.execute(text(sql), self.query_params()).scalar())


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``minLon,minLat,maxLon,maxLat`` in WGS 84 (RFC 7946 order), or InvalidInput."""
    if value is None or value == "":
        return None
    hint = "bbox 应为“最小经度,最小纬度,最大经度,最大纬度”，如 98.2,24.1,98.8,24.7 / bbox must be minLon,minLat,maxLon,maxLat, e.g. 98.2,24.1,98.8,24.7"
    try:
        minx, miny, maxx, maxy = (float(v) for v in value.split(","))
    except ValueError:
        raise InvalidInput(f"bbox“{value}”无法解析。{hint}") from None
    if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
        raise InvalidInput(f"bbox“{value}”超出经纬度范围或最小值不小于最大值。{hint}")
    return minx, miny, maxx, maxy
