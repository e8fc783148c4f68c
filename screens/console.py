"""The console app as the screens see it (typed), without importing it at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from vdcftui.app import VdcfApp


def console_app(node: DOMNode) -> VdcfApp:
    """The console running ``node``."""
    return cast("VdcfApp", node.app)
