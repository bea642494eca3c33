"""Credentials a worker has already checked, remembered while PostgreSQL keeps it informed.

Only while the version watch is listening: any change to ``auth_token`` or ``app_user``
(logout, revocation, role change, disabled account) notifies ``fieldmap_auth`` and empties
this cache in every worker. Entries also age out after ``max_age`` seconds, which bounds how
long an expired (not revoked) token can still be honoured."""

from __future__ import annotations

import time

from api.version_watch import VersionWatch
from geo.accounts.tokens import Identity


class IdentityCache:
    def __init__(self, watch: VersionWatch, max_age: float = 60.0, max_entries: int = 10_000) -> None:
        self._watch = watch
        self._items: dict[str, tuple[Identity, float]] = {}
        self.generation = 0  # read before a database check; a clear in between voids the put
        self.max_age, self.max_entries = max_age, max_entries
        watch.on_auth_change(self.clear)

    def get(self, raw: str) -> Identity | None:
        if not self._watch.listening:
            return None
        hit = self._items.get(raw)
        if hit is None or time.monotonic() - hit[1] > self.max_age:
            return None
        return hit[0]

    def put(self, raw: str, identity: Identity, generation: int) -> None:
        if not self._watch.listening or identity.kind not in ("session", "api") or generation != self.generation:
            return
        if len(self._items) >= self.max_entries:
            self._items.clear()
        self._items[raw] = (identity, time.monotonic())

    def clear(self) -> None:
        self.generation += 1
        self._items = {}
