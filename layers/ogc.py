"""OGC API – Features Part 1 (Core, GeoJSON, HTML) documents built from the layer registry.

The collections are the registered layers a role may see (``geo.privacy``): no second list.
Items are built by PostGIS, one JSON text per feature, read through a server-side cursor
and handed out in chunks, so a page of 10,000 features never becomes one Python object and
a 100,000-feature collection pages without being loaded. Properties are the layer's popup
and filter columns minus the ones the caller's role may not see, chosen before the SQL runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Connection, Engine, text

from geo.errors import BadParameter, InvalidInput, NotFound
from geo.privacy import rows_may_be_hidden, visible
from geo.vocab import word
from layers import registry
from layers.base import Layer, parse_bbox

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
)
GEOJSON = "application/geo+json"
JSON = "application/json"
HTML = "text/html"
DEFAULT_LIMIT, MAX_LIMIT = 10, 10_000
# query parameters of /items that are not property filters
RESERVED = frozenset({"f", "limit", "offset", "bbox", "bbox-crs", "datetime", "lang"})
CHUNK = 2_000  # features per fetch from the server-side cursor


def collections_for(role: str | None, settings: Any = None) -> list[Layer]:  # noqa: ANN401 - Settings
    """The layers ``role`` may see, in registry order, as ``settings`` define them."""
    return [layer.for_settings(settings) for layer in registry.all_layers() if layer.visible_to(role)]


def collection_layer(collection_id: str, role: str | None, settings: Any = None) -> Layer:  # noqa: ANN401 - Settings
    """The layer behind a collection, as ``settings`` define it (their coverage and inspection rules)."""
    layer = registry.get(collection_id).for_settings(settings)  # NotFound for an unknown id
    if not layer.visible_to(role):  # the access table refuses first; this is the second lock
        raise NotFound(f"没有名为“{collection_id}”的集合 / No collection named '{collection_id}'.")
    return layer


def properties_for(layer: Layer, role: str | None) -> list[str]:
    """The property columns of ``layer`` that ``role`` may see."""
    return visible([c.strip() for c in layer._property_list().split(",")], role, layer.name)


def prefiltered(layer: Layer, role: str | None) -> bool:
    """True when choosing the columns is all the privacy rules need (no row rule can apply)."""
    return not rows_may_be_hidden(properties_for(layer, role), role)


def _link(href: str, rel: str, type_: str, title: str | None = None) -> dict:
    out = {"href": href, "rel": rel, "type": type_}
    if title:
        out["title"] = title
    return out


def _url(base: str, path: str, params: dict | None = None) -> str:
    query = urlencode({k: v for k, v in (params or {}).items() if v is not None})
    return f"{base}{path}" + (f"?{query}" if query else "")


def landing(base: str, lang: str = "zh") -> dict:
    title = word(("fieldmap 农村电商站点监测 OGC API", "fieldmap rural e-commerce OGC API"), lang)
    return {
        "title": title,
        "description": "图层的 OGC API – Features 服务 / The layers as OGC API – Features (Part 1: Core, GeoJSON, HTML)",
        "links": [
            _link(_url(base, "/", {"f": "json"}), "self", JSON, "本文档 / this document"),
            _link(_url(base, "/", {"f": "html"}), "alternate", HTML, "HTML"),
            _link(
                base.rsplit("/ogc", 1)[0] + "/openapi.json",
                "service-desc",
                "application/vnd.oai.openapi+json;version=3.0",
                "API 定义 / API definition",
            ),
            _link(base.rsplit("/ogc", 1)[0] + "/docs", "service-doc", HTML, "API 文档 / API documentation"),
            _link(_url(base, "/conformance", {"f": "json"}), "conformance", JSON, "符合类 / conformance classes"),
            _link(
                _url(base, "/conformance", {"f": "json"}), "http://www.opengis.net/def/rel/ogc/1.0/conformance", JSON
            ),
            _link(_url(base, "/collections", {"f": "json"}), "data", JSON, "集合 / collections"),
            _link(_url(base, "/collections", {"f": "json"}), "http://www.opengis.net/def/rel/ogc/1.0/data", JSON),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": list(CONFORMANCE)}


def _from_sql(layer: Layer) -> bool:
    """Layers built by one SELECT stream from PostGIS; layers computed in Python (pgRouting reach,
    service areas, suggestions) are small and are paged from their own GeoJSON."""
    return bool(layer.query.strip())


def _computed(
    conn: Connection, layer: Layer, role: str | None, q: ItemsQuery | None, fid: str | None = None
) -> list[dict]:
    """The features of a computed layer, as the SQL path gives them: id, geometry, the role's columns."""
    fc = json.loads(layer.geojson(conn, bbox=q.bbox if q else None, filters=q.filters if q else None, precision=7))
    columns = properties_for(layer, role)
    out = []
    for f in fc["features"]:
        props = f["properties"]
        if fid is not None and str(props.get("id")) != fid:
            continue
        out.append(
            {
                "type": "Feature",
                "id": props.get("id"),
                "geometry": f["geometry"],
                "properties": {c: props.get(c) for c in columns},
            }
        )
    if q is not None:
        out = out[q.offset : q.offset + q.limit]
    return out


