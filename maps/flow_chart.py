"""The logistics map's monthly chart: parcels down and up per month as a small inline SVG (no library)."""

from __future__ import annotations

import html

from sqlalchemy import Connection

from geo.analysis.flows import FlowQuery, flows
from layers.palette import OKABE_ITO
from maps.i18n import choose

W, H, PAD_L, PAD_B, PAD_T = 300, 130, 34, 22, 8
DOWN, UP = OKABE_ITO["orange"], OKABE_ITO["bluish_green"]


def monthly_svg(rows: list[dict], lang: str = "zh") -> str:
    """Paired bars (down, up) per month from ``/flows?by=month`` rows; empty string without data."""
    if not rows:
        return ""
    top = max(max(r["parcels_down"], r["parcels_up"]) for r in rows) or 1
    step = (W - PAD_L - 4) / len(rows)
    bar = max(step / 2 - 1, 1)
    plot_h = H - PAD_B - PAD_T
    parts = [
        f'<svg width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        f'class="fm-flow-chart" role="img" font-size="9" font-family="sans-serif">'
    ]
    parts.append(f'<line x1="{PAD_L}" y1="{H - PAD_B}" x2="{W - 2}" y2="{H - PAD_B}" stroke="#666"/>')
    parts.append(f'<text x="{PAD_L - 3}" y="{PAD_T + 8}" text-anchor="end">{top:,}</text>')
    parts.append(f'<text x="{PAD_L - 3}" y="{H - PAD_B}" text-anchor="end">0</text>')
    for i, r in enumerate(rows):
        x = PAD_L + i * step
        for j, (value, colour, label) in enumerate(((r["parcels_down"], DOWN, "down"), (r["parcels_up"], UP, "up"))):
            h = plot_h * value / top
            parts.append(
                f'<rect class="fm-bar-{label}" data-month="{r["month"]}" data-parcels="{value}" '
                f'x="{x + j * bar:.1f}" y="{H - PAD_B - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
        parts.append(f'<text x="{x + bar:.1f}" y="{H - PAD_B + 10}" text-anchor="middle">{int(r["month"][5:])}</text>')
    parts.append("</svg>")
    down, up = choose("下行", "down", lang), choose("上行", "up", lang)
    title = choose("每月件数（全县）", "Parcels per month (county)", lang)
    months = f"{rows[0]['month']} – {rows[-1]['month']}"
    demo = any(r.get("demo") for r in rows)
    demo_word = choose(" · 演示数据", " · DEMO DATA", lang) if demo else ""
    key = f'<span style="color:{DOWN}">■</span> {down} <span style="color:{UP}">■</span> {up}'
    return (
        f'<div style="font-size:12px;font-weight:bold">{html.escape(title)}</div>'
        f'<div style="font-size:10px;color:#555">{html.escape(months + demo_word)} · {key}</div>' + "".join(parts)
    )


def monthly_panel(conn: Connection, lang: str) -> str:
    """The chart for the whole county, from the shipment table (through geo.analysis.flows)."""
    return monthly_svg(flows(conn, FlowQuery(by="month")), lang)
