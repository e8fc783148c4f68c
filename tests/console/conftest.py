"""A small repository for the console's Pilot tests: two pools, nodes in every state,
GDoms, vServers with storage, a dependency, a pending change and a locked vServer;
recorded alerts (open, acknowledged, cleared) on top of it where a test asks."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest
from peewee import SqliteDatabase

from vdcftui.ops.alerts.store import Condition, acknowledge, clear_alert, raise_alert
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.database import SQLITE_PRAGMAS, close_repository, open_repository


def fill_repository() -> None:
    """Rows an operator would recognise, in the shapes discovery writes them."""
    pool_a = m.ComputePool.create(name="pool-a")
    pool_b = m.ComputePool.create(name="pool-b")
    sc = m.SystemController.create(name="sc-node01", type="ilom", address="127.0.1.1", port=22)
    node01 = m.Node.create(
        name="node01",
        kind="cdom",
        pool=pool_a,
        state="up",
        model="SPARC T7-1",
        os_version="11.4",
        sru="11.4.42.111.0",
        cpu_threads=256,
        memory_mb=524288,
        arch="sparc",
        sc=sc,
    )
    node02 = m.Node.create(
        name="node02",
        kind="physical",
        pool=pool_a,
        state="up",
        model="SPARC T7-1",
        os_version="11.4",
        sru="11.4.42.111.0",
        cpu_threads=128,
        memory_mb=262144,
        arch="sparc",
    )
    m.Node.create(name="node03", kind="physical", pool=pool_b, state="unreachable")
    m.Node.create(name="node04", kind="physical", pool=pool_b, state="up", fenced=True)
    gdom_node = m.Node.create(
        name="gdom01",
        kind="gdom",
        pool=pool_a,
        state="up",
        os_version="11.4",
        arch="sparc",
        cpu_threads=16,
        memory_mb=32768,
    )
    m.GDom.create(
        name="gdom01",
        cdom=node01,
        node=gdom_node,
        state="active",
        vcpus=16,
        memory_mb=32768,
        root_disks=json.dumps(["gdom01_root"]),
        vnets=json.dumps(["vnet0"]),
    )
    m.GDom.create(name="gdom02", cdom=node01, state="bound", vcpus=8, memory_mb=16384)
    web = m.VServer.create(
        name="web01",
        node=node01,
        state="running",
        brand="solaris",
        ip_type="exclusive",
        zonepath="/zones/web01",
        memory_cap_mb=4096,
        pending_changes=json.dumps([{"description": "add /data2"}]),
    )
    dataset = m.Dataset.create(
        name="web01_pool",
        vserver=web,
        node=node01,
        raid="1",
        size_bytes=20 * 2**30,
        used_bytes=2 * 2**30,
    )
    lun = m.Lun.create(wwn="600A0B800011382800000A0B84B10001")
    m.DatasetLun.create(dataset=dataset, lun=lun)
    m.Filesystem.create(
        dataset=dataset,
        vserver=web,
        name="web01_pool/data",
        kind="data",
        mountpoint="/data",
        quota_bytes=10 * 2**30,
        used_bytes=2**30,
    )
    m.VServerNet.create(
        vserver=web,
        linkname="net0",
        net_type="public",
        interface_name="net0",
        address="10.1.0.11",
        prefixlen=24,
    )
    db = m.VServer.create(name="db01", node=node01, state="installed", brand="solaris10")
    m.VServerDependency.create(master=db, slave=web)
    app = m.VServer.create(name="app01", node=node02, state="running", brand="solaris")
    job = m.Job.create(
        operation="migrate",
        object_type="vserver",
        object_name="app01",
        operator="alice",
        state="running",
    )
    m.JobStep.create(
        job=job,
        seq=1,
        host="node02",
        command="zoneadm -z app01 shutdown",
        description="stop the zone",
        state="done",
    )
    m.JobStep.create(
        job=job,
        seq=2,
        host="node02",
        command="zoneadm -z app01 detach",
        description="detach it from the source",
        state="running",
    )
    m.Lock.create(
        object_type="vserver", object_name=app.name, job=job, operator="alice", operation="migrate"
    )
    for number in range(2, 10):
        m.VServer.create(name=f"mail{number:02d}", node=node02, state="installed", brand="solaris")


@pytest.fixture
def console_repo(tmp_path):
    """A filled repository file, open for the test."""
    path = tmp_path / "repo.db"
    open_repository(path)
    fill_repository()
    yield path
    close_repository()


SSH_MAINTENANCE = "svc:/network/ssh:default is in maintenance\x1b[2J"
"""A recorded alert's message as a host reported it, an escape sequence in it."""


def add_alerts() -> None:
    """What the engine records: a critical alert (alert 2, open), a warning (alert 1)
    acknowledged by carol, and a fault (alert 3) cleared since; every time fixed."""
    cpu = raise_alert(
        Condition(
            "threshold:node:node01:cpu",
            "threshold",
            "node",
            "node01",
            "warning",
            "node01 cpu 91% (warning at 90%)",
            metric="cpu",
            value=91.0,
        )
    )
    ssh = raise_alert(
        Condition("service:node:node02", "service", "node", "node02", "critical", SSH_MAINTENANCE)
    )
    fault = raise_alert(
        Condition("fault:node:node03", "fault", "node", "node03", "critical", "fmadm: CPU fault")
    )
    clear_alert(fault.key, "fmadm faulty shows it no more")
    acknowledge(Session("carol"), cpu.id, "looking into the batch run")
    for alert, raised in (
        (cpu, datetime(2025, 3, 4, 10, 0)),
        (ssh, datetime(2025, 3, 4, 11, 0)),
        (fault, datetime(2025, 3, 4, 8, 0)),
    ):
        m.AlertRecord.update(raised=raised).where(m.AlertRecord.id == alert.id).execute()
    m.AlertRecord.update(acked_at=datetime(2025, 3, 4, 10, 5)).where(
        m.AlertRecord.id == cpu.id
    ).execute()
    m.AlertRecord.update(cleared=datetime(2025, 3, 4, 9, 0)).where(
        m.AlertRecord.id == fault.id
    ).execute()


@pytest.fixture
def alerts_repo(console_repo):
    """The console's repository with recorded alerts in it."""
    add_alerts()
    return console_repo


QUERY_SECONDS = 0.3
"""How long every query of the slow repository takes (a PostgreSQL across a WAN)."""


class SlowSqliteDatabase(SqliteDatabase):
    """A real SQLite repository whose every query takes QUERY_SECONDS first."""

    def execute_sql(self, sql, params=None):
        time.sleep(QUERY_SECONDS)
        return super().execute_sql(sql, params)


@pytest.fixture
def slow_repo(console_repo):
    """The console's repository, answering each query in 300 ms."""
    db = SlowSqliteDatabase(str(console_repo), pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    m.database_proxy.initialize(db)
    yield console_repo
    db.close()
