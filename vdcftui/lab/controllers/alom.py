"""Simulated Sun ALOM / ALOM-CMT system controller (prompt ``sc> ``) for one lab host.

Wording follows docs/solaris/consoles.md section 3 and its captures: the ``sc> `` prompt
(fence_alom), ``console`` → ``Enter #. to return to ALOM.`` and ``#.`` back (ALOM 1.5
help, console page), ``poweroff [-f] [-y]`` with its question "Are you sure you want to
power off the system?" and ``SC Alert: Host system has shut down.`` (poweroff page),
``reset [-x]`` and ``SC Alert: Host System has Reset`` on the console (T1000 capture),
``break``, ``showplatform`` containing ``standby`` while the host is off (fence_alom),
the ``showusers`` columns and ``logout``.  Everything else is marked unverified.
"""

from __future__ import annotations

import asyncio
import getopt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vdcftui.lab.controllers.facts import PlatformFacts
from vdcftui.lab.controllers.serial import SerialConsole
from vdcftui.lab.controllers.session import ControllerSession, Mode

CONSOLE_ENTERED = "Enter #. to return to ALOM.\n"
HOST_SHUT_DOWN = "SC Alert: Host system has shut down."
HOST_RESET = "SC Alert: Host System has Reset"
POWEROFF_QUESTION = "Are you sure you want to power off the system? "
# unverified: the reset and break questions (built like the documented poweroff one)
RESET_QUESTION = "Are you sure you want to reset the system? "
BREAK_QUESTION = "Are you sure you want to send a break to the system? "
# unverified: the wording of a console taken over while another user writes to it
VIEW_MODE = "Console session already in use. [view mode]\n"
TAKE_OVER_QUESTION = (
    "Warning: User <{user}> currently has write permission to this console and forcibly "
    "removing them will terminate any current write actions and all work will be lost.  "
    "Would you like to continue? [y/n] "
)
# unverified: the errors for an unknown command, a bad option and a host that is off
INVALID_COMMAND = "Invalid command. Type 'help' for list of commands."
INVALID_OPTION = "Error: Invalid command option. Type 'help {verb}' for usage."
HOST_OFF = "Error: Host is powered off."
# unverified: the OpenBoot prompt a break leaves the host at (the sun4v form of the
# T1000 capture); the lab's host does not really stop at OpenBoot
OK_PROMPT = "{0} ok "
MAX_NET_SESSIONS = 8


@dataclass
class AlomInfo:
    """Everything one ALOM needs, shared by its sessions: the host, its console, who is
    logged in (for ``showusers`` and the SC alerts)."""

    name: str
    address: str
    node: Any
    console: SerialConsole
    facts: PlatformFacts
    sessions: list[AlomSession] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._loop = asyncio.get_running_loop()
        self.node.add_power_listener(self._power_changed)

    def _power_changed(self, _node: Any, powered: bool) -> None:
        if not powered:
            self.alert(HOST_SHUT_DOWN)

    def alert(self, text: str) -> None:
        """Raise an ``SC Alert:`` line (from any thread); it shows once the running
        command has finished."""
        try:
            self._loop.call_soon_threadsafe(self._deliver, text)
        except RuntimeError:
            return

    def _deliver(self, text: str) -> None:
        """The alert on the host console stream (as in the T1000 capture) and at every
        ``sc> `` prompt.

        unverified: how an alert is laid out at a waiting ``sc> `` prompt (the lab
        prints it on a line of its own and the prompt again)."""
        self.console.notice(f"\n{text}\n")
        for session in list(self.sessions):
            session.alert(text)

    def net_slot(self) -> int:
        """The lowest free ``net-N`` connection number."""
        taken = {session.slot for session in self.sessions}
        return next(n for n in range(1, MAX_NET_SESSIONS + 2) if n not in taken)


def platform_name(facts: PlatformFacts) -> str:
    """``SUNW,SPARC-T4-1`` for a "SPARC T4-1" (the platform line of ``showplatform``)."""
    return "SUNW," + facts.model.replace(" ", "-")


def login_time(when: float) -> str:
    """``Nov 13 6:19``: a login time as the ALOM help's ``showusers`` example shows it."""
    local = time.localtime(when)
    return f"{time.strftime('%b', local)} {local.tm_mday} {local.tm_hour}:{local.tm_min:02d}"


