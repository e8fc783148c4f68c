"""GDom migration faults with real engine processes: the engine killed with SIGKILL at
each step of a live and of a cold migration, then `vdcftui job recover` (completing,
or with --rollback undoing), leaves the GDom on exactly one control domain, as `ldm
list -p` over SSH on both shows, and the repository agrees."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers import discover_lab, kill_engine_during, run_cli, running_lab
from tests.ops.conftest import CliLab
from tests.ops.test_ops_gdom_define import SHARED_LUNS, shared_lun_spec
from tests.ops.test_ops_gdom_migrate import placed
from vdcftui.ops.gdom.define import define_gdom, plan_gdom_commit
from vdcftui.ops.gdom.migrate import PASSWORD_FILE, plan_gdom_migrate
from vdcftui.ops.jobs.inline import run_plan
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore

GDOM = "fm1"
# live: export on cdom02, dry run, migrate (the point of no return), unexport, read back
LIVE_STEPS, LIVE_MIGRATE = 5, 2
# cold: export, save constraints, stop, unbind, add-domain, set-vcpu, set-memory,
# add-vdisk, add-vnet, bind, start on cdom02 (the point of no return), remove on
# cdom01, unexport, read back
COLD_STEPS, COLD_ADD, COLD_START = 14, 4, 10


@dataclass
class Site:
    """A lab whose CDoms share LUNs, its repository (open in this process) with GDom
    fm1 committed on cdom01, and the CLI."""

    lab: CliLab
    repo: Path
    credentials: CredentialStore


@pytest.fixture
def site(tmp_path) -> Iterator[Site]:
    with running_lab(tmp_path / "lab", shared_lun_spec(tmp_path / "spec.toml")) as lab:
        repo = tmp_path / "repo.db"
        credentials = discover_lab(lab, repo)
        session = Session("alice")
        define_gdom(session, GDOM, "cdom01", 8, "2G", [SHARED_LUNS[0]], ["primary-vsw0"])
        commit = run_plan(session, plan_gdom_commit(GDOM), credentials)
        assert m.Job.get_by_id(commit.id).state == JobState.SUCCEEDED
        cli_lab = CliLab(lab, repo)
        cli_lab.ssh("cdom01", f"echo solaris > {PASSWORD_FILE}")
        yield Site(cli_lab, repo, credentials)


def killed_then_recovered(site: Site, plan: Plan, index: int, rollback: bool) -> JobState:
    job = submit(Session("alice"), plan)
    kill_engine_during(site.lab.lab, site.repo, plan, index)
    args = ("job", "recover", str(job.id), *(("--rollback",) if rollback else ()))
    recovered = run_cli(site.repo, *args, check=False)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    return JobState(m.Job.get_by_id(job.id).state)


def on_exactly_one_cdom(site: Site, plan: Plan, index: int, rollback: bool, final: JobState):
    committed = [s.commits for s in plan.steps].index(True)
    forward = not rollback or index >= committed
    assert final == (JobState.SUCCEEDED if forward else JobState.ROLLED_BACK)
    where = "cdom02" if forward else "cdom01"
    assert placed(site.lab, GDOM) == {where: "active"}
    gdom = m.GDom.get(m.GDom.name == GDOM)
    # a completed rollback restores the state the plan was made for (plan.expects)
    assert (gdom.cdom.name, gdom.state) == (where, "active")
    exported = {c for c in ("cdom01", "cdom02") if "fm1-disk0" in volumes(site, c)}
    assert exported == {where}


def volumes(site: Site, cdom: str) -> str:
    return site.lab.ssh(cdom, "ldm list-services -p")


def _case(kind: str, index: int, rollback: bool, slice_: set[tuple[str, int, bool]]) -> object:
    marks = () if (kind, index, rollback) in slice_ else (pytest.mark.faults,)
    way = "rollback" if rollback else "recover"
    return pytest.param(kind, index, rollback, marks=marks, id=f"{kind}-step{index + 1}-{way}")


# In CI: the live migration killed at its point of no return and recovered; the cold
# one killed while the target defines the domain and rolled back. The rest: -m faults.
CI_SLICE = {("live", LIVE_MIGRATE, False), ("cold", COLD_ADD, True)}


@pytest.mark.parametrize(
    ("kind", "index", "rollback"),
    [
        _case(kind, index, rollback, CI_SLICE)
        for kind, steps in (("live", LIVE_STEPS), ("cold", COLD_STEPS))
        for index in range(steps)
        for rollback in (False, True)
    ],
)
def test_killed_at_a_step_then_recovered(site, kind, index, rollback):
    plan = plan_gdom_migrate(GDOM, "cdom02", cold=kind == "cold")
    assert len(plan.steps) == (COLD_STEPS if kind == "cold" else LIVE_STEPS), [
        s.description for s in plan.steps
    ]
    start = COLD_START if kind == "cold" else LIVE_MIGRATE
    assert plan.steps[start].commits and [s.commits for s in plan.steps].count(True) == 1
    final = killed_then_recovered(site, plan, index, rollback)
    on_exactly_one_cdom(site, plan, index, rollback, final)
