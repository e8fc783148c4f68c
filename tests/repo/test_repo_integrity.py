"""The repository's integrity rules, opening details, counters and helpers on real files."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from peewee import IntegrityError

from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import (
    close_repository,
    default_repository_path,
    open_repository,
)
from vdcftui.repo.errors import RepositoryError
from vdcftui.repo.migrations import CURRENT_VERSION
from vdcftui.repo.queries import RowCache, transaction, upsert

WWN = "600144F0A5C2D3E4000058B6C1F20001"


@pytest.fixture
def repo(tmp_path):
    """A fresh repository file, closed afterwards."""
    db = open_repository(tmp_path / "repo.db")
    yield db
    close_repository()


def test_sqlite_url_opens_the_file_with_normal_synchronous(tmp_path):
    path = tmp_path / "url.db"
    db = open_repository(f"sqlite:///{path}")
    assert path.exists()
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    close_repository()


def test_reopening_a_current_repository_changes_nothing(tmp_path):
    path = tmp_path / "repo.db"
    open_repository(path)
    m.Node.create(name="node01", state="up")
    close_repository()
    open_repository(path)
    assert [r.version for r in m.SchemaVersion.select()] == [CURRENT_VERSION]
    assert m.Node.select().count() == 1
    assert m.Node.get(m.Node.name == "node01").state == "up"
    close_repository()


def test_writer_waits_for_another_connection_within_busy_timeout(repo, tmp_path):
    other = sqlite3.connect(tmp_path / "repo.db", check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO compute_pool (name, created) VALUES ('held', '2024-01-01')")
    release = threading.Timer(0.3, other.commit)
    release.start()
    started = time.monotonic()
    m.ComputePool.create(name="waiting")
    waited = time.monotonic() - started
    release.join()
    other.close()
    assert waited >= 0.2
    assert {p.name for p in m.ComputePool.select()} == {"held", "waiting"}


def test_natural_keys_are_unique(repo):
    ts = m.TerminalServer.create(name="cyc01", type="cyclades", address="10.0.0.5")
    m.ConsolePort.create(terminal_server=ts, port=7001)
    with pytest.raises(IntegrityError):
        m.ConsolePort.create(terminal_server=ts, port=7001)
    node = m.Node.create(name="node01")
    lun = m.Lun.create(wwn=WWN)
    m.NodeLun.create(node=node, lun=lun)
    with pytest.raises(IntegrityError):
        m.NodeLun.create(node=node, lun=lun)
    job = m.Job.create(
        operation="migrate", object_type="vserver", object_name="web01", operator="alice"
    )
    m.JobStep.create(job=job, seq=1, host="node01", command="zoneadm -z web01 halt")
    with pytest.raises(IntegrityError):
        m.JobStep.create(job=job, seq=1, host="node01", command="true")
    m.Lock.create(
        object_type="vserver", object_name="web01", job=job, operator="alice", operation="migrate"
    )
    with pytest.raises(IntegrityError):
        m.Lock.create(
            object_type="vserver", object_name="web01", job=job, operator="bob", operation="boot"
        )


def test_same_guest_name_allowed_on_two_control_domains_not_twice_on_one(repo):
    cdom1 = m.Node.create(name="cdom1", kind="cdom")
    cdom2 = m.Node.create(name="cdom2", kind="cdom")
    m.GDom.create(name="ldg1", cdom=cdom1)
    m.GDom.create(name="ldg1", cdom=cdom2)
    with pytest.raises(IntegrityError):
        m.GDom.create(name="ldg1", cdom=cdom1)


def test_deleting_a_node_keeps_its_vservers_and_datasets_but_drops_what_it_owns(repo):
    pool = m.ComputePool.create(name="pool-a")
    node = m.Node.create(name="cdom1", kind="cdom", pool=pool)
    vserver = m.VServer.create(name="web01", node=node, state="running")
    dataset = m.Dataset.create(name="web01_pool", node=node, vserver=vserver)
    m.GDom.create(name="ldg1", cdom=node)
    iface = m.NetworkInterface.create(node=node, name="net0")
    m.IpAddress.create(interface=iface, address="192.168.10.11", prefixlen=24)
    node.delete_instance()
    assert m.VServer.get_by_id(vserver.id).node is None
    assert m.Dataset.get_by_id(dataset.id).node is None
    assert m.GDom.select().count() == 0
    assert m.NetworkInterface.select().count() == 0
    assert m.IpAddress.select().count() == 0
    pool.delete_instance()
    assert m.ComputePool.select().count() == 0


def test_deleting_a_job_drops_steps_and_locks_but_keeps_the_audit_trail(repo):
    job = m.Job.create(
        operation="boot", object_type="vserver", object_name="web01", operator="alice"
    )
    m.JobStep.create(job=job, seq=1, host="node01", command="zoneadm -z web01 boot")
    m.Lock.create(
        object_type="vserver", object_name="web01", job=job, operator="alice", operation="boot"
    )
    audit = m.AuditRecord.create(
        operator="alice", action="boot", object_type="vserver", object_name="web01", job=job
    )
    job.delete_instance()
    assert (m.JobStep.select().count(), m.Lock.select().count()) == (0, 0)
    assert m.AuditRecord.get_by_id(audit.id).job is None


def test_references_to_missing_rows_are_refused(repo):
    with pytest.raises(IntegrityError):
        m.NodeLun.insert(node=999, lun=999).execute()


def test_a_transaction_rolls_back_every_write_of_its_block(repo):
    m.ComputePool.create(name="pool-a")
    with pytest.raises(RuntimeError), transaction():
        m.ComputePool.create(name="pool-x")
        m.ComputePool.update(description="changed").execute()
        raise RuntimeError("step failed")
    assert [(p.name, p.description) for p in m.ComputePool.select()] == [("pool-a", None)]


def test_upsert_compares_foreign_keys_by_row(repo):
    pool_a = m.ComputePool.create(name="pool-a")
    pool_b = m.ComputePool.create(name="pool-b")
    upsert(m.Node, {"name": "node01"}, {"pool": pool_a})
    _, changes, _ = upsert(m.Node, {"name": "node01"}, {"pool": pool_a})
    assert changes == {}
    _, changes, _ = upsert(m.Node, {"name": "node01"}, {"pool": pool_b})
    assert list(changes) == ["pool"] and changes["pool"][0].name == "pool-a"
    assert m.Node.get(m.Node.name == "node01").pool.name == "pool-b"


def test_row_cache_upserts_by_composite_key_without_duplicates(repo):
    node = m.Node.create(name="node01")
    cache = RowCache()
    _, _, created = cache.upsert(
        m.NetworkInterface, {"node": node, "name": "net0"}, {"kind": "phys", "speed_mbps": 1000}
    )
    assert created
    _, changes, created = cache.upsert(
        m.NetworkInterface, {"node": node, "name": "net0"}, {"kind": "phys", "speed_mbps": 10000}
    )
    assert not created and changes == {"speed_mbps": (1000, 10000)}
    row = m.NetworkInterface.get()
    assert (row.name, row.speed_mbps, m.NetworkInterface.select().count()) == ("net0", 10000, 1)


def test_postgresql_without_driver_is_a_clear_error():
    # a process of its own in which the driver cannot be imported, as on a machine
    # without it
    script = (
        "import sys; sys.modules['psycopg2'] = None\n"
        "from vdcftui.repo.database import open_repository\n"
        "open_repository('postgresql://vdcf:secret@db.example.com/vdcf')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert (
        "RepositoryError: a PostgreSQL repository needs the psycopg2 driver: "
        "pip install psycopg2-binary"
    ) in result.stderr


def test_an_unreachable_postgresql_server_is_named_without_its_password():
    pytest.importorskip("psycopg2", reason="the PostgreSQL driver is not installed")
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(RepositoryError) as refused:
        open_repository(f"postgresql://vdcf:secret@127.0.0.1:{port}/vdcf")
    message = str(refused.value)
    assert message.startswith(
        f"cannot reach the repository postgresql://vdcf:***@127.0.0.1:{port}/vdcf: "
    )
    assert "secret" not in message


def test_missing_directory_is_named(tmp_path):
    with pytest.raises(RepositoryError, match="does not exist"):
        open_repository(tmp_path / "nowhere" / "repo.db")


def test_default_locations(monkeypatch, tmp_path):
    monkeypatch.setenv("VDCFTUI_REPO", str(tmp_path / "site.db"))
    assert default_repository_path() == tmp_path / "site.db"
    monkeypatch.delenv("VDCFTUI_REPO")
    assert default_repository_path() == Path.home() / ".local/share/vdcftui/repo.db"
    assert default_credentials_path(tmp_path / "site.db") == tmp_path / "credentials.json"
    assert default_credentials_path(f"sqlite:///{tmp_path}/x.db") == tmp_path / "credentials.json"
    assert (
        default_credentials_path("postgresql://u:p@h/d")
        == Path.home() / ".local/share/vdcftui/credentials.json"
    )


def test_credentials_keep_other_refs_and_refuse_group_or_malformed_files(tmp_path):
    store = CredentialStore(tmp_path / "sub" / "credentials.json")
    assert store.get("sc:ilom01") is None
    store.set("sc:ilom01", "first")
    store.set("sc:xscf01", "second")
    store.set("sc:ilom01", "rotated")
    assert (store.get("sc:ilom01"), store.get("sc:xscf01")) == ("rotated", "second")
    assert os.stat(store.path).st_mode & 0o777 == 0o600
    os.chmod(store.path, 0o640)
    with pytest.raises(RepositoryError, match="chmod 600"):
        store.get("sc:xscf01")
    os.chmod(store.path, 0o600)
    store.path.write_text("{not json")
    with pytest.raises(RepositoryError, match="malformed"):
        store.get("sc:xscf01")
