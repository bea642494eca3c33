"""How long the service waits on PostGIS: one value per kind of wait (settings ``db_*_timeout_s``).

A frozen PostGIS (SIGSTOP, a hung host) still completes TCP handshakes and acknowledges data, so
neither libpq's connect_timeout alone nor keepalives notice it: every wait on the server is
bounded on our side instead (``geo.store.database``). Figures in seconds; the defaults are the
settings' defaults.
"""

from __future__ import annotations

from dataclasses import dataclass

CONNECT_TIMEOUT_S = 2.0  # opening a connection, start-up packet to ready
CHECKOUT_TIMEOUT_S = 2.0  # the liveness check of a pooled connection when it is handed out
STATEMENT_TIMEOUT_S = 120.0  # one statement, server-side and (with a margin) client-side
POOL_TIMEOUT_S = 5.0  # waiting for a free pooled connection
HEALTH_TIMEOUT_S = 0.8  # /healthz answers within 1 s, whatever the database does


@dataclass(frozen=True)
class Deadlines:
    """The waits of one engine (hashable: engines are kept per URL and deadlines)."""

    connect_s: float = CONNECT_TIMEOUT_S
    checkout_s: float = CHECKOUT_TIMEOUT_S
    statement_s: float = STATEMENT_TIMEOUT_S
    pool_s: float = POOL_TIMEOUT_S
    health_s: float = HEALTH_TIMEOUT_S
