"""The lab nodes' keep-alive agents: each powered, reachable node sends the engine a
UDP keep-alive every interval, as the agent script does on a real node.

The datagram is the product's own protocol (``VDCFKA1 NODE MILLIS HMAC-SHA256``, see
vdcftui.ops.ha.keepalive), not a Solaris output; it is built here again because the
lab depends on nothing above it. A node powered off, made unreachable, or whose
keep-alives are silenced (a partition of the management network) sends nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import socket
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vdcftui.lab.faults import Faults
    from vdcftui.lab.state import Datacenter


def datagram(node: str, secret: str) -> bytes:
    """One keep-alive of ``node``."""
    text = f"VDCFKA1 {node} {int(time.time() * 1000)}"
    mac = hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()
    return f"{text} {mac}\n".encode()


class Agents:
    """Every lab node's agent, sending to one engine address."""

    def __init__(self, state: Datacenter, faults: Faults) -> None:
        self.state = state
        self.faults = faults
        self._task: asyncio.Task[None] | None = None

    def start(self, target: tuple[str, int], secret: str, interval: float) -> None:
        """Send to ``target`` every ``interval`` seconds (replacing an earlier target);
        call on the lab's loop."""
        self.stop()
        self._task = asyncio.get_running_loop().create_task(self._run(target, secret, interval))

    def stop(self) -> None:
        """Stop sending."""
        if self._task is not None:
            self._task.cancel()
            self._task = None

    def sending(self, name: str) -> bool:
        """Whether a node's agent sends now."""
        node = self.state.nodes[name]
        return (
            node.powered
            and not self.faults.is_unreachable(name)
            and not self.faults.keepalives_silenced(name)
        )

    async def _run(self, target: tuple[str, int], secret: str, interval: float) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.setblocking(False)
        try:
            while True:
                for name in list(self.state.nodes):
                    if self.sending(name):
                        with contextlib.suppress(OSError):
                            sock.sendto(datagram(name, secret), target)
                await asyncio.sleep(interval)
        finally:
            sock.close()
