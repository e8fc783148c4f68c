"""Steps that replace a whole file on a node with the file writer: checked by the
file's digest, undone by writing back what the node had (read before the plan) or by
removing a file that was not there."""

from __future__ import annotations

from vdcftui.ops.jobs.plan import Step
from vdcftui.solaris.cmd.command import Input
from vdcftui.solaris.cmd.files import file_digest, remove_files, write_file

MISSING = 2
"""`cat` and `digest` of a file that is not there exit 2."""


def replace_file(node: str, path: str, mode: int, text: str, before: str | None, what: str) -> Step:
    """Write ``text`` to ``path``; the undo puts ``before`` back (None: removes it)."""
    undo = remove_files(path) if before is None else write_file(path, mode, Input(before))
    return Step(
        node,
        write_file(path, mode, Input(text)),
        f"write {what} to {path} (mode {mode:04o})",
        undo=undo,
        check=file_digest(path),
        absent_status=MISSING,
        done_if_digest=True,
    )
