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
from vdcftui.solaris.cmd.command import Batch, Command


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


def split_batch(batch: Batch, stdout: str) -> list[BatchOutput]:
    """Split a batch's stdout into one :class:`BatchOutput` per command."""
    commands = [command.text() for command in batch.commands]
    results: list[BatchOutput] = []
    lines = stdout.replace("\r\n", "\n").split("\n")
    begin, end = batch.begin_prefix, batch.end_prefix
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
    pool: SSHPool, target: HostTarget, commands: list[Command], timeout: float | None = None
) -> list[BatchOutput]:
    """Run commands on one host in a single round trip; outputs in command order."""
    batch = Batch(tuple(commands), secrets.token_hex(6))
    result = await pool.run(target, batch, timeout=timeout)
    return split_batch(batch, result.stdout)
