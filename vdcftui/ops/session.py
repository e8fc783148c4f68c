"""Who is acting, and whether they may change anything.

Every mutating entry point of :mod:`vdcftui.ops` calls :meth:`Session.require_writable`,
so a read-only session (``--readonly``, ``VDCFTUI_READONLY=1``, the NOC display) is
refused here, whatever the user interface shows or hides.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from vdcftui.display import printable
from vdcftui.errors import OperatorError, UsageError


class ReadOnlyRefused(OperatorError):
    """A change was asked for in a read-only session."""

    exit_status = 3


_TRUE = ("1", "yes", "true", "on")
_FALSE = ("", "0", "no", "false", "off")


@dataclass(frozen=True)
class Session:
    """The operator behind a console or CLI invocation."""

    operator: str
    readonly: bool = False

    @classmethod
    def current(cls, readonly: bool = False) -> Session:
        """The login user; read-only when asked or when VDCFTUI_READONLY says so (1,
        yes, true, on; 0, no, false, off or empty: writable; anything else is refused,
        never taken as writable)."""
        value = os.environ.get("VDCFTUI_READONLY", "").strip().lower()
        if value not in _TRUE + _FALSE:
            raise UsageError(
                f"VDCFTUI_READONLY={printable(value)!s} is neither true (1, yes, true, on) "
                "nor false (0, no, false, off)"
            )
        return cls(operator=getpass.getuser(), readonly=readonly or value in _TRUE)

    def require_writable(self, what: str) -> None:
        """Refuse ``what`` (an operation and its object) in a read-only session."""
        if self.readonly:
            raise ReadOnlyRefused(f"refused: {what}: this session is read-only")
