"""The performance-target table as a sheet with Chinese (default) or English headers."""

from __future__ import annotations

import pandas as pd

from geo.analysis.coverage_tables import DEMO_NOTE
from geo.analysis.indicators import verdict
from geo.vocab import suffix, word

HEADERS = {  # column -> (zh, en)
    "indicator": ("指标", "Indicator"),
    "target": ("目标值", "Target"),
    "actual": ("实际值", "Actual"),
    "source": ("数据来源", "Source of the actual"),
    "met": ("是否达成", "Met"),
}


def performance_frame(rows: list[dict], lang: str = "zh") -> pd.DataFrame:
    sfx = suffix(lang)
    data = [
        [
            r[f"indicator_{sfx}"],
            r[f"target_{sfx}"],
            r[f"actual_{sfx}"],
            r[f"source_{sfx}"],
            word(verdict(r), lang),
        ]
        for r in rows
    ]
    return pd.DataFrame(data, columns=[word(h, lang) for h in HEADERS.values()])


def performance_notes(rows: list[dict], lang: str = "zh") -> list[str]:
    return [word(DEMO_NOTE, lang)] if any(r["demo"] for r in rows) else []
