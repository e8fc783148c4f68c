"""`vdcftui patchset create|list|show` and `vdcftui patchtarget
create|list|show|install`: Solaris 10 patching (F-PAT)."""

from __future__ import annotations

import argparse
import asyncio
import json

from vdcftui.commands.common import (
    add_job_options,
    credentials_for,
    engine_pid_file,
    guarded,
    open_repo,
    print_records,
    repository_location,
    say,
    session_for,
)
from vdcftui.commands.job import print_step
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.jobs.engine_pid import running_engine
from vdcftui.ops.jobs.engine_process import ensure_engine
from vdcftui.ops.jobs.follow import follow
from vdcftui.ops.jobs.plan import render_plan
from vdcftui.ops.jobs.states import JobState
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.patch import sets
from vdcftui.ops.patch.install import (
    DEFAULT_DIRECTORY,
    NodePlan,
    plan_target,
    submit_target,
)
from vdcftui.ops.patch.listfile import parse_date, read_patch_list
from vdcftui.readmodel import patch_catalog
from vdcftui.remote.pool import SSHPool
from vdcftui.repo.lookup import node_named, patch_target_named

DEFAULT_CONCURRENCY = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `patchset` and `patchtarget` nouns."""
    _register_sets(subparsers)
    _register_targets(subparsers)


def _register_sets(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("patchset", help="Solaris 10 patch sets")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    create = verbs.add_parser(
        "create",
        help="a set from a reference node's showrev -p, a patch list file, or every "
        "patch known up to a baseline date (audited)",
    )
    create.add_argument("name", metavar="NAME")
    source = create.add_mutually_exclusive_group()
    source.add_argument("--from-node", metavar="NODE", help="the patches NODE has now")
    source.add_argument(
        "--list", metavar="FILE", help="one patch a line: ID [YYYY-MM-DD] [PROPERTY,...]"
    )
    create.add_argument(
        "--baseline", metavar="DATE", help="only patches released up to DATE (YYYY-MM-DD)"
    )
    create.set_defaults(func=run_set_create)
    lister = verbs.add_parser("list", help="list patch sets")
    lister.add_argument("--json", action="store_true", help="print JSON")
    lister.set_defaults(func=run_set_list)
    shower = verbs.add_parser("show", help="a set's patches: date, properties, how they go in")
    shower.add_argument("name", metavar="NAME")
    shower.add_argument("--json", action="store_true", help="print JSON")
    shower.set_defaults(func=run_set_show)


def _register_targets(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("patchtarget", help="Solaris 10 patch targets: nodes x a set")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    create = verbs.add_parser("create", help="a target: a set for Solaris 10 nodes (audited)")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--set", required=True, metavar="SET", dest="patch_set")
    create.add_argument("nodes", nargs="+", metavar="NODE")
    create.set_defaults(func=run_target_create)
    lister = verbs.add_parser("list", help="list patch targets and their nodes by status")
    lister.add_argument("--json", action="store_true", help="print JSON")
    lister.set_defaults(func=run_target_list)
    shower = verbs.add_parser("show", help="each node's and each patch's status")
    shower.add_argument("name", metavar="NAME")
    shower.add_argument("--json", action="store_true", help="print JSON (with patchadd output)")
    shower.add_argument("--output", action="store_true", help="print patchadd's output too")
    shower.set_defaults(func=run_target_show)
    install = verbs.add_parser(
        "install",
        help="add what each node misses, in parallel: live patches live, the others at "
        "run level S with one reboot (a job per node)",
    )
    install.add_argument("name", metavar="NAME")
    install.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"nodes patched at a time (default {DEFAULT_CONCURRENCY})",
    )
    install.add_argument(
        "--patch-dir",
        default=DEFAULT_DIRECTORY,
        metavar="DIR",
        help=f"where the nodes find the patches (default {DEFAULT_DIRECTORY})",
    )
    add_job_options(install)
    install.set_defaults(func=run_install)


def run_set_create(args: argparse.Namespace) -> int:
    """Create a patch set from a node, a list or a baseline."""
    open_repo(args)
    session = session_for(args)
    session.require_writable(f"create patch set {args.name}")
    baseline = parse_date(args.baseline, "baseline date") if args.baseline else None
    if args.list:
        made = guarded(sets.create_from_list)(
            session, args.name, read_patch_list(args.list), baseline
        )
    elif args.from_node:
        node_named(args.from_node)
        credentials = credentials_for(args)

        async def read() -> tuple[str, ...]:
            pool = SSHPool(connect_attempts=1)
            try:
                return await sets.read_node_patches(
                    args.from_node, pool, lambda h: target_for(h, credentials)
                )
            finally:
                await pool.close()

        found = asyncio.run(read())
        made = guarded(sets.create_from_node)(session, args.name, args.from_node, found, baseline)
    elif baseline is not None:
        made = guarded(sets.create_from_baseline)(session, args.name, baseline)
    else:
        raise UsageError("say where the patches come from: --from-node, --list or --baseline")
    left = f" ({made.undated} without a release date left out)" if made.undated else ""
    say(f"patch set {args.name}: created with {made.count} patches{left}")
    return 0


def run_set_list(args: argparse.Namespace) -> int:
    """List patch sets."""
    open_repo(args)
    records = patch_catalog.list_patch_sets()
    print_records(records, args.json, ("name", "baseline", "patches", "targets"))
    return 0


def run_set_show(args: argparse.Namespace) -> int:
    """Show a patch set."""
    open_repo(args)
    record = guarded(patch_catalog.show_patch_set)(args.name)
    if args.json:
        say(json.dumps(record, indent=2))
        return 0
    say(f"patch set {record['name']} (baseline {record['baseline'] or 'none'})")
    print_records(record["patches"], False, ("patch", "released", "properties", "installed"))
    return 0


def run_target_create(args: argparse.Namespace) -> int:
    """Create a patch target."""
    open_repo(args)
    target = guarded(sets.create_target)(session_for(args), args.name, args.patch_set, args.nodes)
    say(f"patch target {target.name}: set {args.patch_set}, {len(set(args.nodes))} nodes")
    return 0


def run_target_list(args: argparse.Namespace) -> int:
    """List patch targets."""
    open_repo(args)
    records = patch_catalog.list_patch_targets()
    print_records(records, args.json, ("name", "patch_set", "nodes", "applied", "failed", "other"))
    return 0


def run_target_show(args: argparse.Namespace) -> int:
    """Each node of a target and each patch's status on it."""
    open_repo(args)
    record = guarded(patch_catalog.show_patch_target)(args.name)
    if args.json:
        say(json.dumps(record, indent=2))
        return 0
    say(f"patch target {record['name']} (set {record['patch_set']})")
    for node in record["nodes"]:
        say(f"{node['node']}: {node['status']}")
        for patch in node["patches"]:
            how = " (run level S)" if patch["run_level_s"] else ""
            job = f"  job {patch['job']}" if patch["job"] else ""
            say(f"  {patch['patch']}  {patch['status']}{how}{job}")
            if args.output and patch["output"]:
                for line in patch["output"].splitlines():
                    say(f"      {line}")
    return 0


