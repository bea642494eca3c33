"""Road networks for pgRouting: stable keys for idempotent loads, and the node topology.

A file may name its graph nodes (``node_a``/``node_b`` as in the OSM skeleton of the default
dataset, or ``source``/``target``); otherwise pgRouting builds the topology from the geometry
(``pgr_createTopology``: line ends closer than ~10 m share a node).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, text

from geo.errors import InvalidInput
from geo.extras import needs

if TYPE_CHECKING:
    from geo.store.settings import Settings

TOPOLOGY_TOLERANCE_DEG = 0.0001  # ~10 m
# OSM ``highway`` values kept from an .osm.pbf extract: roads a delivery van uses.
OSM_DRIVABLE = (
    "motorway",
    "trunk",
    "primary",
    "secondary",
    "tertiary",
    "unclassified",
    "residential",
    "motorway_link",
    "trunk_link",
    "primary_link",
    "secondary_link",
    "tertiary_link",
    "track",
)


@dataclass(frozen=True)
class RoadSpeeds:
    """Speed (km/h) per road class, for roads whose file gives no speed (from settings)."""

    by_class: dict[str, float] = field(default_factory=dict)
    default_kmh: float = 45.0

    @classmethod
    def from_settings(cls, settings: Settings) -> RoadSpeeds:
        return cls(dict(settings.road_class_speeds), float(settings.road_default_speed_kmh))

    def for_class(self, road_class: object) -> float:
        key = str(road_class).strip().lower() if _present(road_class) else ""
        key = key.removesuffix("_link")
        return float(self.by_class.get(key, self.default_kmh))


def with_speeds(gdf: gpd.GeoDataFrame, speeds: RoadSpeeds | None) -> gpd.GeoDataFrame:
    """Fill ``speed_kmh`` where the file gives none, from the road's class (``class`` or OSM ``highway``)."""
    gdf = gdf.copy()
    if "class" not in gdf.columns and "highway" in gdf.columns:
        gdf["class"] = gdf["highway"]
    if speeds is None:
        return gdf
    classes = gdf["class"] if "class" in gdf.columns else pd.Series([None] * len(gdf), index=gdf.index)
    given = pd.to_numeric(gdf["speed_kmh"], errors="coerce") if "speed_kmh" in gdf.columns else None
    filled = [speeds.for_class(c) for c in classes]
    if given is not None:
        # a typed speed is kept as typed (validation names a bad one); only blanks are filled
        raw = gdf["speed_kmh"]
        filled = [raw.iloc[i] if _present(raw.iloc[i]) else filled[i] for i in range(len(gdf))]
    gdf["speed_kmh"] = filled
    return gdf


def read_osm_pbf(path: str | Path) -> gpd.GeoDataFrame:
    """The drivable ways of an OpenStreetMap ``.osm.pbf`` extract, split at every junction (pyrosm),
    as LineStrings with their OSM node ids (``node_a``/``node_b``), length and class (= highway)."""
    with needs("osm"):  # pyrosm is the osm extra
        from pyrosm import OSM
    if not Path(path).exists():
        raise InvalidInput(f"找不到文件：{path}\nFile not found: {path}")
    try:
        _nodes, edges = OSM(str(path)).get_network(network_type="driving", nodes=True)
    except Exception as exc:  # noqa: BLE001 - pyrosm raises many kinds on a broken file
        raise InvalidInput(
            f"无法读取 OSM 文件 {Path(path).name}：{exc}\nCannot read the OSM file {Path(path).name}: {exc}"
        ) from exc
    if edges is None or edges.empty:
        raise InvalidInput(
            f"OSM 文件 {Path(path).name} 中没有可通行的道路。\nThe OSM file {Path(path).name} has no drivable roads."
        )
    edges = edges[edges["highway"].isin(OSM_DRIVABLE)]
    out = gpd.GeoDataFrame(
        {
            "class": edges["highway"].astype(str).values,
            "node_a": edges["u"].astype("int64").values,
            "node_b": edges["v"].astype("int64").values,
            "length_km": (edges["length"].astype(float) / 1000.0).values,
        },
        geometry=edges.geometry.values,
        crs=edges.crs or "EPSG:4326",
    )
    out = out.explode(index_parts=False).reset_index(drop=True)
    # a way may run twice between the same two nodes (a loop road): keep each as its own edge
    out["ref"] = [f"osm-{a}-{b}-{i}" for i, (a, b) in enumerate(zip(out["node_a"], out["node_b"]))]
    return out


