"""Starting the engine of a repository in the background, for the CLI and the console."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from vdcftui.errors import OperatorError
from vdcftui.ops.engine import running_engine

ENGINE_START_SECONDS = 15.0
ENGINE_IDLE_EXIT_SECONDS = 600


def engine_pid_file(location: str) -> Path:
    """Where the engine of the repository at ``location`` records itself."""
    if "://" in location:
        return Path.home() / ".local" / "share" / "vdcftui" / "engine.pid"
    return Path(location).expanduser().with_name("engine.pid")


def ensure_engine(location: str) -> None:
    """Start an engine for the repository in the background unless one is alive; it
    outlives its starter, so a dropped SSH session never stops a job half-way."""
    pid_file = engine_pid_file(location)
    if running_engine(pid_file) is not None:
        return
    pid_file.parent.mkdir(parents=True, exist_ok=True)
    log = pid_file.with_name("engine.log").open("a")
    subprocess.Popen([sys.executable, "-m", "vdcftui", "--repo", location,
                      "engine", "--idle-exit", str(ENGINE_IDLE_EXIT_SECONDS)],
                     stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                     start_new_session=True)
    deadline = time.monotonic() + ENGINE_START_SECONDS
    while running_engine(pid_file) is None:
        if time.monotonic() > deadline:
            raise OperatorError(f"the engine did not start; see {log.name}")
        time.sleep(0.05)
