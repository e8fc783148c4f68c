"""`vdcftui` without a command: the full-screen console over the repository."""

from __future__ import annotations

import argparse

from vdcftui.commands.common import open_repo, repository_location, session_for
from vdcftui.errors import UsageError
from vdcftui.ops.jobs.engine_process import ensure_engine


def add_console_options(parser: argparse.ArgumentParser) -> None:
    """The options of the full-screen console (on the top-level parser)."""
    parser.add_argument(
        "--theme",
        default=None,
        help="vdcf-dark (default), vdcf-light, vdcf-noc, or a Textual theme",
    )
    parser.add_argument(
        "--view",
        default="vservers",
        help="the view to open first: pools, nodes, gdoms, vservers, ...",
    )


def known_themes() -> list[str]:
    """Every theme name the console accepts: ours first, then Textual's."""
    from textual.theme import BUILTIN_THEMES

    from themes import THEMES

    ours = [theme.name for theme in THEMES]
    return ours + sorted(name for name in BUILTIN_THEMES if name not in ours)


def checked_theme(name: str, origin: str = "--theme") -> str:
    """The theme name, or a one-line error naming the known themes."""
    known = known_themes()
    if name not in known:
        raise UsageError(f"unknown theme {name!r} ({origin}): known themes are {', '.join(known)}")
    return name


def chosen_theme(args: argparse.Namespace) -> str:
    """--theme, else the settings file's theme; checked."""
    from vdcftui.settings import load_settings, settings_path

    if args.theme:
        return checked_theme(args.theme)
    return checked_theme(load_settings().theme, f"theme in {settings_path()}")


def run_console(args: argparse.Namespace, site: str = "") -> int:
    """Open the console; start the engine in the background unless read-only."""
    from screens.keymap import check_keymap
    from screens.views import VIEWS, find_view
    from vdcftui.app import VdcfApp
    from vdcftui.settings import load_settings, settings_path

    theme = chosen_theme(args)
    settings = load_settings()
    check_keymap(settings.keymap, str(settings_path()))
    if find_view(args.view) is None:
        raise UsageError(f"no view {args.view!r}: one of " + ", ".join(view.name for view in VIEWS))
    open_repo(args)
    session = session_for(args)
    location = repository_location(args)
    if not session.readonly:
        ensure_engine(location)
    app = VdcfApp(
        site=site,
        session=session,
        theme=theme,
        start_view=args.view,
        repo_location=location,
        console_escape=settings.console_escape,
        keymap=settings.keymap,
    )
    app.run()
    return 0
