"""kill -9 of the engine during an evacuation (node05's db01, db02, db03 to node06, one
migration per part, or db01 with its running slave db03 in one part), then `job
recover` or `job recover --rollback`: every zone ends configured on exactly one node,
in the state it had, and the repository agrees. The whole matrix (every step) runs by
hand with -m faults; CI runs a slice."""

from __future__ import annotations

import asyncio
import subprocess

import pytest

from tests.helpers import VDCFTUI, discover_lab, kill_engine_during
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.evacuate import plan_evacuation_job
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.dependencies import add_dependency
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m

MOVING = ("db01", "db02", "db03")


def _evacuation(credentials):
    async def go():
        pool = SSHPool()
        try:
            return (
                await plan_evacuation_job("node05", pool, lambda h: target_for(h, credentials))
            )[1]
        finally:
            await pool.close()

    return asyncio.run(go())


def _assert_each_on_one_node(lab, states: dict[str, str]) -> None:
    for zone in MOVING:
        configured = [n for n, host in lab.state.nodes.items() if zone in host.zones]
        assert len(configured) == 1, (zone, configured)
        node = configured[0]
        assert lab.state.nodes[node].zones[zone].state == states[zone], zone
        vserver = m.VServer.get(m.VServer.name == zone)
        assert (vserver.node.name, vserver.state) == (node, states[zone]), zone


def _run(discovered_lab, tmp_path, kill_at: int, rollback: bool, dependent: bool = False) -> None:
    lab = discovered_lab
    repo = tmp_path / "repo.db"
    credentials = discover_lab(lab, repo, pools=True)
    if dependent:  # db03 moves in one part with its master db01, stopped first
        add_dependency(Session("alice"), "db03", "db01")
    states = {z: m.VServer.get(m.VServer.name == z).state for z in MOVING}
    plan = _evacuation(credentials)
    assert len(plan.steps) == STEPS
    job = submit(Session("alice"), plan)
    kill_engine_during(lab, repo, plan, kill_at)
    args = ["job", "recover", str(job.id), *(["--rollback"] if rollback else [])]
    recovered = subprocess.run(
        [VDCFTUI, "--repo", str(repo), *args], capture_output=True, text=True, timeout=300
    )
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    ended = m.Job.get_by_id(job.id)
    assert ended.state in (JobState.SUCCEEDED, JobState.ROLLED_BACK), ended.error
    _assert_each_on_one_node(lab, states)


STEPS = 25
"""Steps of the evacuation, with or without the dependency: three migrations of 9, 7 and
9 steps, or the master with its slave (18) and the third (7)."""


@pytest.mark.faults
@pytest.mark.parametrize("dependent", [False, True], ids=["alone", "master-slave"])
@pytest.mark.parametrize("rollback", [False, True])
@pytest.mark.parametrize("kill_at", range(STEPS))
def test_kill_at_every_step_of_an_evacuation_then_recover(
    fresh_lab, tmp_path, kill_at, rollback, dependent
):
    _run(fresh_lab, tmp_path, kill_at, rollback, dependent)


@pytest.mark.parametrize(
    ("kill_at", "rollback", "dependent"),
    [(12, False, False), (0, True, True), (7, True, True)],
)
def test_kill_during_an_evacuation_then_recover(fresh_lab, tmp_path, kill_at, rollback, dependent):
    _run(fresh_lab, tmp_path, kill_at, rollback, dependent)
