"""The data a step's command reads on its standard input, resolved when it runs.

A command's :class:`~vdcftui.solaris.cmd.command.Input` is text (a file's content,
kept in the plan as the audit trail of what was written) or the reference of a secret
(``ha:keepalive``). A reference is resolved here, from the credentials file beside the
open repository, by the engine running the step or by recovery judging it, so the
secret itself is in no plan, step row, audit record or output.
"""

from __future__ import annotations

from vdcftui.errors import OperatorError
from vdcftui.repo.credentials import open_repository_credentials
from vdcftui.solaris.cmd.command import Command


def input_data(command: Command) -> str | None:
    """What ``command`` reads on its standard input: its text, or the secret it refers
    to followed by a newline; None when it reads nothing. A secret missing from the
    credentials file is refused, saying which."""
    given = command.input
    if given is None:
        return None
    if given.text is not None:
        return given.text
    assert given.secret is not None
    store = open_repository_credentials()
    secret = store.get(given.secret)
    if not secret:
        raise OperatorError(f"the secret {given.secret} is not in {store.path}")
    return secret + "\n"
