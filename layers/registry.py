"""Layers by name. Adding a layer is one module and one line in ``layers/__init__.py``."""

from __future__ import annotations

from geo.errors import NotFound
from layers.base import Layer

_LAYERS: dict[str, Layer] = {}


def register(layer: Layer) -> Layer:
    if layer.name in _LAYERS:
        raise ValueError(f"layer {layer.name!r} is already registered")
    _LAYERS[layer.name] = layer
    return layer


def get(name: str) -> Layer:
    try:
        return _LAYERS[name]
    except KeyError:
        raise NotFound(
            f"没有名为“{name}”的图层。可用图层：{', '.join(_LAYERS)}\nNo layer named '{name}'. Layers: {', '.join(_LAYERS)}",
            detail={"valid": list(_LAYERS)},
        ) from None


def all_layers() -> list[Layer]:
    return list(_LAYERS.values())
