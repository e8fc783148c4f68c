"""Applying a node's configuration with the engine killed (SIGKILL) at each step, then
`vdcftui job recover`: completing leaves the node showing every value and the
repository recording each as applied by the job; with --rollback the node shows what
it had before the job (the user gone, the DNS client, NTP, the SSH property and
/etc/system as they were) and the repository records nothing applied. Either way
drift agrees with the lab's own state."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import discover_lab, kill_engine_during, run_cli, running_lab
from vdcftui.lab.runner import Lab
from vdcftui.ops.config.apply import plan_apply
from vdcftui.ops.config.drift import AT_BOOT, NOT_APPLIED, OK, DriftRow, drift
from vdcftui.ops.config.items import set_item
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore
from vdcftui.repo.lookup import node_named

NODE = "node05"  # Solaris 11.3: the DNS client's properties, /etc/system
KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG9vZGtleQ alice@ws"
ITEMS = (
    ("user", "alice", "1001:10:/export/home/alice:/usr/bin/bash"),
    ("sshkey", "alice", KEY),
    ("dns", "nameservers", "10.1.1.1,10.1.1.2"),
    ("ntp", "servers", "ntp1.example.com"),
    ("smf", "svc:/network/ssh:default/:properties/config/x11_forwarding", "boolean:false"),
    ("kernel", "zfs:zfs_arc_max", "0x40000000"),
)
# useradd, mkdir .ssh, its key, chown, DNS, ntp.conf, enable NTP, SSH property, /etc/system
STEPS, DNS_STEP = 9, 4
FILES = ("/etc/inet/ntp.conf", "/etc/system", "/export/home/alice/.ssh/authorized_keys")


@dataclass
class Site:
    """A lab, its repository open here, and NODE's configuration items set."""

    lab: Lab
    repo: Path
    credentials: CredentialStore

    def hosts(self, host: str) -> Any:
        return target_for(host, self.credentials)

    def plan(self) -> Plan:
        async def go() -> Plan:
            pool = SSHPool()
            try:
                return await plan_apply(NODE, pool, self.hosts)
            finally:
                await pool.close()

        return asyncio.run(go())

    def drift(self) -> dict[tuple[str, str], DriftRow]:
        async def go() -> list[DriftRow]:
            pool = SSHPool()
            try:
                return await drift([node_named(NODE)], pool, self.hosts)
            finally:
                await pool.close()

        return {(row.kind, row.key): row for row in asyncio.run(go())}

    def host_state(self) -> dict[str, Any]:
        """What the lab node holds of everything the plan touches."""
        node = self.lab.state.nodes[NODE]
        return {
            "users": {name: vars(user).copy() for name, user in node.users.items()},
            "props": dict(node.smf_props),
            # an instance refreshed with no properties left is one never given any
            "running": {f: dict(p) for f, p in node.smf_running.items() if p},
            "files": {path: node.files.get(path) for path in FILES},
            "ntp": node.smf_states.get("svc:/network/ntp:default", ("disabled",))[0],
        }


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    with running_lab(tmp_path / "lab") as lab:
        repo = tmp_path / "repo.db"
        credentials = discover_lab(lab, repo)
        for kind, key, value in ITEMS:
            set_item(Session("alice"), kind, key, value, node=NODE)
        yield Site(lab, repo, credentials)


def _case(index: int, rollback: bool) -> object:
    # in CI: killed while the DNS client is set, rolled back; the rest: -m faults
    marks = () if (index, rollback) == (DNS_STEP, True) else (pytest.mark.faults,)
    way = "rollback" if rollback else "recover"
    return pytest.param(index, rollback, marks=marks, id=f"step{index + 1}-{way}")


@pytest.mark.parametrize(
    ("index", "rollback"), [_case(i, r) for i in range(STEPS) for r in (False, True)]
)
def test_killed_at_a_step_then_recovered(site, index, rollback):
    before = site.host_state()
    plan = site.plan()
    assert len(plan.steps) == STEPS, [s.description for s in plan.steps]
    assert all(step.check is not None for step in plan.steps)
    job = submit(Session("alice"), plan)
    kill_engine_during(site.lab, site.repo, plan, index)
    args = ("job", "recover", str(job.id), *(("--rollback",) if rollback else ()))
    recovered = run_cli(site.repo, *args, check=False)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    state = JobState(m.Job.get_by_id(job.id).state)
    applied = m.ConfigApplied.select().where(m.ConfigApplied.job == job.id)
    verdicts = {key: row.status for key, row in site.drift().items()}
    if rollback:
        assert state == JobState.ROLLED_BACK
        assert site.host_state() == before
        assert applied.count() == 0
        assert set(verdicts.values()) == {NOT_APPLIED}
    else:
        assert state == JobState.SUCCEEDED
        assert {(r.kind, r.key, r.value) for r in applied} == set(ITEMS)
        expected = {(kind, key): AT_BOOT if kind == "kernel" else OK for kind, key, _ in ITEMS}
        assert verdicts == expected
