"""Bounds on expensive work: a few exports at a time (429 + Retry-After beyond), smaller
pictures for anonymous visitors."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

RETRY_AFTER_S = 10


class Busy(Exception):
    """All slots are taken: answer 429 with Retry-After."""

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_S) -> None:
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


class Slots:
    """At most ``size`` at once; the next one is refused at once rather than queued (a queue of
    8000x5000 renders is how memory grew past 1.5 GB)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._semaphore = threading.BoundedSemaphore(size)

    @contextmanager
    def take(self) -> Iterator[None]:
        if not self._semaphore.acquire(blocking=False):
            raise Busy(
                f"导出任务已满（同时最多 {self.size} 个），请 {RETRY_AFTER_S} 秒后再试 / "
                f"Too many exports at once (at most {self.size}); try again in {RETRY_AFTER_S} s."
            )
        try:
            yield
        finally:
            self._semaphore.release()
