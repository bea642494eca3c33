"""Byte counts in messages (geo/sizes.py): MB from 1 MB, KB from 1 KB, bytes below; one decimal at most."""

from __future__ import annotations

import pytest

from geo.sizes import readable_size


@pytest.mark.parametrize(
    ("n_bytes", "text"),
    [
        (0, "0 B"),
        (512, "512 B"),
        (1023, "1023 B"),
        (1024, "1 KB"),
        (1536, "1.5 KB"),
        (4096, "4 KB"),
        (4097, "4 KB"),
        (100 * 1024, "100 KB"),
        (1024 * 1024 - 1, "1024 KB"),
        (1024 * 1024, "1 MB"),
        (10 * 1024 * 1024, "10 MB"),
        (int(10.5 * 1024 * 1024), "10.5 MB"),
        (20 * 1024 * 1024, "20 MB"),
        (25 * 1024 * 1024 + 1, "25 MB"),
    ],
)
def test_readable_size(n_bytes: int, text: str) -> None:
    assert readable_size(n_bytes) == text
