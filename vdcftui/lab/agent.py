"""The lab nodes' keep-alive agents: each node whose agent service runs (lab.smf)
sends the engine its configuration names a UDP keep-alive every interval, as the
agent script does on a real node.

The datagram is the product's own protocol (``VDCFKA1 NODE MILLIS HMAC-SHA256``, see
vdcftui.ops.ha.keepalive), not a Solaris output; it is built here again because the
lab depends on nothing above it. A node powered off, made unreachable, whose
keep-alives are silenced (a partition of the management network), or whose agent is
not online or has no configuration sends nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import socket
import time
from typing import TYPE_CHECKING

from vdcftui.lab.smf import AGENT_INSTANCE, provision

if TYPE_CHECKING:
    from vdcftui.lab.faults import Faults
    from vdcftui.lab.state import Datacenter

TICK_SECONDS = 0.1
"""How often the agents look whether one is due (a newly started one sends within it)."""


def datagram(node: str, secret: str) -> bytes:
    """One keep-alive of ``node``."""
    text = f"VDCFKA1 {node} {int(time.time() * 1000)}"
    mac = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return f"{text} {mac}\n".encode()


class Agents:
    """Every lab node's agent."""

    def __init__(self, state: Datacenter, faults: Faults) -> None:
        self.state = state
        self.faults = faults
        self._task: asyncio.Task[None] | None = None

    def run(self) -> None:
        """Start sending for every node whose agent runs; call on the lab's loop."""
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._run())

    def start(self, target: str, secret: str, interval: float) -> None:
        """Configure the agents the lab's nodes came with to send to ``target``
        (``address:port``) every ``interval`` seconds (lab.smf.provision; an agent an
        install configured keeps its own), and send; call on the lab's loop."""
        with self.state.lock:
            for node in self.state.nodes.values():
                provision(node, target, secret, interval)
        self.run()

    def stop(self) -> None:
        """Stop sending."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def sending(self, name: str) -> bool:
        """Whether a node's agent sends now."""
        node = self.state.nodes[name]
        service = node.services.get(AGENT_INSTANCE)
        return (
            node.powered
            and service is not None
            and service.state == "online"
            and node.agent_conf is not None
            and not self.faults.is_unreachable(name)
            and not self.faults.keepalives_silenced(name)
        )

    async def _run(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        due: dict[str, float] = {}
        try:
            while True:
                now = loop.time()
                for name, node in list(self.state.nodes.items()):
                    conf = node.agent_conf
                    if conf is None or not self.sending(name):
                        due.pop(name, None)
                    elif now >= due.get(name, 0.0):
                        due[name] = now + conf.interval
                        with contextlib.suppress(OSError):
                            sock.sendto(datagram(conf.node, conf.secret), conf.target)
                await asyncio.sleep(TICK_SECONDS)
        finally:
            sock.close()
