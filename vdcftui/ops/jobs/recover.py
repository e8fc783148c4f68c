"""Recovering a job an engine left half-done (killed, host crashed).

The step that was running is judged by its check (``zoneadm list -cp``, ``zpool list``):
if its effect is there it counts as done, otherwise as not run. Then the job is either
completed (the default) or rolled back; during a roll-back, a step whose effect is
already gone is not undone twice. A step without a check cannot be judged, and the
job is left for the operator rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.engine import is_alive, mark_interrupted
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.runner import roll_back_job, run_job
from vdcftui.ops.jobs.states import JobState, StepState
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m


async def _effect_present(
    pool: SSHPool, target_for: Callable[[str], HostTarget], plan: Plan, step: m.JobStep
) -> bool:
    planned = plan.steps[step.seq - 1]
    if planned.check is None:
        raise OperatorError(
            f"job {step.job_id}: cannot tell whether step {step.seq} "
            f"({step.command}) finished on {step.host}; check by hand"
        )
    result = await pool.run(target_for(step.host), planned.check)
    if not result.ok:
        raise OperatorError(
            f"job {step.job_id}: {planned.check.text()} failed on {step.host}: "
            f"{result.stderr.strip()}"
        )
    return planned.is_done(result.stdout)


async def recover(
    session: Session,
    job_id: int,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    rollback: bool = False,
) -> JobState:
    """Complete or roll back an interrupted job; returns its final state."""
    session.require_writable(f"recover job {job_id}")
    job = m.Job.get_or_none(m.Job.id == job_id)
    if job is None:
        raise OperatorError(f"no job {job_id}")
    if JobState(job.state).active:
        if is_alive(job.engine_id):
            raise OperatorError(f"job {job_id} is being run by engine {job.engine_id}")
        mark_interrupted()
        job = m.Job.get_by_id(job_id)
    if job.state != JobState.INTERRUPTED:
        raise OperatorError(f"job {job_id} is {JobState(job.state).label}, not interrupted")
    plan = Plan.from_json(job.plan)
    was_rolling_back = any(s.state in (StepState.UNDONE, StepState.UNDO_FAILED) for s in job.steps)
    for step in job.steps.where(m.JobStep.state == StepState.RUNNING):
        done = await _effect_present(pool, target_for, plan, step)
        step.state = StepState.DONE if done else StepState.PENDING
        step.stderr += f"\n(recovered: {'done' if done else 'not run'})"
        step.save(only=[m.JobStep.state, m.JobStep.stderr])
    audit(
        session,
        f"recover {'roll back' if rollback or was_rolling_back else 'complete'}",
        job.object_type,
        job.object_name,
        f"job {job_id}",
        job,
    )
    if rollback or was_rolling_back:
        present: list[m.JobStep] = []
        for step in job.steps.where(m.JobStep.state == StepState.DONE).order_by(m.JobStep.seq):
            if await _effect_present(pool, target_for, plan, step):
                present.append(step)
            else:
                step.state = StepState.UNDONE
                step.save(only=[m.JobStep.state])
        return await roll_back_job(
            job, pool, target_for, None, job.error or "rolled back after an interruption", present
        )
    return await run_job(job, pool, target_for)
