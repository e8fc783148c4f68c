"""The repository on a real PostgreSQL server (started for the test in a directory of
its own): created at the current schema, written by the operations, and watched by the
consoles through the sequence every write advances."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vdcftui.ops.discovery.run import discover, targets_from_inventory
from vdcftui.ops.jobs.journal import cancel_job, submit
from vdcftui.ops.jobs.plan import Plan, Step
from vdcftui.ops.monitor.history import Retention, prune, roll_up, store
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.ops.session import Session
from vdcftui.readmodel.metrics import load_series
from vdcftui.readmodel.vservers import vserver_rows
from vdcftui.repo import models as m
from vdcftui.repo.database import CURRENT_VERSION, close_repository, data_version, open_repository
from vdcftui.solaris.cmd.command import Command

psycopg2 = pytest.importorskip("psycopg2", reason="the PostgreSQL driver is not installed")


def _server_command() -> list[str] | None:
    """How to run PostgreSQL's tools here: as ourselves, or (root) as user postgres."""
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        return None
    if os.geteuid() != 0:
        return []
    if shutil.which("su") is None:
        return None
    try:
        import pwd

        pwd.getpwnam("postgres")
    except KeyError:
        return None
    return ["su", "postgres", "-s", "/bin/sh", "-c"]


def _run(prefix: list[str], command: str) -> None:
    argv = [*prefix, command] if prefix else ["/bin/sh", "-c", command]
    subprocess.run(argv, check=True, capture_output=True, timeout=120)


@pytest.fixture
def postgres_url():
    """A throw-away PostgreSQL server on a free loopback port; its URL."""
    prefix = _server_command()
    if prefix is None:
        pytest.skip("no PostgreSQL server (initdb, pg_ctl) to run on this machine")
    data = Path(tempfile.mkdtemp(prefix="vdcftui-pg-"))
    if prefix:
        shutil.chown(data, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    _run(prefix, f"initdb -D {data}/db -A trust -U vdcf >/dev/null")
    _run(
        prefix,
        f"pg_ctl -D {data}/db -w -l {data}/log -o '-p {port} -k {data} "
        "-c listen_addresses=127.0.0.1' start >/dev/null",
    )
    try:
        yield f"postgresql://vdcf@127.0.0.1:{port}/postgres"
    finally:
        close_repository()
        _run(prefix, f"pg_ctl -D {data}/db -w -m immediate stop >/dev/null")
        shutil.rmtree(data, ignore_errors=True)


def test_a_postgresql_repository_is_created_used_and_watched(postgres_url):
    open_repository(postgres_url)
    assert [r.version for r in m.SchemaVersion.select()] == [CURRENT_VERSION]
    before = data_version()
    node = m.Node.create(name="node01", state="up")
    m.VServer.create(name="web01", node=node, state="running", brand="solaris")
    assert data_version() > before
    assert vserver_rows() == [
        ("web01", ("web01", "node01", "running", "solaris", None, "", "", None, None))
    ]

    plan = Plan(
        operation="boot",
        object_type="vserver",
        object_name="web01",
        steps=(Step("node01", Command(("zoneadm", "-z", "web01", "boot")), "boot web01"),),
        locks=(("vserver", "web01"),),
    )
    job = submit(Session("alice"), plan)
    seen = data_version()
    other = psycopg2.connect(postgres_url)  # another operator's console or the engine
    with other, other.cursor() as cursor:
        cursor.execute("UPDATE vserver SET state = 'installed' WHERE name = 'web01'")
    other.close()
    assert data_version() > seen
    cancel_job(Session("alice"), job)
    assert m.Job.get_by_id(job.id).state == "cancelled"
    assert m.Lock.select().count() == 0

    close_repository()
    open_repository(postgres_url)  # reopening keeps rows and the watch
    assert m.VServer.get(m.VServer.name == "web01").state == "installed"
    again = data_version()
    m.ComputePool.create(name="pool-a")
    assert data_version() > again


def _column_type(table: str, column: str) -> str:
    cursor = m.database_proxy.execute_sql(
        "SELECT data_type FROM information_schema.columns"
        " WHERE table_name = %s AND column_name = %s",
        (table, column),
    )
    return cursor.fetchone()[0]


def test_discovery_into_postgresql_keeps_pool_sizes_past_32_bits(postgres_url, lab_session):
    open_repository(postgres_url)
    inventory = load_inventory(lab_session.workdir / "inventory.json")
    targets = targets_from_inventory(inventory)
    summary = asyncio.run(discover(targets))
    assert (summary.failed, summary.warnings) == ({}, {})
    assert len(summary.discovered) == len(targets)
    assert m.Dataset.select().where(m.Dataset.size_bytes > 2**31).count() > 0


def test_a_version_5_repository_on_postgresql_gets_64_bit_sizes(postgres_url):
    open_repository(postgres_url)
    m.Lun.create(wwn="600A0B800011382800000A0B84D10001", size_bytes=2**30)
    m.database_proxy.execute_sql("ALTER TABLE lun ALTER COLUMN size_bytes TYPE integer")
    m.SchemaVersion.update(version=5).execute()
    assert _column_type("lun", "size_bytes") == "integer"
    close_repository()
    open_repository(postgres_url)
    assert m.SchemaVersion.get().version == CURRENT_VERSION
    assert _column_type("lun", "size_bytes") == "bigint"
    assert _column_type("filesystem", "quota_bytes") == "bigint"
    assert m.Lun.get().size_bytes == 2**30


def test_metric_rollups_and_graph_spans_on_postgresql(postgres_url):
    open_repository(postgres_url)
    # a version-7 repository gets the rollups table and the samples' index by time
    m.database_proxy.execute_sql("DROP TABLE metric_rollup")
    m.database_proxy.execute_sql("DROP INDEX metric_sample_time")
    m.SchemaVersion.update(version=7).execute()
    close_repository()
    open_repository(postgres_url)
    assert m.SchemaVersion.get().version == CURRENT_VERSION
    indexes = m.database_proxy.get_indexes("metric_sample")
    assert "metric_sample_time" in {index.name for index in indexes}
    now = datetime(2026, 3, 10, 12, 30)
    day = datetime(2026, 3, 8)
    for n in range(2 * 144):
        store(
            [("node", "node01", "cpu", 10.0 if n < 144 else 30.0)], day + timedelta(minutes=10 * n)
        )
    store([("vserver", "web01", "memory", 512.0)], day + timedelta(hours=5))
    assert roll_up(now) == (48, 2)
    hour = m.MetricRollup.get(
        (m.MetricRollup.period == "hour")
        & (m.MetricRollup.object_name == "node01")
        & (m.MetricRollup.time == day)
    )
    assert (hour.count, hour.minimum, hour.maximum, hour.average) == (6, 10.0, 10.0, 10.0)
    # raw rows older than a day go: 8 March's, 9 March's before 12:30, web01's
    assert prune(Retention(), now) == 144 + 75 + 1
    year = load_series("node", "node01", "cpu", "year", now=now)
    # the year's 1.8-day buckets end now: each day in a bucket of its own, from its rollup
    assert [v for _, v in year.points] == [10.0, 30.0]
    assert year.extremes == ((10.0, 10.0), (30.0, 30.0))
    month = load_series("vserver", "web01", "memory", "month", now=now)
    assert [v for _, v in month.points] == [512.0]
