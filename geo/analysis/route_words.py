"""The words of a route plan, in one language at a time: a plan stores codes and figures only
(why each stop is on the list, why a site did not fit), and pages, layers and exports call these."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geo.vocab import FINDING, OVERDUE_REASON, SEMICOLON, word


def hm(seconds: float) -> str:
    """Seconds as h:mm."""
    minutes = int(round(seconds / 60))
    return f"{minutes // 60}:{minutes % 60:02d}"


def stop_reasons(codes: object, lang: str) -> str:
    """Why a stop is on the list (overdue reasons and findings), as words ("" when none).

    A plan stored before codes were kept carries its reason as text: that text is shown as it is."""
    if isinstance(codes, str):
        return codes
    items = list(codes) if isinstance(codes, Iterable) else []
    return word(SEMICOLON, lang).join(
        (OVERDUE_REASON if c in OVERDUE_REASON.words else FINDING).word(str(c), lang) for c in items
    )


def unplaced_reason(u: Mapping[str, Any], lang: str) -> str:
    """Why a site did not fit into the plan, from its ``reason_code`` and figures."""
    code = u.get("reason_code")
    if code == "window":
        there, service = hm(float(u.get("arrival_s") or 0)), int(u.get("service_s") or 0) // 60
        return word(
            (
                f"时间窗内无法完成：最早出发后 {there} 到达，停留 {service} 分钟",
                f"cannot be visited within its time window (earliest arrival {there} after the start, {service} min on site)",
            ),
            lang,
        )
    if code == "too_far":
        trip = hm(float(u.get("round_trip_s") or 0))
        return word(
            (
                f"往返车程加停留约 {trip}，超过一个工作日",
                f"the round trip with the visit takes about {trip}, longer than the working day",
            ),
            lang,
        )
    if code == "day_full":
        placed = u.get("placed")
        return word(
            (
                f"工作日已排满（已安排 {placed} 个站点），可增加天数或督查组",
                f"the working days are full ({placed} sites planned); add a day or a team",
            ),
            lang,
        )
    return str(u.get("reason") or code or "")
