"""`vdcftui alert list [--all] [--json]` and `vdcftui alert ack ID [--note TEXT]`: the
alerts the engine raised, and an operator taking one on (audited)."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import guarded, open_repo, print_records, say, session_for
from vdcftui.ops.alerts.store import acknowledge
from vdcftui.readmodel.alert_log import alert_records

LIST_COLUMNS = ("id", "state", "severity", "object", "message", "raised", "acked_by")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `alert` noun."""
    parser = subparsers.add_parser("alert", help="alerts: thresholds, services, faults, HA")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="open alerts, critical first")
    listing.add_argument("--all", action="store_true", help="the latest cleared ones too")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)
    ack = verbs.add_parser("ack", help="acknowledge an alert (audited)")
    ack.add_argument("id", metavar="ID", type=int)
    ack.add_argument("--note", default="", help="what is being done about it")
    ack.set_defaults(func=run_ack)


def run_list(args: argparse.Namespace) -> int:
    """Print the alerts."""
    open_repo(args)
    print_records(alert_records(args.all), args.json, LIST_COLUMNS)
    return 0


def run_ack(args: argparse.Namespace) -> int:
    """Acknowledge one alert."""
    open_repo(args)
    alert = guarded(acknowledge)(session_for(args), args.id, args.note)
    say(f"alert {alert.id} acknowledged by {alert.acked_by}: {alert.message}")
    return 0
