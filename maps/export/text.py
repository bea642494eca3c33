"""Text measured as Agg draws it, and wrapped to a width: the layout sizes boxes with these."""

from __future__ import annotations

from functools import lru_cache

import matplotlib


def width_px(text: str, size_pt: float) -> float:
    """Width of ``text`` as Agg draws it at 96 dpi, summed per character (hinting included,
    so tiny text is not underestimated). Call inside the export's rc context (CJK font)."""
    return sum(_char_px(ch, round(size_pt, 2), tuple(matplotlib.rcParams["font.family"])) for ch in text)


def wrap(line: str, budget_px: float, size_pt: float) -> list[str]:
    """Break a line to fit; Latin text breaks at a space, CJK text anywhere."""
    family = tuple(matplotlib.rcParams["font.family"])
    size = round(size_pt, 2)
    out, cur, cur_w = [], "", 0.0  # the width is kept as it grows: wrapping stays linear in the line
    for ch in line:
        ch_w = _char_px(ch, size, family)
        if cur and cur_w + ch_w > budget_px:
            head, sep, tail = cur.rpartition(" ")
            if sep and not ch.isspace() and ord(ch) < 0x2E80 and width_px(head, size_pt) > budget_px / 2:
                out.append(head)
                cur, cur_w = tail, width_px(tail, size_pt)
            else:
                out.append(cur)
                cur, cur_w = "", 0.0
        cur += ch
        cur_w += ch_w
    return [*out, cur] if cur else out or [""]


@lru_cache(maxsize=4096)
def _char_px(ch: str, size_pt: float, _family: tuple[str, ...]) -> float:
    from matplotlib.font_manager import FontProperties

    width, _h, _d = _agg().get_text_width_height_descent(ch, FontProperties(size=size_pt), ismath=False)
    return width


@lru_cache(maxsize=1)
def _agg():  # noqa: ANN202
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, 96)
