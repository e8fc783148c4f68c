"""Console holds in a real SQLite repository, and the version 2 -> 3 schema upgrade."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest
from peewee import SqliteDatabase

from vdcftui.consoles import holds
from vdcftui.consoles.keys import parse_escape
from vdcftui.errors import UsageError
from vdcftui.ops.session import ReadOnlyRefused, Session
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.migrations import CURRENT_VERSION


def test_version_2_repository_gains_console_holds_keeping_rows(tmp_path):
    path = tmp_path / "v2.db"
    db = SqliteDatabase(str(path))
    m.database_proxy.initialize(db)
    db.create_tables([model for model in m.ALL_MODELS if model is not m.ConsoleHold])
    m.SchemaVersion.create(version=2)
    m.Node.create(name="node08", address="127.0.0.1")
    db.close()
    assert "console_hold" not in SqliteDatabase(str(path)).get_tables()
    open_repository(path)
    try:
        assert m.SchemaVersion.get().version == CURRENT_VERSION
        assert [n.name for n in m.Node.select()] == ["node08"]
        hold = holds.acquire("node", "node08", Session("alice"))
        assert (hold.operator, hold.pid) == ("alice", os.getpid())
    finally:
        close_repository()


def test_stale_hold_is_replaced_live_hold_refused_and_only_own_hold_released(tmp_path):
    open_repository(tmp_path / "repo.db")
    try:
        gone = subprocess.Popen(["true"])
        gone.wait()
        m.ConsoleHold.create(
            object_type="node",
            object_name="node08",
            operator="bob",
            pid=gone.pid,
            host=socket.gethostname(),
        )
        mine = holds.acquire("node", "node08", Session("alice"))
        assert mine.operator == "alice"
        assert m.AuditRecord.select().count() == 0
        with pytest.raises(holds.ConsoleHeld, match=r"held by alice \(pid \d+ on "):
            holds.acquire("node", "node08", Session("carol"))
        with pytest.raises(ReadOnlyRefused):
            holds.acquire("node", "node08", Session("carol", readonly=True), take_over=True)
        theirs = holds.acquire("node", "node08", Session("carol"), take_over=True)
        assert holds.release(mine) is False
        assert m.ConsoleHold.get().operator == "carol"
        assert holds.release(theirs) is True
        assert m.ConsoleHold.select().count() == 0
    finally:
        close_repository()


def test_escape_keys_are_parsed_and_unsafe_ones_refused():
    assert parse_escape("^]") == "\x1d"
    assert parse_escape("^x") == "\x18"
    for spec in ("^C", "^M", "^[", "]", "^^^", "ctrl-x"):
        with pytest.raises(UsageError):
            parse_escape(spec)
