"""`c` on a node, GDom or vServer: hand the terminal to its live serial console and come
back to the same view when the operator presses the escape key (`C` takes a console
another operator holds, on purpose: audited, refused in a read-only session)."""

from __future__ import annotations

from textual.app import SuspendNotSupported
from textual.screen import Screen

from screens.console import console_app
from screens.notices import say
from screens.operations import refuse
from vdcftui.consoles.attach import attach
from vdcftui.consoles.holds import ConsoleHeld, current_holder, describe
from vdcftui.consoles.routes import route_for
from vdcftui.errors import OperatorError


def attach_console(screen: Screen, object_type: str, name: str, *, take_over: bool = False) -> None:
    """Attach to the console of ``name`` (suspending the app while attached)."""
    app = console_app(screen)
    try:
        route = route_for(object_type, name, app.credentials)
        holder = current_holder(object_type, name)
        if holder is not None and not take_over:
            # said before the screen is handed over, so the operator stays in the view
            raise ConsoleHeld(f"the console of {object_type} {name} is held by {describe(holder)}")
        if take_over:
            app.session.require_writable(f"take over the console of {object_type} {name}")
        with app.suspend():
            result = attach(
                route, operator=app.session, take_over=take_over, escape=app.console_escape
            )
    except ConsoleHeld as exc:
        say(
            screen,
            f"{exc} (C in the console)",
            title="console held",
            severity="warning",
            timeout=10,
        )
    except OperatorError as exc:
        refuse(screen, exc)
    except SuspendNotSupported:
        refuse(
            screen,
            OperatorError(
                "this display cannot hand its terminal to a console "
                "(a browser or a test): use `vdcftui console " + name + "` in a terminal"
            ),
        )
    else:
        ended = "you left" if result.reason == "escape" else "the console closed"
        say(screen, f"back from {result.description} ({ended}); transcript in {result.transcript}")
