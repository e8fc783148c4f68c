"""The serial console of one simulated node: output stream, getty/login state and its holder.

A :class:`SerialConsole` is what sits at the other end of a system controller's
``start /SP/console`` / ``console -d N`` or of a terminal-server port.  It prints the node's
boot messages when the node powers on, Solaris shutdown messages on a graceful stop, a
``HOSTNAME console login: `` prompt, and once logged in runs each typed line through the
node's simulated shell.  One client holds it for writing; read-only watchers may follow.
"""

from __future__ import annotations

import asyncio
import enum
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from vdcftui.lab import install
from vdcftui.lab.controllers.lineinput import LineInput

HISTORY_LIMIT = 256 * 1024
DEFAULT_LINE_DELAY = 0.005

# 11.3: solaris113-sparc-t4-ldom-obp-boot-hostname-console-login capture;
# unverified: the Solaris 10 and 11.4 lines (no capture shows them)
S10_MOTD = "Oracle Corporation      SunOS 5.10      Generic Patch   January 2005"
S113_MOTD = "Oracle Corporation      SunOS 5.11      11.3    August 2015"
S114_MOTD = "Oracle Corporation      SunOS 5.11      11.4    Aug 2018"


class ConsoleState(enum.Enum):
    """Where the node's console is: powered off, booting, at getty, logged in, stopping."""

    OFF = "off"
    BOOTING = "booting"
    LOGIN = "login"
    PASSWORD = "password"
    SHELL = "shell"
    STOPPING = "stopping"
    OBP = "obp"


class ConsoleClient(Protocol):
    """A connection attached to a console (controller session or terminal-server port)."""

    label: str

    def console_output(self, text: str) -> None:
        """Receive console output (lines end in ``\\n``)."""

    def console_stolen(self) -> None:
        """Called when another session takes the console away from this one."""


def credentials_pair(credentials: Any) -> tuple[str, str]:
    """Return (username, password) from a credentials object or a 2-tuple."""
    username = getattr(credentials, "username", None)
    password = getattr(credentials, "password", None)
    if username is None or password is None:
        username, password = credentials[0], credentials[1]
    return str(username), str(password)


def syslog_stamp(now: float | None = None) -> str:
    """Timestamp in syslog form, e.g. ``Sep  6 21:40:07``."""
    local = time.localtime(now)
    return f"{time.strftime('%b', local)} {local.tm_mday:>2} {time.strftime('%H:%M:%S', local)}"


def motd_line(uname_a: str) -> str:
    """The /etc/motd line Solaris prints after a console login, chosen from ``uname -a``."""
    fields = uname_a.split()
    release = fields[2] if len(fields) > 2 else ""
    version = fields[3] if len(fields) > 3 else ""
    if release == "5.10":
        return S10_MOTD
    if version.startswith("11.4"):
        return S114_MOTD
    if version == "11.3" or not version.startswith("11."):
        return S113_MOTD
    return S113_MOTD.replace("11.3", version[:4])


def shutdown_lines(hostname: str) -> list[str]:
    """Console lines of a graceful Solaris shutdown to power-off (``init 5``)."""
    return [
        "",
        "svc.startd: The system is coming down.  Please wait.",
        "svc.startd: 107 system services are now being stopped.",
        f"{syslog_stamp()} {hostname} syslogd: going down on signal 15",
        "svc.startd: The system is down.",
        "syncing file systems... done",
    ]


