"""Running an operation from a view: build its plan with the same planner as the CLI's
`--dry-run`, show it, let the operator confirm (typing the object's name when it is
destructive), submit it as a job and let the engine run it. Every refusal (pre-check,
lock, read-only session) comes back as a message on screen, never as a traceback."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable

from textual.screen import Screen

from screens.confirm_plan import PlanConfirmScreen
from screens.console import console_app
from screens.notices import say
from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.engine_process import ensure_engine
from vdcftui.ops.jobs.journal import submit
from vdcftui.ops.jobs.plan import Plan
from vdcftui.repo import models as m
from vdcftui.solaris.names import InvalidName

PlanBuilder = Callable[[], Plan | Awaitable[Plan]]


def refuse(screen: Screen, error: Exception) -> None:
    """Show why an operation is refused, for as long as it takes to read."""
    say(screen, error, title="refused", severity="error", timeout=10)


async def propose(
    screen: Screen, what: str, build: PlanBuilder, *, destructive: bool
) -> m.Job | None:
    """Plan ``what``, confirm it with the operator and submit it; None if it was refused
    or cancelled. Must run in a worker (it waits for the confirmation screen)."""
    app = console_app(screen)
    try:
        app.session.require_writable(what)
        plan = build()
        if inspect.isawaitable(plan):
            plan = await plan
    except (OperatorError, InvalidName) as exc:
        refuse(screen, exc)
        return None
    if not await app.push_screen_wait(PlanConfirmScreen(plan, destructive=destructive)):
        say(screen, f"{what}: cancelled, nothing ran")
        return None
    try:
        job = submit(app.session, plan)
        await asyncio.to_thread(ensure_engine, app.repo_location)
    except OperatorError as exc:
        refuse(screen, exc)
        return None
    say(
        screen,
        f"job {job.id}: {plan.operation} {plan.object_name} submitted; "
        "its progress shows above the footer",
    )
    app.refresh_view()
    return job
