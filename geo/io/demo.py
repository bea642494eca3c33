"""Seeded demo data for the default county 芒市 (Mangshi, 533103).

The real inputs (county outline, NBS 2023 township and village codes/names, 5 township
seats, 9 sizhi extent rectangles) are read by :mod:`geo.io.boundaries`. Everything this
module adds is **invented demo data**, marked as such on every row:
``source='demo'`` (villages, sites, specialty villages, inspections),
``location_source='demo'`` (village points) and ``geom_source='approximate'``
(township outlines). Nothing here describes the real 芒市: no real township outlines,
village locations, 脱贫村 list, site list or inspection record was available.

Determinism: ``numpy.random.default_rng(seed)`` is the only randomness (the global RNG
is never used); it spawns one child generator per step below, so changing one step does
not reshuffle the others. Rows are sorted by code/ref. Same ``seed`` and ``as_of`` give
byte-identical files from :func:`write_dataset`.

Method (geometry in UTM 47N, EPSG:32647; results in EPSG:4326, rounded to 1e-6°):

1. **Township anchors.** The published seat (mean of its GeoNames/Wikipedia points) for
   the 5 townships that have one (勐焕街道, 芒市镇, 遮放镇, 勐戛镇, 风平镇); for the 4
   townships with an extent rectangle but no seat (芒海镇, 轩岗乡, 江东乡, 五岔路乡) the
   representative point of (rectangle ∩ county outline); for 西山乡, 中山乡 and
   三台山德昂族乡 (no seat, no rectangle) the best of 400 random candidates - the one
   farthest from every anchor placed so far - inside the part of the county that no
   rectangle covers (shrunk by 1.5 km), taken in code order. 遮放农场 (533103400, a farm
   addressed in Zhefang) is placed the same way but inside 遮放镇's rectangle, 3-8 km
   from 遮放镇's anchor. These last four positions are arbitrary and do **not** reflect
   where the real townships lie.
2. **Township outlines** (``geom_source='approximate'``). A raster of 200 m cells over
   the county; each cell goes to the township with the least cost = distance to its
   anchor, + 10,000 km if the cell is outside that township's extent rectangle (townships
   that have one), ×1.6 and confined to 遮放镇's rectangle for 遮放农场, + 3 km if the cell
   lies in any rectangle (townships without one: they prefer uncovered land). The 3×3
   cells around each anchor are forced to its township; detached fragments are merged
   into the neighbour they share most edges with. Cells are unioned per township,
   clipped to the county outline, the shared borders simplified with
   ``shapely.coverage_simplify`` (300 m, county border kept), made valid and cast to
   MultiPolygon. Result: a partition of the county (no overlaps, union = county).
   勐焕街道 stays inside its ~6×6 km rectangle.
3. **Villages** (``location_source='demo'``): one point each, at least 400 m inside its
   township, by best-candidate sampling (of 24 random points the one farthest from the
   township's villages placed so far, which keeps them ~500 m+ apart where area allows).
   A 村委会 named after its township (勐戛村, 芒海村, 风平村, 五岔路村) lies within
   1.5 km of the anchor; 居委会 (communities) lie within max(1.5 km, 0.6 km·√n) of the
   anchor (勐焕街道's 29 in the town); other 村委会 spread over the township.
4. **Poverty flags and households.** 36-44 % of the 村委会 are flagged
   ``poverty_alleviated`` (乡 weighted 1.6× over 镇 - a demo assumption, not the real
   脱贫村 list); communities never. Households 150-900 (村委会) / 300-3000 (居委会);
   ``poverty_households`` 8-30 % of households when flagged, 0-6 % otherwise.
5. **Sites.** 市级电子商务公共服务中心 and 电商直播基地 in 勐焕街道 near its anchor;
   仓储物流配送中心 1.5-5 km from the 勐焕 anchor in 芒市镇 and an 智能分拣中心 next to
   it; 仓储物流配送站 in 遮放镇, 风平镇 and 勐戛镇; a 乡镇电商服务站 near every anchor
   except 勐焕街道's; a 村级电商服务站 in 60 % of the 村委会 (30-700 m from the village
   point), covering ~75-85 % of the poverty-flagged ones (the uncovered ones picked with
   weight ∝ remoteness, so real coverage gaps exist); 8-10 乡村直播站点 at station
   villages (always including the two specialty villages). Statuses: county-level and
   specialty sites operating; of the rest ~4 % closed, ~8 % suspended, 2 building
   (``opened_on`` None for those), the others operating. ``opened_on`` 2019-06..2022-11.
   Every site has the township it lies in and the village it serves (the nearest village
   of that township for county/township-level sites). Every point is ≥100 m inside its
   township.
6. **Specialty villages** (电商特色村): 象塘村 (533103103204, 勐戛镇, 咖啡, 象塘咖啡) and a
   seeded 遮放镇 村委会 (遮放贡米); one row per year 2022-2025, sales growing to
   > 5,000,000 yuan combined, ~50 shops, ~100 jobs.
7. **Inspections** over the 182 days before ``as_of``: every village/township/live
   station, warehouse and the sorting centre that is operating or suspended gets 0-3
   visits (weekdays, 09:00-17:30 Asia/Shanghai), ~35 % unannounced (暗访), by a team
   label 督查一组-四组; outcomes mostly ``normal``, some ``needs_rectification`` and a
   later ``rectified``; suspended sites flagged idle_assets/stalled/idle_funds more often;
   closed sites get one ``closed`` visit, building sites at most one stalled visit. The
   recorder's GPS point is within 50 m of the site for ~94 % of records and 1-5 km away
   for the rest (desk-made records).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry

from geo.io import demo_places as dp
from geo.io.boundaries import WGS84, DefaultBoundaries

TZ = ZoneInfo("Asia/Shanghai")
CAPABILITIES = ("ecommerce", "logistics", "live_streaming", "consumer_goods", "training", "sorting", "storage")
COFFEE_VILLAGE = "533103103204"  # 象塘村, 勐戛镇
ZHEFANG = "533103102"
MENGHUAN = "533103001"
MANGSHI_TOWN = "533103101"
WAREHOUSE_TOWNS = ("533103102", "533103103", "533103105")  # 遮放镇 勐戛镇 风平镇
SPECIALTY_YEARS = (2022, 2023, 2024, 2025)
INSPECTORS = ("督查一组", "督查二组", "督查三组", "督查四组")
INSPECTED_KINDS = ("village_station", "township_station", "live_station", "warehouse", "sorting_centre")
INSPECTION_WINDOW_DAYS = 182

FINDINGS = {
    "normal": (
        "站点正常运营，台账齐全。",
        "站点正常开放，人员在岗。",
        "代购代销、快递收发业务正常。",
        "价格公示上墙，服务记录完整。",
    ),
    "needs_rectification": (
        "服务台账记录不全，要求补齐。",
        "站点未按公示时间开放。",
        "网销业务量偏低，需加强运营。",
        "标识标牌缺失，要求限期整改。",
    ),
    "rectified": ("上次督查问题已整改到位。", "台账已补齐，站点恢复正常开放。"),
    "closed": ("站点已停止运营，门店关闭。",),
}
FLAG_FINDINGS = {"stalled": "项目推进停滞。", "idle_funds": "补助资金未按期使用。", "idle_assets": "设备闲置未使用。"}


@dataclass(frozen=True)
class DemoDataset:
    townships: gpd.GeoDataFrame
    villages: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame
    specialty_villages: pd.DataFrame
    inspections: gpd.GeoDataFrame


def _short_township(name: str) -> str:
    return name.removeprefix("芒市") if len(name) > 3 and name.startswith("芒市") else name


def _short_village(name: str) -> str:
    base = dp.strip_committee_suffix(name)
    return base if base.endswith(("村", "社区")) else base + "村"


def _wgs(p: Point) -> Point:
    return dp.round_wgs84(dp.to_wgs84(p))


def _date_between(rng: np.random.Generator, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))


def _caps(*names: str) -> list[str]:
    return [c for c in CAPABILITIES if c in set(names)]


# ----------------------------------------------------------------------------- villages


def _village_attributes(b: DefaultBoundaries, rng: np.random.Generator) -> pd.DataFrame:
    v = b.villages.sort_values("code", ignore_index=True).copy()
    tkind = dict(zip(b.townships["code"], b.townships["kind"]))
    is_vil = (v["kind"] == "village").to_numpy()
    idx = np.flatnonzero(is_vil)
    w = np.array([1.6 if tkind[t] == "township" else 1.0 for t in v.loc[idx, "township_code"]])
    n_flag = round(len(idx) * rng.uniform(0.36, 0.44))
    flagged = rng.choice(idx, size=n_flag, replace=False, p=w / w.sum())
    pov = np.zeros(len(v), dtype=bool)
    pov[flagged] = True
    hh = np.where(is_vil, rng.integers(150, 901, len(v)), rng.integers(300, 3001, len(v)))
    share = np.where(pov, rng.uniform(0.08, 0.30, len(v)), rng.uniform(0.0, 0.06, len(v)))
    v["poverty_alleviated"] = pov
    v["households"] = hh.astype(int)
    v["poverty_households"] = np.minimum(np.round(hh * share).astype(int), hh)
    return v


# ----------------------------------------------------------------------------- sites


def _site(ref: str, kind: str, name: str, tcode: str, vcode: str | None, point: Point, caps: list[str]) -> dict:
    return {
        "ref": ref,
        "kind": kind,
        "name": name,
        "village_code": vcode,
        "township_code": tcode,
        "status": "operating",
        "opened_on": None,
        "capabilities": caps,
        "point": point,
    }


def _make_sites(
    b: DefaultBoundaries, geo: dp.Geography, vil: pd.DataFrame, vxy: dict, rng: np.random.Generator, rice_village: str
) -> list[dict]:
    tname = dict(zip(b.townships["code"], b.townships["name"]))
    region = {t: p.buffer(-100.0) for t, p in geo.polygons_m.items()}
    by_township = {t: g for t, g in vil.groupby("township_code", sort=True)}

    def nearest_village(tcode: str, pt: Point) -> str:
        g = by_township[tcode]
        d = [math.hypot(vxy[c].x - pt.x, vxy[c].y - pt.y) for c in g["code"]]
        return g["code"].iloc[int(np.argmin(d))]

    sites = []
    mh = geo.anchors[MENGHUAN].point
    p = dp.point_near(mh, 200, 700, region[MENGHUAN], rng)
    sites.append(
        _site(
            "demo-service_centre-533103",
            "service_centre",
            "芒市电子商务公共服务中心",
            MENGHUAN,
            nearest_village(MENGHUAN, p),
            p,
            _caps("ecommerce", "training", "consumer_goods", "live_streaming"),
        )
    )
    p = dp.point_near(mh, 400, 1500, region[MENGHUAN], rng)
    sites.append(
        _site(
            "demo-live_base-533103",
            "live_base",
            "芒市电商直播基地",
            MENGHUAN,
            nearest_village(MENGHUAN, p),
            p,
            _caps("live_streaming", "training", "ecommerce"),
        )
    )
    wh = dp.point_near(mh, 1500, 5000, region[MANGSHI_TOWN], rng)
    sites.append(
        _site(
            "demo-warehouse-533103",
            "warehouse",
            "芒市电商仓储物流配送中心",
            MANGSHI_TOWN,
            nearest_village(MANGSHI_TOWN, wh),
            wh,
            _caps("logistics", "storage", "sorting"),
        )
    )
    p = dp.point_near(wh, 150, 600, region[MANGSHI_TOWN], rng)
    sites.append(
        _site(
            "demo-sorting_centre-533103",
            "sorting_centre",
            "芒市电商智能分拣中心",
            MANGSHI_TOWN,
            nearest_village(MANGSHI_TOWN, p),
            p,
            _caps("sorting", "logistics"),
        )
    )
    for t in WAREHOUSE_TOWNS:
        p = dp.point_near(geo.anchors[t].point, 500, 2000, region[t], rng)
        sites.append(
            _site(
                f"demo-warehouse-{t}",
                "warehouse",
                f"{_short_township(tname[t])}仓储物流配送站",
                t,
                nearest_village(t, p),
                p,
                _caps("logistics", "storage"),
            )
        )
    for t in sorted(geo.anchors):
        if t == MENGHUAN:
            continue
        p = dp.point_near(geo.anchors[t].point, 150, 1200, region[t], rng)
        extra: tuple[str, ...] = ("training",) if rng.random() < 0.4 else ()
        sites.append(
            _site(
                f"demo-township_station-{t}",
                "township_station",
                f"{_short_township(tname[t])}电商服务站",
                t,
                nearest_village(t, p),
                p,
                _caps("ecommerce", "logistics", "consumer_goods", *extra),
            )
        )

    # village stations: 60 % of 村委会, most but not all poverty-alleviated ones
    rural = vil[vil["kind"] == "village"].reset_index(drop=True)
    xy = np.array([[vxy[c].x, vxy[c].y] for c in rural["code"]])
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(dist, np.inf)
    remote = dist.min(axis=1)
    forced = {COFFEE_VILLAGE, rice_village}
    is_forced = rural["code"].isin(forced).to_numpy()
    pov = rural["poverty_alleviated"].to_numpy()
    n_total = round(0.6 * len(rural))
    n_pov_with = round(pov.sum() * rng.uniform(0.75, 0.85))
    cand = np.flatnonzero(pov & ~is_forced)
    n_gap = max(int(pov.sum()) - n_pov_with, 0)
    wgap = remote[cand] ** 2
    gaps = set(rng.choice(cand, size=min(n_gap, len(cand)), replace=False, p=wgap / wgap.sum()).tolist())
    chosen = {i for i in np.flatnonzero(pov) if i not in gaps} | set(np.flatnonzero(is_forced).tolist())
    rest = np.array([i for i in range(len(rural)) if not pov[i] and i not in chosen])
    if len(rest) and n_total > len(chosen):
        near_gap = np.array([min((dist[i, g] for g in gaps), default=np.inf) < 3000.0 for i in rest])
        wr = np.where(near_gap, 0.15, 1.0)
        chosen |= set(
            rng.choice(rest, size=min(n_total - len(chosen), len(rest)), replace=False, p=wr / wr.sum()).tolist()
        )
    station_codes = sorted(rural.loc[sorted(chosen), "code"])
    vts = dict(zip(vil["code"], vil["township_code"]))
    vname = dict(zip(vil["code"], vil["name"]))
    for c in station_codes:
        t = vts[c]
        p = dp.point_near(vxy[c], 30, 700, region[t], rng)
        extra = tuple(x for x, pr in (("consumer_goods", 0.6), ("training", 0.15)) if rng.random() < pr)
        sites.append(
            _site(
                f"demo-village_station-{c}",
                "village_station",
                f"{_short_village(vname[c])}电商服务站",
                t,
                c,
                p,
                _caps("ecommerce", "logistics", *extra),
            )
        )

    # live stations at station villages (always the two specialty villages)
    n_live = int(rng.integers(8, 11))
    others = [c for c in station_codes if c not in forced]
    live = sorted(forced | set(rng.choice(others, size=n_live - len(forced), replace=False).tolist()))
    for c in live:
        t = vts[c]
        p = dp.point_near(vxy[c], 20, 400, region[t], rng)
        extra = ("training",) if rng.random() < 0.3 else ()
        sites.append(
            _site(
                f"demo-live_station-{c}",
                "live_station",
                f"{_short_village(vname[c])}乡村直播站",
                t,
                c,
                p,
                _caps("live_streaming", "ecommerce", *extra),
            )
        )

    # statuses and opening dates
    sites.sort(key=lambda s: s["ref"])
    protected = {
        s["ref"]
        for s in sites
        if s["kind"] in ("service_centre", "live_base", "sorting_centre")
        or s["ref"] == "demo-warehouse-533103"
        or s["village_code"] in forced
        and s["kind"] in ("village_station", "live_station")
    }
    pool = [i for i, s in enumerate(sites) if s["ref"] not in protected]
    order = [pool[i] for i in rng.permutation(len(pool))]
    n_closed, n_susp = round(0.04 * len(sites)), round(0.08 * len(sites))
    for i in order[:n_closed]:
        sites[i]["status"] = "closed"
    for i in order[n_closed : n_closed + n_susp]:
        sites[i]["status"] = "suspended"
    building = [i for i in order[n_closed + n_susp :] if sites[i]["kind"] in ("village_station", "live_station")][:2]
    for i in building:
        sites[i]["status"] = "building"
    windows = {
        "service_centre": (dt.date(2019, 6, 1), dt.date(2019, 8, 31)),
        "warehouse": (dt.date(2019, 8, 1), dt.date(2020, 12, 31)),
        "sorting_centre": (dt.date(2020, 10, 1), dt.date(2021, 3, 31)),
        "live_base": (dt.date(2020, 5, 1), dt.date(2020, 9, 30)),
        "township_station": (dt.date(2019, 7, 1), dt.date(2020, 6, 30)),
        "village_station": (dt.date(2019, 9, 1), dt.date(2022, 11, 30)),
    }
    opened = {}
    for s in sites:
        if s["kind"] == "live_station":
            continue
        opened[s["ref"]] = _date_between(rng, *windows[s["kind"]])
    for s in sites:
        if s["kind"] == "live_station":
            base = opened.get(f"demo-village_station-{s['village_code']}", dt.date(2020, 6, 1))
            start = max(base + dt.timedelta(days=90), dt.date(2020, 6, 1))
            opened[s["ref"]] = _date_between(rng, min(start, dt.date(2022, 11, 30)), dt.date(2022, 11, 30))
        s["opened_on"] = None if s["status"] == "building" else opened[s["ref"]]
    return sites


# ----------------------------------------------------------------------------- specialty villages


def _specialty(rng: np.random.Generator, rice_village: str) -> pd.DataFrame:
    rows = []
    specs = (
        (COFFEE_VILLAGE, "咖啡", "象塘咖啡", (3.0e6, 3.6e6), (28, 32), (55, 65)),
        (rice_village, "遮放贡米", "遮放贡米", (2.4e6, 3.0e6), (20, 24), (40, 50)),
    )
    for code, product, brand, sales_end, shops_end, jobs_end in specs:
        n = len(SPECIALTY_YEARS)
        sales = [rng.uniform(*sales_end)]
        shops = [int(rng.integers(shops_end[0], shops_end[1] + 1))]
        jobs = [int(rng.integers(jobs_end[0], jobs_end[1] + 1))]
        for _ in range(n - 1):
            sales.append(sales[-1] / rng.uniform(1.15, 1.30))
            shops.append(max(shops[-1] - int(rng.integers(2, 6)), 1))
            jobs.append(max(jobs[-1] - int(rng.integers(5, 13)), 1))
        for k, year in enumerate(SPECIALTY_YEARS):
            j = n - 1 - k
            rows.append(
                {
                    "village_code": code,
                    "year": year,
                    "product": product,
                    "brand": brand,
                    "online_sales_yuan": float(round(sales[j], -2)),
                    "active_shops": shops[j],
                    "jobs_driven": jobs[j],
                    "trainees": int(rng.integers(60, 141)),
                    "source": "demo",
                }
            )
    return pd.DataFrame(rows).sort_values(["village_code", "year"], ignore_index=True)


# ----------------------------------------------------------------------------- inspections


def _inspections(sites: list[dict], county_m: BaseGeometry, rng: np.random.Generator, as_of: dt.date) -> list[dict]:
    start = as_of - dt.timedelta(days=INSPECTION_WINDOW_DAYS)
    out = []
    shapely.prepare(county_m)
    for s in sites:
        if s["kind"] not in INSPECTED_KINDS:
            continue
        status = s["status"]
        if status in ("operating", "suspended"):
            n = int(rng.choice(4, p=(0.15, 0.35, 0.32, 0.18)))
        elif status == "closed":
            n = 1
        else:  # building
            n = int(rng.random() < 0.6)
        days = sorted(rng.choice(INSPECTION_WINDOW_DAYS, size=n, replace=False).tolist()) if n else []
        pending = False
        for k, off in enumerate(days, start=1):
            day = start + dt.timedelta(days=int(off))
            if day.weekday() >= 5:
                day -= dt.timedelta(days=day.weekday() - 4)  # weekend -> Friday
            minute = int(rng.integers(9 * 60, 17 * 60 + 31))
            visited = dt.datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=TZ)
            flags = dict.fromkeys(FLAG_FINDINGS, False)
            if status == "closed":
                outcome, flags["idle_assets"] = "closed", bool(rng.random() < 0.5)
            elif status == "building":
                outcome, flags["stalled"] = "needs_rectification", True
                flags["idle_funds"] = bool(rng.random() < 0.5)
            elif pending and rng.random() < 0.75:
                outcome = "rectified"
            elif rng.random() < (0.7 if status == "suspended" else 0.15):
                outcome = "needs_rectification"
                probs = (0.35, 0.2, 0.6) if status == "suspended" else (0.05, 0.1, 0.25)
                for f, pr in zip(FLAG_FINDINGS, probs):
                    flags[f] = bool(rng.random() < pr)
            else:
                outcome = "normal"
            pending = outcome == "needs_rectification"
            pool = FINDINGS[outcome]
            text = pool[int(rng.integers(len(pool)))]
            if status == "building":
                text = "站点仍在建设中，进度滞后。"
            elif status == "suspended" and outcome != "rectified":
                text = "站点暂停营业。" + (text if outcome == "needs_rectification" else "")
            text += "".join(FLAG_FINDINGS[f] for f in FLAG_FINDINGS if flags[f])
            desk = rng.random() < 0.06
            for _ in range(50):
                r = rng.uniform(1000, 5000) if desk else min(abs(rng.normal(0, 15)), 50.0)
                a = rng.uniform(0, 2 * np.pi)
                pos = Point(s["point"].x + r * np.cos(a), s["point"].y + r * np.sin(a))
                if shapely.contains_xy(county_m, pos.x, pos.y):
                    break
            else:
                pos = s["point"]
            out.append(
                {
                    "ref": f"demo-inspection-{s['ref'].removeprefix('demo-')}-{k}",
                    "site_ref": s["ref"],
                    "visited_at": visited,
                    "mode": "unannounced" if rng.random() < 0.35 else "announced",
                    "inspector": INSPECTORS[int(rng.integers(len(INSPECTORS)))],
                    "outcome": outcome,
                    "findings": text,
                    **flags,
                    "source": "demo",
                    "point": pos,
                }
            )
    out.sort(key=lambda r: (r["visited_at"], r["ref"]))
    return out


# ----------------------------------------------------------------------------- public API


def generate(boundaries: DefaultBoundaries, seed: int = 2022, as_of: dt.date | None = None) -> DemoDataset:
    """Build the demo dataset (see the module docstring for the method)."""
    as_of = as_of or dt.date.today()
    rng_geo, rng_vil, rng_attr, rng_site, rng_spec, rng_insp = np.random.default_rng(seed).spawn(6)
    b = boundaries
    geo = dp.build_geography(b, rng_geo)
    vpts = dp.place_villages(b, geo, rng_vil)
    vxy = {c: Point(x, y) for c, x, y in zip(vpts["code"], vpts["x"], vpts["y"])}
    vil = _village_attributes(b, rng_attr)

    zhefang_villages = sorted(vil.loc[(vil["township_code"] == ZHEFANG) & (vil["kind"] == "village"), "code"])
    rice_village = str(rng_spec.choice(zhefang_villages))
    sites = _make_sites(b, geo, vil, vxy, rng_site, rice_village)
    inspections = _inspections(sites, geo.county_m, rng_insp, as_of)

    t = b.townships.sort_values("code", ignore_index=True)
    seats = [_wgs(geo.anchors[c].point) for c in t["code"]]
    townships = gpd.GeoDataFrame(
        {
            "code": t["code"],
            "name": t["name"],
            "kind": t["kind"],
            "county_code": t["county_code"],
            "geom_source": "approximate",
            "seat": seats,
            "seat_source": [geo.anchors[c].source for c in t["code"]],
            "source": "nbs2023",
        },
        geometry=[geo.polygons_wgs84[c] for c in t["code"]],
        crs=WGS84,
    )
    villages = gpd.GeoDataFrame(
        vil.assign(location_source="demo", source="demo")[
            [
                "code",
                "name",
                "township_code",
                "kind",
                "poverty_alleviated",
                "households",
                "poverty_households",
                "location_source",
                "source",
            ]
        ],
        geometry=[_wgs(vxy[c]) for c in vil["code"]],
        crs=WGS84,
    )
    site_cols = ["ref", "kind", "name", "village_code", "township_code", "status", "opened_on", "capabilities"]
    sites_gdf = gpd.GeoDataFrame(
        [{**{k: s[k] for k in site_cols}, "source": "demo"} for s in sites],
        geometry=[_wgs(s["point"]) for s in sites],
        crs=WGS84,
    )
    insp_cols = [
        "ref",
        "site_ref",
        "visited_at",
        "mode",
        "inspector",
        "outcome",
        "findings",
        "stalled",
        "idle_funds",
        "idle_assets",
        "source",
    ]
    insp_gdf = gpd.GeoDataFrame(
        pd.DataFrame([{k: r[k] for k in insp_cols} for r in inspections], columns=insp_cols),
        geometry=[_wgs(r["point"]) for r in inspections],
        crs=WGS84,
    )
    return DemoDataset(
        townships,
        villages,
        sites_gdf.reset_index(drop=True),
        _specialty(rng_spec, rice_village),
        insp_gdf.reset_index(drop=True),
    )


def _json_value(v: Any) -> Any:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, dt.datetime):
        return v.isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple, np.ndarray)):
        return [_json_value(x) for x in v]
    if v is pd.NaT:
        return None
    return v


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [round(float(x), 6) for x in obj]
        return [_round_coords(x) for x in obj]
    return obj


def _write_geojson(gdf: gpd.GeoDataFrame, path: Path, extra: Callable[[dict], dict] | None = None) -> None:
    if gdf.crs is None or not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    props = [c for c in gdf.columns if c != gdf.geometry.name]
    lines = []
    for _, row in gdf.iterrows():
        p = {c: _json_value(row[c]) for c in props}
        if extra:
            p = extra(p)
        geom = shapely.orient_polygons(row.geometry)  # RFC 7946 right-hand rule
        g = mapping(geom)
        feature = {
            "type": "Feature",
            "properties": p,
            "geometry": {"type": g["type"], "coordinates": _round_coords(g["coordinates"])},
        }
        lines.append(json.dumps(feature, ensure_ascii=False, separators=(",", ":")))
    path.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def _seat_props(p: dict) -> dict:
    seat = p.pop("seat")
    out = {}
    for k, v in p.items():
        out[k] = v
        if k == "geom_source":
            out["seat_lon"] = round(seat.x, 6) if seat is not None else None
            out["seat_lat"] = round(seat.y, 6) if seat is not None else None
    return out


def write_dataset(ds: DemoDataset, directory: Path) -> list[Path]:
    """Write GeoJSON (RFC 7946) for the four layers and CSV for specialty villages; return the paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / n for n in ("townships.geojson", "villages.geojson", "sites.geojson", "inspections.geojson")]
    _write_geojson(ds.townships, paths[0], extra=_seat_props)
    _write_geojson(ds.villages, paths[1])
    _write_geojson(ds.sites, paths[2])
    _write_geojson(ds.inspections, paths[3])
    csv = directory / "specialty_villages.csv"
    ds.specialty_villages.to_csv(csv, index=False, lineterminator="\n", float_format="%.2f")
    return [*paths, csv]
