"""The engine: claims queued jobs from the repository and runs them over one SSH pool.

Jobs on different objects run in parallel (a plan's throttle caps how many of its group
run at once: a patch target's nodes); an engine that starts finds the jobs a dead
engine left running and marks them interrupted, for `vdcftui job recover`. Its pid
file beside the repository tells consoles and the CLI whether an engine is alive.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from vdcftui.ops.alerts.service import start_notifier
from vdcftui.ops.alerts.settings import AlertSettings
from vdcftui.ops.alerts.thresholds import ThresholdWatch
from vdcftui.ops.ha.service import start_beside, stop_beside
from vdcftui.ops.jobs.effects import mark_unsure
from vdcftui.ops.jobs.journal import set_job_state
from vdcftui.ops.jobs.plan import Plan, throttle_of
from vdcftui.ops.jobs.runner import run_job
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.monitor.collector import start_collectors
from vdcftui.ops.monitor.config import MonitorSettings
from vdcftui.ops.node.hosts import cached
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction

POLL_SECONDS = 0.2


def engine_id() -> str:
    """This process as an engine: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def is_alive(engine: str | None) -> bool:
    """Whether an engine id names a live process on this host."""
    if not engine:
        return False
    host, _, pid = engine.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        # An engine this process started and that died is a zombie until reaped:
        # reap it, or os.kill would still find it.
        if os.waitpid(int(pid), os.WNOHANG)[0] == int(pid):
            return False
    except ChildProcessError:
        pass  # not a child of this process
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_engine(pid_file: Path) -> str | None:
    """The id of the live engine that owns this repository, if any."""
    try:
        engine = pid_file.read_text().strip()
    except FileNotFoundError:
        return None
    return engine if is_alive(engine) else None


def mark_interrupted() -> list[m.Job]:
    """Mark the jobs left running by dead engines as interrupted."""
    found = []
    for job in m.Job.select().where(m.Job.state.in_((JobState.RUNNING, JobState.ROLLING_BACK))):
        if not is_alive(job.engine_id):
            with transaction():
                mark_unsure(Plan.from_json(job.plan).locks)
                set_job_state(job, JobState.INTERRUPTED)
            found.append(job)
    return found


def claim(engine: str, running: Counter[str] | None = None) -> m.Job | None:
    """Take the oldest queued job, atomically (another engine may race for it); a job
    whose plan has a throttle waits while ``running`` (this engine's jobs by group)
    holds its limit of the group."""
    for job in m.Job.select().where(m.Job.state == JobState.QUEUED).order_by(m.Job.id):
        throttle = throttle_of(json.loads(job.plan)) if running is not None else None
        if throttle is not None and running is not None and running[throttle[0]] >= throttle[1]:
            continue
        taken = (
            m.Job.update(state=JobState.RUNNING, engine_id=engine)
            .where((m.Job.id == job.id) & (m.Job.state == JobState.QUEUED))
            .execute()
        )
        if taken:
            if throttle is not None and running is not None:
                running[throttle[0]] += 1
            return m.Job.get_by_id(job.id)
    return None


def _release(running: Counter[str], group: str) -> Callable[[asyncio.Task], None]:
    """A done callback giving a throttled job's slot back to its group."""

    def release(_task: asyncio.Task) -> None:
        running[group] -= 1

    return release


async def serve(
    session: Session,
    target_for: Callable[[str], HostTarget],
    stop: asyncio.Event,
    once: bool = False,
    idle_exit: float | None = None,
    monitor: MonitorSettings | None = None,
    alerts: AlertSettings | None = None,
) -> None:
    """Run queued jobs until ``stop`` is set (with ``once``, until none is left; with
    ``idle_exit``, after that many seconds without work); with ``monitor``, the
    collectors run beside them (:mod:`vdcftui.ops.monitor`); with ``alerts``, the
    collectors judge their samples against the alert levels and the notifier sends
    what is raised and cleared (:mod:`vdcftui.ops.alerts`)."""
    session.require_writable("run the engine (it changes hosts and the repository)")
    me = engine_id()
    target_for = cached(target_for)
    pool = SSHPool()
    tasks: set[asyncio.Task] = set()
    running: Counter[str] = Counter()  # this engine's throttled jobs by group
    loop = asyncio.get_running_loop()
    last_work = loop.time()
    watch = ThresholdWatch(alerts) if alerts else None
    collecting = start_collectors(pool, target_for, stop, monitor, watch) if monitor else None
    notifying = start_notifier(alerts, stop)
    beside = start_beside(pool, target_for, once)  # HA: keep-alives and node health
    try:
        while not stop.is_set():
            job = claim(me, running)
            if tasks or job is not None:
                last_work = loop.time()
            if idle_exit is not None and loop.time() - last_work > idle_exit:
                break
            if job is not None:
                task = asyncio.create_task(run_job(job, pool, target_for))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
                throttle = throttle_of(json.loads(job.plan))
                if throttle is not None:
                    task.add_done_callback(_release(running, throttle[0]))
                continue
            if once and not tasks:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), POLL_SECONDS)
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        if collecting is not None:
            if not stop.is_set():
                collecting.cancel()
            await asyncio.gather(collecting, return_exceptions=True)
        await stop_beside(beside)
        if notifying is not None:
            stop.set()
            await asyncio.gather(notifying, return_exceptions=True)
        await pool.close()
