"""`vdcftui init`: create an empty repository where --repo (or the default) points."""

from __future__ import annotations

import argparse
from pathlib import Path

from vdcftui.commands.common import open_repo, repository_location, say
from vdcftui.display import counted
from vdcftui.repo import models as m


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `init` command."""
    parser = subparsers.add_parser(
        "init", help="create an empty repository (discovery also creates one)"
    )
    parser.set_defaults(func=run_init)


def run_init(args: argparse.Namespace) -> int:
    """Create the repository, or say that it already exists; both exit 0."""
    location = repository_location(args)
    existed = "://" in location or Path(location).exists()
    open_repo(args, create=True)
    version = m.SchemaVersion.select().first().version
    nodes = m.Node.select().count()
    if existed:
        say(f"repository {location} exists (schema version {version}, {counted(nodes, 'node')})")
    else:
        say(f"created repository {location} (schema version {version})")
    return 0
