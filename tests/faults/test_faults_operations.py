"""Kill -9 of the engine at every step of the other vServer operations that move or
remove a workload (migration node -> GDom, detach, attach, remove), each followed by
`job recover` and by `job recover --rollback`, in the lab with real engine
processes. After each, web01 is configured on at most one node and running on at
most one, running whenever it should be, and the repository agrees with the hosts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.helpers import (
    assert_on_one_node,
    discover_lab,
    kill_engine_during,
    migration_plan,
    placements,
    run_cli,
)
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.ops.vserver.detach import plan_attach, plan_detach
from vdcftui.ops.vserver.remove import plan_remove
from vdcftui.repo import models as m


def assert_detached(lab) -> None:
    """web01 is configured on no node, its pool imported nowhere; the repository says
    detached."""
    assert [n for n, host in lab.state.nodes.items() if "web01" in host.zones] == []
    vserver = m.VServer.get(m.VServer.name == "web01")
    assert (vserver.node, vserver.state) == (None, "DETACHED")
    for dataset in vserver.datasets:
        assert lab.state.zpools[dataset.name].imported_on is None


def assert_removed(lab) -> None:
    """web01 is on no node and gone from the repository."""
    assert [n for n, host in lab.state.nodes.items() if "web01" in host.zones] == []
    assert m.VServer.get_or_none(m.VServer.name == "web01") is None


@dataclass(frozen=True)
class Operation:
    """An operation on web01: how to plan it (after any preparation), how many steps
    it has, and where web01 is after it completed or was rolled back."""

    name: str
    steps: int
    plan: Callable[[object, object], Plan]  # (credentials, repo) -> plan
    completed: Callable[[object], None]
    rolled_back: Callable[[object], None]


def _detached_first(credentials, repo) -> Plan:
    submit(Session("alice"), plan_detach("web01"))
    run_cli(repo, "engine", "--once")
    return plan_attach("web01", "node08", boot=True)


OPERATIONS = {
    op.name: op
    for op in (
        Operation(
            "migrate-to-gdom",
            9,
            lambda credentials, _: migration_plan(credentials, target="gdom01"),
            lambda lab: assert_on_one_node(lab, "gdom01"),
            lambda lab: assert_on_one_node(lab, "node03"),
        ),
        Operation(
            "detach",
            4,
            lambda *_: plan_detach("web01"),
            assert_detached,
            lambda lab: assert_on_one_node(lab, "node03"),
        ),
        Operation(
            "attach",
            5,
            _detached_first,
            lambda lab: assert_on_one_node(lab, "node08"),
            assert_detached,
        ),
        Operation(
            "remove",
            4,
            lambda *_: plan_remove("web01"),
            assert_removed,
            lambda lab: assert_on_one_node(lab, "node03"),
        ),
    )
}

# In CI: each operation killed at one step, recovered each way; the rest by hand.
CI_SLICE = {("migrate-to-gdom", 3), ("detach", 1), ("attach", 2), ("remove", 1)}


def _case(operation: str, index: int, rollback: bool) -> object:
    marks = () if (operation, index) in CI_SLICE else (pytest.mark.faults,)
    way = "rollback" if rollback else "recover"
    return pytest.param(
        operation, index, rollback, marks=marks, id=f"{operation}-step{index + 1}-{way}"
    )


@pytest.mark.parametrize(
    ("operation", "index", "rollback"),
    [
        _case(name, index, rollback)
        for name, op in OPERATIONS.items()
        for index in range(op.steps)
        for rollback in (False, True)
    ],
)
def test_killed_at_a_step_then_recovered(fresh_lab, tmp_path, operation, index, rollback):
    lab = fresh_lab
    repo = tmp_path / "repo.db"
    credentials = discover_lab(lab, repo)
    op = OPERATIONS[operation]
    plan = op.plan(credentials, repo)
    assert len(plan.steps) == op.steps, [s.description for s in plan.steps]
    job = submit(Session("alice"), plan)
    kill_engine_during(lab, repo, plan, index)
    args = ("job", "recover", str(job.id), *(("--rollback",) if rollback else ()))
    recovered = run_cli(repo, *args, check=False)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    committed = [s.commits for s in plan.steps]
    past_no_return = True in committed and index >= committed.index(True)
    forward = not rollback or past_no_return
    final = m.Job.get_by_id(job.id).state
    assert final == (JobState.SUCCEEDED if forward else JobState.ROLLED_BACK)
    (op.completed if forward else op.rolled_back)(lab)
    assert len(placements(lab, "web01")) <= 1
