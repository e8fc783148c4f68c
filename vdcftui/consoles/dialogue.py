"""Running a job step's console dialogue (:class:`~vdcftui.solaris.dialogue.Dialogue`)
on a node's serial console, through its system controller or terminal server.

The console is held for the job's operator while the dialogue runs (an operator
attached to it refuses the step, naming who holds it), reached by the node's console
route as an attach reaches it, and left the device's way. Every exchange is recorded
as the step's output: what was typed and what the console showed, with control
characters escaped. A timeout fails the step saying what was awaited and the last
line seen.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pexpect

from vdcftui.consoles import holds
from vdcftui.consoles.attach import DIALOGUE_TIMEOUT, leave_console, reach_console
from vdcftui.consoles.routes import node_route
from vdcftui.display import printable_lines
from vdcftui.errors import OperatorError
from vdcftui.ops.session import Session
from vdcftui.repo.credentials import open_repository_credentials
from vdcftui.solaris.dialogue import Dialogue, Exchange

UNREACHABLE = 255
"""The exit status of a dialogue whose console could not be reached (as ssh's own)."""
TAIL_LINES = 3


def converse(dialogue: Dialogue, operator: str) -> tuple[str, str, int]:
    """Run ``dialogue`` on its node's console for ``operator``: (output, error, exit
    status), 0 when every exchange saw what it waited for, 1 when one did not, 255
    when the console could not be reached; never an exception for what the console
    or its route does."""
    try:
        route = node_route(dialogue.node, open_repository_credentials())
        hold = holds.acquire("node", dialogue.node, Session(operator))
    except OperatorError as exc:
        return "", f"{exc}\n", UNREACHABLE
    try:
        with tempfile.TemporaryDirectory(prefix="vdcftui-dialogue-") as tmp:
            known_hosts = Path(tmp) / "known_hosts"
            known_hosts.write_text(route.known_host + "\n")
            argv = route.argv(known_hosts)
            child = pexpect.spawn(argv[0], argv[1:], timeout=DIALOGUE_TIMEOUT, dimensions=(24, 80))
            try:
                try:
                    reach_console(child, route, route.dialogue)
                except OperatorError as exc:
                    return "", f"{exc}\n", UNREACHABLE
                output: list[str] = [f"--- {route.description}\n"]
                status, error = _exchanges(child, dialogue, output)
                leave_console(child, route, None)
            finally:
                child.close(force=True)
    finally:
        holds.release(hold)
    text = "".join(output)
    return printable_lines(text if text.endswith("\n") else text + "\n"), error, status


def _exchanges(child: pexpect.spawn, dialogue: Dialogue, output: list[str]) -> tuple[int, str]:
    """Each exchange in turn; (0, "") when all saw what they waited for."""
    for item in dialogue.exchanges:
        if item.send is not None:
            newline = "" if "".join(output[-1:]).endswith("\n") else "\n"
            output.append(f"{newline}>>> {item.send or '(Return)'}\n")
            child.send(item.send.encode() + b"\r")
        index, seen = _await(child, item)
        output.append(seen)
        if index == 0:
            continue
        last = [line for line in seen.splitlines() if line.strip()][-TAIL_LINES:]
        shown = printable_lines(" / ".join(last) or "nothing")
        if index == 1:
            found = re.search(item.fails_if or "$^", seen)
            said = printable_lines(found.group(0).strip() if found else "")
            return 1, f"{dialogue.node}'s console says {said!r} while waiting for {item.what}\n"
        if index == 2:
            return 1, f"{dialogue.node}'s console closed while waiting for {item.what}\n"
        return 1, (
            f"no {item.what} on the console of {dialogue.node} within {item.timeout:.0f} s; "
            f"it last showed: {shown}\n"
        )
    return 0, ""


def _await(child: pexpect.spawn, item: Exchange) -> tuple[int, str]:
    """Wait for the exchange's answer: 0 seen, 1 its failure, 2 closed, 3 timed out;
    with the text seen meanwhile."""
    patterns: list[object] = [re.compile(item.expect.encode())]
    patterns.append(re.compile(item.fails_if.encode()) if item.fails_if else re.compile(b"$^"))
    patterns += [pexpect.EOF, pexpect.TIMEOUT]
    index = child.expect(patterns, timeout=item.timeout)
    seen = (child.before or b"") + (child.after if isinstance(child.after, bytes) else b"")
    return index, seen.decode("utf-8", "replace").replace("\r", "")
