"""`vdcftui node evacuate NODE --dry-run` and `vdcftui pool survive POOL`: where a
node's workload would go on the rest of its compute pool, and whether every node of a
pool could lose its own (N+1), explained from the repository alone."""

from __future__ import annotations

import argparse
import json
import sys

from vdcftui.commands.common import open_repo, print_records, say
from vdcftui.errors import UsageError
from vdcftui.ops.placement.explain import (
    DECISION_COLUMNS,
    SURVIVAL_COLUMNS,
    decision_rows,
    placement_record,
    placement_summary,
    survival_rows,
)
from vdcftui.ops.placement.place import plan_evacuation, pool_survival

EXIT_NOTE = "Exit status 0 when every workload has a target, 1 when some have none."


def add_evacuate(verbs: argparse._SubParsersAction) -> None:
    """Add `node evacuate`."""
    parser = verbs.add_parser(
        "evacuate",
        help="where each vServer (and GDom of a CDom) of a node would go in its pool",
        epilog=EXIT_NOTE,
    )
    parser.add_argument("name", metavar="NODE")
    parser.add_argument(
        "--dry-run", action="store_true", help="explain the placement; nothing is moved"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_evacuate)


def run_evacuate(args: argparse.Namespace) -> int:
    """Print the explained placement of a node's workload."""
    if not args.dry_run:
        raise UsageError(
            "node evacuate only explains where the workloads would go for now: "
            "give --dry-run (no job moves them yet)"
        )
    open_repo(args)
    placement = plan_evacuation(args.name)
    if args.json:
        json.dump(placement_record(placement), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print_records(decision_rows(placement), False, DECISION_COLUMNS)
        say(placement_summary(placement))
    return 0 if placement.complete else 1


def add_survive(verbs: argparse._SubParsersAction) -> None:
    """Add `pool survive`."""
    parser = verbs.add_parser(
        "survive",
        help="for each node of a pool: could its workload be placed on the others now",
        epilog="Exit status 0 when every node's workload could be placed, 1 otherwise.",
    )
    parser.add_argument("name", metavar="POOL")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_survive)


def run_survive(args: argparse.Namespace) -> int:
    """Print one row per node of the pool: placeable or not, and why."""
    open_repo(args)
    rows = pool_survival(args.name)
    print_records(survival_rows(rows, args.json), args.json, SURVIVAL_COLUMNS)
    return 0 if all(row.placeable for row in rows) else 1
