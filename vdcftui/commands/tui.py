"""`vdcftui` without a command: the full-screen console over the repository."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import open_repo, repository_location, session_for
from vdcftui.ops.engine_process import ensure_engine


def add_console_options(parser: argparse.ArgumentParser) -> None:
    """The options of the full-screen console (on the top-level parser)."""
    parser.add_argument("--theme", default=None,
                        help="vdcf-dark (default), vdcf-light, vdcf-noc, or a Textual theme")
    parser.add_argument("--view", default="vservers",
                        help="the view to open first: pools, nodes, gdoms, vservers, ...")


def run_console(args: argparse.Namespace, site: str = "") -> int:
    """Open the console; start the engine in the background unless read-only."""
    from vdcftui.app import VdcfApp
    from vdcftui.settings import load_settings

    open_repo(args)
    session = session_for(args)
    location = repository_location(args)
    if not session.readonly:
        ensure_engine(location)
    settings = load_settings()
    app = VdcfApp(site=site, session=session, theme=args.theme or settings.theme,
                  start_view=args.view, repo_location=location)
    app.run()
    return 0
