"""Many commands in one round trip: a batch script with markers, and its splitting.

Discovery reads a node with a dozen commands; sending them as one ``/bin/sh`` script
costs one channel instead of a dozen. Each command's output (stderr folded into
stdout) and exit status are framed by markers carrying a per-batch nonce, so no
command output can forge a frame.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from vdcftui.remote.pool import HostTarget, SSHPool


@dataclass(frozen=True)
class BatchOutput:
    """One command of a batch: its command line, output and exit status."""

    command: str
    output: str
    exit_status: int

    @property
    def ok(self) -> bool:
        """True when the command exited with status 0."""
        return self.exit_status == 0


class BatchFramingError(ValueError):
    """The batch's output lacks or garbles a marker: the host did not run it as sent."""


def build_batch(commands: list[str], nonce: str) -> str:
    """The shell script running every command in turn, framed by markers."""
    parts = []
    for index, command in enumerate(commands):
        parts.append(f"echo @@{nonce}:B:{index}; {command} 2>&1; echo @@{nonce}:E:{index}:$?")
    return "; ".join(parts)


def split_batch(commands: list[str], stdout: str, nonce: str) -> list[BatchOutput]:
    """Split a batch's stdout into one :class:`BatchOutput` per command."""
    results: list[BatchOutput] = []
    lines = stdout.replace("\r\n", "\n").split("\n")
    begin, end = f"@@{nonce}:B:", f"@@{nonce}:E:"
    current: int | None = None
    body: list[str] = []
    for line in lines:
        if line.startswith(begin):
            current = int(line[len(begin) :])
            body = []
        elif line.startswith(end):
            index_text, _, status_text = line[len(end) :].partition(":")
            if current is None or int(index_text) != current:
                raise BatchFramingError(f"unexpected end marker {line!r}")
            output = "\n".join(body)
            results.append(
                BatchOutput(
                    commands[current], output + "\n" if body else "", int(status_text or 255)
                )
            )
            current = None
        elif current is not None:
            body.append(line)
    if len(results) != len(commands):
        raise BatchFramingError(f"batch returned {len(results)} of {len(commands)} command results")
    return results


async def run_batch(
    pool: SSHPool, target: HostTarget, commands: list[str], timeout: float | None = None
) -> list[BatchOutput]:
    """Run commands on one host in a single round trip; outputs in command order."""
    nonce = secrets.token_hex(6)
    result = await pool.run(target, build_batch(commands, nonce), timeout=timeout)
    return split_batch(commands, result.stdout, nonce)
