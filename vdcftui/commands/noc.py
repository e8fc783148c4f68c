"""`vdcftui noc`: the read-only NOC wall display, in this terminal or (--web PORT)
served to browsers with textual-serve, each browser session running its own display."""

from __future__ import annotations

import argparse
import shlex
import socket
import sys
from pathlib import Path

from vdcftui.commands.common import open_repo, repository_location
from vdcftui.commands.tui import checked_theme
from vdcftui.errors import UsageError

DEFAULT_ADDRESS = "127.0.0.1"
WEB_TITLE = "vdcftui NOC"
ANY_ADDRESS = ("0.0.0.0", "::", "")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `noc` command."""
    parser = subparsers.add_parser(
        "noc",
        help="read-only NOC wall display: pool health, nodes down, vServers, jobs, "
        "alerts, cycling; --web PORT serves it to browsers",
    )
    parser.add_argument(
        "--theme",
        default=argparse.SUPPRESS,
        help="vdcf-noc (default), vdcf-dark, vdcf-light or a Textual theme",
    )
    parser.add_argument(
        "--cycle",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="seconds each dashboard shows (default 15; 0 stays on one)",
    )
    parser.add_argument(
        "--dashboard",
        default="pools",
        help="the dashboard to show first: pools, nodes, vservers, jobs, alerts, graphs",
    )
    parser.add_argument(
        "--web",
        type=int,
        metavar="PORT",
        help="serve the display to browsers on this port (textual-serve)",
    )
    parser.add_argument(
        "--address",
        default=None,
        help=f"address to serve on with --web (default {DEFAULT_ADDRESS})",
    )
    parser.set_defaults(func=run_noc)


def run_noc(args: argparse.Namespace) -> int:
    """Run the NOC display here, or serve it to browsers."""
    from screens.noc.wall import DASHBOARD_NAMES
    from themes import NOC_THEME

    theme = checked_theme(args.theme) if getattr(args, "theme", None) else NOC_THEME
    if args.dashboard not in DASHBOARD_NAMES:
        raise UsageError(
            f"no dashboard {args.dashboard!r}: known dashboards are {', '.join(DASHBOARD_NAMES)}"
        )
    if args.cycle < 0:
        raise UsageError(f"--cycle {args.cycle:g}: give 0 or more seconds")
    if args.address is not None and args.web is None:
        raise UsageError("--address goes with --web PORT")
    open_repo(args)
    if args.web is not None:
        return serve_web(args, theme)
    from vdcftui.noc_app import NocApp

    NocApp(theme=theme, cycle=args.cycle, start=args.dashboard).run()
    return 0


def display_command(args: argparse.Namespace, theme: str) -> str:
    """The shell command textual-serve runs for each browser session: this vdcftui, on
    the same repository, as a NOC display."""
    location = repository_location(args)
    if "://" not in location:
        location = str(Path(location).expanduser().resolve())
    return shlex.join(
        [
            sys.executable,
            "-m",
            "vdcftui",
            "--repo",
            location,
            "noc",
            "--theme",
            theme,
            "--cycle",
            f"{args.cycle:g}",
            "--dashboard",
            args.dashboard,
        ]
    )


def public_url(address: str, port: int) -> str:
    """The URL browsers use (the page's websocket points there): the host's name when
    serving on every address, since 0.0.0.0 is no address to browse to."""
    host = socket.getfqdn() if address in ANY_ADDRESS else address
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve_web(args: argparse.Namespace, theme: str) -> int:
    """Serve the display until interrupted (SIGINT or SIGTERM)."""
    from textual_serve.server import Server

    if not 0 < args.web < 65536:
        raise UsageError(f"--web {args.web}: give a port between 1 and 65535")
    address = args.address if args.address is not None else DEFAULT_ADDRESS
    server = Server(
        display_command(args, theme),
        host=address,
        port=args.web,
        title=WEB_TITLE,
        public_url=public_url(address, args.web),
    )
    server.serve()
    return 0
