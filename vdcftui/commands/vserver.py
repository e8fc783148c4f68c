"""`vdcftui vserver list|show|create|commit|boot|shutdown|halt|reboot|migrate|detach|
attach|modify|remove|depend`: vServers (zones)."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from vdcftui.commands.common import (
    add_job_options,
    add_list_show,
    credentials_for,
    guarded,
    open_repo,
    say,
    session_for,
)
from vdcftui.commands.definition import checked_definition
from vdcftui.commands.jobrun import run_as_job
from vdcftui.errors import UsageError
from vdcftui.ops.jobs.plan import render_plan
from vdcftui.ops.node.hosts import target_for
from vdcftui.ops.vserver.define import (
    DatasetSpec,
    FilesystemSpec,
    NetSpec,
    define_vserver,
    plan_commit,
    read_definition,
)
from vdcftui.ops.vserver.dependencies import add_dependency, set_priority
from vdcftui.ops.vserver.detach import force_detach, plan_attach, plan_detach
from vdcftui.ops.vserver.migrate import needs_update, plan_migration
from vdcftui.ops.vserver.modify import (
    pend_add_filesystem,
    plan_add_filesystem,
    plan_grow_filesystem,
    plan_remove_filesystem,
)
from vdcftui.ops.vserver.reconfig import (
    Builder,
    add_dataset,
    add_net,
    pend_reconfigure,
    plan_reconfigure,
    preview_pending,
    remove_dataset,
    remove_net,
    rename_filesystem,
)
from vdcftui.ops.vserver.remove import plan_remove
from vdcftui.ops.vserver.shares import check_units, plan_base_units
from vdcftui.ops.vserver.state import VERBS, plan_run_state
from vdcftui.readmodel import catalog
from vdcftui.remote.pool import SSHPool
from vdcftui.repo.lookup import usable_node, vserver_named
from vdcftui.solaris.names import (
    validate_link_name,
    validate_mountpoint,
    validate_zonename,
    validate_zpool_name,
)
from vdcftui.solaris.parsers import parse_size


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `vserver` noun."""
    verbs = add_list_show(
        subparsers,
        "vserver",
        "vServers (zones)",
        catalog.list_vservers,
        catalog.show_vserver,
        ("name", "node", "state", "brand", "ip_type", "datasets"),
        ("--node", "only the vServers on this node"),
    )
    for verb in VERBS:
        parser = verbs.add_parser(verb, help=f"{verb} a vServer (a job)")
        parser.add_argument("name")
        parser.add_argument(
            "--with-dependents",
            action="store_true",
            help="also boot its masters / stop its slaves, in order",
        )
        add_job_options(parser)
        parser.set_defaults(func=run_state_change, verb=verb)
    migrate = verbs.add_parser("migrate", help="move a vServer to another node (a job)")
    migrate.add_argument("name")
    migrate.add_argument("--to", required=True, dest="target", help="target node or GDom")
    migrate.add_argument(
        "--allow-upgrade",
        action="store_true",
        help="update the zone on attach when the target's build is newer",
    )
    add_job_options(migrate)
    migrate.set_defaults(func=run_migrate)
    create = verbs.add_parser("create", help="define a vServer (state DEFINED)")
    create.add_argument("name", nargs="?")
    create.add_argument("--file", type=Path, help="a TOML definition instead of options")
    create.add_argument("--node")
    create.add_argument("--brand", default="solaris")
    create.add_argument("--dataset", action="append", default=[], metavar="POOL:WWN[,WWN][:RAID]")
    create.add_argument("--fs", action="append", default=[], metavar="data:MOUNTPOINT[:QUOTA]")
    create.add_argument(
        "--net", action="append", default=[], metavar="TYPE:ADDRESS/PREFIX[,ROUTER]"
    )
    create.set_defaults(func=run_create)
    commit = verbs.add_parser("commit", help="create its storage, install and boot it (a job)")
    commit.add_argument("name")
    add_job_options(commit)
    commit.set_defaults(func=run_commit)
    detach = verbs.add_parser("detach", help="detach a vServer from its node (a job)")
    detach.add_argument("name")
    detach.add_argument(
        "--force",
        action="store_true",
        help="node is gone: change only the repository, refuse the old node",
    )
    add_job_options(detach)
    detach.set_defaults(func=run_detach)
    attach = verbs.add_parser("attach", help="attach a detached vServer to a node (a job)")
    attach.add_argument("name")
    attach.add_argument("--to", required=True, dest="target")
    attach.add_argument("--boot", action="store_true", help="boot it once attached")
    add_job_options(attach)
    attach.set_defaults(func=run_attach)
    modify = verbs.add_parser(
        "modify", help="change storage, networks or base units, live or at next boot"
    )
    modify.add_argument("name")
    change = modify.add_mutually_exclusive_group(required=True)
    change.add_argument("--add-fs", metavar="data:MOUNTPOINT[:QUOTA]")
    change.add_argument("--grow-fs", metavar="MOUNTPOINT:QUOTA", help="live, always")
    change.add_argument(
        "--remove-fs",
        metavar="MOUNTPOINT",
        help="destroy it and its data (asks for the vServer's name)",
    )
    change.add_argument("--rename-fs", metavar="OLD_MOUNTPOINT:NEW_MOUNTPOINT")
    change.add_argument(
        "--add-dataset",
        metavar="POOL:LUN[,LUN...][:RAID]",
        help="a new zpool on LUNs the node sees, delegated to the zone",
    )
    change.add_argument(
        "--remove-dataset", metavar="POOL", help="take it from the zone and export it (data kept)"
    )
    change.add_argument("--add-net", metavar="TYPE:ADDRESS/PREFIX[,ROUTER]")
    change.add_argument("--remove-net", metavar="LINKNAME")
    change.add_argument(
        "--base-units",
        type=float,
        metavar="N",
        help="its share of the node's base units, as FSS shares (a job: now and lasting)",
    )
    modify.add_argument(
        "--destroy",
        action="store_true",
        help="with --remove-dataset: destroy the pool and its data",
    )
    modify.add_argument(
        "--confirm", metavar="NAME", help="the vServer's name, for --remove-fs and --destroy"
    )
    modify.add_argument("--live", action="store_true", help="on the running zone, now (a job)")
    add_job_options(modify)
    modify.set_defaults(func=run_modify)
    remove = verbs.add_parser(
        "remove", help="halt, uninstall and delete a vServer; export its pools (a job)"
    )
    remove.add_argument("name")
    remove.add_argument(
        "--delete-datasets",
        action="store_true",
        help="destroy its pools and their data (asks for the vServer's name)",
    )
    remove.add_argument(
        "--confirm", metavar="NAME", help="the vServer's name: uninstalling destroys its zone root"
    )
    add_job_options(remove)
    remove.set_defaults(func=run_remove)
    depend = verbs.add_parser("depend", help="make a vServer depend on a master")
    depend.add_argument("slave")
    depend.add_argument("--on", required=True, dest="master")
    depend.set_defaults(func=run_depend)
    priority = verbs.add_parser(
        "priority", help="set a vServer's priority (0-99: higher moves and restarts first)"
    )
    priority.add_argument("name")
    priority.add_argument("priority", type=int, metavar="N")
    priority.set_defaults(func=run_priority)


