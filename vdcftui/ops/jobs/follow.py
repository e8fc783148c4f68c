"""Following a job from another process: its steps as they change, until it ends."""

from __future__ import annotations

import time
from collections.abc import Callable

from vdcftui.ops.jobs.engine_pid import is_alive
from vdcftui.ops.jobs.interrupted import mark_interrupted
from vdcftui.ops.jobs.states import FINISHED, JobState, StepState
from vdcftui.repo import models as m

FINAL = (*FINISHED, JobState.INTERRUPTED)
POLL_SECONDS = 0.2


def follow(
    job_id: int,
    on_step: Callable[[m.JobStep], None],
    timeout: float = 3600.0,
    engine_alive: Callable[[], bool] | None = None,
) -> m.Job:
    """Report each step change of a job until it ends (or its engine dies); returns it.

    This waits on another process's progress in the repository, so it polls.
    """
    seen: dict[int, tuple[str, str]] = {}
    deadline = time.monotonic() + timeout
    while True:
        job = m.Job.get_by_id(job_id)
        for step in job.steps.order_by(m.JobStep.seq):
            key = (step.state, step.stdout[-200:])
            if seen.get(step.seq) != key and step.state != StepState.PENDING:
                seen[step.seq] = key
                on_step(step)
        if job.state in FINAL:
            return job
        if engine_alive is not None and job.state == JobState.QUEUED and not engine_alive():
            return job
        if JobState(job.state).active and not is_alive(job.engine_id):
            mark_interrupted()  # its engine died: say so now, not at the next engine start
            return m.Job.get_by_id(job_id)
        if time.monotonic() > deadline:
            return job
        time.sleep(POLL_SECONDS)


def follow_many(
    job_ids: list[int],
    on_change: Callable[[m.Job], None],
    timeout: float = 6 * 3600.0,
    engine_alive: Callable[[], bool] | None = None,
) -> list[m.Job]:
    """Report each state change of several jobs until all have ended (or their engine
    died); returns them in the order given. Polls, as :func:`follow` does."""
    seen: dict[int, str] = {}
    deadline = time.monotonic() + timeout
    while True:
        jobs = {job.id: job for job in m.Job.select().where(m.Job.id.in_(job_ids))}
        if any(JobState(j.state).active and not is_alive(j.engine_id) for j in jobs.values()):
            mark_interrupted()  # an engine died: say so now, not at the next engine start
            jobs = {job.id: job for job in m.Job.select().where(m.Job.id.in_(job_ids))}
        for job_id in job_ids:
            if seen.get(job_id) != jobs[job_id].state:
                seen[job_id] = jobs[job_id].state
                on_change(jobs[job_id])
        ordered = [jobs[job_id] for job_id in job_ids]
        if all(job.state in FINAL for job in ordered) or time.monotonic() > deadline:
            return ordered
        queued = any(job.state == JobState.QUEUED for job in ordered)
        if queued and engine_alive is not None and not engine_alive():
            return ordered
        time.sleep(POLL_SECONDS)
