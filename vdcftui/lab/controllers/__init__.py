"""Simulated system controllers (ILOM, XSCF, ALOM) and terminal servers of the lab.

:func:`start_controllers` is called by the lab runner once the nodes exist; it starts one
asyncssh server per system controller and one TCP listener per terminal-server port, all
sharing one serial console per node, and returns the inventory entries.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import asyncssh

from vdcftui.lab.controllers.alom import AlomInfo, AlomSession
from vdcftui.lab.controllers.facts import platform_facts
from vdcftui.lab.controllers.ilom import IlomInfo, IlomSession
from vdcftui.lab.controllers.serial import ConsoleRegistry, credentials_pair
from vdcftui.lab.controllers.sshserver import (
    ControllerServer,
    load_authorized_keys,
    start_ssh_controller,
)
from vdcftui.lab.controllers.termserver import SerialPort, start_serial_port
from vdcftui.lab.controllers.xscf import XscfDomain, XscfInfo, XscfSession

__all__ = ["ControllerGroup", "start_controllers"]


class ControllerGroup:
    """Every listener and console started for one lab; closed by the lab on stop."""

    def __init__(self, consoles: ConsoleRegistry) -> None:
        self.consoles = consoles
        self._acceptors: list[asyncssh.SSHAcceptor] = []
        self._servers: list[asyncio.Server] = []
        self.connections: set[asyncssh.SSHServerConnection] = set()
        self.transports: set[asyncio.BaseTransport] = set()

    def add_acceptor(self, acceptor: asyncssh.SSHAcceptor) -> None:
        """Track an SSH listener."""
        self._acceptors.append(acceptor)

    def add_server(self, server: asyncio.Server) -> None:
        """Track a TCP listener."""
        self._servers.append(server)

    def close(self) -> None:
        """Stop listening, drop every client and silence the consoles."""
        self.consoles.close()
        for acceptor in self._acceptors:
            acceptor.close()
        for server in self._servers:
            server.close()
        for conn in list(self.connections):
            conn.close()
        for transport in list(self.transports):
            transport.close()

    async def wait_closed(self) -> None:
        """Wait until every listener is closed."""
        for acceptor in self._acceptors:
            await acceptor.wait_closed()
        for server in self._servers:
            await server.wait_closed()


def _controller_port(lab: Any, name: str) -> int:
    return 0 if getattr(lab, "ephemeral_ports", False) else int(lab.port_for(name))


def _login(lab: Any, spec: Any) -> tuple[str, str]:
    default_user, default_password = credentials_pair(lab.credentials)
    return (
        getattr(spec, "username", None) or default_user,
        getattr(spec, "password", None) or default_password,
    )


def _public_key(key: asyncssh.SSHKey) -> str:
    return key.export_public_key("openssh").decode().strip()


async def _start_system_controller(
    lab: Any, spec: Any, group: ControllerGroup, keys: asyncssh.SSHAuthorizedKeys | None
) -> dict[str, Any]:
    address = lab.address_for(spec.name)
    username, password = _login(lab, spec)
    entry: dict[str, Any] = {"name": spec.name, "type": spec.type, "address": address}
    if spec.type == "ilom":
        info = IlomInfo(
            name=spec.name,
            address=address,
            node=lab.state.nodes[spec.node],
            console=group.consoles.get(spec.node),
            facts=platform_facts(lab, spec.node),
        )
        factory: Any = partial(IlomSession, info)
        target: dict[str, Any] = {"node": spec.node}
    elif spec.type == "alom":
        alom = AlomInfo(
            name=spec.name,
            address=address,
            node=lab.state.nodes[spec.node],
            console=group.consoles.get(spec.node),
            facts=platform_facts(lab, spec.node),
        )
        factory = partial(AlomSession, alom)
        target = {"node": spec.node}
    elif spec.type == "xscf":
        domains = {
            int(did): XscfDomain(int(did), lab.state.nodes[node], group.consoles.get(node))
            for did, node in spec.domains.items()
        }
        first = next(iter(spec.domains.values()))
        xinfo = XscfInfo(spec.name, address, domains, platform_facts(lab, first))
        factory = partial(XscfSession, xinfo)
        target = {"domains": {str(did): node for did, node in spec.domains.items()}}
    else:
        raise ValueError(f"unknown system controller type {spec.type!r} for {spec.name}")
    host_key = lab.host_key_for(spec.name)
    acceptor = await start_ssh_controller(
        address,
        _controller_port(lab, spec.name),
        host_key,
        lambda: ControllerServer(
            username,
            password,
            keys,
            factory,
            group.connections,
            unreachable=lambda: lab.faults.is_unreachable(spec.name),
        ),
    )
    group.add_acceptor(acceptor)
    entry.update(
        port=acceptor.get_port(),
        username=username,
        password=password,
        host_key=_public_key(host_key),
        fingerprint=host_key.get_fingerprint(),
        **target,
    )
    return entry


async def _start_terminal_server(lab: Any, spec: Any, group: ControllerGroup) -> dict[str, Any]:
    address = lab.address_for(spec.name)
    ephemeral = getattr(lab, "ephemeral_ports", False)
    ports: dict[str, int] = {}
    by_port = sorted(spec.ports.items(), key=lambda item: item[1])
    for index, (node_name, port) in enumerate(by_port, start=1):
        serial = SerialPort(f"ttyS{index}", node_name, group.consoles.get(node_name))
        server = await start_serial_port(
            address, 0 if ephemeral else int(port), serial, group.transports
        )
        group.add_server(server)
        ports[node_name] = server.sockets[0].getsockname()[1]
    return {"name": spec.name, "type": spec.type, "address": address, "ports": ports}


async def start_controllers(lab: Any) -> list[dict[str, Any]]:
    """Start every system controller and terminal server of ``lab``.

    Returns the inventory entries: system controllers first (``system_controllers``
    entries), then terminal servers (``terminal_servers`` entries, told apart by having
    ``ports``).  Registers a :class:`ControllerGroup` in ``lab.closeables``.
    """
    group = ControllerGroup(ConsoleRegistry(lab.state.nodes, lab.credentials))
    lab.closeables.append(group)
    keys = load_authorized_keys(getattr(lab, "client_public_key_path", None))
    entries = [
        await _start_system_controller(lab, spec, group, keys)
        for spec in getattr(lab.spec, "controllers", [])
    ]
    for spec in getattr(lab.spec, "terminal_servers", []):
        entries.append(await _start_terminal_server(lab, spec, group))
    return entries
