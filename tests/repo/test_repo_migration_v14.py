"""Schema version 14: the failover under way of a node. A version-13 repository's
``node_health`` gains ``failover_why`` (no failover under way) and keeps its rows."""

from __future__ import annotations

import sqlite3

from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.migrations import CURRENT_VERSION


def test_version_13_node_health_gains_the_failover_under_way(tmp_path):
    path = tmp_path / "v13.db"
    open_repository(path)
    node = m.Node.create(name="node08")
    m.NodeHealth.create(node=node, state="fenced", fence_job=3, restart_job=4)
    close_repository()
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE node_health DROP COLUMN failover_why")
        db.execute("UPDATE schema_version SET version = 13")
    open_repository(path)
    try:
        assert m.SchemaVersion.get().version == CURRENT_VERSION
        health = m.NodeHealth.get()
        assert (health.node.name, health.state, health.fence_job, health.restart_job) == (
            "node08",
            "fenced",
            3,
            4,
        )
        assert health.failover_why == ""
    finally:
        close_repository()
