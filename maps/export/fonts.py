"""The CJK font every export uses, registered with matplotlib by file, never by fallback.

Without an explicit font matplotlib falls back to DejaVu Sans, which has no Chinese
glyphs, and draws empty boxes. So the font file installed by ``scripts/bootstrap``
(fonts-wqy-microhei) is added by path and named as the only family; text stays text in
SVG (``svg.fonttype='none'``) and is embedded as a TrueType (Type 42) font in PDF.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from geo.errors import SetupError

CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),  # Fedora/Arch layout
)


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, Path]:
    """(family name, file) of the CJK font, registered with matplotlib."""
    from matplotlib import font_manager

    for path in CJK_FONT_FILES:
        if path.exists():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name(), path
    raise SetupError(
        "缺少中文字体，导出的地图无法显示汉字。请安装：apt-get install fonts-wqy-microhei（或运行 scripts/bootstrap）\n"
        "No CJK font: exported maps cannot show Chinese. Install it with 'apt-get install fonts-wqy-microhei' "
        "(scripts/bootstrap does this)."
    )


def rc_params() -> dict:
    """matplotlib settings for one export."""
    family, _path = cjk_font()
    return {
        "font.family": [family],
        "font.sans-serif": [family],
        "axes.unicode_minus": False,  # the font has no U+2212
        "svg.fonttype": "none",  # SVG text stays text
        "pdf.fonttype": 42,  # TrueType in PDF: selectable, searchable text
        "lines.scale_dashes": False,  # Leaflet dashArray is absolute, not per line width
        "path.simplify": True,
    }
