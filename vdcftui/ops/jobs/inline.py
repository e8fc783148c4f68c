"""Running a submitted job in this process, streaming its steps as they happen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.ops.jobs.runner import run_job
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.session import Session
from vdcftui.remote.pool import SSHPool
from vdcftui.repo import models as m
from vdcftui.repo.credentials import CredentialStore


def run_plan(
    session: Session,
    plan: Plan,
    credentials: CredentialStore | None,
    on_step: Callable[[m.JobStep], None] | None = None,
) -> m.Job:
    """Submit a plan as a job and run it here to its end."""
    job = submit(session, plan)

    async def go() -> None:
        pool = SSHPool()
        try:
            await run_job(job, pool, lambda host: target_for(host, credentials), on_step)
        finally:
            await pool.close()

    asyncio.run(go())
    return job
