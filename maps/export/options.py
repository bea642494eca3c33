"""What a caller may ask of an export, checked once, with messages a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass, field

from geo.errors import InvalidInput
from geo.store.settings import Settings

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# the briefing deck (maps.briefing)
PPTX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PAPERS_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape
DEFAULT_PAPER = "A4"
PAPER_TEXT = 1.3
SLIDE_SCALE = 1.1  # legend 15 px -> 12.4 pt, labels >= 12.5 px -> 10.3 pt, footer 13 px -> 10.7 pt
BASEMAPS = ("none", "tianditu", "osm", "amap")
LANGS = ("zh", "en")
MIN_PX, MAX_PX = 200, 8000
MAX_PIXELS = 40_000_000  # 8000x5000; keeps one PNG under ~160 MB of raster memory

# The layout is designed on a 1920x1080 canvas of "reference pixels" (CSS px at 96 dpi,
# the unit of Leaflet's radius/weight); other sizes scale it.
REF_W, REF_H, CSS_DPI = 1920, 1080, 96


def _bad(zh: str, en: str, **detail: object) -> InvalidInput:
    return InvalidInput(f"{zh}\n{en}", detail=dict(detail))


@dataclass(frozen=True)
class ExportOptions:
    fmt: str = "png"
    width: int = REF_W
    height: int = REF_H
    lang: str = "zh"
    paper: str | None = None  # PDF only: A4 (the default for PDF) or A3, landscape
    basemap: str = "none"
    filters: dict[str, str] = field(default_factory=dict)
    role: str = "viewer"  # who asks: layers this role may not see (geo.privacy) are not drawn
    pixel_ratio: float = 1.0  # PNG pixels per layout pixel (2 = a sharp picture at the same layout)
    # A picture for a slide: no title band (the slide has the title and the demo label), only the
    # thematic layers in the legend, text at a fixed size (``SLIDE_SCALE``: legend >= 12 pt when the
    # picture is placed at its own size in inches).
    slide: bool = False
    # The caller's settings (geo.store.settings.Settings): the Tianditu key, and the rules of the
    # layers that depend on them (coverage, inspection status). None: the defaults, no Tianditu.
    settings: Settings | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.fmt not in FORMATS:
            raise _bad(
                f"不支持的格式“{self.fmt}”，可用：{'、'.join(FORMATS)}",
                f"Unsupported format '{self.fmt}'; use one of {', '.join(FORMATS)}",
                valid=list(FORMATS),
            )
        for label, value in (("width", self.width), ("height", self.height)):
            if not isinstance(value, int) or not MIN_PX <= value <= MAX_PX:
                raise _bad(
                    f"{label} 必须是 {MIN_PX}–{MAX_PX} 之间的像素数，收到 {value!r}",
                    f"{label} must be between {MIN_PX} and {MAX_PX} pixels; got {value!r}",
                    min=MIN_PX,
                    max=MAX_PX,
                )
        if self.width * self.height > MAX_PIXELS:
            raise _bad(
                f"图片过大：{self.width}×{self.height} 超过 {MAX_PIXELS:,} 像素",
                f"Image too large: {self.width}x{self.height} exceeds {MAX_PIXELS:,} pixels",
                max_pixels=MAX_PIXELS,
            )
        if self.lang not in LANGS:
            raise _bad(f"lang 只能是 zh 或 en，收到“{self.lang}”", f"lang must be zh or en; got '{self.lang}'")
        if self.paper is not None:
            if self.fmt != "pdf":
                raise _bad("paper（纸张）只用于 PDF", "paper applies to PDF only")
            if self.paper not in PAPERS_MM:
                raise _bad(
                    f"纸张只能是 {'、'.join(PAPERS_MM)}（横向），收到“{self.paper}”",
                    f"paper must be one of {', '.join(PAPERS_MM)} (landscape); got '{self.paper}'",
                    valid=list(PAPERS_MM),
                )
        if self.basemap not in BASEMAPS:
            raise _bad(
                f"底图只能是 {'、'.join(BASEMAPS)}，收到“{self.basemap}”",
                f"basemap must be one of {', '.join(BASEMAPS)}; got '{self.basemap}'",
                valid=list(BASEMAPS),
            )

    @property
    def tianditu_key(self) -> str | None:
        return getattr(self.settings, "tianditu_key", None)

    @property
    def media_type(self) -> str:
        return FORMATS[self.fmt]

    @property
    def sheet(self) -> str | None:
        """The paper a PDF is printed on: the one asked for, else A4 landscape; None for PNG/SVG."""
        return (self.paper or DEFAULT_PAPER) if self.fmt == "pdf" else None

    def page_inches(self) -> tuple[float, float]:
        """Figure size: the paper for a PDF (A4 landscape unless A3 was asked), else the pixels at 96 dpi."""
        if self.sheet:
            w_mm, h_mm = PAPERS_MM[self.sheet]
            return w_mm / 25.4, h_mm / 25.4
        return self.width / CSS_DPI, self.height / CSS_DPI

    def scale(self) -> float:
        if self.slide:
            return SLIDE_SCALE
        return self._fit_scale()

    def _fit_scale(self) -> float:
        """How many real pixels (at 96 dpi) one reference pixel of the layout becomes.

        The same for portrait and landscape; bounded below so that a small picture keeps
        legible text (the renderer shrinks further only when the layout would not fit)."""
        w_px, h_px = (v * CSS_DPI for v in self.page_inches())
        fit = min(max(w_px, h_px) / REF_W, min(w_px, h_px) / REF_H)
        # Paper is read at arm's length, not across a room: text a third larger than on a slide
        # (legend ~8.5 pt on A4, ~12 pt on A3).
        return max(0.55, fit * PAPER_TEXT if self.sheet else fit)
