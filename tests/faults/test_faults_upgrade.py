"""Upgrade faults with real engine processes: the engine killed with SIGKILL while each
step of a node's upgrade runs on the node, then `vdcftui job recover` (completing, or
with --rollback undoing) leaves the node running exactly one boot environment, the one
activated for its next boot too, at the SRU the repository records: the new one when
completed, the old one (the new BE destroyed) when rolled back."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import (
    commands_done,
    discover_lab,
    engine_counting_jobs,
    run_cli,
    running_lab,
    wait_until,
)
from tests.ops.conftest import CliLab
from tests.ops.test_ops_upgrade import NEW_SRU, OLD_SRU, boot_environments, runs_sru, upgrade_spec
from vdcftui.ops.build.define import BuildSpec, create_build
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.node.upgrade import plan_upgrade
from vdcftui.ops.session import Session
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import build_named, node_named

NODE = "u1"
# pkg update into b51, activate and reboot into it, verify the SRU, verify the services
STEPS, REBOOT = 4, 1


@dataclass
class Site:
    """A one-node Solaris 11 lab, its repository (open in this process) with build b51."""

    lab: CliLab
    repo: Path
    credentials: CredentialStore


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    spec = upgrade_spec(tmp_path / "spec.toml", [(NODE, "pool-a", "11.4")])
    with running_lab(tmp_path / "lab", spec) as lab:
        repo = tmp_path / "repo.db"
        credentials = discover_lab(lab, repo)
        create_build(Session("alice"), BuildSpec("b51", "11.4", sru=NEW_SRU))
        yield Site(CliLab(lab, repo), repo, credentials)


def upgrade_plan(site: Site) -> Plan:
    async def go() -> Plan:
        pool = SSHPool()
        try:
            return await plan_upgrade(
                node_named(NODE),
                build_named("b51"),
                pool,
                lambda host: target_for(host, site.credentials),
            )
        finally:
            await pool.close()

    return asyncio.run(go())


def kill_engine_at(site: Site, plan: Plan, index: int) -> None:
    """Run the job in an engine, kill it with SIGKILL once step ``index``'s command has
    reached the node (held there), then let the node finish it and, if it rebooted,
    come back, as a real node would."""
    lab = site.lab.lab
    node = lab.state.nodes[NODE]
    booted = node.booted_at
    release = lab.faults.hold_next(NODE, "^" + re.escape(plan.steps[index].command.text()) + "$")
    engine = engine_counting_jobs(site.repo)
    try:
        wait_until(lambda: lab.faults.holds_waiting(NODE) == 0, f"step {index + 1} on {NODE}")
        engine.kill()
    finally:
        engine.wait(timeout=30)
    done = commands_done(lab, NODE)
    release.set()
    wait_until(lambda: commands_done(lab, NODE) > done, "the node to finish the command")
    if index == REBOOT:
        wait_until(lambda: node.booted_at != booted and node.powered, "the node to reboot")


def _case(index: int, rollback: bool) -> object:
    marks = () if (index, rollback) == (REBOOT, True) else (pytest.mark.faults,)
    way = "rollback" if rollback else "recover"
    return pytest.param(index, rollback, marks=marks, id=f"step{index + 1}-{way}")


# In CI: killed while the node reboots into the new BE, rolled back (the node reboots
# into its old BE). The rest: -m faults.
@pytest.mark.parametrize(
    ("index", "rollback"), [_case(i, r) for i in range(STEPS) for r in (False, True)]
)
def test_killed_at_a_step_then_recovered(site, index, rollback):
    plan = upgrade_plan(site)
    assert len(plan.steps) == STEPS and not any(step.commits for step in plan.steps)
    job = submit(Session("alice"), plan)
    kill_engine_at(site, plan, index)
    args = ("job", "recover", str(job.id), *(("--rollback",) if rollback else ()))
    recovered = run_cli(site.repo, *args, check=False)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    final = JobState(m.Job.get_by_id(job.id).state)
    assert final == (JobState.ROLLED_BACK if rollback else JobState.SUCCEEDED)
    bes = boot_environments(site.lab, NODE)
    running = [name for name, flags in bes.items() if "N" in flags]
    activated = [name for name, flags in bes.items() if "R" in flags]
    assert running == activated == (["solaris"] if rollback else ["b51"]), bes
    assert ("b51" in bes) != rollback
    sru = runs_sru(site.lab, NODE)
    assert sru == (OLD_SRU if rollback else NEW_SRU)
    assert m.Node.get(m.Node.name == NODE).sru == sru
    assert m.Lock.select().count() == 0
