"""Leaflet, jQuery and Font Awesome served by the service itself from pip-installed
XStatic packages, so a page works on an intranet with no internet at all."""

from __future__ import annotations

from pathlib import Path

import folium
import xstatic.pkg.font_awesome as font_awesome
import xstatic.pkg.jquery as jquery
import xstatic.pkg.leaflet as leaflet

STATIC_PREFIX = "/static"

# URL folder -> package data folder (mounted by the API under STATIC_PREFIX).
STATIC_DIRS: dict[str, Path] = {
    "leaflet": Path(leaflet.BASE_DIR),
    "jquery": Path(jquery.BASE_DIR),
    "fontawesome": Path(font_awesome.BASE_DIR),
    "fieldmap": Path(__file__).parent / "static",  # our own drawing code (fieldmap.js)
}

LOCAL_JS = [
    ("leaflet", f"{STATIC_PREFIX}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_PREFIX}/jquery/jquery.min.js"),
    ("fieldmap", f"{STATIC_PREFIX}/fieldmap/fieldmap.js"),
]
LOCAL_CSS = [
    ("leaflet_css", f"{STATIC_PREFIX}/leaflet/leaflet.css"),
    ("fontawesome_css", f"{STATIC_PREFIX}/fontawesome/css/all.min.css"),
    ("fieldmap_css", f"{STATIC_PREFIX}/fieldmap/fieldmap.css"),  # our page chrome, popups, labels
]


def local_map(**kwargs) -> folium.Map:
    """A folium Map that loads its scripts and styles from this service, never a CDN."""
    m = folium.Map(tiles=None, **kwargs)
    m.default_js = list(LOCAL_JS)
    m.default_css = list(LOCAL_CSS)
    return m
