"""Installing a node with the engine killed (SIGKILL) at each step, then `vdcftui job
recover`: completing leaves the node installed as its profile says; a rollback asked
for once the install has run is completed instead (the disks were overwritten: the
point of no return), and before it leaves the node at its ok prompt. CI kills the
engine during the install itself (boot net - install on the console); the rest of the
matrix runs with -m faults."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.helpers import engine_counting_jobs, kill_engine_during, run_cli, wait_until
from tests.ops.install_site import InstallSite, install_site
from vdcftui.lab.state import INTERNAL_DISKS
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState, StepState
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.install import plan_install
from vdcftui.ops.session import Session
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository
from vdcftui.solaris.dialogue import Dialogue

NODE = "node31"
# ok prompt, boot net - install, first contact, mirror, SRU, aggregation, .ssh, key
STEPS, INSTALL = 8, 1


@pytest.fixture
def site(tmp_path) -> Iterator[InstallSite]:
    # the lab's install runs for a second and a half: time to kill the engine in it
    with install_site(tmp_path, install_seconds=1.5) as here:
        here.register(NODE)
        yield here


def _plan(site: InstallSite) -> Plan:
    open_repository(site.repo)

    async def plan() -> Plan:
        pool = SSHPool()
        try:
            return await plan_install(
                NODE,
                "s11",
                False,
                pool,
                lambda h: target_for(h, site.credentials),
                site.credentials,
            )
        finally:
            await pool.close()

    return asyncio.run(plan())


def _kill_in_console_step(site: InstallSite, job: m.Job, index: int) -> None:
    """Kill the engine while step ``index`` (a console dialogue) runs; during the
    install, let the node finish it (as a real one would, its console left)."""
    node = site.lab.state.nodes[NODE]
    step = m.JobStep.get((m.JobStep.job == job) & (m.JobStep.seq == index + 1))
    engine = engine_counting_jobs(site.repo)
    try:
        if index == INSTALL:
            wait_until(lambda: node.installing, "the install to start on the console")
        else:
            wait_until(
                lambda: m.JobStep.get_by_id(step.id).state == StepState.RUNNING,
                f"step {index + 1} to start",
            )
        engine.kill()
    finally:
        engine.wait(timeout=30)
    if index == INSTALL:
        wait_until(lambda: node.installed and node.answers_ssh, "the install to finish", 60)


def _installed(site: InstallSite) -> bool:
    node = site.lab.state.nodes[NODE]
    keys = node.files.get("/root/.ssh/authorized_keys", "")
    return (
        node.installed
        and node.rpool_disks == list(INTERNAL_DISKS)
        and node.aggregations == {"aggr1": ("net2", "net3")}
        and keys.split()[:2] == site.lab.client_public_key_path.read_text().split()[:2]
    )


def _case(index: int, rollback: bool) -> object:
    marks = () if (index, rollback) == (INSTALL, False) else (pytest.mark.faults,)
    way = "rollback" if rollback else "recover"
    return pytest.param(index, rollback, marks=marks, id=f"step{index + 1}-{way}")


@pytest.mark.parametrize(
    ("index", "rollback"), [_case(i, r) for i in range(STEPS) for r in (False, True)]
)
def test_killed_at_a_step_then_recovered(site, index, rollback):
    plan = _plan(site)
    assert len(plan.steps) == STEPS, [s.description for s in plan.steps]
    job = submit(Session("alice"), plan)
    if isinstance(plan.steps[index].command, Dialogue):
        _kill_in_console_step(site, job, index)
    else:
        kill_engine_during(site.lab, site.repo, plan, index)
    args = ("job", "recover", str(job.id), *(("--rollback",) if rollback else ()))
    recovered = run_cli(site.repo, *args, check=False)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    state = JobState(m.Job.get_by_id(job.id).state)
    node = site.lab.state.nodes[NODE]
    if rollback and index < INSTALL:
        # the ok prompt was all: nothing to undo, the node still waits there
        assert state == JobState.ROLLED_BACK and node.at_obp and not node.installed
    else:
        # the install has run: completed, whichever way was asked
        assert state == JobState.SUCCEEDED, m.Job.get_by_id(job.id).error
        assert _installed(site)
        if rollback:
            assert "point of no return; completed instead" in recovered.stdout + recovered.stderr
    assert not m.ConsoleHold.select().where(m.ConsoleHold.object_name == NODE).exists()