class SerialConsole:
    """Serial console of one node (must be created and used on the lab's event loop)."""

    def __init__(
        self,
        node: Any,
        credentials: Any,
        *,
        line_delay: float = DEFAULT_LINE_DELAY,
    ) -> None:
        self.node = node
        self._username, self._password = credentials_pair(credentials)
        self._line_delay = line_delay
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._holder: ConsoleClient | None = None
        self._watchers: list[ConsoleClient] = []
        self._history: list[str] = []
        self._history_size = 0
        self._task: asyncio.Task[None] | None = None
        self._power_events = 0
        self._closed = False
        self._login_name = ""
        self._input = LineInput(
            self._emit, self._on_line, on_interrupt=self._on_interrupt, on_eof=self._on_eof
        )
        self.state = ConsoleState.OFF
        if node.powered:
            self.state = ConsoleState.OBP if node.at_obp else ConsoleState.LOGIN
        node.add_power_listener(self._power_changed)
        node.halt_listeners.append(self._halted)

    # ----------------------------------------------------------------- identity
    @property
    def hostname(self) -> str:
        """The node's host name (as in its login prompt)."""
        return str(self.node.hostname)

    @property
    def login_prompt(self) -> str:
        """``HOSTNAME console login: ``."""
        return f"{self.hostname} console login: "

    @property
    def shell_prompt(self) -> str:
        """``root@HOST:~# `` on Solaris 11, ``# `` on Solaris 10 (``$`` for non-root)."""
        root = self._login_name == "root"
        if " 5.10 " in f" {self.node.uname_a} ":
            return "# " if root else "$ "
        return f"{self._login_name}@{self.hostname}:~{'#' if root else '$'} "

    # ----------------------------------------------------------------- holders
    @property
    def holder(self) -> ConsoleClient | None:
        """The client that currently has write access, if any."""
        return self._holder

    def attach(
        self, client: ConsoleClient, *, force: bool = False, read_only: bool = False
    ) -> bool:
        """Attach ``client``; False when another client holds it and ``force`` is not set."""
        if read_only:
            if client not in self._watchers:
                self._watchers.append(client)
            return True
        if self._holder is not None and self._holder is not client:
            if not force:
                return False
            self.steal()
        self._holder = client
        if self.state is ConsoleState.LOGIN:
            self._input.clear()
            client.console_output("\n" + self.login_prompt)
        return True

    def detach(self, client: ConsoleClient) -> None:
        """Detach ``client`` (holder or watcher); unknown clients are ignored."""
        if self._holder is client:
            self._holder = None
        if client in self._watchers:
            self._watchers.remove(client)

    def steal(self) -> bool:
        """Take the console away from its holder (``stop /SP/console``); True if there was one."""
        holder = self._holder
        if holder is None:
            return False
        self._holder = None
        holder.console_stolen()
        return True

    def feed(self, client: ConsoleClient, data: str) -> None:
        """Keystrokes typed by ``client``; only the holder's reach the node."""
        if client is not self._holder or self._closed:
            return
        if self.state in (ConsoleState.OFF, ConsoleState.BOOTING, ConsoleState.STOPPING):
            return
        self._input.feed(data)

    # ----------------------------------------------------------------- output
    def transcript(self) -> str:
        """Everything the console printed recently (bounded), for tests and history."""
        return "".join(self._history)

    def _emit(self, text: str) -> None:
        if not text:
            return
        self._history.append(text)
        self._history_size += len(text)
        while self._history_size > HISTORY_LIMIT and len(self._history) > 1:
            self._history_size -= len(self._history.pop(0))
        for client in [self._holder, *self._watchers]:
            if client is not None:
                client.console_output(text)

    def notice(self, text: str) -> None:
        """Text the system controller itself prints into the console stream (an ALOM's
        ``SC Alert:`` lines); nothing while the lab is stopping."""
        if not self._closed:
            self._emit(text)

    # ----------------------------------------------------------------- login
    def _on_line(self, line: str) -> None:
        if self.state is ConsoleState.LOGIN:
            name = line.strip()
            if not name:
                self._emit(self.login_prompt)
                return
            self._login_name = name
            self.state = ConsoleState.PASSWORD
            self._input.echo = False
            self._emit("Password: ")
        elif self.state is ConsoleState.PASSWORD:
            self._input.echo = True
            self._emit("\n")
            self._check_login(line)
        elif self.state is ConsoleState.SHELL:
            self._run_shell_line(line.strip())
        elif self.state is ConsoleState.OBP:
            self._obp_line(line.strip())

    # ----------------------------------------------------------------- OpenBoot
    def _obp_line(self, line: str) -> None:
        """A line typed at the ``ok`` prompt: ``boot`` (the disk), ``boot net -
        install``, or Return (the prompt again)."""
        if line == "boot net - install":
            self.state = ConsoleState.BOOTING
            self.node.installing = True
            self._task = self._loop.create_task(self._install())
        elif line == "boot":
            self.state = ConsoleState.BOOTING
            self._task = self._loop.create_task(self._boot_disk())
        elif line:
            self._emit(install.unknown_word(line.split()[0]) + "\n" + install.OBP_PROMPT)
        else:
            self._emit(install.OBP_PROMPT)

    async def _lines(self, lines: list[str]) -> None:
        for line in lines:
            self._emit(line + "\n")
            await asyncio.sleep(self._line_delay)

    async def _boot_disk(self) -> None:
        if not self.node.boot_from_obp():
            await self._lines(install.no_system(self.node))
            self._at_obp()
            return
        await self._lines(self.node.console_boot_lines())
        self._at_login()

    async def _install(self) -> None:
        node = self.node
        if node.solaris10:
            lines = install.jumpstart_install(node)
        else:
            lines = install.ai_install(node, node.install_sru)
        started = next(i for i, text in enumerate(lines) if text.endswith("nstallation.")) + 1
        await self._lines(lines[:started])
        await asyncio.sleep(node.spec.install_seconds)
        await self._lines(lines[started:])
        node.install_system()
        await self._lines(node.console_boot_lines())
        self._at_login()

    def _at_obp(self) -> None:
        self._task = None
        self.state = ConsoleState.OBP
        self._input.clear()
        self._emit(install.OBP_PROMPT)

    def _at_login(self) -> None:
        self._task = None
        self.state = ConsoleState.LOGIN
        self._input.clear()
        self._emit("\n" + self.login_prompt)

    def _halted(self, _node: Any) -> None:
        """Solaris stopped at the ``ok`` prompt (``init 0``): its shutdown, then OBP."""
        if self._closed:
            return
        if threading.get_ident() == self._loop_thread:
            self._halt()
            return
        try:
            self._loop.call_soon_threadsafe(self._halt)
        except RuntimeError:
            return

    def _halt(self) -> None:
        self._cancel_task()
        self.state = ConsoleState.STOPPING
        self._login_name = ""

        async def down() -> None:
            # unverified: the "Program terminated" line before the prompt after init 0
            await self._lines([*shutdown_lines(self.hostname), "Program terminated"])
            self._at_obp()

        self._task = self._loop.create_task(down())

    def _check_login(self, password: str) -> None:
        if self._login_name == self._username and password == self._password:
            self.state = ConsoleState.SHELL
            banner = [motd_line(self.node.uname_a)]
            if self._login_name == "root":
                banner.insert(0, f"{syslog_stamp()} {self.hostname} login: ROOT LOGIN /dev/console")
            self._emit("\n".join(banner) + "\n" + self.shell_prompt)
            return
        self.state = ConsoleState.LOGIN
        self._login_name = ""
        self._emit("Login incorrect\n" + self.login_prompt)

    def _run_shell_line(self, line: str) -> None:
        if line in ("exit", "logout"):
            self._logout()
            return
        if line:
            stdout, stderr, _status = self.node.exec_command(line)
            output = stdout + stderr
            if output and not output.endswith("\n"):
                output += "\n"
            self._emit(output)
        self._emit(self.shell_prompt)

    def _logout(self) -> None:
        self.state = ConsoleState.LOGIN
        self._login_name = ""
        self._emit("\n" + self.login_prompt)

    def _on_interrupt(self) -> None:
        if self.state is ConsoleState.SHELL:
            self._emit("\n" + self.shell_prompt)
        elif self.state in (ConsoleState.LOGIN, ConsoleState.PASSWORD):
            self.state = ConsoleState.LOGIN
            self._input.echo = True
            self._emit("\n" + self.login_prompt)

    def _on_eof(self) -> None:
        if self.state is ConsoleState.SHELL:
            self._logout()

    # ----------------------------------------------------------------- power
    def power_on(self) -> bool:
        """Power the node on (boot messages follow); False if it was already on."""
        if self.node.powered:
            return False
        self._power_action(self.node.power_on, True)
        return True

    def power_off(self, *, graceful: bool) -> bool:
        """Stop the node: graceful prints the Solaris shutdown first; False if already off."""
        if not self.node.powered or self.state is ConsoleState.STOPPING:
            return False
        if graceful:
            self._cancel_task()
            self.state = ConsoleState.STOPPING
            self._task = self._loop.create_task(self._graceful_stop())
        else:
            self._power_action(self.node.power_off, False)
        return True

    def reset(self) -> bool:
        """Hard-reset the node (it reboots); False if it is powered off."""
        if not self.node.powered:
            return False
        events = self._power_events
        self.node.reset()
        if self._power_events == events:
            self._apply_power(False)
            self._apply_power(True)
        return True

    def _power_action(self, action: Callable[[], None], powered: bool) -> None:
        events = self._power_events
        action()
        if self._power_events == events:
            self._apply_power(powered)

    async def _graceful_stop(self) -> None:
        for line in shutdown_lines(self.hostname):
            self._emit(line + "\n")
            await asyncio.sleep(self._line_delay)
        self._task = None
        if self.node.powered:
            self._power_action(self.node.power_off, False)
        else:
            self._apply_power(False)

    def _power_changed(self, _node: Any, powered: bool) -> None:
        if self._closed:
            return
        if threading.get_ident() == self._loop_thread:
            self._apply_power(powered)
            return
        try:
            self._loop.call_soon_threadsafe(self._apply_power, powered)
        except RuntimeError:
            return

    def _apply_power(self, powered: bool) -> None:
        if self._closed:
            return
        self._power_events += 1
        if powered:
            if self.state in (ConsoleState.OFF, ConsoleState.STOPPING):
                self._cancel_task()
                self.state = ConsoleState.BOOTING
                self._task = self._loop.create_task(self._boot())
            return
        if self.state is ConsoleState.STOPPING and self._task is not None:
            return
        self._cancel_task()
        self.state = ConsoleState.OFF
        self._login_name = ""
        self._input.clear()
        self._input.echo = True

    async def _boot(self) -> None:
        if self.node.at_obp:
            await self._lines(install.no_system(self.node))
            self._at_obp()
            return
        await self._lines(self.node.console_boot_lines())
        self._at_login()

    def _cancel_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def close(self) -> None:
        """Stop printing and forget every client (the lab is stopping)."""
        self._closed = True
        self._cancel_task()
        self._holder = None
        self._watchers.clear()


class ConsoleRegistry:
    """One :class:`SerialConsole` per node, created on first use and shared by all paths."""

    def __init__(
        self, nodes: dict[str, Any], credentials: Any, *, line_delay: float = DEFAULT_LINE_DELAY
    ) -> None:
        self._nodes = nodes
        self._credentials = credentials
        self._line_delay = line_delay
        self._consoles: dict[str, SerialConsole] = {}

    def get(self, node_name: str) -> SerialConsole:
        """The console of ``node_name`` (KeyError if the lab has no such node)."""
        console = self._consoles.get(node_name)
        if console is None:
            console = SerialConsole(
                self._nodes[node_name], self._credentials, line_delay=self._line_delay
            )
            self._consoles[node_name] = console
        return console

    def close(self) -> None:
        """Close every console."""
        for console in self._consoles.values():
            console.close()
