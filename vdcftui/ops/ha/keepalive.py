"""Keep-alives: UDP datagrams from each node's agent to the engine.

A datagram is one ASCII line, ``VDCFKA1 NODE MILLIS MAC``: the node's name, its clock
in milliseconds since the epoch, and the HMAC-SHA256 of ``VDCFKA1 NODE MILLIS`` under
the secret shared through the credentials file (``ha:keepalive``). The engine keeps a
keep-alive whose MAC is right, whose time is within ``window`` seconds of its own, and
that is newer than the last one of that node (a replayed datagram is not).

Push over UDP rather than polling: a node that is busy or whose SSH is slow still says
it lives, the engine spends no session per node per interval, and a lost datagram
costs nothing (the next one comes ``keepalive_interval`` later).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime

from vdcftui.repo.credentials import CredentialStore
from vdcftui.solaris.names import InvalidName, validate_node_name

MAGIC = "VDCFKA1"
SECRET_REF = "ha:keepalive"
MAX_DATAGRAM = 512


def shared_secret(store: CredentialStore, create: bool = False) -> str | None:
    """The keep-alive secret of the credentials file (made on first use with ``create``)."""
    secret = store.get(SECRET_REF)
    if secret is None and create:
        secret = secrets.token_hex(32)
        store.set(SECRET_REF, secret)
    return secret


def _mac(secret: str, text: str) -> str:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def keepalive(node: str, secret: str, millis: int | None = None) -> bytes:
    """The datagram a node sends (the agent script builds the same in Perl)."""
    millis = int(time.time() * 1000) if millis is None else millis
    text = f"{MAGIC} {node} {millis}"
    return f"{text} {_mac(secret, text)}\n".encode()


@dataclass
class Heard:
    """The keep-alives the engine has accepted, and what it refused."""

    last: dict[str, datetime] = field(default_factory=dict)
    """Node -> when its last keep-alive arrived (engine clock)."""
    millis: dict[str, int] = field(default_factory=dict)
    refused: int = 0
    last_refusal: str = ""

    def accept(self, data: bytes, secret: str, window: float, now: float | None = None) -> str:
        """The node a datagram proves alive; raises ValueError saying why not."""
        try:
            magic, node, millis_text, mac = data.decode("ascii").strip().split(" ")
        except (UnicodeDecodeError, ValueError):
            raise ValueError("not a keep-alive") from None
        if magic != MAGIC or not millis_text.isdigit():
            raise ValueError("not a keep-alive")
        try:
            validate_node_name(node)
        except InvalidName:
            raise ValueError("not a node name") from None
        if not hmac.compare_digest(mac, _mac(secret, f"{MAGIC} {node} {millis_text}")):
            raise ValueError(f"bad MAC for {node}")
        millis = int(millis_text)
        now = time.time() if now is None else now
        if abs(now - millis / 1000) > window:
            raise ValueError(f"{node}'s clock is off by more than {window:g} s")
        if millis <= self.millis.get(node, -1):
            raise ValueError(f"{node}: replayed or out of order")
        self.millis[node] = millis
        self.last[node] = datetime.fromtimestamp(now)
        return node


class _Receiver(asyncio.DatagramProtocol):
    def __init__(self, heard: Heard, secret: str, window: float) -> None:
        self.heard, self.secret, self.window = heard, secret, window

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        try:
            self.heard.accept(data[:MAX_DATAGRAM], self.secret, self.window)
        except ValueError as exc:
            self.heard.refused += 1
            self.heard.last_refusal = f"{addr[0]}: {exc}"


async def receive(
    heard: Heard, secret: str, address: tuple[str, int], window: float
) -> asyncio.DatagramTransport:
    """Listen for keep-alives on ``address``; accepted ones go into ``heard``."""
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_datagram_endpoint(
        lambda: _Receiver(heard, secret, window), local_addr=address
    )
    return transport
