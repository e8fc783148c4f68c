"""vServer migration on the lab: success, refusals, and rollback from every step."""

from __future__ import annotations

import asyncio

import pytest

from tests.helpers import discover_lab
from vdcftui.ops.jobs.inline import run_plan
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.migrate import plan_migration
from vdcftui.ops.vserver.state import PrecheckFailed
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m

OPERATOR = Session("alice")
STEPS = [
    "zoneadm -z web01 shutdown",
    "zoneadm -z web01 detach",
    "zpool export web01_pool",
    "zpool import web01_pool",
    "zonecfg -z web01 'create",
    "zoneadm -z web01 attach",
    "zoneadm -z web01 boot",
    "zonecfg -z web01 delete -F",
    "zoneadm list -cp",
]


@pytest.fixture
def discovered(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    credentials = discover_lab(fresh_lab, repo)
    return fresh_lab, credentials


def plan(name: str, target: str, credentials, allow_upgrade: bool = False):
    async def go():
        pool = SSHPool()
        try:
            return await plan_migration(
                name, target, pool, lambda host: target_for(host, credentials), allow_upgrade
            )
        finally:
            await pool.close()

    return asyncio.run(go())


def where(lab, zone: str) -> dict[str, str]:
    """Node -> state of the zone, on every node that has it configured."""
    found = {}
    for name, node in lab.state.nodes.items():
        if node.powered and zone in node.zones:
            found[name] = node.zones[zone].state
    return found


def test_migrate_to_a_node_that_sees_the_luns_and_onto_a_gdom_and_back(discovered):
    lab, credentials = discovered
    for target in ("node08", "gdom01", "node03"):
        job = run_plan(OPERATOR, plan("web01", target, credentials), credentials)
        assert job.state == "succeeded", job.error
        assert where(lab, "web01") == {target: "running"}
        vserver = m.VServer.get(m.VServer.name == "web01")
        assert (vserver.node.name, vserver.state) == (target, "running")
        assert m.Dataset.get(m.Dataset.name == "web01_pool").node.name == target


def test_target_that_cannot_see_a_lun_is_refused_naming_it(discovered):
    lab, credentials = discovered
    with pytest.raises(
        PrecheckFailed,
        match=r"cdom01: it does not see LUN "
        r"600A0B800011382800000A0B84B10001 \(dataset",
    ):
        plan("web01", "cdom01", credentials)
    assert where(lab, "web01") == {"node03": "running"}


def test_other_release_architecture_or_older_build_is_refused(discovered):
    _, credentials = discovered
    with pytest.raises(PrecheckFailed, match="node04 Solaris 10"):
        plan("web01", "node04", credentials)
    with pytest.raises(PrecheckFailed, match="node03 is sparc, node06 is i386"):
        plan("web01", "node06", credentials)
    with pytest.raises(PrecheckFailed, match=r"gdom02 \(11.3.33.5.0\) is older"):
        plan("web01", "gdom02", credentials)


# The last steps (deleting the source's configuration, reading the zone back) come
# after the point of no return: a failure there is completed forward
# (tests/faults/test_faults_migration.py).
@pytest.mark.parametrize("failing", range(len(STEPS) - 2))
def test_a_failing_step_rolls_back_to_the_source(discovered, failing):
    lab, credentials = discovered
    migration = plan("web01", "node08", credentials)
    assert [
        s.command.text().startswith(p) for s, p in zip(migration.steps, STEPS, strict=True)
    ] == [True] * len(STEPS)
    step = migration.steps[failing]
    lab.faults.fail_next(
        step.host,
        "^" + step.command.text().split("'")[0].rstrip(),
        stderr="simulated failure",
        exit_status=1,
    )
    job = run_plan(OPERATOR, migration, credentials)
    assert job.state == "rolled_back", job.error
    assert "simulated failure" in job.error
    assert where(lab, "web01") == {"node03": "running"}
    assert m.VServer.get(m.VServer.name == "web01").node.name == "node03"
    assert lab.state.zpools["web01_pool"].imported_on == "node03"


def test_newer_target_needs_allow_upgrade_and_attaches_with_u(discovered):
    lab, credentials = discovered
    with pytest.raises(PrecheckFailed, match="--allow-upgrade"):
        plan("db01", "node06", credentials)
    migration = plan("db01", "node06", credentials, allow_upgrade=True)
    assert "zoneadm -z db01 attach -u" in [s.command.text() for s in migration.steps]
    job = run_plan(OPERATOR, migration, credentials)
    assert job.state == "succeeded", job.error
    assert where(lab, "db01") == {"node06": "running"}


def test_capacity_and_dependencies_are_checked(discovered):
    _, credentials = discovered
    m.VServer.update(memory_cap_mb=400000).where(m.VServer.name.in_(["erp01", "web01"])).execute()
    with pytest.raises(PrecheckFailed, match="memory caps would total 800000 MB of 524288"):
        plan("web01", "node08", credentials)
    m.VServer.update(memory_cap_mb=None).execute()
    slave = m.VServer.get(m.VServer.name == "web02")
    m.VServerDependency.create(master=m.VServer.get(m.VServer.name == "web01"), slave=slave)
    with pytest.raises(PrecheckFailed, match="its slave web02 is running"):
        plan("web01", "node08", credentials)


def test_a_migration_records_the_uuid_the_target_gives_the_zone(discovered):
    lab, credentials = discovered
    before = m.VServer.get(m.VServer.name == "web01").uuid
    job = run_plan(OPERATOR, plan("web01", "node08", credentials), credentials)
    assert job.state == "succeeded", job.error
    on_target = lab.state.nodes["node08"].zones["web01"].uuid
    assert on_target != before  # attach on another node gives the zone a new uuid
    assert m.VServer.get(m.VServer.name == "web01").uuid == on_target
    assert not job.error


def test_a_read_back_that_fails_keeps_the_migration_and_says_so(discovered):
    lab, credentials = discovered
    lab.faults.fail_next("node08", "^zoneadm list -cp$", stderr="zoneadm: busy")
    migration = plan("web01", "node08", credentials)
    job = run_plan(OPERATOR, migration, credentials)
    assert job.state == "succeeded", job.error
    assert job.error.startswith(f"step {len(STEPS)}: could not read the result back")
    assert where(lab, "web01") == {"node08": "running"}
    assert m.VServer.get(m.VServer.name == "web01").node.name == "node08"
