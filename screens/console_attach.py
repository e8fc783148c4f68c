"""`c` on a node, GDom or vServer: hand the terminal to its live serial console and come
back to the same view when the operator presses the escape key (`C` takes a console
another operator holds, on purpose: audited, refused in a read-only session)."""

from __future__ import annotations

from textual.screen import Screen

from vdcftui.consoles.attach import attach
from vdcftui.consoles.holds import ConsoleHeld
from vdcftui.consoles.routes import route_for
from vdcftui.errors import OperatorError
from vdcftui.screens.operations import refuse


def attach_console(screen: Screen, object_type: str, name: str, *,
                   take_over: bool = False) -> None:
    """Attach to the console of ``name`` (suspending the app while attached)."""
    app = screen.app
    try:
        route = route_for(object_type, name, app.credentials)
        with app.suspend():
            result = attach(route, operator=app.session, take_over=take_over,
                            escape=app.console_escape)
    except ConsoleHeld as exc:
        screen.notify(f"{exc} (C in the console)", title="console held", severity="warning",
                      timeout=10)
    except OperatorError as exc:
        refuse(screen, exc)
    else:
        ended = "you left" if result.reason == "escape" else "the console closed"
        screen.notify(f"back from {result.description} ({ended}); transcript in "
                      f"{result.transcript}")
