"""Checks on an uploaded file before it is read: size, name and what its bytes really are."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from geo.errors import InvalidInput, TooLarge
from geo.sizes import readable_size

# suffix -> a test on the first bytes: the name must not lie about the content
_MAGIC: dict[str, Callable[[bytes], bool]] = {
    ".zip": lambda head: head.startswith(b"PK\x03\x04"),
    ".xlsx": lambda head: head.startswith(b"PK\x03\x04"),
    ".gpkg": lambda head: head.startswith(b"SQLite format 3\x00"),
    ".geojson": lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"),
    ".json": lambda head: head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"),
    ".csv": lambda head: b"\x00" not in head,
    ".fgb": lambda head: head.startswith(b"fgb"),
    # an OpenStreetMap extract: a 4-byte length, then the first BlobHeader, of type "OSMHeader"
    ".osm.pbf": lambda head: b"OSMHeader" in head[4:20],
}
ONLY_FOR = {".osm.pbf": "road"}  # suffixes only one table reads
ALLOWED_SUFFIXES = tuple(_MAGIC)


def check_name(filename: str | None, table: str | None = None) -> str:
    """The lower-case suffix of an allowed upload name (``.osm.pbf`` whole), or InvalidInput."""
    name = (filename or "").lower()
    suffix = ".osm.pbf" if name.endswith(".osm.pbf") else Path(name).suffix
    if suffix in ONLY_FOR and table is not None and table != ONLY_FOR[suffix]:
        raise InvalidInput(
            f"“{suffix}”文件只能导入道路（road）表 / A {suffix} file can only be imported into the road table.",
            detail={"allowed": [s for s in ALLOWED_SUFFIXES if s not in ONLY_FOR]},
        )
    if suffix not in _MAGIC:
        raise InvalidInput(
            f"不支持的文件类型“{suffix or '(无)'}”。可上传：{', '.join(ALLOWED_SUFFIXES)}（Shapefile 请打包为 .zip）\n"
            f"Unsupported file type '{suffix or '(none)'}'. Allowed: {', '.join(ALLOWED_SUFFIXES)} (zip a Shapefile)",
            detail={"allowed": list(ALLOWED_SUFFIXES)},
        )
    return suffix


def check_content(suffix: str, head: bytes) -> None:
    if not head or not _MAGIC[suffix](head):
        raise InvalidInput(f"文件内容与类型“{suffix}”不符 / The file's content is not a valid {suffix} file.")


def too_large(max_bytes: int) -> TooLarge:
    limit = readable_size(max_bytes)
    return TooLarge(
        f"文件过大，上限 {limit} / The file is too large; the limit is {limit}.",
        detail={"max_bytes": max_bytes},
    )
