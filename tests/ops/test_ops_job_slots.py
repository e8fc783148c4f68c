"""Concurrency limits kept in the repository: an engine starts a job only when it takes
a slot of each limit its plan carries, so the limit holds however many jobs are queued,
from however many submissions, and whichever engine claims them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from vdcftui.ops.jobs.engine import claim
from vdcftui.ops.jobs.journal import release_locks, set_job_state, submit
from vdcftui.ops.jobs.plan import Plan, Slot, Step
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.database import close_repository, open_repository
from vdcftui.solaris.cmd.system import uname_a


@pytest.fixture
def repo(tmp_path) -> Iterator[None]:
    open_repository(tmp_path / "repo.db")
    yield
    close_repository()


def job(node: str, *slots: Slot) -> m.Job:
    step = Step(node, uname_a(), "read", timeout=5.0, fails_if="x", settle=1.0)
    plan = Plan("upgrade", "node", node, (step,), locks=(("node", node),), slots=slots)
    return submit(Session("alice"), plan)


def finish(done: m.Job) -> None:
    set_job_state(done, JobState.SUCCEEDED)
    release_locks(done)


def test_a_plan_keeps_its_slots_and_step_limits_through_json():
    plan = Plan(
        "upgrade",
        "node",
        "n1",
        (Step("n1", uname_a(), "r", fails_if="F", timeout=9.0),),
        slots=(Slot("upgrade:ab", 2), Slot("upgrade-pool:p", 1)),
    )
    again = Plan.from_json(plan.to_json())
    assert again.slots == plan.slots
    assert (again.steps[0].fails_if, again.steps[0].timeout) == ("F", 9.0)


def test_no_more_than_the_limit_run_and_the_others_wait_their_turn(repo):
    batch = Slot("upgrade:b1", 2)
    first, second, third = (job(n, batch) for n in ("n1", "n2", "n3"))
    unlimited = job("n4")
    assert [claim("e1"), claim("e2"), claim("e1")] == [first, second, unlimited]
    assert claim("e2") is None and m.Job.get_by_id(third.id).state == JobState.QUEUED
    finish(m.Job.get_by_id(first.id))
    assert claim("e2") == third


def test_a_pool_limit_holds_across_batches(repo):
    pool = Slot("upgrade-pool:pool-a", 1)
    one = job("n1", Slot("upgrade:b1", 2), pool)
    other = job("n2", Slot("upgrade:b2", 2), pool)
    assert claim("e1") == one and claim("e2") is None
    finish(m.Job.get_by_id(one.id))
    assert claim("e2") == other
