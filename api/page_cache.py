"""Rendered pages, kept until the data changes.

Rendering a Folium page costs a few hundred milliseconds of CPU; under load that is the whole
budget. A page depends on its parameters, the caller's role and the data, and the data
carries a version bumped by a trigger on every write (``data_state``), so a page cached
under that version is never stale. One lock per key: a burst of requests renders once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

MAX_PAGES = 64

_pages: OrderedDict[Hashable, str] = OrderedDict()
_locks: dict[Hashable, threading.Lock] = {}
_guard = threading.Lock()


def get_or_render(key: Hashable, render: Callable[[], str]) -> str:
    """The cached page for ``key`` (which must include the data version), rendering it once."""
    with _guard:
        if key in _pages:
            _pages.move_to_end(key)
            return _pages[key]
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        with _guard:
            if key in _pages:
                return _pages[key]
        page = render()
        with _guard:
            _pages[key] = page
            while len(_pages) > MAX_PAGES:
                old, _ = _pages.popitem(last=False)
                _locks.pop(old, None)
            _locks.pop(key, None)
        return page


def clear() -> None:
    with _guard:
        _pages.clear()
        _locks.clear()
