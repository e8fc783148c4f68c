"""Jobs whose engine died: marked interrupted (their objects unsure) for `vdcftui job
recover`, by an engine that starts, a follower that sees its engine gone, or a
recovery."""

from __future__ import annotations

from vdcftui.ops.jobs.effects import mark_unsure
from vdcftui.ops.jobs.engine_pid import is_alive
from vdcftui.ops.jobs.journal import set_job_state
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction


def mark_interrupted() -> list[m.Job]:
    """Mark the jobs left running by dead engines as interrupted."""
    found = []
    # read whole first: a write inside a query's iteration would run on its old snapshot
    running = list(m.Job.select().where(m.Job.state.in_((JobState.RUNNING, JobState.ROLLING_BACK))))
    for job in running:
        if not is_alive(job.engine_id):
            with transaction():
                mark_unsure(Plan.from_json(job.plan).locks)
                set_job_state(job, JobState.INTERRUPTED)
            found.append(job)
    return found
