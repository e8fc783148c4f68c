"""`vdcftui engine`: run queued jobs in the foreground (started on demand by the
commands that submit jobs); its own module, so that the other commands need not load
the engine, its collectors and its HA service to start."""

from __future__ import annotations

import argparse
import asyncio
import signal

from vdcftui.commands.common import credentials_for, engine_pid_file, open_repo, say, session_for
from vdcftui.errors import OperatorError
from vdcftui.ops.alerts.settings import load_alert_settings
from vdcftui.ops.jobs.engine import serve
from vdcftui.ops.jobs.engine_pid import engine_id, running_engine
from vdcftui.ops.jobs.interrupted import mark_interrupted
from vdcftui.ops.monitor.config import load_monitor_settings
from vdcftui.ops.node.hosts import target_for


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `engine` noun."""
    engine = subparsers.add_parser("engine", help="run queued jobs (started on demand)")
    engine.add_argument("--once", action="store_true", help="exit when no job is left")
    engine.add_argument(
        "--idle-exit", type=float, metavar="SECONDS", help="exit after this long without a job"
    )
    engine.set_defaults(func=run_engine)


def run_engine(args: argparse.Namespace) -> int:
    """Run the engine in the foreground until SIGTERM (or, with --once, idle)."""
    session = session_for(args)
    session.require_writable("run the engine (it changes hosts and the repository)")
    open_repo(args)
    pid_file = engine_pid_file(args)
    other = running_engine(pid_file)
    if other is not None:
        raise OperatorError(f"an engine already runs for this repository ({other})")
    pid_file.write_text(engine_id())
    credentials = credentials_for(args)
    # the resident engine collects; one that stops when idle (or after one pass) does not
    resident = not args.once and args.idle_exit is None
    monitor = load_monitor_settings() if resident else None
    alerts = load_alert_settings() if resident else None
    for job in mark_interrupted():
        say(
            f"job {job.id} ({job.operation} {job.object_name}) was interrupted: "
            f"vdcftui job recover {job.id}",
            flush=True,
        )

    async def go() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(
            session,
            lambda host: target_for(host, credentials),
            stop,
            once=args.once,
            idle_exit=args.idle_exit,
            monitor=monitor,
            alerts=alerts,
        )

    try:
        asyncio.run(go())
    finally:
        if pid_file.exists() and pid_file.read_text().strip() == engine_id():
            pid_file.unlink()
    return 0
