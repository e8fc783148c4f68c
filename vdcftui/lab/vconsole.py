"""Virtual consoles a lab node serves inside an SSH session.

``zlogin -C ZONE`` attaches to a zone's console (``[Connected to zone 'Z' console]``,
a ``Z console login: `` prompt, ``~.`` at the start of a line to disconnect), and on a
control domain ``telnet localhost PORT`` attaches to the guest domain whose console
``ldm list`` shows on PORT, the way vntsd serves it (``Press ~? for control options ..``,
``~.`` to leave).  Both reuse the serial console of the controllers (login, shell);
they are kept here, apart from the node's command set, because they are interactive.
"""

from __future__ import annotations

import asyncio
import re
import weakref
import zlib
from typing import TYPE_CHECKING, Any

import asyncssh

from vdcftui.lab.cmd_ldm import _domains
from vdcftui.lab.controllers.lineinput import to_crlf
from vdcftui.lab.controllers.serial import SerialConsole

if TYPE_CHECKING:
    from vdcftui.lab.state import Datacenter, SimNode, Zone

_ZLOGIN = re.compile(r"\s*(?:/usr/sbin/)?zlogin\s+-C\s+([A-Za-z0-9][A-Za-z0-9_.-]*)\s*")
_TELNET = re.compile(r"\s*(?:/usr/bin/)?telnet\s+(localhost|127\.0\.0\.1)\s+(\d+)\s*")
_CONSOLES: weakref.WeakKeyDictionary[Datacenter, dict[str, SerialConsole]] = (
    weakref.WeakKeyDictionary()
)


class ZoneHost:
    """What a serial console needs of its machine, for a zone of a node."""

    def __init__(self, node: SimNode, zone: Zone) -> None:
        self._node = node
        self._zone = zone
        self.hostname = zone.name
        self.uname_a = node.uname_a
        self.at_obp = False
        """A zone has no OpenBoot."""
        self.halt_listeners: list[Any] = []
        """A zone is not halted to an ``ok`` prompt: nobody is told."""

    @property
    def powered(self) -> bool:
        """A zone's console has a login prompt while the zone runs."""
        return self._zone.state == "running"

    def exec_command(self, cmdline: str, stdin: str = "") -> tuple[str, str, int]:
        """Commands typed at the zone's shell (run by the node's shell)."""
        return self._node.exec_command(cmdline, stdin)

    def add_power_listener(self, _listener: Any) -> None:
        """Zones boot through zoneadm, not power: nothing to follow."""

    def console_boot_lines(self) -> list[str]:
        """Nothing is replayed for a zone."""
        return []


def say(stream: Any, process: asyncssh.SSHServerProcess, text: str) -> None:
    """Write console text to a session so that it arrives with CR LF line ends: on a
    session with a terminal the SSH server adds the CR to standard output itself (as a
    tty's ONLCR does), so that gets plain LF; everything else gets CR LF."""
    lf = text.replace("\r\n", "\n")
    translated = stream is process.stdout and process.get_terminal_type()
    stream.write(lf if translated else to_crlf(lf))


class _Client:
    """The SSH session attached to a console."""

    def __init__(self, process: asyncssh.SSHServerProcess, label: str) -> None:
        self._process = process
        self.label = label
        self.stolen = asyncio.Event()

    def console_output(self, text: str) -> None:
        """Console output to the session (CR LF, as a terminal expects)."""
        say(self._process.stdout, self._process, text)

    def console_stolen(self) -> None:
        """Another session took the console."""
        self.stolen.set()


def _console(datacenter: Datacenter, key: str, host: Any) -> SerialConsole:
    consoles = _CONSOLES.setdefault(datacenter, {})
    if key not in consoles:
        consoles[key] = SerialConsole(host, datacenter.spec.credentials)
    return consoles[key]


async def _pump(
    process: asyncssh.SSHServerProcess, console: SerialConsole, client: _Client
) -> None:
    """Keystrokes to the console until ``~.`` at the start of a line or end of input."""
    line_start, tilde = True, False
    while not client.stolen.is_set():
        try:
            data = await process.stdin.read(1024)
        except asyncssh.TerminalSizeChanged:
            continue
        if not data:
            return
        forward: list[str] = []
        for char in data:
            if tilde:
                tilde = False
                if char == ".":
                    console.feed(client, "".join(forward))
                    return
                forward.append("~")
            if line_start and char == "~":
                tilde = True
                continue
            forward.append(char)
            line_start = char in "\r\n"
        console.feed(client, "".join(forward))


async def _attach(process: asyncssh.SSHServerProcess, console: SerialConsole, label: str) -> None:
    set_line_mode = getattr(process.channel, "set_line_mode", None)
    if set_line_mode is not None:
        set_line_mode(False)
    client = _Client(process, label)
    console.attach(client)
    try:
        await _pump(process, console, client)
    finally:
        console.detach(client)


async def _zlogin(node: SimNode, zone_name: str, process: asyncssh.SSHServerProcess) -> int:
    # the banners and refusals of zlogin.c (docs/solaris/zones-storage-patching.md section
    # 2.5); unverified: the process ID of the console's holder, which the lab does not have
    zone = node.zones.get(zone_name)
    if zone is None:
        say(process.stderr, process, f"zlogin: zone '{zone_name}' unknown\r\n")
        return 1
    console = _console(node.datacenter, f"{node.name}:{zone_name}", ZoneHost(node, zone))
    if console.holder is not None:
        holder = 1000 + zlib.crc32(zone_name.encode()) % 30000
        say(
            process.stderr,
            process,
            f"zlogin: Console is already in use by process ID {holder}.\r\n",
        )
        return 1
    say(process.stdout, process, f"[Connected to zone '{zone_name}' console]\r\n")
    await _attach(process, console, "zlogin")
    say(process.stdout, process, f"\r\n[Connection to zone '{zone_name}' console closed]\r\n")
    return 0


async def _telnet(node: SimNode, port: int, process: asyncssh.SSHServerProcess) -> int:
    # unverified: the telnet client's own lines (Trying, Connected, Escape character, the
    # closing line); the vntsd lines are those of the ldm-guest-console captures
    say(process.stdout, process, "Trying 127.0.0.1...\r\n")
    domain = next((d for d in _domains(node) if d.cons == str(port)), None)
    if domain is None:
        say(
            process.stdout,
            process,
            "telnet: Unable to connect to remote host: Connection refused\r\n",
        )
        return 1
    guest = node.datacenter.nodes[domain.name]
    console = _console(node.datacenter, guest.name, guest)
    say(
        process.stdout,
        process,
        "Connected to localhost.\r\nEscape character is '^]'.\r\n\r\n"
        f'Connecting to console "{guest.name}" in group "{guest.name}" ....\r\n'
        "Press ~? for control options ..\r\n",
    )
    await _attach(process, console, "vntsd")
    say(process.stdout, process, "\r\nConnection to localhost closed by foreign host.\r\n")
    return 0


async def run_virtual_console(
    node: SimNode, command: str, process: asyncssh.SSHServerProcess
) -> int | None:
    """Serve ``command`` if it opens a virtual console; its exit status, or None if not."""
    zlogin = _ZLOGIN.fullmatch(command)
    if zlogin:
        return await _zlogin(node, zlogin.group(1), process)
    telnet = _TELNET.fullmatch(command)
    if telnet and any(n.spec.cdom == node.name for n in node.datacenter.nodes.values()):
        return await _telnet(node, int(telnet.group(2)), process)
    return None
