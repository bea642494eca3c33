"""One map spec to one PNG, SVG or PDF: layout, layers, furniture, footer."""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from sqlalchemy import Connection

from geo.store.database import data_version
from maps import spec as specs
from geo.store.settings import get_settings
from maps.export import fonts, tiles
from maps.export.draw import draw_layer
from maps.export.features import DrawnLayer, collect, true_north_angle
from maps.export.furniture import add_labels, add_legend, add_north_arrow, add_scale_bar, legend_items
from maps.export.options import ExportOptions
from maps.export.words import w
from maps.i18n import t
from maps.spec import MapSpec

# rcParams are process-global; one export at a time keeps concurrent requests from mixing them.
_LOCK = threading.Lock()
TITLE_PX, SUB_PX, LEGEND_PX, LABEL_PX, FOOT_PX = 34, 17, 15, 13, 13
BAND_TOP, BAND_FOOT, PANEL_W, MARGIN = 96, 58, 430, 24  # reference px (BAND_FOOT: two footer lines)
LEGEND_EM = 5.5  # a legend entry's width beyond its text: marker, padding, column gap, in em
# The least height (reference px) a map under a legend keeps: a long legend shrinks the whole
# layout rather than the map to a stamp (pictures as small as 200 px).
MAP_MIN_H = 420


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    title: str
    has_demo: bool
    notes: tuple[str, ...]
    basemap: str  # what was really drawn under the layers: "none" or a tile provider


def render_map(conn: Connection, name: str, options: ExportOptions) -> Rendered:
    """Render the registered map ``name`` (raises NotFound listing valid names)."""
    return render_spec(conn, specs.get(name), options)


def render_spec(conn: Connection, spec: MapSpec, options: ExportOptions) -> Rendered:
    drawn = collect(conn, spec, options.filters)
    has_demo = any(d.layer.has_demo(conn) for d in drawn)
    _version, changed_at = data_version(conn)
    mosaic, why = _tiles(drawn, options)
    with _LOCK, matplotlib.rc_context(fonts.rc_params()):
        fig, notes = _figure(spec, drawn, options, has_demo, changed_at[:10], mosaic, why)
        buf = io.BytesIO()
        title = spec.title(options.lang)
        metadata = {"Title": title, "Creator": "fieldmap"} if options.fmt != "png" else {"Title": title, "Software": "fieldmap"}
        fig.savefig(buf, format=options.fmt, dpi=96, metadata=metadata)
    return Rendered(buf.getvalue(), options.media_type, title, has_demo, tuple(notes), options.basemap if mosaic else "none")


def _tiles(drawn: list[DrawnLayer], o: ExportOptions) -> tuple[tiles.Mosaic | None, str]:
    """The tile mosaic when a base map was asked for and every tile could be loaded; else why not."""
    if o.basemap == "none":
        return None, ""
    try:
        return tiles.load(o.basemap, _extent(drawn), int(o.page_inches()[0] * 96), key=get_settings().tianditu_key), ""
    except tiles.TilesUnavailable as exc:
        return None, str(exc)