def run_state_change(args: argparse.Namespace) -> int:
    """Plan a run-state change; print it (dry run) or run it as a job, step by step."""
    open_repo(args)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"{args.verb} vserver {args.name}")
    plan = guarded(plan_run_state)(args.name, args.verb, args.with_dependents)
    if args.dry_run:
        say(render_plan(plan))
        return 0
    return run_as_job(args, session, plan)


def run_migrate(args: argparse.Namespace) -> int:
    """Plan a migration (pre-checks over SSH); print it or run it as a job."""
    open_repo(args)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"migrate vserver {args.name}")
    credentials = credentials_for(args)

    async def plan():
        pool = SSHPool()
        try:
            return await plan_migration(
                args.name,
                args.target,
                pool,
                lambda host: target_for(host, credentials),
                args.allow_upgrade or args.dry_run,
            )
        finally:
            await pool.close()

    migration = guarded(lambda: asyncio.run(plan()))()
    say(render_plan(migration))
    if args.dry_run:
        if needs_update(migration) and not args.allow_upgrade:
            say("to run it, allow update on attach: --allow-upgrade")
        return 0
    return run_as_job(args, session, migration)


def run_create(args: argparse.Namespace) -> int:
    """Record a vServer definition, from options or from a TOML file."""
    if args.file:
        definition = checked_definition(guarded(read_definition)(args.file), args.file)
    elif args.name and args.node:
        definition = checked_definition(
            (args.name, args.node, args.dataset, args.fs, args.net, args.brand)
        )
    else:
        raise UsageError("give NAME and --node (with --dataset/--fs/--net), or --file")
    open_repo(args)
    usable_node(definition.node)
    vserver = guarded(define_vserver)(
        session_for(args),
        definition.name,
        definition.node,
        definition.datasets,
        definition.filesystems,
        definition.nets,
        definition.brand,
    )
    say(
        f"{vserver.name} defined on {definition.node}: "
        f"commit it with 'vdcftui vserver commit {vserver.name}'"
    )
    return 0


