"""The default dataset: Mangshi's real boundaries and codes plus the seeded demo data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import geopandas as gpd
from sqlalchemy import text

from geo.io.boundaries import read_default_boundaries, read_roads
from geo.io.demo import DemoDataset, generate
from geo.io.demo_flows import shipments
from geo.io.demo_funds import generate_funds
from geo.io.demo_programme import indicator_entries, training_sessions
from geo.io.load import LoadReport, load_frame
from geo.store.database import get_engine


def default_frames(
    boundaries_dir: Path | None = None, seed: int = 2022, as_of: dt.date | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """Table name -> frame, in load order, for the default dataset."""
    boundaries = read_default_boundaries(boundaries_dir)
    demo: DemoDataset = generate(boundaries, seed=seed, as_of=as_of)
    townships = demo.townships.copy()
    townships["seat_lon"] = townships["seat"].map(lambda p: None if p is None else p.x)
    townships["seat_lat"] = townships["seat"].map(lambda p: None if p is None else p.y)
    townships = townships.drop(columns=["seat"])
    specialty = sorted(set(demo.specialty_villages["village_code"]))
    funds = generate_funds(demo.sites, specialty, demo.inspections, seed=seed)
    return {
        "county": boundaries.county,
        "township": townships,
        "village": demo.villages,
        "site": demo.sites,
        "specialty_village": gpd.GeoDataFrame(demo.specialty_villages),
        "inspection": demo.inspections,
        "training_session": gpd.GeoDataFrame(training_sessions(specialty, seed=seed)),
        "indicator_entry": gpd.GeoDataFrame(indicator_entries(seed=seed)),
        # the real OSM major-road skeleton (ODbL), so reach and service areas use roads from the start
        "road": default_roads(boundaries_dir),
        "shipment": gpd.GeoDataFrame(shipments(demo.sites, as_of or dt.date.today(), seed=seed)),
        # the plan's ten items and budgets (real) with demo targets, payments, assets and findings
        **{table: gpd.GeoDataFrame(frame) for table, frame in funds.items()},
    }


def default_roads(boundaries_dir: Path | None = None) -> gpd.GeoDataFrame:
    """The shipped OSM skeleton as a ``road`` frame: its node ids and published lengths, source ``osm``."""
    roads = read_roads(boundaries_dir)
    roads = roads[["node_a", "node_b", "length_km", "geometry"]].copy()
    roads["class"] = "skeleton"
    roads["source"] = "osm"
    return roads


def load_default(
    url: str, boundaries_dir: Path | None = None, seed: int = 2022, as_of: dt.date | None = None, actor: str = "system"
) -> list[LoadReport]:
    """Load the whole default dataset in one transaction (all or nothing)."""
    frames = default_frames(boundaries_dir, seed=seed, as_of=as_of)
    with get_engine(url).begin() as conn:
        return [load_frame(conn, table, frame, actor=actor, label="default dataset") for table, frame in frames.items()]


def is_loaded(url: str) -> bool:
    with get_engine(url).connect() as conn:
        return bool(conn.execute(text("SELECT EXISTS (SELECT 1 FROM county)")).scalar())
