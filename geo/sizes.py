"""A byte count as people read it in a message: "20 MB", "1.5 MB", "4 KB", "512 B".

Limits are set in bytes (settings, tests); a small limit shown in whole megabytes read "上限 0 MB".
Units are binary (1 KB = 1024 bytes, 1 MB = 1024 KB), as the limits are written; the same text
serves zh and en.
"""

from __future__ import annotations

KB = 1024
MB = 1024 * KB


def _number(value: float) -> str:
    """One decimal at most, none when it is whole: 20, 1.5, 4."""
    return f"{value:.1f}".removesuffix(".0")


def readable_size(n_bytes: int) -> str:
    """``n_bytes`` in MB from 1 MB up, in KB from 1 KB up, else in bytes."""
    if n_bytes >= MB:
        return f"{_number(n_bytes / MB)} MB"
    if n_bytes >= KB:
        return f"{_number(n_bytes / KB)} KB"
    return f"{n_bytes} B"