def run_commit(args: argparse.Namespace) -> int:
    """Commit a defined vServer: print the plan, run it as a job."""
    open_repo(args)
    session = session_for(args)
    if not args.dry_run:
        session.require_writable(f"commit vserver {args.name}")
    plan = guarded(plan_commit)(args.name)
    say(render_plan(plan))
    if args.dry_run:
        return 0
    return run_as_job(args, session, plan)


def run_detach(args: argparse.Namespace) -> int:
    """Detach a vServer (a job), or --force it in the repository only."""
    open_repo(args)
    session = session_for(args)
    if args.force:
        if args.dry_run:
            say(f"would mark {args.name} detached and its node refused as a boot target")
            return 0
        node = guarded(force_detach)(session, args.name)
        say(
            f"{args.name} detached in the repository; {node.name} is refused as a boot "
            f"target. Bring it up elsewhere: vdcftui vserver attach {args.name} --to NODE"
        )
        return 0
    return _plan_and_run(args, session, lambda: plan_detach(args.name), "detach")


def run_attach(args: argparse.Namespace) -> int:
    """Attach a detached vServer to a node."""
    open_repo(args)
    session = session_for(args)
    return _plan_and_run(
        args, session, lambda: plan_attach(args.name, args.target, args.boot), "attach"
    )


def _plan_and_run(args: argparse.Namespace, session, planner, verb: str) -> int:
    if not args.dry_run:
        session.require_writable(f"{verb} vserver {args.name}")
    plan = guarded(planner)()
    say(render_plan(plan))
    if args.dry_run:
        return 0
    return run_as_job(args, session, plan)


def _confirmed(args: argparse.Namespace, what: str) -> None:
    if not args.dry_run and args.confirm != args.name:
        raise UsageError(f"{what}: repeat the vServer's name with --confirm {args.name}")


def _builder(args: argparse.Namespace) -> Builder | None:
    """The reconfiguration asked for, its values checked before anything runs."""
    if args.destroy and not args.remove_dataset:
        raise UsageError("--destroy goes with --remove-dataset")
    if args.add_dataset:
        return add_dataset(guarded(DatasetSpec.parse)(args.add_dataset))
    if args.remove_dataset:
        pool = guarded(validate_zpool_name)(args.remove_dataset)
        if args.destroy:
            _confirmed(args, f"destroying {pool} destroys its data")
        return remove_dataset(pool, args.destroy)
    if args.rename_fs:
        old, _, new = args.rename_fs.partition(":")
        if not old or not new:
            raise UsageError(
                f"bad --rename-fs {args.rename_fs!r}: expected OLD_MOUNTPOINT:NEW_MOUNTPOINT"
            )
        return rename_filesystem(
            guarded(validate_mountpoint)(old), guarded(validate_mountpoint)(new)
        )
    if args.add_net:
        return add_net(guarded(NetSpec.parse)(args.add_net))
    if args.remove_net:
        return remove_net(guarded(validate_link_name)(args.remove_net))
    return None


