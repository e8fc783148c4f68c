"""Attach the operator's terminal to a serial console until the escape key is pressed.

:func:`attach` holds the console, spawns the route under a pty with pexpect, answers
the login and console dialogue, then gives the real terminal to the operator
(``interact``), with the window size passed on.  Everything shown after the dialogue is
appended to the object's transcript; the passwords the dialogue sends never are.  It
keeps no global state, so the console app can call it inside ``App.suspend()``.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pexpect

from vdcftui.consoles import holds
from vdcftui.consoles.keys import DEFAULT_ESCAPE, parse_escape
from vdcftui.consoles.routes import SSH_FAILURES, Route, Step
from vdcftui.consoles.transcript import Transcript, default_log_dir
from vdcftui.errors import OperatorError
from vdcftui.ops.session import Session

DIALOGUE_TIMEOUT = 30
LEAVE_TIMEOUT = 5
PASSWORD_PROMPT = re.compile(rb"[Pp]assword: ?")
TAIL_BYTES = 4096


@dataclass(frozen=True)
class AttachResult:
    """How an attach ended: ``escape`` (the operator left) or ``closed`` (the far end)."""

    object_type: str
    object_name: str
    description: str
    reason: str
    transcript: Path
    started: datetime
    ended: datetime


def _terminal_size() -> tuple[int, int] | None:
    try:
        size = os.get_terminal_size(sys.stdout.fileno())
    except (OSError, ValueError):
        return None
    return size.lines, size.columns


@contextlib.contextmanager
def _forward_winch(child: pexpect.spawn) -> Iterator[None]:
    """Pass terminal resizes on to the child while attached (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def resized(_signum: int, _frame: object) -> None:
        size = _terminal_size()
        if size is not None and child.isalive():
            child.setwinsize(*size)

    previous = signal.signal(signal.SIGWINCH, resized)
    try:
        yield
    finally:
        signal.signal(signal.SIGWINCH, previous)


def _failure(
    failures: tuple[tuple[str, str], ...], route: Route, text: str, password_sent: bool
) -> OperatorError | None:
    for pattern, template in failures:
        found = re.search(pattern, text)
        if found:
            message = template.format(via=route.description, text=found.group(0).strip())
            if password_sent and "Permission denied" in found.group(0):
                message = f"{route.description}: wrong password ({found.group(0).strip()})"
            return OperatorError(message)
    return None


def reach_console(child: pexpect.spawn, route: Route, steps: tuple[Step, ...]) -> None:
    """Answer each step of the route's dialogue up to the console (an
    :class:`OperatorError` saying what went wrong); a password prompt gets the
    route's password once."""
    failures = [re.compile(p.encode()) for p, _ in (*route.failures, *SSH_FAILURES)]
    questions = [re.compile(re.escape(q.encode())) for q, _ in route.questions]
    password_sent = False
    for step in steps:
        wanted = re.compile(re.escape(step.expect.encode()))
        while True:
            index = child.expect(
                [wanted, PASSWORD_PROMPT, *questions, *failures, pexpect.EOF, pexpect.TIMEOUT]
            )
            if index == 0:
                break
            if index == 1 and route.password is not None and not password_sent:
                child.sendline(route.password.encode())
                password_sent = True
                continue
            if 2 <= index < 2 + len(questions):
                child.send(route.questions[index - 2][1].encode() + b"\r")
                continue
            seen = (child.before or b"") + (child.after if isinstance(child.after, bytes) else b"")
            text = seen.decode("utf-8", "replace")
            if index == 1:
                problem = "wrong password" if password_sent else "no password stored for it"
                raise OperatorError(f"{route.description}: {problem}")
            error = _failure((*route.failures, *SSH_FAILURES), route, text, password_sent)
            if error is not None:
                raise error
            if child.after is pexpect.TIMEOUT:
                raise OperatorError(
                    f"{route.description}: no {step.expect.strip()!r} within {DIALOGUE_TIMEOUT}s"
                )
            last = text.strip().splitlines()[-1:] or ["(nothing)"]
            raise OperatorError(
                f"{route.description}: the connection closed before the "
                f"console was reached; last output: {last[0]}"
            )
        if step.send is not None:
            child.send(step.send.encode() + b"\r")


def leave_console(child: pexpect.spawn, route: Route, transcript: Transcript | None) -> None:
    """Leave the console the device's way, and log out of a controller's CLI (what
    is shown meanwhile goes to ``transcript``, if any)."""
    if not child.isalive():
        return
    if route.leave:
        child.send(route.leave.encode())
    if route.cli_prompt:
        index = child.expect(
            [re.escape(route.cli_prompt.encode()), pexpect.EOF, pexpect.TIMEOUT],
            timeout=LEAVE_TIMEOUT,
        )
        if transcript is not None:
            transcript.write(child.before or b"")
        if index == 0:
            child.send(route.logout.encode() + b"\r")
    if route.leave:
        child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=LEAVE_TIMEOUT)
        if transcript is not None:
            transcript.write(child.before or b"")


