"""Text measured as Agg draws it, and wrapped to a width: the layout sizes boxes with these."""

from __future__ import annotations

from functools import lru_cache

import matplotlib


def width_px(text: str, size_pt: float) -> float:
    """Width of ``text`` as Agg draws it at 96 dpi, summed per character (hinting included,
    so tiny text is not underestimated). Call inside the export's rc context (CJK font)."""
    return sum(_char_px(ch, round(size_pt, 2), tuple(matplotlib.rcParams["font.family"])) for ch in text)


# a line never starts with a closing mark nor ends with an opening one, nor splits a number
NO_LINE_START = frozenset("）)]】」』〕》〉、，。：；！？,.;:!?%")
NO_LINE_END = frozenset("（([【「『〔《〈")


def wrap(line: str, budget_px: float, size_pt: float) -> list[str]:
    """Break a line to fit: at a space in the line's second half when there is one (Latin and CJK
    text alike: "圆面积 ∝ 件数" keeps 件数 together), else anywhere in CJK text but next to a
    closing mark, an opening one or inside a number (a legend count "（141）" stays whole)."""
    family = tuple(matplotlib.rcParams["font.family"])
    size = round(size_pt, 2)
    out, cur, cur_w = [], "", 0.0  # the width is kept as it grows: wrapping stays linear in the line
    for ch in line:
        ch_w = _char_px(ch, size, family)
        if cur and cur_w + ch_w > budget_px:
            head, sep, tail = cur.rpartition(" ")
            if sep and not ch.isspace() and width_px(head, size_pt) > budget_px / 2:
                out.append(head)
                cur, cur_w = tail, width_px(tail, size_pt)
            else:
                k = _cut(cur, ch)
                out.append(cur[:k])
                cur = cur[k:]
                cur_w = width_px(cur, size_pt)
        cur += ch
        cur_w += ch_w
    return [*out, cur] if cur else out or [""]


def _cut(cur: str, nxt: str) -> int:
    """How much of ``cur`` stays on the line when ``nxt`` does not fit (all of it if no better place)."""
    k = len(cur)
    while k > 1 and (nxt in NO_LINE_START or cur[k - 1] in NO_LINE_END or (nxt.isdigit() and cur[k - 1].isdigit())):
        k -= 1
        nxt = cur[k]
    return k if k > 1 else len(cur)


@lru_cache(maxsize=4096)
def _char_px(ch: str, size_pt: float, _family: tuple[str, ...]) -> float:
    from matplotlib.font_manager import FontProperties

    width, _h, _d = _agg().get_text_width_height_descent(ch, FontProperties(size=size_pt), ismath=False)
    return width


@lru_cache(maxsize=1)
def _agg():  # noqa: ANN202
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(8, 8, 96)