def _extent(conn: Connection, layer: Layer) -> list[float] | None:
    if not _from_sql(layer):
        extent = getattr(layer, "extent", None)  # computed layers keep theirs per data version
        if extent is not None:
            return extent(conn)
        box = json.loads(layer.geojson(conn)).get("bbox")
        return [float(v) for v in box] if box else None
    sql = (
        f"WITH src AS ({layer.query}) SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) "
        f"FROM (SELECT ST_Extent(geom) AS e FROM src) x"
    )
    row = conn.execute(text(sql), layer.query_params()).one()
    return None if row[0] is None else [float(v) for v in row]


def collection(conn: Connection, layer: Layer, base: str, lang: str = "zh") -> dict:
    items = f"/collections/{layer.name}/items"
    box = _extent(conn, layer)
    return {
        "id": layer.name,
        "title": layer.title(lang),
        "description": f"{layer.title_zh} / {layer.title_en}（{layer.geometry_type}）",
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [box] if box else [[-180.0, -90.0, 180.0, 90.0]], "crs": CRS84}},
        "links": [
            _link(_url(base, f"/collections/{layer.name}", {"f": "json"}), "self", JSON),
            _link(_url(base, f"/collections/{layer.name}", {"f": "html"}), "alternate", HTML),
            _link(_url(base, items, {"f": "json"}), "items", GEOJSON, layer.title(lang)),
            _link(_url(base, items, {"f": "html"}), "items", HTML, layer.title(lang)),
        ],
    }


def collections(
    conn: Connection,
    role: str | None,
    base: str,
    lang: str = "zh",
    settings: Any = None,  # noqa: ANN401 - geo.store.settings.Settings
) -> dict:
    return {
        "links": [
            _link(_url(base, "/collections", {"f": "json"}), "self", JSON),
            _link(_url(base, "/collections", {"f": "html"}), "alternate", HTML),
        ],
        "collections": [collection(conn, layer, base, lang) for layer in collections_for(role, settings)],
    }


@dataclass(frozen=True)
class ItemsQuery:
    """A validated /items request."""

    limit: int
    offset: int
    bbox: tuple[float, float, float, float] | None
    filters: dict[str, str]


def _int(name: str, value: str | None, default: int, low: int) -> int:
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if number < low:
        raise InvalidInput(
            f"参数 {name}=“{value}”应为不小于 {low} 的整数 / {name}='{value}' must be an integer ≥ {low}."
        )
    return number


def parse_items_query(layer: Layer, params: dict[str, str]) -> ItemsQuery:
    """Check ``limit``, ``offset``, ``bbox`` (4 or 6 numbers, CRS84), ``datetime`` and the filters;
    a bad or unknown parameter is :class:`BadParameter` (400, as the standard asks)."""
    try:
        return _parse_items_query(layer, params)
    except BadParameter:
        raise
    except InvalidInput as e:
        raise BadParameter(e.message, detail=e.detail) from None