def _reconfigure(args: argparse.Namespace, session, build: Builder) -> int:
    """A reconfiguration now (--live, a job) or at the next boot or reboot."""
    if args.live:
        return _plan_and_run(args, session, lambda: plan_reconfigure(args.name, build), "modify")
    if args.dry_run:
        change = guarded(preview_pending)(args.name, build)
        say(f"would {change.description} at the next boot or reboot of {args.name}:")
        say("\n".join(f"  [{s.host}] {s.command}" for s in change.before + change.after))
        return 0
    change = guarded(pend_reconfigure)(session, args.name, build)
    say(
        f"{change.description}: at the next boot or reboot of {args.name} "
        f"(see 'vdcftui vserver show {args.name}')"
    )
    return 0


def run_modify(args: argparse.Namespace) -> int:
    """Change a vServer's filesystems, datasets or networks: now (--live, a job) or
    recorded for its next boot or reboot."""
    build = _builder(args)
    # every value typed is checked before the vServer is looked up
    try:
        spec = guarded(FilesystemSpec.parse)(args.add_fs) if args.add_fs else None
    except UsageError as exc:
        raise UsageError(f"--add-fs: {exc}") from None
    if args.remove_fs:
        guarded(validate_mountpoint)(args.remove_fs)
    if args.grow_fs and args.grow_fs.rpartition(":")[0]:
        guarded(validate_mountpoint)(args.grow_fs.rpartition(":")[0])
    if args.base_units is not None:
        check_units(args.base_units, "--base-units")
    open_repo(args)
    session = session_for(args)
    if build is not None:
        return _reconfigure(args, session, build)
    if args.base_units is not None:
        return _plan_and_run(
            args, session, lambda: plan_base_units(args.name, args.base_units), "modify"
        )
    if args.grow_fs:
        mountpoint, _, size = args.grow_fs.rpartition(":")
        quota = parse_size(size)
        if not mountpoint or quota is None:
            raise UsageError(f"bad --grow-fs {args.grow_fs!r}: expected MOUNTPOINT:QUOTA")
        return _plan_and_run(
            args,
            session,
            lambda: plan_grow_filesystem(args.name, validate_mountpoint(mountpoint), quota),
            "modify",
        )
    if args.remove_fs:
        if not args.dry_run and args.confirm != args.name:
            raise UsageError(
                f"removing {args.remove_fs} destroys its data: repeat the "
                f"vServer's name with --confirm {args.name}"
            )
        return _plan_and_run(
            args,
            session,
            lambda: plan_remove_filesystem(args.name, validate_mountpoint(args.remove_fs)),
            "modify",
        )
    if spec is None:  # argparse requires one change; --add-fs is the one left
        raise UsageError("give one change: --add-fs, --grow-fs, --remove-fs, ...")
    if args.live:
        return _plan_and_run(args, session, lambda: plan_add_filesystem(args.name, spec), "modify")
    if args.dry_run:
        say(f"would add {spec.mountpoint} to {args.name} at its next boot or reboot")
        return 0
    guarded(pend_add_filesystem)(session, args.name, spec)
    say(
        f"{spec.mountpoint} will be added to {args.name} at its next boot or reboot "
        f"(see 'vdcftui vserver show {args.name}')"
    )
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a vServer (a job): its pools exported, or destroyed with --delete-datasets."""
    guarded(validate_zonename)(args.name)
    if args.delete_datasets:
        _confirmed(args, f"--delete-datasets destroys the pools of {args.name} and their data")
    _confirmed(args, f"removing {args.name} uninstalls it, which destroys its zone root")
    open_repo(args)
    session = session_for(args)
    return _plan_and_run(
        args, session, lambda: plan_remove(args.name, args.delete_datasets), "remove"
    )


def run_depend(args: argparse.Namespace) -> int:
    """Record that SLAVE depends on MASTER."""
    open_repo(args)
    vserver_named(args.slave)
    vserver_named(args.master)
    guarded(add_dependency)(session_for(args), args.slave, args.master)
    say(f"{args.slave} now depends on {args.master}")
    return 0


def run_priority(args: argparse.Namespace) -> int:
    """Set a vServer's priority."""
    open_repo(args)
    guarded(set_priority)(session_for(args), args.name, args.priority)
    say(f"{args.name}: priority {args.priority}")
    return 0
