"""The target of a migration lost mid-way, in the lab with real engine processes: its
SSH drops (the node runs on) or it loses power (its command in flight never takes
effect, its autoboot zones come back with it). Whatever the engine managed, once the
node is back `job recover` leaves web01 running on exactly one node, and the
repository agrees with the hosts."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.helpers import (
    assert_on_one_node,
    discover_lab,
    fault_during,
    migration_plan,
    run_cli,
)
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.repo import models as m

# web01 node03 -> node08: stop, detach, export (node03), import, configure, attach,
# boot (node08; the point of no return), delete (node03), read back (node08).
STEPS = 9
BOOT_ON_TARGET = 6
TARGET = "node08"


def _drop(lab) -> tuple[Callable[[], None], Callable[[], None]]:
    return (lambda: lab.faults.unreachable(TARGET), lambda: lab.faults.unreachable(TARGET, False))


def _power(lab) -> tuple[Callable[[], None], Callable[[], None]]:
    node = lab.state.nodes[TARGET]
    return node.power_off, node.power_on


FAULTS = {"ssh-drop": _drop, "power-off": _power}


def _case(fault: str, index: int) -> object:
    """Every step in the full matrix (-m faults); in CI, a step on the target before
    and at the point of no return."""
    marks = () if index in (4, BOOT_ON_TARGET) else (pytest.mark.faults,)
    return pytest.param(fault, index, marks=marks, id=f"{fault}-step{index + 1}")


@pytest.mark.parametrize(
    ("fault", "index"), [_case(fault, i) for fault in FAULTS for i in range(STEPS)]
)
def test_target_lost_at_a_step_then_back_and_recovered(fresh_lab, tmp_path, fault, index):
    lab = fresh_lab
    repo = tmp_path / "repo.db"
    credentials = discover_lab(lab, repo)
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    lose, restore = FAULTS[fault](lab)
    fault_during(lab, repo, migration, index, lose)
    ended = m.Job.get_by_id(job.id)
    if ended.state == JobState.FAILED:
        assert ended.error and not ended.error.rstrip().endswith(":"), ended.error
        shown = run_cli(repo, "job", "show", str(job.id))
        assert f"failed on {ended.error.split(' failed on ')[1].split(':')[0]}" in shown.stdout
    restore()
    if ended.state not in (JobState.SUCCEEDED, JobState.ROLLED_BACK):
        recovered = run_cli(repo, "job", "recover", str(job.id), check=False)
        assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    final = m.Job.get_by_id(job.id).state
    assert final in (JobState.SUCCEEDED, JobState.ROLLED_BACK), final
    assert_on_one_node(lab, "node03" if final == JobState.ROLLED_BACK else TARGET)
    if index >= BOOT_ON_TARGET:
        assert final == JobState.SUCCEEDED  # it was started there: it is not taken down


def test_recovery_while_the_target_is_still_away_refuses_and_changes_nothing(fresh_lab, tmp_path):
    lab = fresh_lab
    repo = tmp_path / "repo.db"
    credentials = discover_lab(lab, repo)
    migration = migration_plan(credentials)
    job = submit(Session("alice"), migration)
    lose, _ = _drop(lab)
    fault_during(lab, repo, migration, 4, lose)
    assert m.Job.get_by_id(job.id).state == JobState.FAILED
    refused = run_cli(repo, "job", "recover", str(job.id), check=False)
    assert refused.returncode == 1
    assert "node08" in refused.stderr and "Traceback" not in refused.stderr
    assert m.Job.get_by_id(job.id).state == JobState.FAILED
