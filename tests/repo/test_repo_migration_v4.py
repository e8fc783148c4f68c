"""Schema version 4: the ``invalid_reason`` of nodes and vServers, added in place."""

from __future__ import annotations

import sqlite3

from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.migrations import CURRENT_VERSION


def _columns(path, table: str) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[1] for row in db.execute(f"PRAGMA table_info({table})")}


def test_version_3_repository_gains_invalid_reason_keeping_rows(tmp_path):
    path = tmp_path / "v3.db"
    open_repository(path)
    pool = m.ComputePool.create(name="pool-a")
    node = m.Node.create(name="node03", pool=pool, state="up", model="SPARC M10-1")
    m.VServer.create(name="zpz", node=node, state="running", zonepath="/zones/zpz")
    close_repository()
    # make it the version-3 schema: no invalid_reason anywhere
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE node DROP COLUMN invalid_reason")
        db.execute("ALTER TABLE vserver DROP COLUMN invalid_reason")
        db.execute("ALTER TABLE job DROP COLUMN rolling_back")
        db.execute("UPDATE schema_version SET version = 3")
    assert "invalid_reason" not in _columns(path, "node")
    assert "invalid_reason" not in _columns(path, "vserver")

    open_repository(path)
    try:
        assert m.SchemaVersion.get().version == CURRENT_VERSION
        zpz = m.VServer.get(m.VServer.name == "zpz")
        assert (zpz.node.name, zpz.zonepath, zpz.invalid_reason) == ("node03", "/zones/zpz", None)
        assert m.Node.get(m.Node.name == "node03").invalid_reason is None
        zpz.invalid_reason = "node03 reported an invalid zonepath"
        zpz.save()
        assert m.VServer.get(m.VServer.name == "zpz").invalid_reason.startswith("node03")
    finally:
        close_repository()
    assert "invalid_reason" in _columns(path, "node")
    assert "invalid_reason" in _columns(path, "vserver")
    # opening again changes nothing
    open_repository(path)
    try:
        assert m.SchemaVersion.select().count() == 1
        assert m.VServer.get(m.VServer.name == "zpz").invalid_reason is not None
    finally:
        close_repository()
