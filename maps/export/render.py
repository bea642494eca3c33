"""One map spec to one PNG, SVG or PDF: layout, layers, furniture, footer."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure
from sqlalchemy import Connection

from geo.store.database import data_version
from geo.text import printable
from geo.vocab import COLON
from maps import spec as specs
from maps.export import fonts, inset, labels, tiles
from maps.export.draw import draw_layer
from maps.export.features import CONTEXT_LAYERS, DrawnLayer, collect, drawing_srid, true_north_angle
from maps.export.furniture import add_north_arrow, add_scale_bar
from maps.export.layout import BAND_TOP, FOOT_PX, LEGEND_PX, MARGIN, SUB_PX, TITLE_PX, footer_ref, plan
from maps.export.legend import add_legend, legend_items
from maps.export.options import ExportOptions
from maps.export.text import width_px, wrap
from maps.export.words import projection_text, w
from maps.i18n import choose, t, word
from maps.spec import MapSpec

SLIDE_BAND = 40  # reference px above the map of a slide picture (the slide carries the title)
# rcParams are process-global; one export at a time keeps concurrent requests from mixing them.
_LOCK = threading.Lock()


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
    with figure(conn, spec, options) as (fig, has_demo, notes, basemap):
        buf = io.BytesIO()
        title = spec.title(options.lang, options.settings)
        metadata = (
            {"Title": title, "Creator": "fieldmap"}
            if options.fmt != "png"
            else {"Title": title, "Software": "fieldmap"}
        )
        fig.savefig(buf, format=options.fmt, dpi=96 * options.pixel_ratio, metadata=metadata)
    body = buf.getvalue()
    if options.fmt == "svg":  # XML: a label with a control character would make the file unreadable
        body = printable(body.decode("utf-8")).encode("utf-8")
    return Rendered(body, options.media_type, title, has_demo, tuple(notes), basemap)


@contextmanager
def figure(conn: Connection, spec: MapSpec, options: ExportOptions) -> Iterator[tuple[Figure, bool, list[str], str]]:
    """The export's matplotlib figure (with has_demo, notes, basemap drawn), inside the export's
    font settings: for saving, or for looking at what was drawn (label boxes, symbol positions)."""
    drawn = collect(conn, spec, options.filters, options.role, settings=options.settings)
    has_demo = any(d.layer.has_demo(conn) for d in drawn)
    _version, changed_at = data_version(conn)
    mosaic, why = _tiles(drawn, options)
    with _LOCK, matplotlib.rc_context(fonts.rc_params()):
        line = spec.subtitle(options.lang, options.settings, conn)
        fig, notes = _figure(spec, drawn, options, has_demo, changed_at[:10], mosaic, why, subtitle=line)
        yield fig, has_demo, notes, options.basemap if mosaic else "none"


def _tiles(drawn: list[DrawnLayer], o: ExportOptions) -> tuple[tiles.Mosaic | None, str]:
    """The tile mosaic when a base map was asked for and every tile could be loaded; else why not."""
    if o.basemap == "none":
        return None, ""
    try:
        return tiles.load(
            o.basemap,
            _extent(drawn),
            int(o.page_inches()[0] * 96),
            key=o.tianditu_key,
            srid=drawing_srid(drawn),
        ), ""
    except tiles.TilesUnavailable as exc:
        return None, exc.reason


def _figure(
    spec: MapSpec,
    drawn: list[DrawnLayer],
    o: ExportOptions,
    has_demo: bool,
    day: str,
    mosaic: tiles.Mosaic | None,
    why: str,
    subtitle: str | None = None,
) -> tuple[Figure, list[str]]:
    w_in, h_in = o.page_inches()
    page_w, page_h = w_in * 96, h_in * 96  # page in real px at 96 dpi
    items = legend_items(drawn, o.lang, thematic_only=o.slide)
    notes = _notes(drawn, o, mosaic, why)
    # the map's own line (the rule in force, where its figures come from) in the footer
    line = spec.subtitle(o.lang, o.settings) if subtitle is None else subtitle
    if line:
        notes.append(line)
    band_top = SLIDE_BAND if o.slide else BAND_TOP
    extent = _extent(drawn)
    map_aspect = (extent[2] - extent[0]) / max(extent[3] - extent[1], 1.0)
    # The footer wraps most at the page's own scale; the plan reserves that many lines.
    most_footer = len(
        _footer_lines(o, notes[1:], page_w - 2 * MARGIN * o.scale(), o.scale() * FOOT_PX * 0.75, drawing_srid(drawn))
    )
    layout = plan(page_w, page_h, items, map_aspect, o.scale(), most_footer, band_top, side_only=o.slide)
    scale = layout.scale

    def px(v: float) -> float:  # reference px -> points
        return v * 0.75 * scale

    fig = Figure(figsize=(w_in, h_in), dpi=96, facecolor="white")
    fw, fh = w_in * 72, h_in * 72  # figure in points

    def fx(v: float) -> float:
        return px(v) / fw

    def fy(v: float) -> float:
        return px(v) / fh

    footer = _footer_lines(o, notes[1:], page_w - 2 * MARGIN * scale, px(FOOT_PX), drawing_srid(drawn))
    top, bottom = 1 - fy(band_top), fy(footer_ref(len(footer)))
    # Long labels (English ones especially, headings too) wrap to the legend's column instead of leaving the page.
    items = [
        ("\n".join(wrap(label, layout.column_px(page_w), px(layout.legend_px))), style, shape)
        for label, style, shape in items
    ]
    if layout.side_panel:
        ax = fig.add_axes((fx(MARGIN), bottom, 1 - fx(layout.panel_w) - fx(MARGIN) * 2, top - bottom))
        legend_anchor = (1 - fx(layout.panel_w), top)
    else:  # tall pictures: legend under the map in columns
        legend_h = fy(layout.legend_h)
        ax = fig.add_axes((fx(MARGIN), bottom + legend_h, 1 - fx(MARGIN) * 2, top - bottom - legend_h))
        legend_anchor = (fx(MARGIN), bottom + legend_h)
    ax.set_axis_off()
    # The axes box shrinks to the map's own shape, centred in the space it was given.
    ax.set_aspect("equal", adjustable="box", anchor="C")
    for i, d in enumerate(drawn):
        draw_layer(ax, d, px, zorder=10 + i * 2)
    _fit(ax, extent)
    if mosaic is not None:
        box = ax.get_window_extent()
        picture = tiles.warp(mosaic, extent, (max(int(box.height), 1), max(int(box.width), 1)), drawing_srid(drawn))
        ax.imshow(
            picture,
            extent=(extent[0], extent[2], extent[1], extent[3]),
            origin="upper",
            zorder=1,
            interpolation="nearest",
        )
        _fit(ax, extent)
    box = ax.get_window_extent()  # the scale bar (bottom left) and north arrow (top right) keep their corners
    furniture = [
        (box.x0, box.y0, box.x0 + 0.3 * box.width, box.y0 + 0.12 * box.height),
        (box.x1 - 0.1 * box.width, box.y1 - 0.16 * box.height, box.x1, box.y1),
    ]
    wanted = labels.candidates(drawn, o.lang)
    win = inset.window(drawn, extent)
    if win is not None:  # the crowded county seat enlarged in a corner; main-map names keep out of it
        small = inset.add_inset(fig, ax, drawn, win, px, o.lang)
        small.apply_aspect()
        ib = small.get_window_extent()
        furniture.append((ib.x0, ib.y0, ib.x1, ib.y1))
        title_box = (ib.x0, ib.y1 - 0.14 * ib.height, ib.x0 + 0.6 * ib.width, ib.y1)
        x0, x1 = small.get_xlim()
        y0, y1 = small.get_ylim()
        labels.place(
            small,
            [c for c in wanted if x0 <= c.x <= x1 and y0 <= c.y <= y1] + labels.point_names(drawn, (x0, y0, x1, y1)),
            px,
            scale,
            [title_box],
        )
    labels.place(ax, wanted, px, scale, furniture)
    add_scale_bar(ax, px, LEGEND_PX)
    add_north_arrow(
        fig,
        ax,
        px,
        true_north_angle((extent[0] + extent[2]) / 2, (extent[1] + extent[3]) / 2, drawing_srid(drawn)),
        w("north", o.lang),
    )
    add_legend(fig, items, px, legend_anchor, t("legend", o.lang), layout.legend_px, layout.ncol)
    fig.text(
        fx(MARGIN),
        fy(10),
        "\n".join(footer),
        ha="left",
        va="bottom",
        fontsize=px(FOOT_PX),
        color="#555555",
        linespacing=1.3,
    )
    if not o.slide:
        _title_band(fig, spec, o, notes, has_demo, day, px, fx, fy, scale, page_w)
    return fig, notes


def _title_band(
    fig: Figure,
    spec: MapSpec,
    o: ExportOptions,
    notes: list[str],
    has_demo: bool,
    day: str,
    px,
    fx,
    fy,
    scale: float,
    page_w: float,
) -> None:  # noqa: ANN001
    """Title, data date (and filter), demo label: the band above the map of a page picture."""
    title = spec.title(o.lang, o.settings)
    title_pt = px(TITLE_PX)
    while width_px(title, title_pt) > page_w - 2 * MARGIN * scale and title_pt > px(TITLE_PX) * 0.5:
        title_pt *= 0.92  # a long (often English) title shrinks to the page width
    fig.text(fx(MARGIN), 1 - fy(18), title, ha="left", va="top", fontsize=title_pt, color="#111111")
    date = f"{t('data_date', o.lang)}{choose(*COLON, o.lang)}{day}"
    subtitle = " · ".join(part for part in (date, notes[0]) if part)
    fig.text(fx(MARGIN), 1 - fy(66), subtitle, ha="left", va="top", fontsize=px(SUB_PX), color="#444444")
    if has_demo:
        label = t("demo", o.lang)
        # Beside the title when there is room, else on the subtitle's line.
        beside = (3 * MARGIN + 20) * scale + width_px(title, title_pt) + width_px(label, px(SUB_PX + 1)) <= page_w
        fig.text(
            1 - fx(MARGIN),
            1 - fy(22 if beside else 62),
            label,
            ha="right",
            va="top",
            fontsize=px(SUB_PX + 1),
            color="white",
            zorder=70,
            bbox={"boxstyle": "round,pad=0.35", "facecolor": "#c53030", "edgecolor": "none"},
        )


def _extent(drawn: list[DrawnLayer]) -> tuple[float, float, float, float]:
    """Bounds of what the filters picked (when they picked anything), else of everything drawn."""
    import shapely

    picked = [g for d in drawn if d.filtered for g in d.geoms]
    # context (roads reaching into the next county) never widens the picture
    geoms = picked or [
        g for d in drawn if getattr(d.layer, "frames", True) and d.layer.name not in CONTEXT_LAYERS for g in d.geoms
    ]
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
    if any(d.layer.name == "roads" and d.geoms for d in drawn):
        notes.append(t("roads_attribution", o.lang))  # ODbL asks for the credit wherever the roads are shown
    if mosaic is not None:
        notes.append(w("basemap_credit", o.lang, credit=mosaic.attribution))
    elif o.basemap != "none":
        notes.append(
            w(
                "basemap_fallback",
                o.lang,
                name=w(f"basemap_{o.basemap}", o.lang),
                why=word(tiles.REASONS, why, o.lang) if why in tiles.REASONS else w("basemap_unknown", o.lang),
            )
        )
    return notes


def _filter_value(drawn: list[DrawnLayer], key: str, value: str) -> str:
    """A township code reads better as its name when the townships layer matched it."""
    for d in drawn:
        if d.filtered and key == "township_code" and d.layer.name == "townships" and d.props:
            return f"{d.props[0].get('name', value)} ({value})"
    return value


def _footer_lines(o: ExportOptions, notes: list[str], budget_px: float, size_pt: float, srid: int) -> list[str]:
    colon = choose(*COLON, o.lang)
    projection = projection_text(srid, o.lang)
    text = f"{w('source', o.lang)}{colon}{t('attribution', o.lang)} · {projection} · {w('made_by', o.lang)}"
    return [part for line in (*notes, text) for part in wrap(line, budget_px, size_pt)]