def run_install(args: argparse.Namespace) -> int:
    """Plan every node of the target; print the plans or submit a job per node and
    follow them to their end."""
    open_repo(args)
    patch_target_named(args.name)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"install patch target {args.name}")
    credentials = credentials_for(args)

    async def plan() -> list[NodePlan]:
        pool = SSHPool(connect_attempts=1)
        try:
            return await plan_target(
                args.name,
                args.patch_dir,
                args.concurrency,
                pool,
                lambda h: target_for(h, credentials),
            )
        finally:
            await pool.close()

    plans = guarded(lambda: asyncio.run(plan()))()
    refused = [p for p in plans if p.plan is None and p.note.startswith("refused")]
    for item in plans:
        if item.plan is None:
            say(f"{item.node}: {item.note}")
        elif args.dry_run:
            say(render_plan(item.plan))
    if args.dry_run:
        return 0
    jobs = submit_target(session, args.name, plans)
    if jobs:
        ensure_engine(repository_location(args))
    if args.no_wait:
        for job in jobs:
            say(job.id)
        return 0
    failed = _follow_all(args, [job.id for job in jobs])
    if failed or refused:
        raise OperatorError(
            f"patch target {args.name}: {len(failed)} node(s) failed, {len(refused)} refused; "
            f"`vdcftui patchtarget show {args.name} --output` says why"
        )
    return 0


def _follow_all(args: argparse.Namespace, job_ids: list[int]) -> list[str]:
    """Follow each node's job to its end, printing a line per node; the nodes whose
    job did not succeed."""
    pid_file = engine_pid_file(args)
    failed = []
    for job_id in job_ids:
        job = follow(
            job_id, lambda _step: None, engine_alive=lambda: bool(running_engine(pid_file))
        )
        state = JobState(job.state)
        say(f"{job.object_name}: job {job.id} {state.label}", flush=True)
        if state != JobState.SUCCEEDED:
            failed.append(job.object_name)
            for step in job.steps:
                if step.state in ("failed", "undo_failed"):
                    print_step(step)
    return failed
