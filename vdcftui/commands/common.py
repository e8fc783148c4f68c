"""What the CLI's sub-commands share: opening the repository, printing records."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from vdcftui.display import printable, printable_lines
from vdcftui.errors import UsageError
from vdcftui.ops.jobs.engine_process import engine_pid_file as pid_file_of
from vdcftui.ops.session import Session
from vdcftui.repo.credentials import CredentialStore, default_credentials_path
from vdcftui.repo.database import default_repository_path, open_repository
from vdcftui.solaris.names import InvalidName


def repository_location(args: argparse.Namespace) -> str:
    """The repository the command works on: --repo, $VDCFTUI_REPO or the default file;
    a file's path resolved once (through symlinks), so every process names it alike."""
    location = (
        getattr(args, "repo", None)
        or os.environ.get("VDCFTUI_REPO")
        or str(default_repository_path())
    )
    if "://" in location:
        return location
    return str(Path(location.removeprefix("sqlite:///")).expanduser().resolve())


def open_repo(args: argparse.Namespace, create: bool = False) -> None:
    """Open (upgrading) the repository for this command; only with ``create`` (discovery,
    `init`, the demo) is a missing one created, its directory owner-only."""
    location = repository_location(args)
    if create and "://" not in location:
        Path(location).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    open_repository(location, create=create)


def say(*parts: object, file: Any = None, flush: bool = False) -> None:
    """``print`` for everything the CLI shows: values from hosts and operators with their
    control characters escaped (line breaks kept), so the terminal shows them, never
    obeys them."""
    print(printable_lines(" ".join(str(p) for p in parts)), file=file, flush=flush)


def guarded(lookup: Callable[..., Any]) -> Callable[..., Any]:
    """Turn an invalid name into a one-line usage error."""

    def call(*args: Any) -> Any:
        try:
            return lookup(*args)
        except InvalidName as exc:
            raise UsageError(str(exc)) from None

    return call


def print_records(
    records: Sequence[dict[str, Any]] | dict[str, Any], as_json: bool, columns: Sequence[str]
) -> None:
    """Print records as JSON, or as an aligned table of the given columns."""
    if as_json:
        json.dump(records, sys.stdout, indent=2, default=str)
        sys.stdout.write("\n")
        return
    if isinstance(records, dict):
        width = max(len(k) for k in records)
        for key, value in records.items():
            if isinstance(value, list):
                value = (
                    ", ".join(
                        v if isinstance(v, str) else json.dumps(v, default=str) for v in value
                    )
                    or "-"
                )
            print(f"{key:<{width}}  {printable(value)}")
        return
    rows = [[_cell(r.get(c)) for c in columns] for r in records]
    widths = [max([len(c)] + [len(row[i]) for row in rows]) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for row in rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return printable(",".join(str(v) for v in value) or "-")
    return printable(value)


def add_list_show(
    subparsers: argparse._SubParsersAction,
    noun: str,
    help_text: str,
    list_fn: Callable[..., list[dict[str, Any]]],
    show_fn: Callable[[str], dict[str, Any]],
    columns: Sequence[str],
    list_filter: tuple[str, str] | None = None,
) -> argparse._SubParsersAction:
    """Add `NOUN list [--json]` and `NOUN show NAME [--json]`; returns the verb parsers."""
    parser = subparsers.add_parser(noun, help=help_text)
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    lister = verbs.add_parser("list", help=f"list {noun}s")
    lister.add_argument("--json", action="store_true", help="print JSON")
    if list_filter:
        lister.add_argument(list_filter[0], help=list_filter[1])

    def run_list(args: argparse.Namespace) -> int:
        open_repo(args)
        extra = getattr(args, list_filter[0].lstrip("-").replace("-", "_")) if list_filter else None
        records = guarded(list_fn)(extra) if list_filter else list_fn()
        print_records(records, args.json, columns)
        return 0

    lister.set_defaults(func=run_list)
    shower = verbs.add_parser("show", help=f"show one {noun}")
    shower.add_argument("name")
    shower.add_argument("--json", action="store_true", help="print JSON")

    def run_show(args: argparse.Namespace) -> int:
        open_repo(args)
        print_records(guarded(show_fn)(args.name), args.json, columns)
        return 0

    shower.set_defaults(func=run_show)
    return verbs


def credentials_for(args: argparse.Namespace) -> CredentialStore | None:
    """The credentials file beside a repository file (None for a database URL)."""
    location = repository_location(args)
    if "://" in location:
        return None
    return CredentialStore(default_credentials_path(location))


def session_for(args: argparse.Namespace) -> Session:
    """The operator's session, read-only with --readonly or VDCFTUI_READONLY=1."""
    return Session.current(readonly=bool(getattr(args, "readonly", False)))


def engine_pid_file(args: argparse.Namespace) -> Path:
    """Where the engine of this repository records itself."""
    return pid_file_of(repository_location(args))


def add_job_options(parser: argparse.ArgumentParser) -> None:
    """--dry-run and --no-wait, the options of every verb that runs as a job."""
    parser.add_argument("--dry-run", action="store_true", help="print the plan only")
    parser.add_argument("--no-wait", action="store_true", help="print the job id and return")