def _parse_items_query(layer: Layer, params: dict[str, str]) -> ItemsQuery:
    limit = min(_int("limit", params.get("limit"), DEFAULT_LIMIT, 1), MAX_LIMIT)
    offset = _int("offset", params.get("offset"), 0, 0)
    crs = params.get("bbox-crs")
    if crs not in (None, "", CRS84):
        raise InvalidInput(f"bbox-crs 只支持 {CRS84} / bbox-crs must be {CRS84}.")
    raw = params.get("bbox")
    if raw and raw.count(",") == 5:  # minLon,minLat,minZ,maxLon,maxLat,maxZ: the heights do not restrict
        parts = raw.split(",")
        raw = ",".join(parts[0:2] + parts[3:5])
    box = parse_bbox(raw)
    _check_datetime(params.get("datetime"))
    filters = {k: v for k, v in params.items() if k not in RESERVED}
    layer._where(None, filters)  # InvalidInput naming the allowed filters for an unknown one
    return ItemsQuery(limit, offset, box, filters)


def _check_datetime(value: str | None) -> None:
    """The layers have no temporal extent, so ``datetime`` restricts nothing; it must still parse."""
    import datetime as dt

    if not value:
        return
    for part in value.split("/"):
        if part in ("", ".."):
            continue
        try:
            dt.datetime.fromisoformat(part.replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput(
                f"datetime=“{value}”不是 RFC 3339 时间或区间 / datetime='{value}' is not an RFC 3339 "
                "instant or interval."
            ) from None


def _feature_sql(layer: Layer, columns: list[str], precision: int) -> str:
    geom = "ST_ForcePolygonCCW(geom)" if "Polygon" in layer.geometry_type else "geom"
    # row_to_json of a sub-select writes compact JSON with the columns' own names
    props = f"(SELECT row_to_json(p) FROM (SELECT {', '.join(columns)}) p)" if columns else "'{}'"
    # text concatenation, not ST_AsGeoJSON(record): PostGIS 3.3 cannot name the id member
    return (
        f'\'{{"type":"Feature","id":\' || to_json(id)::text || \',"geometry":\' || '
        f"coalesce(ST_AsGeoJSON({geom}, {int(precision)}), 'null') || ',\"properties\":' || "
        f"{props}::text || '}}'"
    )


def _select(
    layer: Layer, role: str | None, q: ItemsQuery | None, fid: str | None = None, precision: int = 7
) -> tuple[str, dict]:
    where, params = layer._where(q.bbox if q else None, q.filters if q else None)
    if fid is not None:
        where += (" AND " if where else " WHERE ") + "id::text = :fid"
        params["fid"] = fid
    page = f" LIMIT {int(q.limit)} OFFSET {int(q.offset)}" if q is not None else ""
    # the page is cut first, so the JSON is built for its rows only, not for the rows OFFSET skips
    sql = (
        f"WITH src AS ({layer.query}), page AS (SELECT * FROM src{where} ORDER BY id{page}) "
        f"SELECT {_feature_sql(layer, properties_for(layer, role), precision)} FROM page ORDER BY id"
    )
    return sql, params


def number_matched(conn: Connection, layer: Layer, q: ItemsQuery) -> int:
    return layer.count(conn, q.bbox, q.filters)


def page_links(base: str, layer: Layer, q: ItemsQuery, matched: int, params: dict[str, str]) -> list[dict]:
    path = f"/collections/{layer.name}/items"
    keep = {k: v for k, v in params.items() if k not in ("offset", "f")}
    links = [
        _link(_url(base, path, {**keep, "offset": q.offset or None, "f": "json"}), "self", GEOJSON),
        _link(_url(base, path, {**keep, "offset": q.offset or None, "f": "html"}), "alternate", HTML),
        _link(_url(base, f"/collections/{layer.name}", {"f": "json"}), "collection", JSON),
    ]
    if q.offset + q.limit < matched:
        links.append(
            _link(
                _url(base, path, {**keep, "limit": q.limit, "offset": q.offset + q.limit, "f": "json"}),
                "next",
                GEOJSON,
                "下一页 / next page",
            )
        )
    if q.offset > 0:
        prev = max(0, q.offset - q.limit)
        links.append(
            _link(
                _url(base, path, {**keep, "limit": q.limit, "offset": prev or None, "f": "json"}),
                "prev",
                GEOJSON,
                "上一页 / previous page",
            )
        )
    return links


def stream_items(
    engine: Engine, layer: Layer, role: str | None, q: ItemsQuery, matched: int, links: list[dict], stamp: str
) -> Iterator[bytes]:
    """The FeatureCollection of one page as chunks of bytes, read through a server-side cursor.

    ``numberReturned`` is counted while streaming and written after the features (members of a
    JSON object have no order), so the page is never held whole."""
    if not _from_sql(layer):
        with engine.connect() as conn:
            feats = _computed(conn, layer, role, q)
        tail = {"numberMatched": matched, "numberReturned": len(feats), "timeStamp": stamp, "links": links}
        yield json.dumps({"type": "FeatureCollection", "features": feats, **tail}, ensure_ascii=False).encode("utf-8")
        return
    sql, params = _select(layer, role, q)
    yield b'{"type":"FeatureCollection","features":['
    returned = 0
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, max_row_buffer=CHUNK).execute(text(sql), params)
        while True:
            rows = result.fetchmany(CHUNK)
            if not rows:
                break
            chunk = ",".join(r[0] for r in rows)
            yield ((b"," if returned else b"") + chunk.encode("utf-8"))
            returned += len(rows)
        result.close()
    tail = {"numberMatched": matched, "numberReturned": returned, "timeStamp": stamp, "links": links}
    yield b"]," + json.dumps(tail, ensure_ascii=False)[1:].encode("utf-8")


