"""Simulated console terminal server: each node's serial console on a raw TCP port.

Like a Cyclades ``socket_server`` port (7001 = ttyS1, 7002 = ttyS2, ...): connecting
attaches to the serial line and nothing is printed until the host prints (pressing Return
at getty gives ``node03 console login: ``).  A second connection to a busy port gets
``ttyS1 is being used by (<holder>)`` (the Cyclades wording conman matches) and is closed.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from vdcftui.lab.controllers.lineinput import to_crlf
from vdcftui.lab.controllers.serial import SerialConsole

_TELNET_COMMAND = re.compile(rb"\xff[\xfb-\xfe].|\xff\xfa.*?\xff\xf0|\xff[\xf0-\xfa]", re.DOTALL)


def strip_telnet(data: bytes) -> bytes:
    """Drop telnet option negotiation a telnet client may send to a raw port."""
    return _TELNET_COMMAND.sub(b"", data).replace(b"\xff\xff", b"\xff")


@dataclass(frozen=True)
class SerialPort:
    """One terminal-server port wired to a node's serial console."""

    tty: str
    node_name: str
    console: SerialConsole


class SerialPortConnection(asyncio.Protocol):
    """One TCP client on a serial port."""

    def __init__(self, port: SerialPort, transports: set[asyncio.BaseTransport]) -> None:
        self._port = port
        self._transports = transports
        self._transport: asyncio.Transport | None = None
        self.label = ""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Attach to the console, or say who holds it and hang up."""
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._transports.add(transport)
        peer = transport.get_extra_info("peername")
        self.label = str(peer[0]) if peer else "unknown"
        console = self._port.console
        holder = console.holder
        if not console.attach(self):
            who = holder.label if holder is not None else "unknown"
            transport.write(f"{self._port.tty} is being used by ({who})\r\n".encode())
            transport.close()
            self._transport = None

    def data_received(self, data: bytes) -> None:
        """Keystrokes for the node."""
        text = strip_telnet(data).decode("utf-8", errors="replace")
        if text:
            self._port.console.feed(self, text)

    def connection_lost(self, exc: Exception | None) -> None:
        """Free the port."""
        self._port.console.detach(self)
        if self._transport is not None:
            self._transports.discard(self._transport)
        self._transport = None

    def console_output(self, text: str) -> None:
        """Serial output: CR LF line ends, as a real serial line carries."""
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(to_crlf(text).encode("utf-8"))

    def console_stolen(self) -> None:
        """Another session took the line (e.g. an ILOM ``start -f``): hang up."""
        if self._transport is not None:
            self._transport.close()


async def start_serial_port(
    address: str, port: int, serial: SerialPort, transports: set[asyncio.BaseTransport]
) -> asyncio.Server:
    """Listen on ``address:port`` (0 = ephemeral) for ``serial``; clients go in ``transports``."""
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: SerialPortConnection(serial, transports), address, port)