def _figure(spec: MapSpec, drawn: list[DrawnLayer], o: ExportOptions, has_demo: bool, day: str,
            mosaic: tiles.Mosaic | None, why: str) -> tuple[Figure, list[str]]:
    w_in, h_in = o.page_inches()
    page_w, page_h = w_in * 96, h_in * 96  # page in real px at 96 dpi
    items = legend_items(drawn, o.lang)
    notes = _notes(drawn, o, mosaic, why)
    extent = _extent(drawn)
    map_aspect = (extent[2] - extent[0]) / max(extent[3] - extent[1], 1.0)
    scale = o.scale()
    side_panel = (page_w - PANEL_W * scale) / max(page_h - (BAND_TOP + BAND_FOOT) * scale, 1) >= map_aspect * 0.8
    # Shrink the whole layout when the picture is too small to hold it at the usual size.
    bottom_cols = 3 if page_w >= 900 else 2 if page_w >= 450 else 1  # narrow pictures: fewer, wider columns
    # Legend height in reference px counts wrapped lines: long (English) labels take two or three.
    ref_overhead = max(90.0, LEGEND_EM * LEGEND_PX)

    def legend_lines(budget_ref: float, font_ref: float) -> int:
        return sum(len(_wrap(label, max(budget_ref, 40.0), font_ref * 0.75)) for label, _style, _shape in items)

    side_lines = legend_lines(PANEL_W - ref_overhead, LEGEND_PX)
    bottom_budget = (page_w / max(scale, 1e-6) - 2 * MARGIN) / bottom_cols - ref_overhead
    bottom_lines = -(-(legend_lines(bottom_budget, LEGEND_PX * 0.9) + 1) // bottom_cols)
    side_legend_h, bottom_legend_h = 60 + 26 * side_lines, 50 + 24 * bottom_lines
    if side_panel:
        scale = min(scale, page_w / (PANEL_W + 420), page_h / (BAND_TOP + BAND_FOOT + side_legend_h))
    else:
        scale = min(scale, page_w / 1000, page_h / (BAND_TOP + BAND_FOOT + bottom_legend_h + MAP_MIN_H))

    def px(v: float) -> float:  # reference px -> points
        return v * 0.75 * scale

    fig = Figure(figsize=(w_in, h_in), dpi=96, facecolor="white")
    fw, fh = w_in * 72, h_in * 72  # figure in points

    def fx(v: float) -> float:
        return px(v) / fw

    def fy(v: float) -> float:
        return px(v) / fh

    footer = _footer_lines(o, notes[1:], page_w - 2 * MARGIN * scale, px(FOOT_PX))
    top, bottom = 1 - fy(BAND_TOP), fy(16 + FOOT_PX * 1.35 * len(footer))
    if side_panel:
        ax = fig.add_axes((fx(MARGIN), bottom, 1 - fx(PANEL_W) - fx(MARGIN) * 2, top - bottom))
        legend_anchor, ncol = (1 - fx(PANEL_W), top), 1
    else:  # tall pictures: legend under the map in columns
        legend_h = fy(bottom_legend_h)
        ax = fig.add_axes((fx(MARGIN), bottom + legend_h, 1 - fx(MARGIN) * 2, top - bottom - legend_h))
        legend_anchor, ncol = (fx(MARGIN), bottom + legend_h), bottom_cols
    ax.set_axis_off()
    # The axes box shrinks to the map's own shape, centred in the space it was given.
    ax.set_aspect("equal", adjustable="box", anchor="C")
    for i, d in enumerate(drawn):
        draw_layer(ax, d, px, zorder=10 + i * 2)
    _fit(ax, extent)
    if mosaic is not None:
        box = ax.get_window_extent()
        picture = tiles.warp(mosaic, extent, (max(int(box.height), 1), max(int(box.width), 1)))
        ax.imshow(picture, extent=(extent[0], extent[2], extent[1], extent[3]), origin="upper", zorder=1,
                  interpolation="nearest")
        _fit(ax, extent)
    add_labels(ax, drawn, px, LABEL_PX)
    add_scale_bar(ax, px, LEGEND_PX)
    add_north_arrow(fig, ax, px, true_north_angle((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2),
                    w("north", o.lang))
    legend_px = LEGEND_PX * (1 if side_panel else 0.9)
    # Long labels (English ones especially) wrap to the legend's column instead of leaving the page.
    overhead = max(90 * scale, LEGEND_EM * px(legend_px) / 0.75)  # marker, padding, column gap
    column_px = PANEL_W * scale - overhead if side_panel else (page_w - 2 * MARGIN * scale) / ncol - overhead
    # Group headings (style None) wrap too: a long English heading is as wide as any entry.
    items = [("\n".join(_wrap(label, column_px, px(legend_px))), style, shape) for label, style, shape in items]
    add_legend(fig, items, px, legend_anchor, t("legend", o.lang), legend_px, ncol)

    title = spec.title(o.lang)
    title_pt = px(TITLE_PX)
    while _width_px(title, title_pt) > page_w - 2 * MARGIN * scale and title_pt > px(TITLE_PX) * 0.5:
        title_pt *= 0.92  # a long (often English) title shrinks to the page width
    fig.text(fx(MARGIN), 1 - fy(18), title, ha="left", va="top", fontsize=title_pt, color="#111111")
    date = f"{t('data_date', o.lang)}：{day}" if o.lang == "zh" else f"{t('data_date', o.lang)}: {day}"
    subtitle = " · ".join(part for part in (date, notes[0]) if part)
    fig.text(fx(MARGIN), 1 - fy(66), subtitle, ha="left", va="top", fontsize=px(SUB_PX), color="#444444")
    if has_demo:
        label = t("demo", o.lang)
        # Beside the title when there is room, else on the subtitle's line.
        beside = (3 * MARGIN + 20) * scale + _width_px(title, title_pt) + _width_px(label, px(SUB_PX + 1)) <= page_w
        fig.text(1 - fx(MARGIN), 1 - fy(22 if beside else 62), label, ha="right", va="top", fontsize=px(SUB_PX + 1),
                 color="white", zorder=70,
                 bbox={"boxstyle": "round,pad=0.35", "facecolor": "#c53030", "edgecolor": "none"})
    fig.text(fx(MARGIN), fy(10), "\n".join(footer), ha="left", va="bottom", fontsize=px(FOOT_PX),
             color="#555555", linespacing=1.3)
    return fig, notes


def _extent(drawn: list[DrawnLayer]) -> tuple[float, float, float, float]:
    """Bounds of what the filters picked (when they picked anything), else of everything drawn."""
    import shapely

    picked = [g for d in drawn if d.filtered for g in d.geoms]
    geoms = picked or [g for d in drawn for g in d.geoms]
    if not geoms:
        return (0.0, 0.0, 1000.0, 1000.0)
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    pad = max(maxx - minx, maxy - miny, 2000.0) * 0.04
    return minx - pad, miny - pad, maxx + pad, maxy + pad


def _fit(ax, extent: tuple[float, float, float, float]) -> None:  # noqa: ANN001
    ax.set_xlim(extent[0], extent[2])
    ax.set_ylim(extent[1], extent[3])
    ax.apply_aspect()


def _notes(drawn: list[DrawnLayer], o: ExportOptions, mosaic: tiles.Mosaic | None, why: str) -> list[str]:
    notes = []
    if o.filters:
        caption = ", ".join(f"{k} = {_filter_value(drawn, k, v)}" for k, v in o.filters.items())
        empty = not any(d.geoms for d in drawn if d.filtered)
        notes.append(f"{w('filter', o.lang)}: {caption}" + (f"（{w('no_match', o.lang)}）" if empty else ""))
    else:
        notes.append("")
    if mosaic is not None:
        notes.append(w("basemap_credit", o.lang, credit=mosaic.attribution))
    elif o.basemap != "none":
        notes.append(w("basemap_fallback", o.lang, name=o.basemap, why=why))
    return notes


def _filter_value(drawn: list[DrawnLayer], key: str, value: str) -> str:
    """A township code reads better as its name when the townships layer matched it."""
    for d in drawn:
        if d.filtered and key == "township_code" and d.layer.name == "townships" and d.props:
            return f"{d.props[0].get('name', value)} ({value})"
    return value


def _footer_lines(o: ExportOptions, notes: list[str], budget_px: float, size_pt: float) -> list[str]:
    colon = "：" if o.lang == "zh" else ": "
    text = f"{w('source', o.lang)}{colon}{t('attribution', o.lang)} · {w('projection', o.lang)} · {w('made_by', o.lang)}"
    return [part for line in (*notes, text) for part in _wrap(line, budget_px, size_pt)]


def _width_px(text: str, size_pt: float) -> float:
    """Width of ``text`` as Agg draws it at 96 dpi, summed per character (hinting included,
    so tiny text is not underestimated). Call inside the export's rc context (CJK font)."""
    return sum(_char_px(ch, round(size_pt, 2), tuple(matplotlib.rcParams["font.family"])) for ch in text)


@lru_cache(maxsize=4096)
def _char_px(ch: str, size_pt: float, _family: tuple[str, ...]) -> float:
    from matplotlib.font_manager import FontProperties

    width, _h, _d = _agg().get_text_width_height_descent(ch, FontProperties(size=size_pt), ismath=False)
    return width


@lru_cache(maxsize=1)
def _agg():  # noqa: ANN202
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, 96)


def _wrap(line: str, budget_px: float, size_pt: float) -> list[str]:
    """Break a line to fit; Latin text breaks at a space, CJK text anywhere."""
    out, cur = [], ""
    for ch in line:
        if cur and _width_px(cur + ch, size_pt) > budget_px:
            head, sep, tail = cur.rpartition(" ")
            if sep and not ch.isspace() and ord(ch) < 0x2E80 and _width_px(head, size_pt) > budget_px / 2:
                out.append(head)
                cur = tail
            else:
                out.append(cur)
                cur = ""
        cur += ch
    return [*out, cur] if cur else out or [""]
