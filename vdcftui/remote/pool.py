"""The SSH connection pool: one connection per host, reused for many commands.

A global semaphore bounds how many connections are being opened at once; set-up is
retried on transient network errors; every command runs under a time limit; a host
key is checked against the key pinned for that host and a changed key is refused.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import asyncssh

from vdcftui.errors import OperatorError
from vdcftui.remote.errors import (
    AuthenticationFailed,
    CommandTimeout,
    HostKeyChanged,
    HostUnreachable,
)
from vdcftui.solaris.cmd.command import Batch, Command, shell_text

# AES-GCM first: far cheaper per packet than chacha20-poly1305 in asyncssh; CTR for
# older sshd (Solaris 10 SunSSH), chacha20 last.
_CIPHERS = (
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
    "aes128-ctr",
    "aes256-ctr",
    "chacha20-poly1305@openssh.com",
)


@dataclass(frozen=True)
class HostTarget:
    """Where and how to reach one host over SSH.

    ``pinned_key`` is the host's public key as an OpenSSH line (``ssh-ed25519 AAAA...``)
    recorded at discovery or registration; ``None`` accepts the presented key once
    (trust on first use) so that the caller can pin it.
    """

    name: str
    address: str
    port: int = 22
    username: str = "root"
    client_keys: tuple[str, ...] = ()
    password: str | None = None
    pinned_key: str | None = None


@dataclass(frozen=True)
class CommandResult:
    """The outcome of one remote command."""

    host: str
    command: str
    stdout: str
    stderr: str
    exit_status: int
    elapsed: float

    @property
    def ok(self) -> bool:
        """True when the command exited with status 0."""
        return self.exit_status == 0


def fingerprint(key: asyncssh.SSHKey | str) -> str:
    """The SHA256 fingerprint of a public key object or OpenSSH public key line."""
    if isinstance(key, str):
        key = asyncssh.import_public_key(key)
    return key.get_fingerprint("sha256")


def client_public_key(path: str) -> str:
    """The OpenSSH public key line of the private key at ``path`` (the management
    server's client key, for a node's authorized_keys); an :class:`OperatorError`
    when it cannot be read."""
    try:
        key = asyncssh.read_private_key(path)
    except (OSError, asyncssh.KeyImportError) as exc:
        raise OperatorError(f"cannot read the SSH client key {path}: {exc}") from None
    return key.export_public_key("openssh").decode().strip()


async def presented_host_key(address: str, port: int, timeout: float = 10.0) -> str:
    """The host key a host presents now (an OpenSSH public key line), trusting nothing:
    for an operator to compare with the pinned one before pinning it."""
    try:
        key = await asyncio.wait_for(asyncssh.get_server_host_key(address, port), timeout)
    except (TimeoutError, OSError, asyncssh.Error) as exc:
        raise HostUnreachable(
            address, f"cannot read the host key of {address}:{port}: {_describe(exc)}"
        ) from None
    if key is None:
        raise HostUnreachable(address, f"{address}:{port} presented no host key")
    return key.export_public_key("openssh").decode().strip()


class _PinningClient(asyncssh.SSHClient):
    """Checks the presented host key against the pinned one, remembering what it saw."""

    def __init__(self, target: HostTarget) -> None:
        self._pinned = asyncssh.import_public_key(target.pinned_key) if target.pinned_key else None
        self.presented: asyncssh.SSHKey | None = None

    def validate_host_public_key(
        self, host: str, addr: str, port: int, key: asyncssh.SSHKey
    ) -> bool:
        self.presented = key
        if self._pinned is None:
            return True
        return key.public_data == self._pinned.public_data


@dataclass
class _Slot:
    """A host's connection and the lock that serialises opening it."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    conn: asyncssh.SSHClientConnection | None = None
    presented_key: str | None = None


