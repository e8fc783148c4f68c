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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered sub-command."""
    parser = argparse.ArgumentParser(
        prog="vdcftui", description="Operations console for Solaris virtual datacenters"
    )
    parser.add_argument("--repo", help="repository file or database URL (default: $VDCFTUI_REPO)")
    parser.add_argument("--readonly", action="store_true", help="refuse every change")
    add_console_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"vdcftui.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `vdcftui` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
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
