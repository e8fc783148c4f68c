"""Line-oriented controller CLI session (ILOM ``-> ``, XSCF ``XSCF> ``, ALOM ``sc> ``)
with console mode.

A :class:`ControllerSession` is transport-neutral: it gets keystrokes through :meth:`feed`,
writes text (``\\n`` line ends; the transport converts for a tty) through ``write`` and
ends the connection through ``close``.  Subclasses implement the commands; a command
either finishes (:meth:`done`), asks a y/n question (:meth:`ask`) or attaches to a
node's serial console (:meth:`attach_console`) until the escape ``#.`` is typed.
"""

from __future__ import annotations

import enum
import shlex
from abc import ABC, abstractmethod
from collections.abc import Callable

from vdcftui.lab.controllers.lineinput import LineInput
from vdcftui.lab.controllers.serial import SerialConsole

ESCAPE_FIRST = "#"
ESCAPE_SECOND = "."


class Mode(enum.Enum):
    """What keystrokes currently go to."""

    CLI = "cli"
    QUESTION = "question"
    CONSOLE = "console"
    CLOSED = "closed"


class ControllerSession(ABC):
    """One login on a system controller: prompt, commands, questions, console passthrough."""

    prompt = ""

    def __init__(
        self,
        write: Callable[[str], None],
        close: Callable[[int], None],
        *,
        user: str,
        tty: bool,
    ) -> None:
        self._write = write
        self._close = close
        self.user = user
        self.label = user
        self.client_address = ""
        self.tty = tty
        self.mode = Mode.CLI
        self.exit_status = 0
        self._exec = False
        self._answer: Callable[[bool], None] | None = None
        self._console: SerialConsole | None = None
        self._read_only = False
        self._pending_escape = False
        self._input = LineInput(self.write, self._on_line, on_interrupt=self._on_interrupt)
        self._input.echo = tty

    # ------------------------------------------------------------ subclass API
    @abstractmethod
    def greeting(self) -> str:
        """Text printed after login, before the first prompt."""

    @abstractmethod
    def execute(self, argv: list[str], line: str) -> None:
        """Run one command; must end by calling done(), ask() or attach_console()."""

    @abstractmethod
    def console_ended(self, stolen: bool) -> None:
        """Print what the controller prints when the console session ends, then done()."""

    def syntax_error(self, line: str) -> None:
        """Handle a line that does not tokenise (unbalanced quotes)."""
        self.write(f"Invalid command '{line}'\n")
        self.done()

    # ------------------------------------------------------------ transport API
    def write(self, text: str) -> None:
        """Send text to the client (no-op once closed)."""
        if self.mode is not Mode.CLOSED:
            self._write(text)

    def begin(self) -> None:
        """Start an interactive login: greeting and first prompt."""
        self.write(self.greeting())
        self.write(self.prompt)

    def run_exec(self, command: str) -> None:
        """Run ``command`` (an SSH exec request) and close when it completes."""
        self._exec = True
        self._execute_line(command)

    def feed(self, data: str) -> None:
        """Keystrokes from the client."""
        while data and self.mode is not Mode.CLOSED:
            console = self.mode is Mode.CONSOLE
            data = self._feed_console(data) if console else self._input.feed(data)

    def end_of_input(self) -> None:
        """The client sent EOF: leave any console and end the session."""
        self.close(self.exit_status)

    def disconnect(self) -> None:
        """The connection is gone: release the console without writing anything."""
        self._release_console()
        self.mode = Mode.CLOSED

    # ------------------------------------------------------------ helpers for commands
    def done(self) -> None:
        """The current command finished: prompt again, or end an exec request."""
        if self.mode is Mode.CLOSED:
            return
        self.mode = Mode.CLI
        if self._exec:
            self.close(self.exit_status)
        else:
            self.write(self.prompt)

    def ask(self, question: str, answered: Callable[[bool], None]) -> None:
        """Print ``question`` and call ``answered(yes)`` with the next line typed."""
        self.write(question)
        self._answer = answered
        self.mode = Mode.QUESTION

    def attach_console(
        self, console: SerialConsole, started: str, *, force: bool = False, read_only: bool = False
    ) -> bool:
        """Print ``started`` and connect to ``console``; False if another session holds it."""
        if not read_only and not force and console.holder not in (None, self):
            return False
        self.write(started)
        self._console = console
        self._read_only = read_only
        self._pending_escape = False
        self.mode = Mode.CONSOLE
        console.attach(self, force=force, read_only=read_only)
        return True

    def close(self, status: int = 0) -> None:
        """End the session with exit ``status``."""
        if self.mode is Mode.CLOSED:
            return
        self._release_console()
        self.mode = Mode.CLOSED
        self._close(status)

    # ------------------------------------------------------------ ConsoleClient
    def console_output(self, text: str) -> None:
        """Console output for this session (shown only while in console mode)."""
        if self.mode is Mode.CONSOLE:
            self.write(text)

    def console_stolen(self) -> None:
        """Another session took the console (``stop /SP/console``, ``console -f``)."""
        if self.mode is not Mode.CONSOLE:
            return
        self._console = None
        self.mode = Mode.CLI
        self.console_ended(True)

    # ------------------------------------------------------------ internals
    def _release_console(self) -> None:
        if self._console is not None:
            self._console.detach(self)
            self._console = None

    def _on_interrupt(self) -> None:
        self.write("\n")
        if self.mode is Mode.QUESTION:
            self._answer = None
        self.done()

    def _on_line(self, line: str) -> None:
        self._input.suspend()
        if self.mode is Mode.QUESTION:
            answered, self._answer = self._answer, None
            self.mode = Mode.CLI
            if answered is not None:
                answered(line.strip().lower() in ("y", "yes"))
            return
        self._execute_line(line)

    def _execute_line(self, line: str) -> None:
        try:
            argv = shlex.split(line)
        except ValueError:
            self.syntax_error(line.strip())
            return
        if not argv:
            self.done()
            return
        self.execute(argv, line.strip())

    def _feed_console(self, data: str) -> str:
        forward: list[str] = []
        for index, char in enumerate(data):
            if self._pending_escape:
                self._pending_escape = False
                if char == ESCAPE_SECOND:
                    self._forward(forward)
                    self._release_console()
                    self.mode = Mode.CLI
                    self.console_ended(False)
                    return data[index + 1 :]
                forward.append(ESCAPE_FIRST)
            if char == ESCAPE_FIRST:
                self._pending_escape = True
            else:
                forward.append(char)
        self._forward(forward)
        return ""

    def _forward(self, chars: list[str]) -> None:
        if chars and self._console is not None and not self._read_only:
            self._console.feed(self, "".join(chars))