class SSHPool:
    """A pool of SSH connections, one per host, shared by every caller on one event loop."""

    def __init__(
        self,
        *,
        max_opening: int = 32,
        connect_timeout: float = 10.0,
        command_timeout: float = 120.0,
        connect_attempts: int = 3,
        retry_delay: float = 0.2,
    ) -> None:
        self._opening = asyncio.Semaphore(max_opening)
        self._slots: dict[tuple[str, int, str], _Slot] = {}
        self.connect_timeout = connect_timeout
        self.command_timeout = command_timeout
        self.connect_attempts = connect_attempts
        self.retry_delay = retry_delay

    def _slot(self, target: HostTarget) -> _Slot:
        return self._slots.setdefault((target.address, target.port, target.username), _Slot())

    def presented_key(self, target: HostTarget) -> str | None:
        """The host key the target presented on its current connection (OpenSSH line)."""
        return self._slot(target).presented_key

    def is_connected(self, target: HostTarget) -> bool:
        """True when an open connection to the target is in the pool."""
        conn = self._slot(target).conn
        return conn is not None and not conn.is_closed()

    async def connection(self, target: HostTarget) -> asyncssh.SSHClientConnection:
        """The open connection to a host, opening it (with retries) when needed."""
        slot = self._slot(target)
        async with slot.lock:
            if slot.conn is not None and not slot.conn.is_closed():
                return slot.conn
            slot.conn = None
            slot.conn, slot.presented_key = await self._open(target)
            return slot.conn

    async def _open(self, target: HostTarget) -> tuple[asyncssh.SSHClientConnection, str]:
        last_error: Exception | None = None
        for attempt in range(self.connect_attempts):
            if attempt:
                await asyncio.sleep(self.retry_delay * attempt)
            client = _PinningClient(target)
            try:
                async with self._opening:
                    conn = await asyncio.wait_for(
                        asyncssh.connect(
                            target.address,
                            target.port,
                            username=target.username,
                            client_keys=list(target.client_keys) or None,
                            password=target.password,
                            known_hosts=([], [], []),
                            client_factory=lambda c=client: c,
                            server_host_key_algs="default",
                            agent_path=None,
                            preferred_auth="publickey,keyboard-interactive,password",
                            config=None,
                            encryption_algs=_CIPHERS,
                            compression_algs=None,
                        ),
                        self.connect_timeout,
                    )
                presented = client.presented
                line = presented.export_public_key("openssh").decode().strip() if presented else ""
                return conn, line
            except asyncssh.HostKeyNotVerifiable:
                pinned = fingerprint(target.pinned_key or "")
                seen = client.presented.get_fingerprint("sha256") if client.presented else "none"
                raise HostKeyChanged(target.name, pinned, seen) from None
            except asyncssh.PermissionDenied as exc:
                raise AuthenticationFailed(
                    target.name, f"authentication refused: {exc.reason}"
                ) from None
            except (TimeoutError, OSError, asyncssh.Error) as exc:
                last_error = exc
        reason = _describe(last_error)
        raise HostUnreachable(
            target.name,
            f"cannot connect to {target.address}:{target.port}: "
            f"{reason} (after {self.connect_attempts} attempts)",
        )

    async def run(
        self,
        target: HostTarget,
        command: Command | Batch,
        timeout: float | None = None,
        data: str | None = None,
    ) -> CommandResult:
        """Run a command (or a batch of them) on a host, as the shell text
        :func:`~vdcftui.solaris.cmd.command.shell_text` makes of it; ``data`` (the
        command's input, resolved by the caller) goes to its standard input."""
        limit = self.command_timeout if timeout is None else timeout
        line = shell_text(command)
        if isinstance(command, Command) and command.input is not None and data is None:
            raise ValueError(f"the input of {line!r} was not given")
        conn = await self.connection(target)
        started = time.perf_counter()
        if data == "":  # an immediate end of file (asyncssh sends no EOF for "")
            running = conn.run(line, check=False, stdin=asyncssh.DEVNULL)
        else:
            running = conn.run(line, check=False, input=data)
        try:
            completed = await asyncio.wait_for(running, limit)
        except TimeoutError:
            raise CommandTimeout(target.name, line, limit) from None
        except (OSError, asyncssh.Error) as exc:
            await self.drop(target)
            raise HostUnreachable(
                target.name, f"connection lost while running {line!r}: {_describe(exc)}"
            ) from None
        return CommandResult(
            host=target.name,
            command=line,
            stdout=_text(completed.stdout),
            stderr=_text(completed.stderr),
            exit_status=completed.exit_status if completed.exit_status is not None else 255,
            elapsed=time.perf_counter() - started,
        )

    async def drop(self, target: HostTarget) -> None:
        """Close and forget the connection to one host."""
        slot = self._slot(target)
        conn, slot.conn = slot.conn, None
        if conn is not None:
            conn.close()
            await conn.wait_closed()

    async def close(self) -> None:
        """Close every connection in the pool."""
        conns = [slot.conn for slot in self._slots.values() if slot.conn is not None]
        for slot in self._slots.values():
            slot.conn = None
        for conn in conns:
            conn.close()
        await asyncio.gather(*(c.wait_closed() for c in conns), return_exceptions=True)


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def _describe(exc: Exception | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    if isinstance(exc, asyncssh.Error):
        return exc.reason or type(exc).__name__
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or type(exc).__name__
    return str(exc) or type(exc).__name__
