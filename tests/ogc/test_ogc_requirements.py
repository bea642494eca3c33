"""OGC API – Features Part 1 (OGC 17-069r4): the conformance classes the service declares
(core, geojson, html), checked requirement by requirement. Expected values are SQL counts
and literals written here."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from geo.store.database import get_engine

CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core"
GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"
HTML = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html"
CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"


def _sql(url: str, sql: str, **params) -> int:
    with get_engine(url).connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def _rels(doc: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for link in doc["links"]:
        out.setdefault(link["rel"], []).append(link)
    return out


@pytest.fixture
def anon(client_as):
    return client_as("anonymous")


def test_root_op_and_success(anon) -> None:  # /req/core/root-op, /req/core/root-success
    r = anon.get("/ogc/", headers={"Accept": "application/json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    rels = _rels(r.json())
    assert {"self", "service-desc", "conformance", "data"} <= set(rels)
    assert rels["data"][0]["href"].endswith("/ogc/collections?f=json")
    assert anon.get("/ogc").status_code == 200  # without the trailing slash too
    assert anon.get(rels["service-desc"][0]["href"]).status_code == 200  # the API definition answers


def test_conformance_op_and_success(anon) -> None:  # /req/core/conformance-op, -success
    r = anon.get("/ogc/conformance")
    assert r.status_code == 200
    assert set(r.json()["conformsTo"]) == {CORE, GEOJSON, HTML}


def test_collections_op_success_links_extent(anon, db_url) -> None:  # /req/core/fc-md-op … fc-md-extent
    doc = anon.get("/ogc/collections").json()
    assert "self" in _rels(doc)
    ids = [c["id"] for c in doc["collections"]]
    assert {"county", "townships", "villages", "sites"} <= set(ids)
    for c in doc["collections"]:
        items = [k for k in c["links"] if k["rel"] == "items"]
        assert any(k["type"] == "application/geo+json" for k in items), c["id"]
        assert c["itemType"] == "feature" and c["crs"] == [CRS84]
        assert c["extent"]["spatial"]["crs"] == CRS84
    county = next(c for c in doc["collections"] if c["id"] == "county")
    with get_engine(db_url).connect() as conn:
        box = conn.execute(
            text("SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e) FROM (SELECT ST_Extent(geom) e FROM county) x")
        ).one()
    assert county["extent"]["spatial"]["bbox"][0] == pytest.approx(list(box), abs=1e-9)
    # Mangshi lies about 98.0–98.9 E, 24.0–24.7 N
    assert 97.9 < box[0] < box[2] < 99.0 and 23.9 < box[1] < box[3] < 24.8


def test_single_collection(anon) -> None:  # /req/core/sfc-md-op, /req/core/sfc-md-success
    listed = next(c for c in anon.get("/ogc/collections").json()["collections"] if c["id"] == "villages")
    one = anon.get("/ogc/collections/villages")
    assert one.status_code == 200 and one.json() == listed
    assert anon.get("/ogc/collections/no_such_layer").status_code == 404


def test_items_response_counts_and_links(
    anon, db_url
) -> None:  # fc-op, fc-response, fc-links, numberMatched/Returned, timeStamp
    villages = _sql(db_url, "SELECT count(*) FROM village WHERE location IS NOT NULL")
    r = anon.get("/ogc/collections/villages/items?limit=50")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    doc = r.json()
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == 50
    assert doc["numberMatched"] == villages and doc["numberReturned"] == 50
    assert doc["timeStamp"].endswith("Z")
    rels = _rels(doc)
    assert {"self", "alternate", "next"} <= set(rels) and "prev" not in rels
    # follow next links to the end: every village once, numberReturned adds up
    seen, url = [f["id"] for f in doc["features"]], rels["next"][0]["href"]
    while url:
        page = anon.get(url).json()
        assert "prev" in _rels(page)
        seen += [f["id"] for f in page["features"]]
        url = next((k["href"] for k in page["links"] if k["rel"] == "next"), None)
    assert len(seen) == len(set(seen)) == villages


def test_default_and_maximum_limit(anon, db_url) -> None:  # /req/core/fc-limit-definition, -response-1
    assert len(anon.get("/ogc/collections/villages/items").json()["features"]) == 10
    big = anon.get("/ogc/collections/villages/items?limit=100000").json()
    assert big["numberReturned"] == _sql(db_url, "SELECT count(*) FROM village WHERE location IS NOT NULL")
    for bad in ("0", "-1", "ten"):
        assert anon.get(f"/ogc/collections/villages/items?limit={bad}").status_code == 400
    assert anon.get("/ogc/collections/villages/items?offset=-5").status_code == 400


def test_bbox(anon, db_url) -> None:  # /req/core/fc-bbox-definition, /req/core/fc-bbox-response
    box = (98.5, 24.3, 98.7, 24.5)
    inside = _sql(
        db_url, "SELECT count(*) FROM village WHERE location && ST_MakeEnvelope(98.5, 24.3, 98.7, 24.5, 4326)"
    )
    doc = anon.get("/ogc/collections/villages/items?limit=1000&bbox=" + ",".join(map(str, box))).json()
    assert doc["numberMatched"] == inside == len(doc["features"]) and inside > 0
    for f in doc["features"]:
        x, y = f["geometry"]["coordinates"]
        assert box[0] <= x <= box[2] and box[1] <= y <= box[3]
    six = anon.get("/ogc/collections/villages/items?limit=1000&bbox=98.5,24.3,0,98.7,24.5,100").json()
    assert six["numberMatched"] == inside
    assert anon.get("/ogc/collections/villages/items?bbox=1,2,3").status_code == 400
    assert anon.get(f"/ogc/collections/villages/items?bbox=98.5,24.3,98.7,24.5&bbox-crs={CRS84}").status_code == 200
    assert anon.get("/ogc/collections/villages/items?bbox=98.5,24.3,98.7,24.5&bbox-crs=EPSG:3857").status_code == 400


def test_datetime_and_unknown_parameters(anon) -> None:  # /req/core/fc-time-definition, query-param-invalid/-unknown
    assert anon.get("/ogc/collections/villages/items?datetime=2026-11-01T00:00:00Z").status_code == 200
    assert anon.get("/ogc/collections/villages/items?datetime=../2026-11-01T00:00:00Z").status_code == 200
    assert anon.get("/ogc/collections/villages/items?datetime=yesterday").status_code == 400
    assert anon.get("/ogc/collections/villages/items?colour=red").status_code == 400


def test_property_filter(anon, db_url) -> None:
    code = "533103102"
    n = _sql(db_url, "SELECT count(*) FROM village WHERE township_code = :c AND location IS NOT NULL", c=code)
    doc = anon.get(f"/ogc/collections/villages/items?limit=1000&township_code={code}").json()
    assert doc["numberMatched"] == n == len(doc["features"]) and n > 0
    assert all(f["properties"]["township_code"] == code for f in doc["features"])


def test_feature_op_and_success(anon, db_url) -> None:  # /req/core/f-op, /req/core/f-success
    first = anon.get("/ogc/collections/villages/items?limit=1").json()["features"][0]
    r = anon.get(f"/ogc/collections/villages/items/{first['id']}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    doc = r.json()
    assert doc["type"] == "Feature" and doc["id"] == first["id"] and doc["properties"] == first["properties"]
    assert {"self", "collection"} <= set(_rels(doc))
    x, y = (
        _sql(db_url, "SELECT ST_X(location) FROM village WHERE code = :c", c=doc["properties"]["code"]),
        _sql(db_url, "SELECT ST_Y(location) FROM village WHERE code = :c", c=doc["properties"]["code"]),
    )
    assert doc["geometry"]["coordinates"] == pytest.approx([x, y], abs=1e-7)
    assert anon.get("/ogc/collections/villages/items/999999").status_code == 404


def test_geojson_polygons_follow_rfc7946(anon) -> None:  # /req/geojson/content
    doc = anon.get("/ogc/collections/county/items").json()
    f = doc["features"][0]
    assert f["geometry"]["type"] == "MultiPolygon"
    ring = f["geometry"]["coordinates"][0][0]
    area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
    assert area2 > 0  # exterior ring counter-clockwise
    assert f["properties"]["code"] == "533103"


def test_html_for_every_resource(anon) -> None:  # /req/html/definition, /req/html/content
    fid = anon.get("/ogc/collections/villages/items?limit=1").json()["features"][0]["id"]
    for path in (
        "/ogc/",
        "/ogc/conformance",
        "/ogc/collections",
        "/ogc/collections/villages",
        "/ogc/collections/villages/items",
        f"/ogc/collections/villages/items/{fid}",
    ):
        by_f = anon.get(path + "?f=html")
        by_accept = anon.get(path, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        for r in (by_f, by_accept):
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
            assert r.text.startswith("<!DOCTYPE html>")
    page = anon.get("/ogc/collections/sites/items?f=html&limit=100").text
    assert "村级电商服务站" in page and "village_station" not in page  # words, not codes, in zh
    assert "Village e-commerce station" in anon.get("/ogc/collections/sites/items?f=html&limit=100&lang=en").text
    assert anon.get("/ogc/collections?f=xml").status_code == 400


def test_private_collections(client_as) -> None:
    anon, viewer, official = client_as("anonymous"), client_as("viewer"), client_as("official")
    for c in (anon, viewer):
        ids = {x["id"] for x in c.get("/ogc/collections").json()["collections"]}
        assert not {"inspections", "inspection_status", "route_path", "route_stops"} & ids
    assert anon.get("/ogc/collections/inspections").status_code == 401
    assert anon.get("/ogc/collections/inspections/items").status_code == 401
    assert viewer.get("/ogc/collections/inspections/items").status_code == 403
    assert viewer.get("/ogc/collections/route_stops/items").status_code == 403
    ids = {x["id"] for x in official.get("/ogc/collections").json()["collections"]}
    assert "inspections" in ids and "route_stops" not in ids
    assert official.get("/ogc/collections/inspections/items").status_code == 200


def test_household_level_data_never_reaches_a_viewer(client_as, db_url) -> None:
    # a household-level column (privacy table: official and above) added to the villages layer's source
    with get_engine(db_url).begin() as conn:
        conn.execute(text("ALTER TABLE village ADD COLUMN household_head text"))
        conn.execute(text("UPDATE village SET household_head = '王某某'"))
    from layers import villages as vmod

    viewer, admin = client_as("viewer"), client_as("admin")
    original = vmod.VILLAGES.query
    object.__setattr__(vmod.VILLAGES, "filters", (*vmod.VILLAGES.filters, "household_head"))
    object.__setattr__(vmod.VILLAGES, "query", original.replace("v.households,", "v.households, v.household_head,"))
    try:
        body = viewer.get("/ogc/collections/villages/items?limit=1000").text
        assert "household_head" not in body and "王某某" not in body
        assert json.loads(body)["numberReturned"] == _sql(
            db_url, "SELECT count(*) FROM village WHERE location IS NOT NULL"
        )
        one = viewer.get("/ogc/collections/villages/items/1").text
        assert "王某某" not in one
        assert "王某某" in admin.get("/ogc/collections/villages/items?limit=5").text
    finally:
        object.__setattr__(vmod.VILLAGES, "query", original)
        object.__setattr__(vmod.VILLAGES, "filters", tuple(f for f in vmod.VILLAGES.filters if f != "household_head"))


def test_bearer_token_reaches_private_collection(client_as, db_url) -> None:
    supervisor = client_as("supervisor")
    r = supervisor.get("/ogc/collections/inspections/items?limit=10000")
    assert r.status_code == 200
    n = _sql(db_url, "SELECT count(*) FROM inspection WHERE position IS NOT NULL")
    assert r.json()["numberMatched"] == n