def count_others(conn: Connection, refs: list[str]) -> int:
    """How many roads are not in ``refs`` (what a road file would remove); reads only."""
    return conn.execute(
        text("SELECT count(*) FROM road WHERE ref IS NULL OR ref <> ALL(CAST(:refs AS text[]))"), {"refs": refs}
    ).scalar_one()


def remove_others(conn: Connection, refs: list[str]) -> int:
    """Delete the roads not in ``refs`` (the file replaces the network); returns how many went."""
    return conn.execute(
        text("DELETE FROM road WHERE ref IS NULL OR ref <> ALL(CAST(:refs AS text[]))"), {"refs": refs}
    ).rowcount


def with_refs(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The frame with ``node_a``/``node_b`` and a ``ref`` key per edge (kept if the file has one)."""
    gdf = gdf.copy()
    if gdf.geometry.name in gdf.columns and (gdf.geom_type == "MultiLineString").any():
        gdf = gdf.explode(index_parts=False).reset_index(drop=True)  # one edge per part
    if "node_a" not in gdf.columns and {"source", "target"} <= set(gdf.columns):
        nodes = gdf[["source", "target"]].apply(pd.to_numeric, errors="coerce")
        if nodes.notna().all().all():  # numeric: pgRouting-style node ids, not a provenance text
            gdf["node_a"], gdf["node_b"] = nodes["source"], nodes["target"]
            gdf = gdf.drop(columns=["source", "target"])
    gdf = _merge_zero_length_edges(gdf)
    refs = []
    for _, row in gdf.iterrows():
        if "ref" in gdf.columns and isinstance(row.get("ref"), str) and row["ref"].strip():
            refs.append(row["ref"].strip())
        elif "node_a" in gdf.columns and _present(row.get("node_a")) and _present(row.get("node_b")):
            a, b = int(float(row["node_a"])), int(float(row["node_b"]))
            refs.append(f"edge-{a}-{b}")
        elif row.geometry is not None:
            refs.append("geom-" + hashlib.sha1(shapely.to_wkb(row.geometry)).hexdigest()[:16])
        else:
            refs.append(None)
    gdf["ref"] = refs
    return gdf


def _merge_zero_length_edges(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Drop edges whose two ends coincide (nodes rounded to the same point) and merge their nodes.

    Such an edge is not a valid line, but it does connect two node ids; giving both ends one id
    keeps the network connected exactly as the file meant.
    """
    if "node_a" not in gdf.columns or "node_b" not in gdf.columns:
        return gdf
    lengths = gdf.geometry.apply(lambda g: g.length if g is not None else 1.0)
    zero = (lengths == 0) & gdf["node_a"].notna() & gdf["node_b"].notna()
    if not zero.any():
        return gdf
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.get(node, node) != node:
            node = parent[node]
        return node

    for a, b in zip(gdf.loc[zero, "node_a"], gdf.loc[zero, "node_b"]):
        ra, rb = root(int(float(a))), root(int(float(b)))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    kept = gdf.loc[~zero].copy()
    for column in ("node_a", "node_b"):
        kept[column] = [root(int(float(v))) if _present(v) else v for v in kept[column]]
    return kept


def build_topology(conn: Connection) -> int:
    """Give every road edge its nodes; returns the number of edges still without nodes."""
    missing = conn.execute(
        text("SELECT count(*) FROM road WHERE source_node IS NULL OR target_node IS NULL")
    ).scalar_one()
    if missing == 0:
        return 0
    if not has_pgrouting(conn):
        raise InvalidInput(
            "道路文件没有节点编号（node_a/node_b），且数据库未安装 pgRouting，无法建立路网拓扑。\n"
            "The road file has no node ids (node_a/node_b) and pgRouting is not installed, so no topology can be built."
        )
    # pgr_createTopology wants columns named by the caller; it writes road_vertices_pgr as well.
    conn.execute(
        text(
            f"SELECT pgr_createTopology('road', {TOPOLOGY_TOLERANCE_DEG}, 'geom', 'id', 'source_node', 'target_node', clean := true)"
        )
    )
    return conn.execute(text("SELECT count(*) FROM road WHERE source_node IS NULL OR target_node IS NULL")).scalar_one()


def has_pgrouting(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pgrouting')")).scalar())


def has_network(conn: Connection) -> bool:
    """True when routing can run on the ``road`` table (pgRouting installed, edges with nodes)."""
    if not has_pgrouting(conn):
        return False
    return bool(
        conn.execute(
            text("SELECT EXISTS (SELECT 1 FROM road WHERE source_node IS NOT NULL AND target_node IS NOT NULL)")
        ).scalar()
    )


def _present(value: object) -> bool:
    return value is not None and str(value).strip() not in ("", "nan", "None")
