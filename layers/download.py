"""A layer as a table of its visible columns with headings and values in one language,
ready for the file writers in ``geo.io.layer_files``: the layer's filters applied, the
columns the caller's role may not see left out (``geo.privacy``) and the demo flag kept."""

from __future__ import annotations

import io

import geopandas as gpd
import numpy as np
import pyogrio
from sqlalchemy import Connection

from geo.io.layer_files import write
from geo.privacy import scrub
from geo.vocab import ATTRIBUTE
from layers.base import Layer
from layers.ogc import column_labels, properties_for, value_words


def layer_frame(
    conn: Connection,
    layer: Layer,
    role: str | None,
    lang: str = "zh",
    bbox: tuple[float, float, float, float] | None = None,
    filters: dict[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """The features of ``layer`` the GeoJSON endpoint gives ``role``, headed in ``lang``."""
    text = layer.geojson(conn, bbox=bbox, filters=filters)
    columns = properties_for(layer, role)
    if role != "admin" and '"unannounced"' in text:  # the row rules of the privacy table
        import json

        text = json.dumps(scrub(json.loads(text), role, layer.name), ensure_ascii=False)
    frame = pyogrio.read_dataframe(io.BytesIO(text.encode("utf-8")))
    if frame.crs is None:
        frame = frame.set_crs(4326)
    frame = frame.set_crs(4326, allow_override=True)
    present = [c for c in columns if c in frame.columns]
    frame = frame[[*present, frame.geometry.name]].copy()
    words = value_words(layer, lang)
    coded = {f.name for f in layer.fields if f.values}
    # lists of codes (overdue reasons, visit history, assets) as the words a person reads, as in popups
    listed = {f.name: f for f in layer.fields if f.render is not None}
    for c in present:
        if c in listed and frame[c].map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any():
            field = listed[c]
            frame[c] = frame[c].map(
                lambda v, f=field: (
                    f.shown(v.tolist() if isinstance(v, np.ndarray) else v, lang)
                    if isinstance(v, (list, tuple, np.ndarray))
                    else v
                )
            )
        elif c in coded:
            frame[c] = frame[c].map(lambda v: words.get(v, v) if isinstance(v, str) else v)
        elif frame[c].dtype == bool:
            frame[c] = frame[c].map({True: words["yes"], False: words["no"]})
    demo = ATTRIBUTE.word("demo", lang)
    if "source" in frame.columns:
        frame.insert(len(present), demo, (frame["source"] == "demo").map({True: words["yes"], False: words["no"]}))
    return frame.rename(columns=column_labels(layer, present, lang))


def layer_file(
    conn: Connection,
    layer: Layer,
    role: str | None,
    fmt: str,
    lang: str = "zh",
    bbox: tuple[float, float, float, float] | None = None,
    filters: dict[str, str] | None = None,
) -> bytes:
    """The bytes of ``layer`` as a ``fmt`` file (see ``geo.io.layer_files.FORMATS``)."""
    frame = layer_frame(conn, layer, role, lang, bbox, filters)
    return write(
        frame,
        fmt,
        layer.name,
        lon_lat=(ATTRIBUTE.word("lon", lang), ATTRIBUTE.word("lat", lang)),
        wkt=ATTRIBUTE.word("wkt", lang),
    )
