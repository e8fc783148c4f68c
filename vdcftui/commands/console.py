"""`vdcftui console NAME`: attach this terminal to a node's, GDom's or vServer's console."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import credentials_for, guarded, open_repo, session_for
from vdcftui.consoles.attach import attach
from vdcftui.consoles.keys import DEFAULT_ESCAPE, parse_escape
from vdcftui.consoles.routes import OBJECT_TYPES, object_type_of, route_for
from vdcftui.errors import UsageError
from vdcftui.solaris.names import (
    InvalidName,
    validate_domainname,
    validate_hostname,
    validate_zonename,
)

VALIDATORS = {"node": validate_hostname, "gdom": validate_domainname, "vserver": validate_zonename}


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `console` command."""
    parser = subparsers.add_parser(
        "console",
        help="attach to the serial console of a node, GDom or vServer",
        description="Attach this terminal to a serial console (through the system "
        "controller, the terminal server, the CDom's vntsd or zlogin -C) until "
        "the escape key is pressed. Watching is allowed in a read-only session; "
        "--take-over is a change.",
    )
    parser.add_argument("name")
    parser.add_argument("--type", choices=OBJECT_TYPES, help="what NAME is (when ambiguous)")
    parser.add_argument(
        "--take-over",
        action="store_true",
        help="take the console from the operator holding it (audited)",
    )
    parser.add_argument(
        "--escape", default=DEFAULT_ESCAPE, help="the key that brings you back (default: ^])"
    )
    parser.set_defaults(func=handle)


def validate_name(name: str, object_type: str | None) -> None:
    """Refuse a name no Solaris object of that type (or of any type) could have."""
    kinds = [object_type] if object_type else list(OBJECT_TYPES)
    errors = []
    for kind in kinds:
        try:
            VALIDATORS[kind](name)
            return
        except InvalidName as exc:
            errors.append(str(exc))
    raise UsageError(errors[0])


def handle(args: argparse.Namespace) -> int:
    """Validate, resolve the route, attach; exit 0 when the operator comes back."""
    validate_name(args.name, args.type)
    parse_escape(args.escape)
    session = session_for(args)
    if args.take_over:
        session.require_writable(f"take over the console of {args.name}")
    open_repo(args)
    object_type = args.type or object_type_of(args.name)
    route = guarded(route_for)(object_type, args.name, credentials_for(args))
    attach(route, operator=session, take_over=args.take_over, escape=args.escape)
    return 0