class AlomSession(ControllerSession):
    """One SSH login on an ALOM (``sc> ``)."""

    prompt = "sc> "

    def __init__(
        self,
        info: AlomInfo,
        write: Callable[[str], None],
        close: Callable[[int], None],
        user: str,
        tty: bool,
    ) -> None:
        super().__init__(write, close, user=user, tty=tty)
        self.info = info
        self.slot = info.net_slot()
        self.login_time = time.time()
        info.sessions.append(self)

    def greeting(self) -> str:
        """unverified: the ALOM-CMT login banner (consoles.md open point 8); the lab
        prints none, the prompt comes straight away."""
        return ""

    def console_ended(self, stolen: bool) -> None:
        """Back at ``sc> `` after ``#.``; a writer whose lock another user took with
        ``console -f`` goes on following the console read-only (ALOM help, console
        page) until its own ``#.``.

        unverified: what ALOM prints to the writer losing its lock (the lab: nothing)."""
        if stolen:
            self.attach_console(self.info.console, "", read_only=True)
            return
        self.write("\n")
        self.done()

    def syntax_error(self, line: str) -> None:
        """A line with unbalanced quotes."""
        self._fail(INVALID_COMMAND)

    def close(self, status: int = 0) -> None:
        """End the login and leave ``showusers``."""
        self._forget()
        super().close(status)

    def disconnect(self) -> None:
        """The connection is gone."""
        self._forget()
        super().disconnect()

    def alert(self, text: str) -> None:
        """An SC alert at the prompt (in console mode the console stream carries it)."""
        if self.mode is Mode.CLI and not self._exec:
            self.write(f"\n{text}\n{self.prompt}")

    def _forget(self) -> None:
        if self in self.info.sessions:
            self.info.sessions.remove(self)

    # ------------------------------------------------------------------ dispatch
    def execute(self, argv: list[str], line: str) -> None:
        """Run one ALOM command.

        unverified: that ALOM-CMT runs a command given as an SSH exec request (the
        fence agent types it at the prompt); the lab accepts both."""
        verb, args = argv[0], argv[1:]
        if verb == "logout":
            self.close(0)
            return
        handler = {
            "console": self._cmd_console,
            "poweron": self._cmd_poweron,
            "poweroff": self._cmd_poweroff,
            "reset": self._cmd_reset,
            "break": self._cmd_break,
            "showplatform": self._cmd_showplatform,
            "showusers": self._cmd_showusers,
        }.get(verb)
        if handler is None:
            self._fail(INVALID_COMMAND)
            return
        handler(verb, args)

    def _fail(self, message: str) -> None:
        self.exit_status = 1
        self.write(message + "\n")
        self.done()

    def _options(self, verb: str, args: list[str], letters: str) -> set[str] | None:
        """The single-letter flags of ``args``; None (error printed) for anything else."""
        try:
            opts, rest = getopt.getopt(args, letters)
        except getopt.GetoptError:
            opts, rest = [], ["?"]
        if rest:
            self._fail(INVALID_OPTION.format(verb=verb))
            return None
        return {flag for flag, _value in opts}

    def _confirm(self, question: str, flags: set[str], action: Callable[[], None]) -> None:
        if "-y" in flags:
            action()
            return

        def answered(yes: bool) -> None:
            if yes:
                action()
            else:
                self.done()

        self.ask(question, answered)

    # ------------------------------------------------------------------ power
    def _cmd_poweron(self, verb: str, args: list[str]) -> None:
        """``poweron``: the host boots (its console shows it).

        unverified: what poweron prints (nothing in the lab), also on a host already on."""
        if self._options(verb, args, "") is None:
            return
        self.info.console.power_on()
        self.done()

    def _cmd_poweroff(self, verb: str, args: list[str]) -> None:
        """``poweroff [-f] [-y]``: the question unless ``-y``; a graceful Solaris shutdown
        unless ``-f``; ``SC Alert: Host system has shut down.`` once the host is off.

        unverified: the question's exact suffix (the help page quotes it in prose) and
        that poweroff prints nothing more (also on a host already off, where the help
        page says it "has no effect")."""
        flags = self._options(verb, args, "fy")
        if flags is None:
            return

        def power_off() -> None:
            self.info.console.power_off(graceful="-f" not in flags)
            self.done()

        self._confirm(POWEROFF_QUESTION, flags, power_off)

    def _cmd_reset(self, verb: str, args: list[str]) -> None:
        """``reset [-x] [-y]``: the host resets (``-x``: an XIR) and its console shows
        ``SC Alert: Host System has Reset`` (T1000 capture).

        unverified: the question, and the error on a host that is off."""
        flags = self._options(verb, args, "xy")
        if flags is None:
            return
        if not self.info.node.powered:
            self._fail(HOST_OFF)
            return

        def reset() -> None:
            self.info.alert(HOST_RESET)
            self.info.console.reset()
            self.done()

        self._confirm(RESET_QUESTION, flags, reset)

    def _cmd_break(self, verb: str, args: list[str]) -> None:
        """``break [-y]``: the host to the OpenBoot ``ok`` prompt (ALOM help, reset page).

        unverified: the question and the error on a host that is off; the lab's host
        only shows the ``ok`` prompt on its console and keeps running."""
        flags = self._options(verb, args, "y")
        if flags is None:
            return
        if not self.info.node.powered:
            self._fail(HOST_OFF)
            return

        def send_break() -> None:
            self.info.console.notice(f"\n{OK_PROMPT}")
            self.done()

        self._confirm(BREAK_QUESTION, flags, send_break)

    # ------------------------------------------------------------------ status
    def _cmd_showplatform(self, verb: str, args: list[str]) -> None:
        """The platform, its serial and the domain's status, ``OS Standby`` while the
        host is off (fence_alom reads ``standby`` as off).

        unverified: the whole layout and the status words (consoles.md open point 8)."""
        if self._options(verb, args, "v") is None:
            return
        status = "OS Running" if self.info.node.powered else "OS Standby"
        self.write(
            f"{platform_name(self.info.facts)}\n"
            f"Chassis Serial Number: {self.info.facts.serial}\n"
            "\n"
            "Domain Status\n"
            "------ ------\n"
            f"S0     {status}\n"
            "\n"
        )
        self.done()

    def _cmd_showusers(self, verb: str, args: list[str]) -> None:
        """The columns ``Username / Connection / Login Time / Client IP Addr / Console``
        of the ALOM help (console page), ``system`` in Console for the user holding the
        console's write lock.

        unverified: the column widths (the help page shows each header on a line of its
        own) and the login time's layout."""
        if self._options(verb, args, "g:") is None:
            return
        widths = (10, 11, 11, 15)
        names = ("Username", "Connection", "Login Time", "Client IP Addr")
        lines = [
            " ".join(f"{n:<{w}}" for n, w in zip(names, widths, strict=True)) + " Console",
            " ".join("-" * w for w in widths) + " " + "-" * 8,
        ]
        holder = self.info.console.holder
        for session in self.info.sessions:
            login = login_time(session.login_time)
            fields = (session.user, f"net-{session.slot}", login, session.client_address)
            row = " ".join(f"{v:<{w}}" for v, w in zip(fields, widths, strict=True))
            lines.append((row + (" system" if session is holder else "")).rstrip())
        self.write("\n".join(lines) + "\n")
        self.done()

    # ------------------------------------------------------------------ console
    def _cmd_console(self, verb: str, args: list[str]) -> None:
        """``console [-f]``: ``Enter #. to return to ALOM.`` then the host console until
        ``#.``.  Without ``-f`` a login finding another writer follows the console
        read-only; ``-f`` takes the write lock (ALOM help, console page).

        unverified: the view-mode notice and the take-over question."""
        flags = self._options(verb, args, "f")
        if flags is None:
            return
        console = self.info.console
        holder = console.holder
        if holder is None or holder is self:
            self.attach_console(console, CONSOLE_ENTERED)
            return
        if "-f" not in flags:
            self.attach_console(console, VIEW_MODE + CONSOLE_ENTERED, read_only=True)
            return

        def take_over() -> None:
            self.attach_console(console, CONSOLE_ENTERED, force=True)

        self._confirm(TAKE_OVER_QUESTION.format(user=holder.label), set(), take_over)
