"""The engine: claims queued jobs from the repository and runs them over one SSH pool.

Jobs on different objects run in parallel, as many at once as the limits their plans
carry allow (:mod:`vdcftui.ops.jobs.slots`); an engine that starts finds the jobs a dead
engine left running and marks them interrupted, for `vdcftui job recover`. Its pid
file beside the repository tells consoles and the CLI whether an engine is alive.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from peewee import IntegrityError

from vdcftui.ops.alerts.service import start_notifier
from vdcftui.ops.alerts.settings import AlertSettings
from vdcftui.ops.alerts.thresholds import ThresholdWatch
from vdcftui.ops.ha.service import start_beside, stop_beside
from vdcftui.ops.jobs.engine_pid import engine_id
from vdcftui.ops.jobs.runner import run_job
from vdcftui.ops.jobs.slots import slots_of, take_slots
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.monitor.collector import start_collectors
from vdcftui.ops.monitor.config import MonitorSettings
from vdcftui.ops.node.hosts import cached
from vdcftui.ops.session import Session
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.queries import transaction

POLL_SECONDS = 0.2


class _NoSlot(Exception):
    """A queued job waits: a limit it runs under has no slot free."""


def claim(engine: str) -> m.Job | None:
    """Take the oldest queued job that may start, atomically (another engine may race
    for it); a job whose slots are all taken waits, and the ones after it may start."""
    # read whole first: a write inside a query's iteration would run on its old snapshot
    queued = list(m.Job.select().where(m.Job.state == JobState.QUEUED).order_by(m.Job.id))
    for job in queued:
        slots = slots_of(job)
        try:
            with transaction():
                if slots and not take_slots(job, slots):
                    raise _NoSlot
                taken = (
                    m.Job.update(state=JobState.RUNNING, engine_id=engine)
                    .where((m.Job.id == job.id) & (m.Job.state == JobState.QUEUED))
                    .execute()
                )
                if not taken:
                    raise _NoSlot  # another engine took it: give its slots back
        except (_NoSlot, IntegrityError):
            continue
        return m.Job.get_by_id(job.id)
    return None


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
    loop = asyncio.get_running_loop()
    last_work = loop.time()
    watch = ThresholdWatch(alerts) if alerts else None
    collecting = start_collectors(pool, target_for, stop, monitor, watch) if monitor else None
    notifying = start_notifier(alerts, stop)
    beside = start_beside(pool, target_for, once)  # HA: keep-alives and node health
    try:
        while not stop.is_set():
            job = claim(me)
            if tasks or job is not None:
                last_work = loop.time()
            if idle_exit is not None and loop.time() - last_work > idle_exit:
                break
            if job is not None:
                task = asyncio.create_task(run_job(job, pool, target_for))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
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
