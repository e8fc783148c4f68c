"""Console transcripts: ``<dir>/<machine>.log``, owner-only, appended per session."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from vdcftui.paths import data_dir
from vdcftui.solaris.names import validate_domainname


def default_log_dir() -> Path:
    """The transcripts directory: consoles/ in the data directory ($XDG_DATA_HOME/vdcftui)."""
    return data_dir() / "consoles"


class Transcript:
    """An open transcript file (mode 0600 in a 0700 directory)."""

    def __init__(self, log_dir: Path, machine: str) -> None:
        validate_domainname(machine)
        log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = log_dir / f"{machine}.log"
        self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(self._fd, 0o600)

    def write(self, data: bytes) -> None:
        """Append console output."""
        while data:
            data = data[os.write(self._fd, data) :]

    def mark(self, text: str) -> None:
        """Append a timestamped header or footer line."""
        stamp = datetime.now().astimezone().isoformat(timespec="seconds")
        self.write(f"\n===== {stamp} {text} =====\n".encode())

    def close(self) -> None:
        """Close the file."""
        os.close(self._fd)
