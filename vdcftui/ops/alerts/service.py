"""The alert side of the resident engine: the notifier, run beside the jobs by
:func:`vdcftui.ops.jobs.engine.serve` (the thresholds are judged by the collectors
as they write their samples)."""

from __future__ import annotations

import asyncio
import contextlib

from vdcftui.ops.alerts.notify import Notifier
from vdcftui.ops.alerts.settings import AlertSettings

NOTIFY_SECONDS = 2.0
"""How often the notifier looks for raises and clears not yet notified."""


async def run_notifier(settings: AlertSettings, stop: asyncio.Event) -> None:
    """Notify pending alert events until ``stop`` is set, then once more."""
    notifier = Notifier(settings)
    while not stop.is_set():
        await notifier.notify_pending()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), NOTIFY_SECONDS)
    await notifier.notify_pending()


def start_notifier(
    settings: AlertSettings | None, stop: asyncio.Event
) -> asyncio.Task[None] | None:
    """The notifier as a task beside the engine's jobs (None without settings)."""
    return None if settings is None else asyncio.create_task(run_notifier(settings, stop))
