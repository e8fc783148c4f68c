"""Recovering a job an engine left half-done (killed, host crashed) or that failed
with its hosts in between (an undo that failed, a failure past the point of no return).

Every step that may have changed a host is judged by its check (``zoneadm list -cp``,
``zpool list``): where its effect is there it counts as done, otherwise as not run.
Then the job is completed (the default) or rolled back, in the direction it had when
it stopped (a job killed while rolling back goes on rolling back). A rollback never
goes past the plan's point of no return: once the workload runs in its new place, the
job is completed instead, and the operator is told why. A step without a check cannot
be judged, and the job is left for the operator rather than guessed at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.engine_pid import is_alive
from vdcftui.ops.jobs.inputs import input_data
from vdcftui.ops.jobs.interrupted import mark_interrupted
from vdcftui.ops.jobs.journal import audit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.runner import UNREACHABLE, perform, roll_back_job, run_job
from vdcftui.ops.jobs.states import JobState, StepState
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.dialogue import Dialogue

# Steps whose effect on the host is unknown until their check is read.
_UNSURE = (StepState.RUNNING, StepState.FAILED, StepState.UNDO_FAILED, StepState.UNDONE)


@dataclass(frozen=True)
class Recovery:
    """How a recovery ended, and why it went the way it did when that was not the
    way asked for."""

    state: JobState
    note: str = ""


async def _effect_present(
    pool: SSHPool, target_for: Callable[[str], HostTarget], plan: Plan, step: m.JobStep
) -> bool:
    planned = plan.steps[step.seq - 1]
    if planned.check is None:
        raise OperatorError(
            f"job {step.job_id}: cannot tell whether step {step.seq} "
            f"({step.command}) took effect on {step.host}; check by hand"
        )
    out, err, status = await perform(pool, target_for, step.host, planned.check)
    if status == UNREACHABLE:
        raise OperatorError(f"job {step.job_id}: {err.strip()}")
    if status != 0 and status != planned.absent_status and not isinstance(planned.check, Dialogue):
        raise OperatorError(
            f"job {step.job_id}: {planned.check.text()} failed on {step.host}: "
            f"{err.strip() or 'exit status ' + str(status)}"
        )
    written = None
    if planned.done_if_digest and isinstance(planned.command, Command):
        written = input_data(planned.command)
    return planned.is_done(out, written)


async def _judge(
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    plan: Plan,
    step: m.JobStep,
    recheck: bool,
) -> bool:
    """Set the step to done or pending by what its host shows now (an unsure step, or
    with ``recheck`` any step that ever ran); whether it is done."""
    unsure = step.state in _UNSURE or (recheck and step.started is not None)
    if not unsure:
        return step.state == StepState.DONE
    if plan.steps[step.seq - 1].reads:
        present = False  # it changed nothing: read again when the job goes on
    elif step.state == StepState.UNDONE and plan.steps[step.seq - 1].check is None:
        present = False  # its undo succeeded, and nothing tells otherwise
    else:
        present = await _effect_present(pool, target_for, plan, step)
    new = StepState.DONE if present else StepState.PENDING
    if new != step.state:
        step.stderr += f"\n(recovered: {'done' if present else 'not in effect'})"
        step.state = new
        step.save(only=[m.JobStep.state, m.JobStep.stderr])
    return present


async def recover(
    session: Session,
    job_id: int,
    pool: SSHPool,
    target_for: Callable[[str], HostTarget],
    rollback: bool = False,
) -> Recovery:
    """Complete or roll back an interrupted or failed job; returns how it ended."""
    session.require_writable(f"recover job {job_id}")
    job = m.Job.get_or_none(m.Job.id == job_id)
    if job is None:
        raise OperatorError(f"no job {job_id}")
    if JobState(job.state).active:
        if is_alive(job.engine_id):
            raise OperatorError(f"job {job_id} is being run by engine {job.engine_id}")
        mark_interrupted()
        job = m.Job.get_by_id(job_id)
    if job.state not in (JobState.INTERRUPTED, JobState.FAILED):
        raise OperatorError(
            f"job {job_id} is {JobState(job.state).label}: only an interrupted or failed "
            "job is recovered"
        )
    plan = Plan.from_json(job.plan)
    backward = rollback or bool(job.rolling_back)
    steps = list(job.steps.order_by(m.JobStep.seq))
    for step in steps:
        await _judge(pool, target_for, plan, step, recheck=False)
    committed = [s for s in steps if s.state == StepState.DONE and plan.steps[s.seq - 1].commits]
    note = ""
    if backward and committed:
        note = (
            f"not rolled back: step {committed[0].seq} ({committed[0].description}) has "
            f"taken effect on {committed[0].host}, the point of no return; completed instead"
        )
        backward = False
    audit(
        session,
        f"recover {'roll back' if backward else 'complete'}",
        job.object_type,
        job.object_name,
        f"job {job_id}" + (f": {note}" if note else ""),
        job,
    )

    async def still_done(step: m.JobStep) -> bool:
        return await _judge(pool, target_for, plan, step, recheck=True)

    if backward:
        # undo, latest first, each step that ran and that its host shows done once the
        # later undos have run (a later step may have hidden or undone its effect)
        reason = job.error or "rolled back after an interruption"
        ended = await roll_back_job(job, pool, target_for, None, reason, steps, still_done)
        return Recovery(ended, note)
    return Recovery(await run_job(job, pool, target_for, still_done=still_done), note)
