"""Inspection photos: checked by size and by their first bytes (not their name), kept on disk.

Files go to ``<upload folder>/inspections/<inspection id>/<sha256 prefix>.<ext>``; the database
keeps the relative path, type, size and checksum.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Connection, text

from geo.errors import InvalidInput, NotFound, TooLarge
from geo.sizes import readable_size

EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


def sniff(data: bytes) -> str | None:
    """The image type of ``data`` from its magic bytes: JPEG, PNG or WebP, else None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


def too_large(max_bytes: int, name: str | None = None, size: int | None = None) -> TooLarge:
    """The refusal of a photo over ``max_bytes`` (``size`` unknown while it still arrives)."""
    label = f"“{name}”" if name else ""
    limit = readable_size(max_bytes)
    if size is None:
        return TooLarge(
            f"照片{label}太大，上限 {limit}。请压缩后再传。\nPhoto {name or ''} is too large: the limit is {limit}.",
            detail={"max_bytes": max_bytes},
        )
    return TooLarge(
        f"照片{label}太大：{readable_size(size)}，上限 {limit}。请压缩后再传。\n"
        f"Photo {name or ''} is too large: {readable_size(size)}, limit {limit}.",
        detail={"max_bytes": max_bytes, "size_bytes": size},
    )


def check(data: bytes, max_bytes: int, name: str | None = None, size: int | None = None) -> str:
    """The content type of an acceptable photo, or a clear error (``size``: the whole upload's)."""
    label = f"“{name}”" if name else ""
    size = max(size or 0, len(data))
    if size > max_bytes:
        raise too_large(max_bytes, name, size)
    if not data:
        raise InvalidInput(f"照片{label}是空文件 / the photo {name or ''} is empty")
    kind = sniff(data)
    if kind is None:
        raise InvalidInput(
            f"文件{label}不是 JPEG、PNG 或 WebP 图片（按文件内容判断，与文件名无关）。\n"
            f"File {name or ''} is not a JPEG, PNG or WebP image (judged by its content, not its name).",
            detail={"allowed": list(EXTENSIONS)},
        )
    return kind


def store(
    conn: Connection,
    upload_dir: Path,
    inspection_id: int,
    data: bytes,
    max_bytes: int,
    original_name: str | None = None,
    size: int | None = None,
) -> dict:
    """Check, write to disk and record one photo of an inspection."""
    if conn.execute(text("SELECT 1 FROM inspection WHERE id = :id"), {"id": inspection_id}).scalar() is None:
        raise NotFound(f"没有编号为 {inspection_id} 的督查记录 / No inspection with id {inspection_id}")
    kind = check(data, max_bytes, original_name, size)
    digest = hashlib.sha256(data).hexdigest()
    relative = Path("inspections") / str(inspection_id) / f"{digest[:20]}.{EXTENSIONS[kind]}"
    target = upload_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    # Write beside and rename, so a reader never sees half a file.
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    row = (
        conn.execute(
            text(
                "INSERT INTO inspection_photo (inspection_id, path, original_name, content_type, size_bytes, sha256) "
                "VALUES (:i, :p, :n, :t, :s, :h) RETURNING id, inspection_id, content_type, size_bytes, original_name, sha256"
            ),
            {"i": inspection_id, "p": str(relative), "n": original_name, "t": kind, "s": len(data), "h": digest},
        )
        .mappings()
        .one()
    )
    return dict(row)


def locate(conn: Connection, upload_dir: Path, inspection_id: int, photo_id: int) -> tuple[Path, str]:
    """The file and content type of one stored photo."""
    row = conn.execute(
        text("SELECT path, content_type FROM inspection_photo WHERE id = :p AND inspection_id = :i"),
        {"p": photo_id, "i": inspection_id},
    ).first()
    if row is None or not (upload_dir / row.path).is_file():
        raise NotFound(f"没有这张照片 / No photo {photo_id} on inspection {inspection_id}")
    return upload_dir / row.path, row.content_type
