"""Jobs: rows of the Jobs view, a job's details (plan, steps, output) and the rows and
output of the job screen."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime

from vdcftui.ops.jobs.states import FINISHED, JobState, StepState
from vdcftui.readmodel.detail import Section
from vdcftui.readmodel.rows import Row
from vdcftui.repo import models as m
from vdcftui.repo.queries import tuples

OUTPUT_TAIL = 5
"""Lines of each step's stdout and stderr the Jobs view shows beside a job."""
PROBLEM_STEP_STATES = (StepState.FAILED, StepState.UNDO_FAILED)


def when(moment: datetime | None) -> str | None:
    """A timestamp as the console shows it (None stays None)."""
    return f"{moment:%Y-%m-%d %H:%M:%S}" if moment else None


def step_summary(job_state: str, steps: list[tuple[int, str, str | None]]) -> str | None:
    """The job's current or failed step, e.g. '2/5 detach web01' or 'failed 3/5 ...';
    ``steps`` are (seq, state, description) in order."""
    if not steps:
        return None
    total = len(steps)
    for seq, state, description in steps:
        if state == StepState.RUNNING:
            return f"{seq}/{total} {description or ''}".rstrip()
    for seq, state, description in steps:
        if state in PROBLEM_STEP_STATES:
            return f"{StepState(state).label} {seq}/{total} {description or ''}".rstrip()
    done = sum(1 for _, state, _ in steps if state == StepState.DONE)
    return f"{done}/{total}" if job_state in FINISHED or done else None


def job_rows(object_name: str | None = None) -> list[Row]:
    """One row per job, newest first (only the jobs on ``object_name`` when given)."""
    query = m.Job.select(
        m.Job.id,
        m.Job.operation,
        m.Job.object_type,
        m.Job.object_name,
        m.Job.operator,
        m.Job.state,
        m.Job.created,
        m.Job.started,
        m.Job.finished,
    ).order_by(m.Job.id.desc())
    if object_name is not None:
        query = query.where(m.Job.object_name == object_name)
    jobs = list(tuples(query))
    steps: dict[int, list[tuple[int, str, str | None]]] = defaultdict(list)
    if jobs:
        step_query = m.JobStep.select(
            m.JobStep.job, m.JobStep.seq, m.JobStep.state, m.JobStep.description
        ).order_by(m.JobStep.job, m.JobStep.seq)
        if object_name is not None:
            step_query = step_query.where(m.JobStep.job.in_([job[0] for job in jobs]))
        for job_id, seq, state, description in tuples(step_query):
            steps[job_id].append((seq, state, description))
    return [
        (
            str(job_id),
            (
                job_id,
                operation,
                f"{object_type} {name}",
                operator,
                JobState(state).label,
                when(created),
                when(started),
                when(finished),
                step_summary(state, steps[job_id]),
            ),
        )
        for (
            job_id,
            operation,
            object_type,
            name,
            operator,
            state,
            created,
            started,
            finished,
        ) in jobs
    ]


def _prechecks(plan_json: str) -> list[str]:
    try:
        plan = json.loads(plan_json or "{}")
    except ValueError:
        return []
    return [str(check) for check in plan.get("prechecks", ())] if isinstance(plan, dict) else []


def tail(text: str, lines: int) -> list[str]:
    """The last ``lines`` lines of an output (all of them when ``lines`` is 0)."""
    kept = text.rstrip("\n").splitlines()
    return kept[-lines:] if lines else kept


def _step_section(step: m.JobStep, output_lines: int) -> Section:
    took = " .. ".join(filter(None, (when(step.started), when(step.finished))))
    section = (
        Section(
            f"step {step.seq} [{StepState(step.state).label}] on {step.host}: "
            f"{step.description or ''}".rstrip(": ")
        )
        .add("command", step.command)
        .add("undo", step.undo_command)
        .add("exit status", step.exit_status)
        .add("time", took)
    )
    for label, text in (("stdout", step.stdout), ("stderr", step.stderr)):
        if text.strip():
            shown = tail(text, output_lines)
            total = len(text.rstrip("\n").splitlines())
            if len(shown) < total:
                label = f"{label} (last {len(shown)} of {total})"
            section.add(label, shown)
        else:
            section.add(label, None)
    return section


def job_detail(job_id: int) -> list[Section]:
    """Everything the Jobs view shows beside a job: who, when, the plan, each step."""
    job = m.Job.get_or_none(m.Job.id == job_id)
    if job is None:
        return [Section(f"job {job_id}").add("state", "no longer in the repository")]
    identity = (
        Section(f"job {job.id}: {job.operation} {job.object_type} {job.object_name}")
        .add("state", JobState(job.state).label)
        .add("operator", job.operator)
        .add("created", when(job.created))
        .add("started", when(job.started))
        .add("finished", when(job.finished))
        .add("engine", job.engine_id)
        .add("error", job.error)
    )
    steps = list(job.steps.order_by(m.JobStep.seq))
    plan = (
        Section("plan")
        .add("checks passed", _prechecks(job.plan))
        .add("steps", [f"{s.seq}. [{s.host}] {s.command}" for s in steps])
    )
    return [identity, plan, *(_step_section(step, OUTPUT_TAIL) for step in steps)]


def job_title(job_id: int) -> str:
    """'job 12 migrate vserver web01 by alice: running'."""
    job = m.Job.get_or_none(m.Job.id == job_id)
    if job is None:
        return f"job {job_id} (no longer in the repository)"
    return (
        f"job {job.id} {job.operation} {job.object_type} {job.object_name} by "
        f"{job.operator}: {JobState(job.state).label}"
    )


def step_rows(job_id: int) -> list[Row]:
    """One row per step of a job, in order."""
    query = (
        m.JobStep.select(
            m.JobStep.seq,
            m.JobStep.state,
            m.JobStep.host,
            m.JobStep.command,
            m.JobStep.exit_status,
            m.JobStep.started,
            m.JobStep.finished,
            m.JobStep.description,
        )
        .where(m.JobStep.job == job_id)
        .order_by(m.JobStep.seq)
    )
    return [
        (
            str(seq),
            (seq, state, host, command, exit_status, when(started), when(finished), description),
        )
        for seq, state, host, command, exit_status, started, finished, description in tuples(query)
    ]


def current_step(job_id: int) -> str | None:
    """The key of the step to look at first: running, else failed, else the last one
    that ran, else the first."""
    steps = list(
        tuples(
            m.JobStep.select(m.JobStep.seq, m.JobStep.state)
            .where(m.JobStep.job == job_id)
            .order_by(m.JobStep.seq)
        )
    )
    for wanted in ((StepState.RUNNING,), PROBLEM_STEP_STATES):
        for seq, state in steps:
            if state in wanted:
                return str(seq)
    ran = [seq for seq, state in steps if state != StepState.PENDING]
    if ran:
        return str(ran[-1])
    return str(steps[0][0]) if steps else None


def step_is_running(job_id: int, seq: int) -> bool:
    """Whether a step is running now (its output still grows)."""
    return (
        m.JobStep.select()
        .where(
            (m.JobStep.job == job_id)
            & (m.JobStep.seq == seq)
            & (m.JobStep.state == StepState.RUNNING)
        )
        .exists()
    )


def step_output(job_id: int, seq: int) -> list[Section]:
    """A step's command and its whole output, for the job screen."""
    step = m.JobStep.get_or_none((m.JobStep.job == job_id) & (m.JobStep.seq == seq))
    if step is None:
        return [Section(f"step {seq}").add("state", "no longer in the repository")]
    return [_step_section(step, 0)]
