"""Running a job: its steps in order over SSH, each recorded before and after; on a
failure, the steps done are undone in reverse order, with every output kept. When
every step has succeeded, the plan's effects are written in one transaction: the
runner knows no operation by name."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from vdcftui.consoles.dialogue import converse
from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.effects import mark_unsure
from vdcftui.ops.jobs.firstcontact import pin_presented_key
from vdcftui.ops.jobs.inputs import input_data
from vdcftui.ops.jobs.journal import release_locks, set_job_state
from vdcftui.ops.jobs.plan import Action, Part, Plan, Step
from vdcftui.ops.jobs.readback import read_effects
from vdcftui.ops.jobs.states import JobState, StepState
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction
from vdcftui.solaris.cmd.command import Command
from vdcftui.solaris.dialogue import Dialogue

UNREACHABLE = 255
"""The exit status of a command whose host could not be reached (ssh's own)."""
SETTLE_POLL_SECONDS = 2.0
"""How often a settling step asks its host again (a controller answers in a second)."""

StepListener = Callable[[m.JobStep], None]
TargetFor = Callable[[str], HostTarget]
StillDone = Callable[[m.JobStep], Awaitable[bool]]
"""Whether a done step's effect is still on its host (read just before its undo)."""


async def execute(
    pool: SSHPool, target: HostTarget, command: Command, timeout: float | None = None
) -> tuple[str, str, int]:
    """Run one command, its input resolved (:func:`~vdcftui.ops.jobs.inputs.input_data`),
    for at most ``timeout`` seconds (else the pool's limit); a host that cannot be
    reached is an exit status of 255 with the reason on stderr, an input that cannot be
    resolved a failure before the host is asked, never an exception."""
    try:
        data = input_data(command)
    except OperatorError as exc:
        return "", str(exc) + "\n", 1
    try:
        result = await pool.run(target, command, timeout, data=data)
    except OperatorError as exc:
        return "", str(exc) + "\n", UNREACHABLE
    return result.stdout, result.stderr, result.exit_status


async def perform(
    pool: SSHPool,
    target_for: TargetFor,
    host: str,
    action: Action,
    timeout: float | None = None,
    operator: str = "engine",
) -> tuple[str, str, int]:
    """Run a step's command on its host (:func:`execute`), or its dialogue on its
    node's serial console for ``operator`` (in a worker thread: it waits on the
    console for as long as its exchanges allow)."""
    if isinstance(action, Dialogue):
        return await asyncio.to_thread(converse, action, operator)
    return await execute(pool, target_for(host), action, timeout)


async def settled(
    pool: SSHPool, target: HostTarget, step: Step, undo: bool = False
) -> tuple[str, str, int]:
    """Run a step whose effect comes later: poll its check until the host shows the
    effect (done, whatever the command said), or retry a step without a check until
    its host answers; give up after ``step.settle`` seconds, saying what was seen, or
    at once when the check shows the step's ``fails_if``. With ``undo``, run the step's
    undo and poll until the check no longer shows the effect (an undo that fails
    before its host goes away ends the wait)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + step.settle
    command = step.undo if undo and step.undo is not None else step.command
    assert isinstance(command, Command) and not isinstance(step.check, Dialogue)
    if step.check is None:
        while True:
            out, err, status = await execute(pool, target, command, step.timeout)
            if status == 0:
                return out, err, status
            if loop.time() >= deadline:
                silent = f"{target.name} did not answer within {step.settle:.0f} s"
                return out, f"{err}{silent}\n", status
            await asyncio.sleep(SETTLE_POLL_SECONDS)
    out, err, status = await execute(pool, target, command, step.timeout)
    if undo and status not in (0, UNREACHABLE):
        return out, err, status
    check = step.check.text()
    while True:
        seen, seen_err, seen_status = await execute(pool, target, step.check)
        if seen_status == 0 and step.is_done(seen) != undo:
            return f"{out}--- {check}\n{seen}", err, 0
        said = (seen.strip() or seen_err.strip() or "nothing").splitlines()[-1]
        if seen_status == 0 and not undo and step.has_failed(seen):
            failed = next((ln.strip() for ln in seen.splitlines() if step.has_failed(ln)), said)
            reason = f"{err}{check} on {target.name} says {failed!r}: it will not succeed\n"
            return f"{out}--- {check}\n{seen}", reason, 1
        gone = seen_status == UNREACHABLE and not step.awaits_host
        if gone or loop.time() >= deadline:
            waited = "" if gone else f" after {step.settle:.0f} s"
            reason = f"{err}{check} on {target.name} still says {said!r}{waited}\n"
            return f"{out}--- {check}\n{seen}", reason, status or 1
        await asyncio.sleep(SETTLE_POLL_SECONDS)


async def run_job(
    job: m.Job,
    pool: SSHPool,
    target_for: TargetFor,
    on_step: StepListener | None = None,
    still_done: StillDone | None = None,
) -> JobState:
    """Run a queued (or recovered) job to its end; returns the final state. With
    ``still_done`` (a recovery), a step that fails is judged again by its check: the
    stopped engine's own run of it may have finished on the host meanwhile."""
    plan = Plan.from_json(job.plan)
    set_job_state(job, JobState.RUNNING)
    steps = list(job.steps.order_by(m.JobStep.seq))
    if all(step.state == StepState.PENDING for step in steps):
        unreachable = await _unreachable_host(pool, target_for, plan)
        if unreachable is not None:
            return _refuse_untouched(job, unreachable)
    done = [step for step in steps if step.state == StepState.DONE]
    failure: str | None = None
    for step in steps:
        if step.state == StepState.DONE:
            continue
        step.state, step.started = StepState.RUNNING, datetime.now()
        step.save(only=[m.JobStep.state, m.JobStep.started])
        _notify(on_step, step)
        planned = plan.steps[step.seq - 1]
        out, err, status = await _run_step(job, pool, target_for, step.host, planned)
        step.stdout, step.stderr, step.exit_status = out, err, status
        # a read that fails changes nothing: the job stands, its read-back is noted
        step.state = StepState.DONE if status == 0 or planned.reads else StepState.FAILED
        recheck = step.state == StepState.FAILED and planned.check is not None
        if recheck and still_done is not None and await still_done(step):
            step.stderr += "(recovered: its host shows it done)\n"
            step.state = StepState.DONE
        step.finished = datetime.now()
        step.save()
        _notify(on_step, step)
        if step.state == StepState.FAILED:
            reason = err.strip() or out.strip() or f"exit status {status}, no output"
            failure = f"step {step.seq} failed on {step.host}: {reason}"
            break
        done.append(step)
    outputs = {step.seq: step.stdout for step in steps}
    if failure is not None:
        part = plan.part_of(step.seq)
        kept = ""
        if part is not None:
            # the parts before the failed one stand: record them; undo only this one
            finished = [p for p in plan.parts if p.last < part.first]
            later = [p.object_name for p in plan.parts if p.first > part.last]
            with transaction():
                notes = _record(finished, outputs)
            done = [s for s in done if part.holds(s.seq)]
            kept = _partial_note(finished, later, notes)
        if any(plan.steps[step.seq - 1].commits for step in done):
            return _fail_forward(job, failure + kept)
        return await roll_back_job(job, pool, target_for, on_step, failure, done, kept=kept or None)
    with transaction():
        notes = _record([plan, *plan.parts], outputs)
        set_job_state(job, JobState.SUCCEEDED, "; ".join(notes) or None)
    _finish(job)
    return JobState.SUCCEEDED


async def _run_step(
    job: m.Job, pool: SSHPool, target_for: TargetFor, host: str, planned: Step
) -> tuple[str, str, int]:
    """One step's command or dialogue, its effect waited for when it settles; the
    host key pinned first at a first contact."""
    met = ""
    if planned.first_contact:
        try:
            met = await pin_presented_key(job, host, planned.settle)
        except OperatorError as exc:
            return "", f"{exc}\n", UNREACHABLE
        # a lookup that remembers targets (the engine's) must not keep the old key
        forget = getattr(target_for, "forget", None)
        if forget is not None:
            forget(host)
    if planned.settle and isinstance(planned.command, Command):
        out, err, status = await settled(pool, target_for(host), planned)
    else:
        out, err, status = await perform(
            pool, target_for, host, planned.command, planned.timeout, job.operator
        )
    return met + out, err, status


def _record(parts: Sequence[Plan | Part], outputs: dict[int, str]) -> list[str]:
    """Apply the effects and read-backs of a plan or of its finished parts (inside the
    caller's transaction); the notes of read-backs that could not be read."""
    notes: list[str] = []
    for part in parts:
        read, noted = read_effects(part.reads, outputs)
        for effect in (*part.effects, *read):
            effect.apply()
        notes += noted
    return notes


def _partial_note(finished: list[Part], later: list[str], notes: list[str]) -> str:
    done = ", ".join(p.object_name for p in finished) or "none"
    text = f"; done and recorded: {done}"
    if later:
        text += f"; not started: {', '.join(later)}"
    if notes:
        text += f"; {'; '.join(notes)}"
    return text


async def roll_back_job(
    job: m.Job,
    pool: SSHPool,
    target_for: TargetFor,
    on_step: StepListener | None,
    reason: str,
    done: list[m.JobStep] | None = None,
    still_done: StillDone | None = None,
    kept: str | None = None,
) -> JobState:
    """Undo the job's done steps in reverse order; the job ends rolled back, or failed
    when an undo fails (its output is kept, the steps before it are left done). With
    ``still_done`` (a recovery), a step is undone only where its host still shows it
    done once the later undos have run. With ``kept`` (earlier parts of the plan that
    stand, recorded), the job ends failed even when its undo succeeded, saying so."""
    plan = Plan.from_json(job.plan)
    if done is None:
        done = list(job.steps.where(m.JobStep.state == StepState.DONE).order_by(m.JobStep.seq))
    job.rolling_back = True  # first: a crash from here on recovers backward
    job.save(only=[m.Job.rolling_back])
    set_job_state(job, JobState.ROLLING_BACK, reason)
    undone = await _roll_back(plan, done, pool, target_for, on_step, still_done)
    final = JobState.ROLLED_BACK if undone and not kept else JobState.FAILED
    if kept:
        reason += f" (undone){kept}" if undone else kept
    with transaction():
        if undone:  # back as the plan found them (a recovery may have marked them unsure)
            for expected in plan.expects:
                expected.restore()
        else:
            mark_unsure(plan.locks)
        set_job_state(job, final, reason)
    _finish(job)
    return final


async def _unreachable_host(pool: SSHPool, target_for: TargetFor, plan: Plan) -> str | None:
    """Reach every host the plan touches (its pinned key verified) before the first
    step changes anything; the first that cannot be reached, and why."""
    # a console is reached by its dialogue, its controller by the controller's steps
    awaited = {step.host for step in plan.steps if step.awaits_host}
    awaited |= {step.host for step in plan.steps if isinstance(step.command, Dialogue)}
    for host in dict.fromkeys(step.host for step in plan.steps if step.host not in awaited):
        try:
            await pool.connection(target_for(host))
        except OperatorError as exc:
            return f"{host}: {exc}"
    return None


def _refuse_untouched(job: m.Job, unreachable: str) -> JobState:
    """The job stops before its first step: no host was changed."""
    reason = f"refused before any step, nothing was changed: cannot reach {unreachable}"
    set_job_state(job, JobState.FAILED, reason)
    _finish(job)
    return JobState.FAILED


def _fail_forward(job: m.Job, failure: str) -> JobState:
    """A step failed past the plan's point of no return: undoing would take the
    workload down where it now runs, so nothing is undone; recovery completes it."""
    reason = (
        f"{failure}; past the point of no return nothing was undone: "
        f"`vdcftui job recover {job.id}` completes the job once the cause is fixed"
    )
    with transaction():
        mark_unsure(Plan.from_json(job.plan).locks)
        set_job_state(job, JobState.FAILED, reason)
    _finish(job)
    return JobState.FAILED


def _finish(job: m.Job) -> None:
    release_locks(job)
    m.AuditRecord.create(
        operator=job.operator,
        action=f"{job.operation} {JobState(job.state).label}",
        object_type=job.object_type,
        object_name=job.object_name,
        detail=job.error or "",
        job=job,
    )


async def _roll_back(
    plan: Plan,
    done: list[m.JobStep],
    pool: SSHPool,
    target_for: TargetFor,
    on_step: StepListener | None,
    still_done: StillDone | None,
) -> bool:
    """Undo in reverse order, stopping at the first undo that fails: each undo counts
    on the later ones having held (the source imports the pool only once the target
    has exported it), and recovery resumes from what the hosts then show.

    In a recovery, an undo that fails is judged again by its check: the stopped
    engine's own undo of that step may have been under way on the host and finished
    meanwhile (a host finishes a command whose client went away), and a step its
    host shows undone counts as undone."""
    for step in reversed(done):
        planned = plan.steps[step.seq - 1]
        undo = planned.undo
        if undo is None or (still_done is not None and not await still_done(step)):
            continue
        if planned.settle and planned.check is not None:
            # its effect goes later (a reboot): wait until the host no longer shows it
            out, err, status = await settled(pool, target_for(step.host), planned, undo=True)
        else:
            out, err, status = await execute(pool, target_for(step.host), undo, planned.timeout)
        step.stdout += f"\n--- undo: {undo.text()}\n{out}"
        step.stderr += err
        if status != 0 and still_done is not None and not await still_done(step):
            step.stderr += "(recovered: its host shows it undone)\n"
            status = 0
        step.state = StepState.UNDONE if status == 0 else StepState.UNDO_FAILED
        step.save(only=[m.JobStep.stdout, m.JobStep.stderr, m.JobStep.state])
        _notify(on_step, step)
        if status != 0:
            return False
    return True


def _notify(listener: StepListener | None, step: m.JobStep) -> None:
    if listener is not None:
        listener(step)
