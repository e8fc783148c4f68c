"""Watching the repository for changes made by other processes, off the UI thread.

SQLite's ``PRAGMA data_version`` only moves for commits of *other* connections and its
value belongs to the connection that reads it, so the probe keeps one connection of
its own (the thread worker that reads it may run on any pool thread); PostgreSQL's
change sequence is global and is read through the repository as usual."""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from peewee import SqliteDatabase
from textual.app import App
from textual.message import Message

from screens.views import read_repository
from vdcftui.repo import models as m
from vdcftui.repo.database import data_version


class PollDone(Message):
    """One poll of the repository answered (changed or not)."""


class RepositoryChanged(Message):
    """The poll worker saw another process change the repository."""


class VersionProbe:
    """The repository's data version, read on a connection kept for it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None
        self._seen: int | None = None

    def read(self) -> int:
        """The data version now (a blocking read: call it in a thread)."""
        db = m.database_proxy.obj
        if not isinstance(db, SqliteDatabase):
            return read_repository(data_version)
        with self._lock:
            if self._connection is None:
                self._connection = sqlite3.connect(db.database, check_same_thread=False)
            return int(self._connection.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """Whether the version moved since the last read (False on the first, and when
        the repository cannot be read: the next poll tries again)."""
        try:
            version = self.read()
        except Exception:
            return False
        seen, self._seen = self._seen, version
        return seen is not None and version != seen

    def close(self) -> None:
        """Close the probe's connection."""
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def poll_once(app: App[Any], probe: VersionProbe) -> None:
    """One poll, on a worker thread: a change comes back to ``app`` as
    :class:`RepositoryChanged`, and every answer as :class:`PollDone` (the app then sets
    the next poll, so that polls never overlap)."""
    if probe.changed():
        app.post_message(RepositoryChanged())
    app.post_message(PollDone())
