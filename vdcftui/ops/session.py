"""Who is acting, and whether they may change anything.

Every mutating entry point of :mod:`vdcftui.ops` calls :meth:`Session.require_writable`,
so a read-only session (``--readonly``, ``VDCFTUI_READONLY=1``, the NOC display) is
refused here, whatever the user interface shows or hides.
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass

from vdcftui.errors import OperatorError


class ReadOnlyRefused(OperatorError):
    """A change was asked for in a read-only session."""

    exit_status = 3


@dataclass(frozen=True)
class Session:
    """The operator behind a console or CLI invocation."""

    operator: str
    readonly: bool = False

    @classmethod
    def current(cls, readonly: bool = False) -> Session:
        """The login user; read-only when asked or when VDCFTUI_READONLY=1."""
        env = os.environ.get("VDCFTUI_READONLY", "").strip().lower() in ("1", "yes", "true")
        return cls(operator=getpass.getuser(), readonly=readonly or env)

    def require_writable(self, what: str) -> None:
        """Refuse ``what`` (an operation and its object) in a read-only session."""
        if self.readonly:
            raise ReadOnlyRefused(f"refused: {what}: this session is read-only")
