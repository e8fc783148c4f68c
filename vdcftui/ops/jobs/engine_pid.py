"""Which engine runs a repository's jobs: an engine's id (host and pid), whether it
is alive, the live engine a pid file names. Light on purpose: every CLI command asks
it, and none should load the engine to do so."""

from __future__ import annotations

import os
import socket
from pathlib import Path


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
