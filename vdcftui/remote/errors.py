"""Errors of the transport layer; each message names the host and says what happened."""

from __future__ import annotations

from vdcftui.errors import OperatorError


class RemoteError(OperatorError):
    """A remote operation could not be carried out."""

    def __init__(self, host: str, message: str) -> None:
        self.host = host
        super().__init__(f"{host}: {message}")


class HostUnreachable(RemoteError):
    """The host did not accept an SSH connection (refused, reset, timed out)."""


class AuthenticationFailed(RemoteError):
    """The host refused every credential offered."""


class HostKeyChanged(RemoteError):
    """The host presented a key other than the one pinned for it: refused."""

    def __init__(self, host: str, pinned: str, presented: str) -> None:
        self.pinned = pinned
        self.presented = presented
        super().__init__(
            host,
            f"host key changed: pinned {pinned}, presented {presented}; connection refused "
            f"(if the host was reinstalled: vdcftui node rekey {host})",
        )


class CommandTimeout(RemoteError):
    """A command did not finish within its time limit."""

    def __init__(self, host: str, command: str, seconds: float) -> None:
        self.command = command
        self.seconds = seconds
        super().__init__(host, f"command timed out after {seconds:g} s: {command}")