def page_rows(conn: Connection, layer: Layer, role: str | None, q: ItemsQuery) -> list[dict]:
    """One page as parsed features (for the HTML view, at most ``MAX_LIMIT`` of them)."""
    if not _from_sql(layer):
        return _computed(conn, layer, role, q)
    sql, params = _select(layer, role, q)
    return [json.loads(r[0]) for r in conn.execute(text(sql), params)]


def item(conn: Connection, layer: Layer, role: str | None, fid: str, base: str) -> dict:
    if _from_sql(layer):
        sql, params = _select(layer, role, None, fid=fid)
        row = conn.execute(text(sql), params).first()
        found = [json.loads(row[0])] if row is not None else []
    else:
        found = _computed(conn, layer, role, None, fid=fid)
    if not found:
        raise NotFound(f"集合“{layer.name}”中没有要素“{fid}” / No feature '{fid}' in collection '{layer.name}'.")
    feature = found[0]
    path = f"/collections/{layer.name}/items/{fid}"
    feature["links"] = [
        _link(_url(base, path, {"f": "json"}), "self", GEOJSON),
        _link(_url(base, path, {"f": "html"}), "alternate", HTML),
        _link(_url(base, f"/collections/{layer.name}", {"f": "json"}), "collection", JSON),
    ]
    return feature


def column_labels(layer: Layer, columns: list[str], lang: str) -> dict[str, str]:
    """Column -> its heading in ``lang``: the popup label, else the shared attribute word."""
    from geo.vocab import ATTRIBUTE

    by_name = {f.name: f for f in layer.fields}
    return {c: by_name[c].label(lang) if c in by_name else ATTRIBUTE.word(c, lang) for c in columns}


def value_words(layer: Layer, lang: str) -> dict[str, str]:
    """Stored codes -> words in ``lang`` for the layer's coded fields, plus yes/no."""
    from geo.vocab import YES_NO

    words: dict[str, str] = {"yes": YES_NO.word("true", lang), "no": YES_NO.word("false", lang)}
    for f in layer.fields:
        words.update(f.value_labels(lang))
    return words
