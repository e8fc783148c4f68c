"""`vdcftui node add|remove|set`: registering real nodes with their controllers and
console ports."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys
from pathlib import Path

from vdcftui.commands.common import credentials_for, open_repo, say, session_for
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.node.register import (
    ControllerSpec,
    KeySeen,
    NodeRegistration,
    register_node,
    remove_node,
    set_node_pool,
)
from vdcftui.ops.vserver.shares import check_units, set_node_rating
from vdcftui.textfile import read_text

SC_PASSWORD_ENV = "VDCFTUI_SC_PASSWORD"


def register_registration(verbs: argparse._SubParsersAction) -> None:
    """Add the registration verbs to the `node` noun."""
    add = verbs.add_parser(
        "add", help="register a node (and its controller): shows host keys, pins them on --accept"
    )
    add.add_argument("name", metavar="NODE")
    add.add_argument("--address", required=True, help="host name or address of the node")
    add.add_argument("--port", default="22", help="its SSH port (default 22)")
    add.add_argument("--pool", help="compute pool to put it in")
    add.add_argument("--sc", metavar="TYPE:HOST[:PORT]", help="system controller (ilom|xscf|alom)")
    add.add_argument("--sc-user", default="root", help="controller login (default root)")
    add.add_argument("--sc-domain", type=int, help="XSCF domain or PPAR id of the node")
    add.add_argument(
        "--sc-password-file",
        type=Path,
        help=f"file holding the controller password (else ${SC_PASSWORD_ENV}, else prompted)",
    )
    add.add_argument("--console", metavar="TERMSERVER:PORT", help="terminal-server port")
    add.add_argument("--accept", metavar="FINGERPRINT", help="the node's key fingerprint, checked")
    add.add_argument(
        "--uninstalled",
        action="store_true",
        help="nothing runs on it yet (vdcftui node install): no host key is read; "
        "needs --model and --sc",
    )
    add.add_argument("--model", help='its server model, as prtdiag names it ("SPARC T7-1")')
    add.add_argument("--sc-accept", metavar="FINGERPRINT", help="the controller's, checked")
    add.set_defaults(func=run_add)
    remove = verbs.add_parser("remove", help="forget a node that carries nothing (audited)")
    remove.add_argument("name", metavar="NODE")
    remove.set_defaults(func=run_remove)
    change = verbs.add_parser(
        "set", help="change a node's compute pool or its rating in base units (audited)"
    )
    change.add_argument("name", metavar="NODE")
    where = change.add_mutually_exclusive_group()
    where.add_argument("--pool", help="compute pool to put it in")
    where.add_argument("--no-pool", action="store_true", help="take it out of its pool")
    change.add_argument(
        "--base-units", type=float, metavar="N", help="its performance, in base units (F-RES)"
    )
    change.set_defaults(func=run_set)


def _sc_password(args: argparse.Namespace) -> str | None:
    if not args.sc:
        return None
    if args.sc_password_file:
        return read_text(args.sc_password_file, "controller password file").strip()
    if os.environ.get(SC_PASSWORD_ENV):
        return os.environ[SC_PASSWORD_ENV]
    if sys.stdin.isatty():
        return getpass.getpass(f"password of {args.sc_user} on {args.sc}: ")
    raise UsageError(
        f"the controller password is needed: --sc-password-file FILE or ${SC_PASSWORD_ENV}"
    )


def _console(text: str | None) -> tuple[str, int] | None:
    if text is None:
        return None
    server, _, port = text.rpartition(":")
    if not server or not port.isdigit():
        raise UsageError(f"--console is TERMSERVER:PORT, not {text!r}")
    return server, int(port)


def run_add(args: argparse.Namespace) -> int:
    """Register a node; without --accept, show the fingerprints to check and stop."""
    open_repo(args)
    port_text = args.port
    if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
        raise UsageError(f"--port must be a TCP port from 1 to 65535, not {port_text!r}")
    controller = ControllerSpec.parse(args.sc, args.sc_user, args.sc_domain) if args.sc else None
    wanted = NodeRegistration(
        args.name,
        args.address,
        int(port_text),
        args.pool,
        controller,
        _console(args.console),
        args.model,
        args.uninstalled,
    )
    credentials = credentials_for(args)
    if credentials is None:
        raise OperatorError("controller passwords need a credentials file beside the repository")
    node_key, sc_key, done = asyncio.run(
        register_node(
            session_for(args),
            wanted,
            args.accept,
            args.sc_accept,
            _sc_password(args),
            credentials,
        )
    )
    for seen in (node_key, sc_key):
        if seen is not None:
            _show_key(seen)
    if not done:
        accepts = f"--accept {node_key.fingerprint}" if node_key is not None else ""
        if sc_key is not None:
            accepts += f" --sc-accept {sc_key.fingerprint}"
        say("nothing registered: check the fingerprints on the consoles, then run again with")
        say(f"  {accepts}")
        return 1
    if args.uninstalled:
        say(
            f"{args.name}: registered, uninstalled; install it with: "
            f"vdcftui node install {args.name} --build BUILD"
        )
        return 0
    say(f"{args.name}: registered; read it with: vdcftui node discover {args.name}")
    return 0


def _show_key(seen: KeySeen) -> None:
    say(f"{seen.host}: presents {seen.line.split()[0]} {seen.fingerprint}")


def run_remove(args: argparse.Namespace) -> int:
    """Forget a node."""
    open_repo(args)
    remove_node(session_for(args), args.name)
    say(f"{args.name}: removed")
    return 0


def run_set(args: argparse.Namespace) -> int:
    """Change a node's pool or its rating."""
    if not (args.pool or args.no_pool or args.base_units is not None):
        raise UsageError("give a change: --pool POOL, --no-pool or --base-units N")
    if args.base_units is not None:
        check_units(args.base_units, "--base-units")
    open_repo(args)
    session = session_for(args)
    if args.pool or args.no_pool:
        set_node_pool(session, args.name, None if args.no_pool else args.pool)
        say(f"{args.name}: pool {'none' if args.no_pool else args.pool}")
    if args.base_units is not None:
        set_node_rating(session, args.name, args.base_units)
        say(f"{args.name}: rated {args.base_units:g} base units")
    return 0
