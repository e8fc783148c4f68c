"""`vdcftui parse "COMMAND" [FILE]`: parse captured Solaris output and print it as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from vdcftui.commands.common import say
from vdcftui.errors import UsageError
from vdcftui.solaris.registry import known_commands, parse_output


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``parse`` sub-command."""
    parser = subparsers.add_parser(
        "parse",
        help="parse captured command output into JSON",
        description="Parse the output of a Solaris command (from FILE or stdin) and print "
        "the records as JSON. Known: " + "; ".join(known_commands()),
    )
    parser.add_argument(
        "command_line",
        metavar="COMMAND",
        help='the command that produced the output, e.g. "zoneadm list -cp"',
    )
    parser.add_argument(
        "file", metavar="FILE", nargs="?", help="file holding the output (default: stdin)"
    )
    parser.set_defaults(func=handle)


def _read(path: str | None) -> str:
    if path is None or path == "-":
        return sys.stdin.read()
    try:
        with open(path, encoding="utf-8", errors="replace", newline="") as fh:
            return fh.read()
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None


def handle(args: argparse.Namespace) -> int:
    """Parse and print; parse errors and unknown commands become a one-line UsageError."""
    text = _read(args.file)
    try:
        records = parse_output(args.command_line, text)
    except ValueError as exc:
        raise UsageError(str(exc).replace("\n", " ")) from None
    say(json.dumps([r.to_dict() for r in records], indent=2))
    return 0
