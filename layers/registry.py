"""Layers by name. Adding a layer is one module and one line in ``layers/__init__.py``."""

from __future__ import annotations

from geo.registry import Registry
from layers.base import Layer

LAYERS: Registry[Layer] = Registry("图层", "layer")
register = LAYERS.register
get = LAYERS.get
all_layers = LAYERS.all
