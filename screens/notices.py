"""Notifications with host text in them, shown as text: control characters escaped
(:func:`vdcftui.display.printable`) and never read as markup."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from vdcftui.display import printable, printable_lines


def say(
    node: DOMNode,
    message: object,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """Notify the operator of ``message`` (names, errors, outputs shown literally; its
    line breaks kept)."""
    node.app.notify(
        printable_lines(str(message)),
        title=printable(title),
        severity=severity,
        timeout=timeout,
        markup=False,
    )
