"""A command for a host as an argv, and the one place it becomes shell text.

Hosts are reached over SSH, whose exec request carries one line of shell text. Every
command vdcftui sends is built as a :class:`Command` (argv words plus what the shell
does around them: a file on standard input) or a :class:`Batch` of them, and turned
into text only by :func:`shell_text`, which quotes every word with :func:`shlex.join`.
What a command reads on its standard input (:class:`Input`: a file's content) is sent
as the exec request's data, never as part of that text.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

_REDIRECT_SOURCE = re.compile(r"/[A-Za-z0-9_./-]*")


@dataclass(frozen=True)
class Input:
    """What a command reads on its standard input, sent as the SSH exec's data: the
    ``text`` itself, or ``secret``, the reference of a secret in the credentials file
    (``ha:keepalive``), which whoever runs the command resolves to the secret and a
    newline, so that no plan, audit record or output ever holds the secret."""

    text: str | None = None
    secret: str | None = None

    def __post_init__(self) -> None:
        if (self.text is None) == (self.secret is None):
            raise ValueError("an input is either text or the reference of a secret")
        if self.secret is not None and not _SECRET_REF.fullmatch(self.secret):
            raise ValueError(f"not a secret reference: {self.secret!r}")
        if self.text is not None and "\0" in self.text:
            raise ValueError("an input text holds a NUL byte")

    def describe(self) -> str:
        """What the input is, as a plan shows it (never a secret)."""
        if self.secret is not None:
            return f"the secret {self.secret} of the credentials file"
        assert self.text is not None
        return f"{len(self.text.encode())} bytes of text"

    def to_json(self) -> dict[str, str]:
        """The input as JSON data: the text, or only the secret's reference."""
        return {"secret": self.secret} if self.secret is not None else {"text": self.text or ""}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> Input:
        """An input back from :meth:`to_json`'s data."""
        return cls(text=data.get("text"), secret=data.get("secret"))


_SECRET_REF = re.compile(r"[a-z]+:[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Command:
    """One program run on a host: its argv, the file its standard input reads
    (``format </dev/null`` needs one, or it waits for a disk number), or the data it
    reads there (``input``, sent with the exec request)."""

    argv: tuple[str, ...]
    stdin: str | None = None
    input: Input | None = None

    def __post_init__(self) -> None:
        if not self.argv or not all(isinstance(word, str) for word in self.argv):
            raise ValueError(f"a command is a non-empty tuple of strings, not {self.argv!r}")
        if any("\0" in word for word in self.argv):
            raise ValueError(f"a command word holds a NUL byte: {self.argv!r}")
        if self.stdin is not None and not _REDIRECT_SOURCE.fullmatch(self.stdin):
            raise ValueError(f"standard input must be an absolute path, not {self.stdin!r}")
        if self.stdin is not None and self.input is not None:
            raise ValueError("a command reads its standard input from a file or from data")

    @property
    def program(self) -> str:
        """The program's name without its directory (``zoneadm``)."""
        return self.argv[0].rpartition("/")[2]

    def text(self) -> str:
        """The command as the host's shell receives it (and the operator reads it)."""
        return shell_text(self)

    def to_json(self) -> dict[str, Any]:
        """The command as JSON data (a job's plan keeps it)."""
        data: dict[str, Any] = {"argv": list(self.argv)}
        if self.stdin is not None:
            data["stdin"] = self.stdin
        if self.input is not None:
            data["input"] = self.input.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Command:
        """A command back from :meth:`to_json`'s data."""
        given = data.get("input")
        return cls(
            tuple(data["argv"]), data.get("stdin"), Input.from_json(given) if given else None
        )


@dataclass(frozen=True)
class Batch:
    """Several commands in one round trip, each framed by markers carrying ``nonce``
    so that no command's output can forge a frame; stderr is folded into stdout."""

    commands: tuple[Command, ...]
    nonce: str

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[0-9a-f]{8,64}", self.nonce):
            raise ValueError(f"a batch nonce is lower-case hex, not {self.nonce!r}")
        if any(command.input is not None for command in self.commands):
            raise ValueError("a command that reads data runs on its own, not in a batch")

    @property
    def begin_prefix(self) -> str:
        """The start of the line printed before each command (its index follows)."""
        return f"@@{self.nonce}:B:"

    @property
    def end_prefix(self) -> str:
        """The start of the line printed after each command (index:exit status follow)."""
        return f"@@{self.nonce}:E:"


def shell_text(command: Command | Batch) -> str:
    """The one place a command becomes shell text: every word quoted by shlex.join."""
    if isinstance(command, Batch):
        parts = [
            f"echo {command.begin_prefix}{i}; {shell_text(c)} 2>&1; echo {command.end_prefix}{i}:$?"
            for i, c in enumerate(command.commands)
        ]
        return "; ".join(parts)
    text = shlex.join(command.argv)
    if command.stdin is not None:
        text += f" <{command.stdin}"
    return text
