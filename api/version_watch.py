"""The data version every worker holds in memory, pushed by PostgreSQL LISTEN/NOTIFY.

The trigger that bumps ``data_state.version`` also sends ``pg_notify('fieldmap_data', ...)``
(migration 0010); account and token changes send ``fieldmap_auth``. One background thread per
worker listens on one connection and, as a safety net, reads the version itself every
``check_seconds`` (a lost notification, a reconnect). Readers never wait: ``version`` is a plain
attribute, ``None`` until the first read succeeded, so a cache hit costs no round trip."""

from __future__ import annotations

import logging
import os
import select
import threading
from collections.abc import Callable

import psycopg2
import psycopg2.extensions
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from geo.store.notify import listen, read_version

log = logging.getLogger(__name__)
DATA_CHANNEL, AUTH_CHANNEL = "fieldmap_data", "fieldmap_auth"


class VersionWatch:
    def __init__(self, database_url: str, check_seconds: float = 2.0, engine: Engine | None = None) -> None:
        self._url = database_url
        self._engine = engine  # the app's (its deadlines); None: the URL's default engine
        self.check_seconds = check_seconds
        self.version: int | None = None
        self.changed_at: str | None = None
        self.listening = False  # True while notifications arrive (credentials may be remembered)
        self._auth_listeners: list[Callable[[], None]] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._wake: tuple[int, int] | None = None  # a pipe: stop() wakes the thread out of select()

    def on_auth_change(self, callback: Callable[[], None]) -> None:
        self._auth_listeners.append(callback)

    def start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._wake = os.pipe()
                self._thread = threading.Thread(target=self._run, name="fieldmap-version", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread, wake = self._thread, self._wake
        if thread is None or wake is None:
            return
        os.write(wake[1], b"x")
        thread.join(timeout=10)
        if not thread.is_alive():
            os.close(wake[0])
            os.close(wake[1])
            self._wake = None

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Wait until the first version has been read (tests and start-up)."""
        deadline = threading.Event()
        for _ in range(int(timeout / 0.02)):
            if self.version is not None:
                return True
            deadline.wait(0.02)
        return self.version is not None

    # -- the thread -----------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            conn = None
            try:
                conn = self._connect()
                self._listen(conn)
            except Exception as exc:  # noqa: BLE001 - the database went away: retry, keep serving
                log.warning("version watch: %s; retrying", exc)
                self._lost()
            finally:
                if conn is not None:
                    conn.close()
            self._stop.wait(min(self.check_seconds, 1.0))

    def _connect(self):  # noqa: ANN202
        u = make_url(self._url)
        conn = psycopg2.connect(
            host=u.host,
            port=u.port,
            user=u.username,
            password=u.password,
            dbname=u.database,
            connect_timeout=5,
            application_name="fieldmap-version",
            keepalives=1,
            keepalives_idle=5,
            keepalives_interval=2,
            keepalives_count=3,
        )
        conn.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        listen(conn, (DATA_CHANNEL, AUTH_CHANNEL))
        return conn

    def refresh(self) -> None:
        """Read the version now (after a write made by this worker, before its notification)."""
        from geo.store.database import data_version, get_engine

        if self.version is None:
            return  # not watching yet: the routes read the version themselves
        with (self._engine or get_engine(self._url)).connect() as conn:
            self._advance(*data_version(conn))

    def _listen(self, conn) -> None:  # noqa: ANN001
        # after LISTEN: no write can slip between this read and the first notification; the
        # first read after (re)connecting is authoritative (a restored database may count lower)
        self._read(conn, authoritative=True)
        self.listening = True
        wake = self._wake
        if wake is None:  # stopped before it ever started
            return
        while not self._stop.is_set():
            ready, _, _ = select.select([conn, wake[0]], [], [], self.check_seconds)
            if self._stop.is_set():
                return
            if ready:
                conn.poll()
                auth = False
                while conn.notifies:
                    note = conn.notifies.pop(0)
                    if note.channel == DATA_CHANNEL:
                        self._take(note.payload)
                    else:
                        auth = True
                if auth:
                    self._auth_changed()
            else:
                self._read(conn)  # the safety net

    def _read(self, conn, authoritative: bool = False) -> None:  # noqa: ANN001
        version, changed_at = read_version(conn)
        if authoritative:
            self.changed_at, self.version = changed_at, version
        else:
            self._advance(version, changed_at)

    def _take(self, payload: str) -> None:
        version, _, changed_at = payload.partition(" ")
        if version.isdigit():
            self._advance(int(version), changed_at or self.changed_at)

    def _advance(self, version: int, changed_at: str | None) -> None:
        # notifications queued behind a read may be older than what the read saw
        with self._lock:
            if self.version is None or version > self.version:
                self.changed_at, self.version = changed_at, version

    def _lost(self) -> None:
        # While nobody listens, credentials cannot be trusted from memory; the version can:
        # the reconnect reads it again before anything is served as current.
        if self.listening:
            self.listening = False
            self._auth_changed()

    def _auth_changed(self) -> None:
        for callback in self._auth_listeners:
            callback()
