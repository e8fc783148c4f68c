"""Schema version 13: system configurations. A version-12 repository gains the item
and applied tables, keeps its rows, and loses the two configuration tables no
version wrote to (kept when something did write to them)."""

from __future__ import annotations

import sqlite3

import pytest

from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.repo.migrations import CURRENT_VERSION

OLD_TABLES = (
    "CREATE TABLE base_configuration (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255)"
    ' NOT NULL, kind VARCHAR(255) NOT NULL, "values" TEXT NOT NULL)',
    "CREATE TABLE server_configuration (id INTEGER NOT NULL PRIMARY KEY, base_id INTEGER"
    " NOT NULL, target_type VARCHAR(255) NOT NULL, target_name VARCHAR(255) NOT NULL,"
    " applied_at DATETIME)",
)


def _version_12(path, written: bool) -> None:
    open_repository(path)
    m.ComputePool.create(name="pool-a")
    close_repository()
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE config_applied")
        db.execute("DROP TABLE config_item")
        for statement in OLD_TABLES:
            db.execute(statement)
        if written:
            db.execute("INSERT INTO base_configuration VALUES (1, 'dns', 'dns', '{}')")
        db.execute("UPDATE schema_version SET version = 12")


@pytest.mark.parametrize("written", [False, True], ids=["unused", "written"])
def test_version_12_repository_gains_the_configuration_tables(tmp_path, written):
    path = tmp_path / "v12.db"
    _version_12(path, written)
    open_repository(path)
    try:
        assert m.SchemaVersion.get().version == CURRENT_VERSION
        assert m.ComputePool.get().name == "pool-a"
        m.ConfigItem.create(kind="ntp", key="servers", value="ntp1", scope="all", changed_by="al")
        assert m.ConfigItem.select().count() == 1
        tables = set(m.database_proxy.get_tables())
        assert {"config_item", "config_applied"} <= tables
        assert ("base_configuration" in tables) is written
    finally:
        close_repository()
