"""The node's own way down: `shutdown -y -g0 -i5|6|0`, `init 0|5|6|S` and `reboot`.

The command answers first; the node goes down a moment later (its SSH sessions close,
its zones stop), as a real host does once init has taken over. Run state 0 takes a
SPARC node to the OBP ``ok`` prompt (an x86 one off), 5 powers it off; 6 reboots it,
into the boot environment activated for the next boot; S takes it to single-user
mode (lab/cmd_patch.py).

unverified: the wording of `shutdown`'s messages (no capture; from the shutdown(1M)
manual's description: "Shutdown started.", "Changing to init state N - please wait").
"""

from __future__ import annotations

import getopt
import threading
import time
from typing import TYPE_CHECKING

from vdcftui.lab.commands import Result, command

if TYPE_CHECKING:
    from vdcftui.lab.state import SimNode

GOING_DOWN_SECONDS = 0.3
"""How long after answering the node goes down (the exec's exit status gets out)."""

_RUN_STATES = {"0": "halt", "5": "off", "6": "reboot", "S": "single-user", "s": "single-user"}
_SHUTDOWN_USAGE = "Usage: shutdown [ -y ] [ -g <grace> ] [ -i <initstate> ] [ message ]\n"


def _go_down(node: SimNode, what: str) -> None:
    from vdcftui.lab.cmd_patch import run_level_s

    halt = node.halt_to_obp if node.spec.arch == "sparc" else node.power_off
    actions = {"reboot": node.reset, "off": node.power_off, "halt": halt}
    action = actions.get(what) or (lambda: run_level_s(node))
    timer = threading.Timer(GOING_DOWN_SECONDS, action)
    timer.daemon = True
    timer.start()


@command("shutdown")
def shutdown(node: SimNode, args: list[str], stdin: str) -> Result:
    """shutdown [-y] [-g GRACE] [-i STATE]: grace periods are not waited for in the lab."""
    try:
        options, _message = getopt.getopt(args, "yg:i:")
    except getopt.GetoptError:
        return "", _SHUTDOWN_USAGE, 1
    values = dict(options)
    state = values.get("-i", "s")
    if "-y" not in values:
        # unverified: a real shutdown asks "Do you want to continue? (y or n):" on its tty
        return "", "shutdown: the lab answers only shutdown -y\n", 1
    if state not in _RUN_STATES:
        return "", f"shutdown: the lab does not model init state {state}\n", 1
    _go_down(node, _RUN_STATES[state])
    stamp = time.strftime("%a %b %e %H:%M:%S %Z %Y")
    return (
        f"\nShutdown started.    {stamp}\n\nChanging to init state {state} - please wait\n",
        "",
        0,
    )


@command("init")
def init(node: SimNode, args: list[str], stdin: str) -> Result:
    """init 0|5|6|S."""
    if len(args) != 1 or args[0] not in _RUN_STATES:
        # unverified: init's usage text
        return "", "Usage: init [0123456SsQqabc]\n", 1
    _go_down(node, _RUN_STATES[args[0]])
    return "", "", 0


@command("reboot")
def reboot(node: SimNode, args: list[str], stdin: str) -> Result:
    """reboot: as init 6 (unverified: silent, as the lab's init)."""
    _go_down(node, "reboot")
    return "", "", 0
