"""Seeded demo figures for the programme's performance table (every row ``source='demo'``).

Training sessions (市级高级培训 at county level; sessions in the two specialty villages)
and the values staff would enter by hand (consumer-goods system, 遮放贡米 campaigns,
complaints). Invented, like the rest of the demo data: they let the default dataset show
every one of the thirteen targets with a value and a verdict.

Determinism: one ``numpy.random.default_rng([seed, 13])`` - independent of the streams
of :mod:`geo.io.demo`, so adding this module changed none of the existing demo rows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

YEARS = (2022, 2023, 2024, 2025)
COUNTY_TOPICS = ("直播带货实操", "网店运营", "短视频营销", "农产品品牌与包装", "电商物流与供应链", "跨境电商入门")
VILLAGE_TOPICS = ("手机直播入门", "网店开设与客服", "产品拍摄与上架")


def _day(rng: np.random.Generator, year: int) -> dt.date:
    return dt.date(year, 3, 1) + dt.timedelta(days=int(rng.integers(0, 270)))


def training_sessions(specialty_villages: list[str], seed: int = 2022) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 13])
    rows = []
    for year in YEARS:
        for k in range(int(rng.integers(10, 14))):
            topic = COUNTY_TOPICS[int(rng.integers(len(COUNTY_TOPICS)))]
            rows.append(
                {
                    "ref": f"demo-training-{year}-county-{k + 1:02d}",
                    "held_on": _day(rng, year),
                    "title": f"芒市电商高级培训：{topic}",
                    "level": "county",
                    "village_code": None,
                    "attendees": int(rng.integers(70, 111)),
                    "satisfaction_pct": float(round(rng.uniform(86, 98), 1)),
                    "source": "demo",
                }
            )
        for code in sorted(specialty_villages):
            for k in range(int(rng.integers(1, 3))):
                topic = VILLAGE_TOPICS[int(rng.integers(len(VILLAGE_TOPICS)))]
                rows.append(
                    {
                        "ref": f"demo-training-{year}-{code}-{k + 1}",
                        "held_on": _day(rng, year),
                        "title": f"特色村培训：{topic}",
                        "level": "village",
                        "village_code": code,
                        "attendees": int(rng.integers(15, 41)),
                        "satisfaction_pct": float(round(rng.uniform(85, 99), 1)),
                        "source": "demo",
                    }
                )
    return pd.DataFrame(rows).sort_values("ref", ignore_index=True)


def indicator_entries(seed: int = 2022) -> pd.DataFrame:
    rng = np.random.default_rng([seed, 14])
    rows = [
        {
            "indicator": "consumer_goods_system",
            "period": "2022",
            "value": 1.0,
            "note": "农村消费品管理系统上线（演示）",
            "entered_by": "演示数据",
            "source": "demo",
        }
    ]
    for year in YEARS[1:]:
        rows.append(
            {
                "indicator": "rice_campaigns",
                "period": str(year),
                "value": float(rng.integers(1, 4)),
                "note": "遮放贡米营销活动场次（演示）",
                "entered_by": "演示数据",
                "source": "demo",
            }
        )
        rows.append(
            {
                "indicator": "complaints",
                "period": str(year),
                "value": float(rng.integers(0, 13)),
                "note": "政府信息公开投诉件数（演示）",
                "entered_by": "演示数据",
                "source": "demo",
            }
        )
    return pd.DataFrame(rows).sort_values(["indicator", "period"], ignore_index=True)


def write_programme(specialty_villages: list[str], directory: Path, seed: int = 2022) -> list[Path]:
    """CSV files ``fieldmap load FILE --table training_session|indicator_entry`` takes back."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for name, frame in (
        ("training_sessions.csv", training_sessions(specialty_villages, seed)),
        ("indicator_entries.csv", indicator_entries(seed)),
    ):
        path = directory / name
        frame.to_csv(path, index=False, lineterminator="\n")
        out.append(path)
    return out
