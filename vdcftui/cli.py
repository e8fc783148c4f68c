"""The command line: `vdcftui` alone opens the console; `vdcftui NOUN VERB ...` scripts.

Each noun lives in its own module under :mod:`vdcftui.commands` and registers its
sub-parser; every handler returns an exit status. Errors the operator can act on are
printed as one line on stderr with a non-zero exit, never as a traceback, and whatever
the CLI prints has its control characters escaped.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from peewee import PeeweeException as PeeweeError

from vdcftui.commands.tui import add_console_options, run_console
from vdcftui.display import printable
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.session import Session
from vdcftui.repo.errors import explained
from vdcftui.solaris.names import InvalidName

COMMAND_MODULES = (
    "init",
    "lab",
    "parse",
    "node",
    "model",
    "pool",
    "gdom",
    "vserver",
    "dataset",
    "job",
    "engine",
    "metrics",
    "console",
    "demo",
    "noc",
    "ha",
    "alert",
    "build",
    "upgrade",
    "patch",
    "config",
)

NOUN_MODULES = {
    **{name: name for name in COMMAND_MODULES if name != "patch"},
    "audit": "job",
    "patchset": "patch",
    "patchtarget": "patch",
}
"""The module that registers each noun: a command imports only its own noun's module
(the others pull in SSH, the engine and the console), so that it answers at once;
help, the console and a mistyped noun import them all."""


def _global_parser() -> argparse.ArgumentParser:
    """The parser of the options that come before the noun."""
    parser = argparse.ArgumentParser(
        prog="vdcftui", description="Operations console for Solaris virtual datacenters"
    )
    parser.add_argument("--repo", help="repository file or database URL (default: $VDCFTUI_REPO)")
    parser.add_argument("--readonly", action="store_true", help="refuse every change")
    add_console_options(parser)
    return parser


def _noun(argv: list[str]) -> str | None:
    """The noun a command line names: its first word that is neither a global option
    nor the value of one; None for help and the console."""
    valued = {
        flag
        for action in _global_parser()._actions
        if action.nargs != 0
        for flag in action.option_strings
    }
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in valued:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def build_parser(noun: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with the sub-commands of ``noun``'s module, or with every
    registered sub-command when ``noun`` is None or unknown."""
    parser = _global_parser()
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    module = NOUN_MODULES.get(noun or "")
    for name in (module,) if module else COMMAND_MODULES:
        importlib.import_module(f"vdcftui.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `vdcftui` console script."""
    words = sys.argv[1:] if argv is None else argv
    args = build_parser(_noun(words)).parse_args(words)
    func = getattr(args, "func", None) or run_console
    try:
        Session.current()  # a read-only setting it cannot read stops every command
        return int(func(args) or 0)
    except OperatorError as exc:
        # the message may carry what a host reported or an operator typed: escaped
        print(f"vdcftui: {printable(exc)}", file=sys.stderr)
        return exc.exit_status
    except PeeweeError as exc:  # locked, read-only, full, damaged: one line, no traceback
        message = explained(exc)
        print(f"vdcftui: {printable(message)}", file=sys.stderr)
        return message.exit_status
    except InvalidName as exc:  # a value refused below the commands' own checks
        print(f"vdcftui: {printable(exc)}", file=sys.stderr)
        return UsageError.exit_status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`vdcftui ... | head`): nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
