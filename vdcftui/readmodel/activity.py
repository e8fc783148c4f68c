"""Jobs in flight and just finished, for the line every view shows above its footer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from vdcftui.ops.jobs.states import FINISHED, JobState, StepState
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

RECENT = timedelta(minutes=2)
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING, JobState.ROLLING_BACK, JobState.INTERRUPTED)


@dataclass(frozen=True)
class JobActivity:
    """One job as the ticker shows it."""

    job_id: int
    operation: str
    object_name: str
    operator: str
    state: str
    step: str

    def summary(self) -> str:
        """'job 12 migrate web01 (ops): running 3/7 zpool export web01_pool'."""
        return (
            f"job {self.job_id} {self.operation} {self.object_name} ({self.operator}): "
            f"{JobState(self.state).label}{' ' + self.step if self.step else ''}"
        )


def current_activity(now: datetime | None = None, limit: int = 3) -> list[JobActivity]:
    """Jobs queued or running, then those finished in the last two minutes."""
    now = now or datetime.now()
    jobs = list(
        m.Job.select().where(m.Job.state.in_(ACTIVE_STATES)).order_by(m.Job.id).limit(limit)
    )
    if len(jobs) < limit:
        jobs += list(
            m.Job.select()
            .where(~m.Job.state.in_(ACTIVE_STATES) & (m.Job.finished > now - RECENT))
            .order_by(m.Job.finished.desc())
            .limit(limit - len(jobs))
        )
    return [
        JobActivity(
            job.id, job.operation, job.object_name, job.operator, job.state, _step_text(job)
        )
        for job in jobs
    ]


def _step_text(job: m.Job) -> str:
    steps = list(
        tuples(
            m.JobStep.select(m.JobStep.seq, m.JobStep.state, m.JobStep.description)
            .where(m.JobStep.job == job)
            .order_by(m.JobStep.seq)
        )
    )
    if not steps:
        return ""
    if job.state in FINISHED:
        return job.error.splitlines()[0][:80] if job.error else ""
    for seq, state, description in steps:
        if state != StepState.DONE:
            return f"{seq}/{len(steps)} {description or ''}".rstrip()
    return f"{len(steps)}/{len(steps)}"
