"""`vdcftui ha enable|disable POOL|VSERVER` and `vdcftui ha status [--json]`: automated
failover (F-HAF) and the health of nodes as the engine sees it (F-MHA)."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import (
    open_repo,
    print_records,
    repository_location,
    say,
    session_for,
)
from vdcftui.ops.ha.optin import set_ha
from vdcftui.readmodel.ha import ha_status
from vdcftui.repo.credentials import CredentialStore, default_credentials_path

STATUS_COLUMNS = ("pool", "node", "state", "last_keepalive", "reason")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `ha` noun."""
    parser = subparsers.add_parser("ha", help="automated failover and node health")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for verb, text in (("enable", "fail over"), ("disable", "stop failing over")):
        sub = verbs.add_parser(verb, help=f"{text} a pool's nodes or one vServer (audited)")
        sub.add_argument("name", metavar="POOL|VSERVER")
        sub.set_defaults(func=run_enable if verb == "enable" else run_disable)
    status = verbs.add_parser("status", help="per node: up, suspect, failed, fenced")
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(func=run_status)


def _set(args: argparse.Namespace, on: bool) -> int:
    open_repo(args)
    store = CredentialStore(default_credentials_path(repository_location(args)))
    changed = set_ha(session_for(args), args.name, on, store)
    say(f"{changed}: failover {'enabled' if on else 'disabled'}")
    return 0


def run_enable(args: argparse.Namespace) -> int:
    """Opt a pool or a vServer in."""
    return _set(args, True)


def run_disable(args: argparse.Namespace) -> int:
    """Opt a pool or a vServer out."""
    return _set(args, False)


def run_status(args: argparse.Namespace) -> int:
    """Show the health of every node of the HA pools."""
    open_repo(args)
    print_records(ha_status(), args.json, STATUS_COLUMNS)
    return 0
