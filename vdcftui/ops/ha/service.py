"""The HA side of the engine: the keep-alive receiver and the health watcher, run
beside the jobs by :func:`vdcftui.ops.jobs.engine.serve`.

It idles while no pool has HA enabled; once one has, it takes the keep-alive secret
from the credentials file beside the repository and listens where ``ha.listen`` says.
A port it cannot take is recorded once in the audit trail, and the watcher does
not run: without keep-alives every node would look silent.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

from peewee import PeeweeException

from vdcftui.errors import OperatorError
from vdcftui.ops.ha.config import load_ha_settings
from vdcftui.ops.ha.failover import ha_session
from vdcftui.ops.ha.keepalive import Heard, receive, shared_secret
from vdcftui.ops.ha.watcher import Watcher
from vdcftui.ops.jobs.journal import audit
from vdcftui.remote.pool import HostTarget, SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import open_repository_credentials


def _ha_wanted() -> bool:
    return m.ComputePool.select().where(m.ComputePool.ha_enabled == True).exists()  # noqa: E712


async def run_ha(pool: SSHPool, target_for: Callable[[str], HostTarget]) -> None:
    """Receive keep-alives and watch the nodes of HA pools until cancelled."""
    settings = load_ha_settings()
    secret = None
    while secret is None:
        if _ha_wanted():
            secret = shared_secret(open_repository_credentials())
        if secret is None:
            await asyncio.sleep(settings.keepalive_interval)
    heard = Heard()
    try:
        transport = await receive(heard, secret, settings.address, settings.suspect_after)
    except OSError as exc:
        audit(ha_session(), "ha alert", "engine", "keep-alives", f"{settings.listen}: {exc}")
        return
    watcher = Watcher(settings, heard, pool, target_for)
    watcher.take_up()
    try:
        while True:
            await asyncio.sleep(settings.keepalive_interval)
            try:
                await watcher.look()
            except (OperatorError, PeeweeException) as exc:  # repository busy: look again
                with contextlib.suppress(OperatorError, PeeweeException):
                    audit(ha_session(), "ha look failed", "engine", "watcher", str(exc))
    finally:
        transport.close()
        await watcher.close()


def start_beside(
    pool: SSHPool, target_for: Callable[[str], HostTarget], once: bool
) -> asyncio.Task[None] | None:
    """Start the HA side of a long-running engine (not of `engine --once`)."""
    return None if once else asyncio.create_task(run_ha(pool, target_for))


async def stop_beside(task: asyncio.Task[None] | None) -> None:
    """Stop the HA side."""
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
