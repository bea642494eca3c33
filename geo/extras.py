"""Optional parts of the install (pyproject extras) and the error a clerk sees without them.

The core (``import api.app``, ``create_app()``) imports none of these modules at import time;
the code that needs one imports it inside ``with needs("routing"):`` so a missing package
becomes ``ExtraMissing`` (HTTP 501, zh/en message naming the extra) instead of an ImportError.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from geo.errors import ExtraMissing

# extra name (pyproject [project.optional-dependencies]) -> top-level modules it provides
EXTRAS: dict[str, tuple[str, ...]] = {
    "routing": ("ortools", "elkai"),
    "exports": ("matplotlib",),
    "deck": ("pptx",),
    "osm": ("pyrosm",),
}

# what each extra does, for the message: (zh, en)
PURPOSE: dict[str, tuple[str, str]] = {
    "routing": ("路线规划", "route planning"),
    "exports": ("地图图片导出", "map picture export"),
    "deck": ("汇报幻灯片", "the briefing deck"),
    "osm": ("读取 OpenStreetMap 路网", "reading OpenStreetMap road networks"),
}


def extra_of(module: str) -> str | None:
    """The extra that provides top-level ``module`` (``None`` if it belongs to none)."""
    top = module.split(".")[0]
    return next((name for name, mods in EXTRAS.items() if top in mods), None)


def missing_message(extra: str) -> str:
    zh, en = PURPOSE[extra]
    return (
        f"{zh}需要可选组件 {extra}，本机未安装（pip install 'fieldmap[{extra}]'，或重新运行 ./scripts/bootstrap）\n"
        f"{en[0].upper() + en[1:]} needs the optional part '{extra}', which is not installed here "
        f"(pip install 'fieldmap[{extra}]', or run ./scripts/bootstrap again)."
    )


@contextmanager
def needs(*extras: str) -> Iterator[None]:
    """Turn a missing module of one of ``extras`` into ``ExtraMissing``; other ImportErrors pass."""
    unknown = set(extras) - set(EXTRAS)
    if unknown:
        raise ValueError(f"unknown extras: {sorted(unknown)}")
    try:
        yield
    except ModuleNotFoundError as exc:
        extra = extra_of(exc.name or "")
        if extra is None or extra not in extras:
            raise
        raise ExtraMissing(missing_message(extra), detail={"extra": extra}) from exc
