"""asyncssh plumbing shared by the ILOM, XSCF and ALOM simulators: auth and session adapter."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import asyncssh

from vdcftui.lab.controllers.session import ControllerSession

Writer = Callable[[str], None]
Closer = Callable[[int], None]
SessionFactory = Callable[[Writer, Closer, str, bool], ControllerSession]

_LINE_END = re.compile(r"\r?\n")


class ControllerServer(asyncssh.SSHServer):
    """Accepts one user (password, keyboard-interactive ``Password:`` or the lab key)."""

    def __init__(
        self,
        username: str,
        password: str,
        authorized_keys: asyncssh.SSHAuthorizedKeys | None,
        factory: SessionFactory,
        connections: set[asyncssh.SSHServerConnection],
        unreachable: Callable[[], bool] = lambda: False,
    ) -> None:
        self._factory = factory
        self._unreachable = unreachable
        self._connections = connections
        self._username = username
        self._password = password
        self._authorized_keys = authorized_keys
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        """Remember the connection (for authorized keys, and to close it with the lab);
        a controller made unreachable by a fault drops it at once."""
        if self._unreachable():
            conn.abort()
            return
        self._conn = conn
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection."""
        if self._conn is not None:
            self._connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        """Always require auth; only the controller's user can have an authorized key."""
        if username == self._username and self._authorized_keys is not None and self._conn:
            self._conn.set_authorized_keys(self._authorized_keys)
        return True

    def session_requested(self) -> asyncssh.SSHServerSession:
        """Every session (shell or exec) runs the controller's CLI."""
        return ControllerSSHSession(self._factory)

    def password_auth_supported(self) -> bool:
        """Password auth is offered."""
        return True

    def validate_password(self, username: str, password: str) -> bool:
        """Check the controller's credentials."""
        return username == self._username and password == self._password

    def kbdint_auth_supported(self) -> bool:
        """Keyboard-interactive auth is offered (ILOM asks ``Password:`` this way)."""
        return True

    def get_kbdint_challenge(
        self, username: str, lang: str, submethods: str
    ) -> tuple[str, str, str, list[tuple[str, bool]]]:
        """A single ``Password: `` prompt without echo."""
        return "", "", "", [("Password: ", False)]

    def validate_kbdint_response(self, username: str, responses: Sequence[str]) -> bool:
        """Check the answer to the ``Password: `` prompt."""
        return username == self._username and list(responses) == [self._password]


class ControllerSSHSession(asyncssh.SSHServerSession):
    """Adapts an asyncssh channel to a :class:`ControllerSession`."""

    def __init__(self, factory: SessionFactory) -> None:
        self._factory = factory
        self._chan: asyncssh.SSHServerChannel | None = None
        self._tty = False
        self._command: str | None = None
        self._session: ControllerSession | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        """Keep the channel."""
        self._chan = chan

    def pty_requested(self, term_type: str, term_size: Any, term_modes: Any) -> bool:
        """Accept a pty: the session then echoes and uses CR LF line ends."""
        self._tty = True
        return True

    def shell_requested(self) -> bool:
        """Accept an interactive session."""
        return True

    def exec_requested(self, command: str) -> bool:
        """Accept a single command."""
        self._command = command
        return True

    def session_started(self) -> None:
        """Create the controller session; greet it or run the exec command."""
        assert self._chan is not None
        user = str(self._chan.get_extra_info("username") or "")
        self._session = self._factory(self._write, self._exit, user, self._tty)
        peer = self._chan.get_extra_info("peername")
        self._session.client_address = str(peer[0]) if peer else ""
        if self._command is None:
            self._session.begin()
        else:
            self._session.run_exec(self._command)

    def data_received(self, data: str, datatype: Any) -> None:
        """Keystrokes."""
        if self._session is not None:
            self._session.feed(data)

    def eof_received(self) -> bool:
        """The client closed its input."""
        if self._session is not None:
            self._session.end_of_input()
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is gone."""
        if self._session is not None:
            self._session.disconnect()

    def _write(self, text: str) -> None:
        chan = self._chan
        if chan is None or chan.is_closing():
            return
        if self._tty:
            text = _LINE_END.sub("\r\n", text)
        chan.write(text)

    def _exit(self, status: int) -> None:
        chan = self._chan
        if chan is not None and not chan.is_closing():
            chan.exit(status)


def load_authorized_keys(path: Path | str | None) -> asyncssh.SSHAuthorizedKeys | None:
    """The lab client's public key as an authorized-keys set (None if there is none)."""
    if path is None or not Path(path).exists():
        return None
    return asyncssh.read_authorized_keys(str(path))


async def start_ssh_controller(
    address: str,
    port: int,
    host_key: asyncssh.SSHKey,
    server: Callable[[], ControllerServer],
) -> asyncssh.SSHAcceptor:
    """Listen on ``address:port`` with the given host key; returns the acceptor."""
    return await asyncssh.create_server(
        server,
        address,
        port,
        server_host_keys=[host_key],
        line_editor=False,
        allow_scp=False,
        agent_forwarding=False,
        x11_forwarding=False,
        keepalive_interval=0,
    )
