"""Kill -9 of the engine at each step of a node's patch install (one live patch, one
single-user patch through run level S and the reboot), then `vdcftui job recover`: the
job completes, and the status of every patch agrees with `showrev -p` on the node."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import discover_lab, kill_engine_during, run_cli, running_lab
from tests.ops.conftest import CliLab
from vdcftui.lab.generate import generate_spec_toml
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.patch.install import plan_target, submit_target
from vdcftui.ops.patch.listfile import parse_patch_list
from vdcftui.ops.patch.sets import create_from_list, create_target
from vdcftui.ops.session import Session
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore

NODE = "node001"
PATCHES = "153000-01 standard\n153001-01 singleuser\n"
# add the live patch, mkdir, stage, arm, init S, wait for the reboot, read the
# single-user patch's output, read showrev -p back
STEPS = 8
SETTLING = 5  # waits for the node to come back: not a command the node runs once


@dataclass
class Site:
    """A lab of one Solaris 10 node, its repository (open here) with a target on it."""

    lab: CliLab
    credentials: CredentialStore


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    spec = tmp_path / "spec.toml"
    spec.write_text(generate_spec_toml(1, 0, solaris10=True))
    with running_lab(tmp_path / "lab", spec) as lab:
        repo: Path = tmp_path / "repo.db"
        credentials = discover_lab(lab, repo)
        create_from_list(Session("alice"), "s", parse_patch_list(PATCHES, "list"), None)
        create_target(Session("alice"), "t", "s", [NODE])
        yield Site(CliLab(lab, repo), credentials)


def planned(site: Site) -> Plan:
    async def plan() -> Plan:
        pool = SSHPool()
        try:
            plans = await plan_target(
                "t", "/var/tmp/patches", 1, pool, lambda h: target_for(h, site.credentials)
            )
        finally:
            await pool.close()
        submit_target(Session("alice"), "t", plans)
        assert plans[0].plan is not None
        return plans[0].plan

    return asyncio.run(plan())


def recovered_agrees_with_the_node(site: Site, plan: Plan, index: int) -> None:
    kill_engine_during(site.lab.lab, site.lab.repo, plan, index)
    job = m.Job.select().order_by(m.Job.id.desc()).get()
    run_cli(site.lab.repo, "job", "recover", str(job.id))
    assert m.Job.get_by_id(job.id).state == JobState.SUCCEEDED
    listed = {line.split()[1] for line in site.lab.ssh(NODE, "showrev -p").splitlines()}
    record = json.loads(run_cli(site.lab.repo, "patchtarget", "show", "t", "--json").stdout)
    for patch in record["nodes"][0]["patches"]:
        assert (patch["status"] == "applied") == (patch["patch"] in listed), patch
    assert {"153000-01", "153001-01"} <= listed


def test_killed_while_a_live_patch_goes_in_then_recovered(site):
    """In CI: the single-user patch is on the node already, the live one is missing."""
    site.lab.ssh(NODE, "patchadd /var/tmp/patches/153001-01")
    plan = planned(site)
    assert [s.description for s in plan.steps][0] == f"add patch 153000-01 on {NODE} (live)"
    assert len(plan.steps) == 2
    recovered_agrees_with_the_node(site, plan, 0)


@pytest.mark.faults
@pytest.mark.parametrize("index", [i for i in range(STEPS) if i != SETTLING])
def test_killed_at_a_step_then_recovered(site, index):
    plan = planned(site)
    assert len(plan.steps) == STEPS, [s.description for s in plan.steps]
    recovered_agrees_with_the_node(site, plan, index)
