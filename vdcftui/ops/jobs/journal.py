"""Jobs in the repository: submission with locks, step records, the audit trail.

Submitting a plan writes the job, its steps and a lock per object it touches in one
transaction; a second job on a locked object is refused naming the holder. Every
state change of a job or step is written before and after it happens, so that an
interrupted job can be found and resumed or rolled back.
"""

from __future__ import annotations

import json
from datetime import datetime

from peewee import Field, IntegrityError

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.states import JobState, check_transition
from vdcftui.ops.session import Session
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction


class LockHeld(OperatorError):
    """The object is locked by another job."""

    exit_status = 4


def _holder(object_type: str, object_name: str) -> str:
    lock = m.Lock.get_or_none(
        (m.Lock.object_type == object_type) & (m.Lock.object_name == object_name)
    )
    if lock is None:
        return "another job"
    return (
        f"job {lock.job_id} ({lock.operation} by {lock.operator}, since "
        f"{lock.since:%Y-%m-%d %H:%M:%S})"
    )


def audit(
    session: Session,
    action: str,
    object_type: str,
    object_name: str,
    detail: str = "",
    job: m.Job | None = None,
) -> None:
    """Append a record to the audit trail."""
    m.AuditRecord.create(
        operator=session.operator,
        action=action,
        object_type=object_type,
        object_name=object_name,
        detail=detail,
        job=job,
    )


class PlanOutdated(OperatorError):
    """What a plan was made for changed before it was submitted."""

    exit_status = 5


def _check_expectations(plan: Plan) -> None:
    for expected in plan.expects:
        broken = expected.broken()
        if broken is not None:
            raise PlanOutdated(
                f"refused: {plan.operation} of {expected.name} was {broken}: plan it again"
            )


def submit(session: Session, plan: Plan) -> m.Job:
    """Record a plan as a queued job holding its locks; refuse if an object is locked or
    changed since the plan was made."""
    session.require_writable(f"{plan.operation} {plan.object_type} {plan.object_name}")
    try:
        with transaction():
            _check_expectations(plan)
            job = m.Job.create(
                operation=plan.operation,
                object_type=plan.object_type,
                object_name=plan.object_name,
                operator=session.operator,
                plan=plan.to_json(),
            )
            for seq, step in enumerate(plan.steps, start=1):
                m.JobStep.create(
                    job=job,
                    seq=seq,
                    host=step.host,
                    command=step.command.text(),
                    undo_command=step.undo.text() if step.undo else None,
                    description=step.description,
                )
            for object_type, object_name in plan.locks:
                m.Lock.create(
                    object_type=object_type,
                    object_name=object_name,
                    job=job,
                    operator=session.operator,
                    operation=plan.operation,
                )
            audit(
                session,
                f"submit {plan.operation}",
                plan.object_type,
                plan.object_name,
                json.dumps({"steps": len(plan.steps)}),
                job,
            )
    except IntegrityError:
        for object_type, object_name in plan.locks:
            if m.Lock.get_or_none(
                (m.Lock.object_type == object_type) & (m.Lock.object_name == object_name)
            ):
                raise LockHeld(
                    f"{object_type} {object_name} is locked by {_holder(object_type, object_name)}"
                ) from None
        raise
    return job


def set_job_state(job: m.Job, state: JobState, error: str | None = None) -> None:
    """Move a job to ``state`` (refusing a transition the table does not allow), with
    when it started or finished."""
    check_transition(job.id, job.state, state)
    now = datetime.now()
    job.state = state
    fields: list[Field] = [m.Job.state]
    if state == JobState.RUNNING and job.started is None:
        job.started = now
        fields.append(m.Job.started)
    if state.finished:
        job.finished = now
        fields.append(m.Job.finished)
    if error is not None:
        job.error = error
        fields.append(m.Job.error)
    job.save(only=fields)


def release_locks(job: m.Job) -> None:
    """Give up every lock the job holds."""
    m.Lock.delete().where(m.Lock.job == job).execute()


def cancel_job(session: Session, job: m.Job) -> None:
    """Cancel a job that no engine has started; refuse otherwise."""
    session.require_writable(f"cancel job {job.id}")
    taken = (
        m.Job.update(state=JobState.CANCELLED, finished=datetime.now())
        .where((m.Job.id == job.id) & (m.Job.state == JobState.QUEUED))
        .execute()
    )
    if not taken:
        raise OperatorError(
            f"job {job.id} is {JobState(m.Job.get_by_id(job.id).state).label}: only a queued "
            "job can be cancelled (an interrupted one is recovered)"
        )
    release_locks(job)
    audit(session, f"cancel {job.operation}", job.object_type, job.object_name, "", job)
