"""`vdcftui build list|show|create|remove`: versioned software sets (F-BLD)."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import add_list_show, open_repo, say, session_for
from vdcftui.ops.build.define import OS_VERSIONS, BuildSpec, create_build, remove_build
from vdcftui.readmodel import builds


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `build` noun."""
    verbs = add_list_show(
        subparsers,
        "build",
        "builds: Solaris 11 publisher and SRU or archive, Solaris 10 flash archive",
        builds.list_builds,
        builds.show_build,
        ("name", "os", "kind", "level", "nodes", "vservers"),
    )
    create = verbs.add_parser("create", help="define a build (audited)")
    create.add_argument("name", metavar="BUILD")
    create.add_argument("--os", required=True, choices=OS_VERSIONS, help="the Solaris release")
    create.add_argument("--sru", help="Solaris 11: the SRU it installs (11.4.42.111.0)")
    create.add_argument("--publisher", help="Solaris 11: the IPS repository (origin URL)")
    create.add_argument("--archive", help="a unified (11) or flash (10) archive's location")
    create.add_argument("--patch-level", help="Solaris 10: its kernel patch (150400-59)")
    create.add_argument("--description", help="one line on what the build is for")
    create.set_defaults(func=run_create)
    remove = verbs.add_parser("remove", help="remove a build no node runs (audited)")
    remove.add_argument("name", metavar="BUILD")
    remove.set_defaults(func=run_remove)


def run_create(args: argparse.Namespace) -> int:
    """Create a build."""
    open_repo(args)
    spec = BuildSpec(
        name=args.name,
        os_version=args.os,
        sru=args.sru,
        patch_level=args.patch_level,
        publisher=args.publisher,
        archive=args.archive,
        description=args.description,
    )
    build = create_build(session_for(args), spec)
    say(f"build {build.name}: created (Solaris {build.os_version} {build.kind} {build.os_update})")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Remove a build."""
    open_repo(args)
    remove_build(session_for(args), args.name)
    say(f"build {args.name}: removed")
    return 0
