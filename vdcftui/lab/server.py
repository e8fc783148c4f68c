"""The SSH server of each lab node: exec requests and interactive root shells."""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

import asyncssh

from vdcftui.lab.controllers.serial import motd_line
from vdcftui.lab.faults import HOLD_LIMIT
from vdcftui.lab.vconsole import run_virtual_console

if TYPE_CHECKING:
    from vdcftui.lab.faults import Faults
    from vdcftui.lab.state import SimNode


class NodeServer(asyncssh.SSHServer):
    """Authenticates the lab's client key or password; refuses when the node is down."""

    def __init__(
        self,
        node: SimNode,
        faults: Faults,
        password: str,
        connections: set[asyncssh.SSHServerConnection],
    ) -> None:
        self.node = node
        self.faults = faults
        self.password = password
        self.connections = connections
        self.conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        if not self.node.answers_ssh or self.faults.is_unreachable(self.node.name):
            conn.abort()
            return
        self.conn = conn
        self.connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == "root" and password == self.password


def prompt(node: SimNode) -> str:
    """The root shell prompt: Solaris 11 shows user@host:dir, Solaris 10 a bare '#'."""
    return "# " if node.solaris10 else f"root@{node.hostname}:~# "


async def handle_process(node: SimNode, faults: Faults, process: asyncssh.SSHServerProcess) -> None:
    """Run an exec request, or an interactive shell when no command was given."""
    command = process.command
    try:
        if command is None:
            await _interactive(node, process)
            return
        console_status = await run_virtual_console(node, command, process)
        if console_status is not None:
            process.exit(console_status)
            return
        stdin = await _standard_input(process, command.lstrip().startswith(READS_INPUT))
        status = await run_one(node, faults, command, stdin, process)
        process.exit(status)
    except (asyncssh.BreakReceived, asyncssh.TerminalSizeChanged, BrokenPipeError, ConnectionError):
        process.exit(255)


READS_INPUT = ("perl ", "/usr/bin/perl ")
"""Command lines whose program reads a file's content from standard input (the file
writer): their input is awaited up to its end, however slowly it comes."""
INPUT_SECONDS = 30.0


async def _standard_input(process: asyncssh.SSHServerProcess, reads_input: bool) -> str:
    """What the client sends on standard input: all of it up to its end of file once
    some has come (a file's content), nothing when none comes at once (a client that
    never closes its standard input); a program that reads its input (``reads_input``)
    waits for it however loaded the machine is."""
    if process.stdin.at_eof():
        return ""
    try:
        first = await asyncio.wait_for(
            process.stdin.read(65536), INPUT_SECONDS if reads_input else 0.05
        )
    except TimeoutError:
        return ""
    rest = [first]
    while first and not process.stdin.at_eof():
        try:
            first = await asyncio.wait_for(process.stdin.read(65536), 10)
        except TimeoutError:
            break
        rest.append(first)
    return "".join(rest)


async def run_one(
    node: SimNode, faults: Faults, command: str, stdin: str, process: asyncssh.SSHServerProcess
) -> int:
    """Run one command line with the faults in force; write its output; return status.

    Like a real node, the lab finishes a command it has started even when the client
    goes away meanwhile (only its output is lost); a node that loses power meanwhile
    does not (the command never took effect).
    """
    work = asyncio.ensure_future(_execute(node, faults, command, stdin))
    stdout, stderr, status = await asyncio.shield(work)
    if stdout:
        process.stdout.write(stdout)
    if stderr:
        process.stderr.write(stderr)
    return status


async def _execute(node: SimNode, faults: Faults, command: str, stdin: str) -> tuple[str, str, int]:
    started = time.perf_counter()
    faults.count_start(node.name)
    delay = faults.take_delay(node.name, command)
    if delay:
        await asyncio.sleep(delay)
    hold = faults.take_hold(node.name, command)
    if hold is not None:
        await asyncio.to_thread(hold.wait, HOLD_LIMIT)
    failure = faults.take_failure(node.name, command)
    if not node.answers_ssh:
        result = ("", "", 255)
    elif failure is not None:
        stderr, status = failure
        result = ("", stderr, status)
    else:
        result = node.exec_command(command, stdin)
    faults.count(node.name, time.perf_counter() - started)
    return result


async def _interactive(node: SimNode, process: asyncssh.SSHServerProcess) -> None:
    """A root login shell: the motd line, then prompt, command, output. Lines end in
    ``\n`` as a program writes them; on a terminal the line discipline makes them
    ``\r\n`` (a program writing ``\r\n`` itself would show ``\r\r\n``)."""
    process.stdout.write(motd_line(node.uname_a) + "\n")
    while True:
        process.stdout.write(prompt(node))
        try:
            line = await process.stdin.readline()
        except asyncssh.TerminalSizeChanged:
            continue
        if not line:
            break
        line = line.strip()
        if line in ("exit", "logout"):
            break
        if not line:
            continue
        stdout, stderr, _status = node.exec_command(line)
        process.stdout.write(stdout + stderr)
    process.exit(0)
