"""Starting the engine of a repository in the background, for the CLI and the console."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from vdcftui.errors import OperatorError
from vdcftui.ops.jobs.engine_pid import is_alive, running_engine
from vdcftui.paths import data_dir

ENGINE_START_SECONDS = 15.0
ENGINE_IDLE_EXIT_SECONDS = 600


def engine_pid_file(location: str) -> Path:
    """Where the engine of the repository at ``location`` records itself."""
    if "://" in location:
        return data_dir() / "engine.pid"
    return Path(location).expanduser().with_name("engine.pid")


def ensure_engine(location: str, resident: bool = False) -> None:
    """Start an engine for the repository in the background unless one is alive; it
    outlives its starter, so a dropped SSH session never stops a job half-way. It
    exits after a while without jobs, unless ``resident`` (which also collects the
    monitoring samples)."""
    pid_file = engine_pid_file(location)
    if running_engine(pid_file) is not None:
        return
    pid_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    log_path = pid_file.with_name("engine.log")
    log = os.fdopen(os.open(log_path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600), "a")
    # The repository goes through the environment, not argv: a PostgreSQL URL may hold
    # a password, and every local user sees a process's arguments.
    subprocess.Popen(
        [
            sys.executable,
            "-m",
            "vdcftui",
            "engine",
            *([] if resident else ["--idle-exit", str(ENGINE_IDLE_EXIT_SECONDS)]),
        ],
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=log,
        start_new_session=True,
        env={**os.environ, "VDCFTUI_REPO": location},
    )
    deadline = time.monotonic() + ENGINE_START_SECONDS
    while running_engine(pid_file) is None:
        if time.monotonic() > deadline:
            raise OperatorError(f"the engine did not start; see {log_path}")
        time.sleep(0.05)


def stop_engine(location: str, wait_seconds: float = 10.0) -> bool:
    """Ask the engine of a repository to stop (SIGTERM: it finishes its running jobs
    first) and wait for it; returns whether one was running."""
    engine = running_engine(engine_pid_file(location))
    if engine is None:
        return False
    pid = int(engine.rpartition(":")[2])
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + wait_seconds
    while is_alive(engine):
        if time.monotonic() > deadline:
            raise OperatorError(f"the engine (pid {pid}) did not stop within {wait_seconds:g} s")
        time.sleep(0.05)
    return True
