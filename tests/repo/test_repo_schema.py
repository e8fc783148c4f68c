"""The repository on real SQLite files: settings, upserts, migrations, credentials."""

from __future__ import annotations

import os
import sqlite3

import pytest
from peewee import IntegrityError, SqliteDatabase

from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.database import close_repository, data_version, open_repository
from vdcftui.repo.errors import RepositoryError
from vdcftui.repo.migrations import CURRENT_VERSION, create_v1_schema
from vdcftui.repo.queries import upsert


def test_new_repository_has_wal_foreign_keys_and_busy_timeout(tmp_path):
    db = open_repository(tmp_path / "repo.db")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000
    assert m.SchemaVersion.get().version == CURRENT_VERSION
    close_repository()


def test_upsert_reports_changes_and_never_duplicates(tmp_path):
    open_repository(tmp_path / "repo.db")
    pool, _, created = upsert(m.ComputePool, {"name": "pool-a"}, {})
    node, changes, created = upsert(
        m.Node, {"name": "node01"}, {"pool": pool, "state": "up", "memory_mb": 8192}
    )
    assert created and changes == {}
    _, changes, created = upsert(
        m.Node, {"name": "node01"}, {"pool": pool, "state": "up", "memory_mb": 8192}
    )
    assert not created and changes == {}
    _, changes, _ = upsert(m.Node, {"name": "node01"}, {"state": "unreachable"})
    assert changes == {"state": ("up", "unreachable")}
    assert m.Node.select().count() == 1
    with pytest.raises(IntegrityError):
        m.Node.create(name="node01")
    close_repository()


def test_foreign_keys_cascade_from_node_to_its_luns(tmp_path):
    open_repository(tmp_path / "repo.db")
    node = m.Node.create(name="node01")
    lun = m.Lun.create(wwn="600A0B800011382800000A0B84B12D7A")
    m.NodeLun.create(node=node, lun=lun, device_name="c0t600A0B800011382800000A0B84B12D7Ad0")
    node.delete_instance()
    assert m.NodeLun.select().count() == 0
    assert m.Lun.select().count() == 1
    close_repository()


def test_version_1_repository_is_upgraded_in_place_keeping_rows(tmp_path):
    path = tmp_path / "old.db"
    old = SqliteDatabase(str(path))
    create_v1_schema(old)
    old.execute_sql("INSERT INTO compute_pool (name, created) VALUES ('pool-a', '2024-01-01')")
    old.execute_sql(
        "INSERT INTO node (name, kind, pool_id, ssh_port, state, memory_mb) "
        "VALUES ('node01', 'physical', 1, 22, 'up', 65536)"
    )
    old.execute_sql(
        "INSERT INTO vserver (name, node_id, brand, state, zonepath) "
        "VALUES ('web01', 1, 'solaris', 'running', '/zones/web01')"
    )
    old.close()
    open_repository(path)
    assert m.SchemaVersion.get().version == CURRENT_VERSION
    node = m.Node.get(m.Node.name == "node01")
    assert (node.pool.name, node.memory_mb, node.base_units) == ("pool-a", 65536, None)
    web01 = m.VServer.get(m.VServer.name == "web01")
    assert (web01.node.name, web01.state, web01.priority, web01.category) == (
        "node01",
        "running",
        0,
        None,
    )
    m.MetricSample.create(
        time="2024-01-01 00:00:00",
        object_type="node",
        object_name="node01",
        metric="cpu_pct",
        value=1.0,
    )
    close_repository()
    open_repository(path)
    assert m.SchemaVersion.select().count() == 1
    assert m.MetricSample.select().count() == 1
    close_repository()


def test_newer_repository_is_refused(tmp_path):
    path = tmp_path / "new.db"
    open_repository(path)
    m.SchemaVersion.update(version=CURRENT_VERSION + 1).execute()
    close_repository()
    with pytest.raises(RepositoryError, match="newer than this vdcftui knows"):
        open_repository(path)


def test_foreign_database_and_garbage_file_are_refused(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE accounts (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(RepositoryError, match="not a vdcftui repository"):
        open_repository(other)
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(RepositoryError, match="not a vdcftui repository"):
        open_repository(garbage)


def test_data_version_moves_when_another_connection_writes(tmp_path):
    path = tmp_path / "repo.db"
    open_repository(path)
    before = data_version()
    other = sqlite3.connect(path)
    other.execute("INSERT INTO compute_pool (name, created) VALUES ('pool-b', '2024-01-01')")
    other.commit()
    other.close()
    assert data_version() != before
    close_repository()


def test_credentials_are_owner_only_and_refused_when_readable_by_others(tmp_path):
    store = CredentialStore(tmp_path / "credentials.json")
    store.set("sc:ilom01", "changeme")
    assert store.get("sc:ilom01") == "changeme"
    assert os.stat(store.path).st_mode & 0o077 == 0
    os.chmod(store.path, 0o644)
    with pytest.raises(RepositoryError, match="readable by others"):
        store.get("sc:ilom01")