def _interact(child: pexpect.spawn, escape_char: str, transcript: Transcript) -> bytes:
    """Hand the terminal over until the escape key; returns the last output seen."""
    tail = bytearray(child.buffer)
    transcript.write(child.buffer)

    def tee(data: bytes) -> bytes:
        transcript.write(data)
        tail.extend(data)
        del tail[:-TAIL_BYTES]
        return data

    with _forward_winch(child):
        child.interact(escape_character=escape_char, output_filter=tee)
    return bytes(tail)


def _say(text: str) -> None:
    sys.stdout.write(f"\r\n[vdcftui] {text}\r\n")
    sys.stdout.flush()


def attach(
    route: Route,
    *,
    operator: Session,
    take_over: bool = False,
    escape: str = DEFAULT_ESCAPE,
    log_dir: Path | None = None,
) -> AttachResult:
    """Attach this terminal to the console of ``route`` until ``escape`` is pressed."""
    escape_char = parse_escape(escape)
    if not os.isatty(sys.stdin.fileno()):
        raise OperatorError("attaching a console needs a terminal on standard input")
    steps = route.dialogue
    if take_over and route.forced_dialogue is not None:
        steps = route.forced_dialogue
    hold = holds.acquire(route.object_type, route.object_name, operator, take_over=take_over)
    started = datetime.now()
    try:
        with tempfile.TemporaryDirectory(prefix="vdcftui-console-") as tmp:
            known_hosts = Path(tmp) / "known_hosts"
            known_hosts.write_text(route.known_host + "\n")
            argv = route.argv(known_hosts)
            child = pexpect.spawn(
                argv[0], argv[1:], timeout=DIALOGUE_TIMEOUT, dimensions=_terminal_size() or (24, 80)
            )
            try:
                reach_console(child, route, steps)
                transcript = Transcript(log_dir or default_log_dir(), route.machine)
                try:
                    reason = _session(child, route, escape, escape_char, operator, transcript)
                finally:
                    transcript.close()
            finally:
                child.close(force=True)
    finally:
        holds.release(hold)
    return AttachResult(
        route.object_type,
        route.object_name,
        route.description,
        reason,
        transcript.path,
        started,
        datetime.now(),
    )


def _session(
    child: pexpect.spawn,
    route: Route,
    escape: str,
    escape_char: str,
    operator: Session,
    transcript: Transcript,
) -> str:
    """The attached part: banner, interaction, leaving; returns how it ended."""
    transcript.mark(f"attached {route.description} by {operator.operator} (pid {os.getpid()})")
    _say(f"console of {route.description}: press {escape} to come back")
    tail = _interact(child, escape_char, transcript)
    reason = "escape" if child.isalive() else "closed"
    if reason == "escape":
        leave_console(child, route, transcript)
    transcript.mark(f"detached ({'escape key' if reason == 'escape' else 'closed by the far end'})")
    _say(f"back from the console of {route.object_name} (transcript {transcript.path})")
    if reason == "closed":
        error = _failure(route.failures, route, tail.decode("utf-8", "replace"), False)
        if error is not None:
            raise error
    return reason
