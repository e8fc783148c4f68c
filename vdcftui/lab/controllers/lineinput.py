"""Canonical-mode line assembly for simulated terminals (echo, erase, kill, CR/LF)."""

from __future__ import annotations

from collections.abc import Callable

ERASE_CHARS = ("\x7f", "\x08")
KILL_CHAR = "\x15"
INTERRUPT_CHAR = "\x03"
EOF_CHAR = "\x04"


def to_crlf(text: str) -> str:
    """Return ``text`` with every line ending as CR LF, as a terminal line expects."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class LineInput:
    """Turn keystrokes into lines the way a tty in canonical mode does.

    Printable characters are echoed (when ``echo`` is on) and collected; CR, LF or CR LF end
    a line; DEL/BS erase one character; ^U erases the line; ^C abandons it.  Completed lines
    go to ``on_line``; ^C goes to ``on_interrupt``; ^D on an empty line goes to ``on_eof``.
    """

    def __init__(
        self,
        write: Callable[[str], None],
        on_line: Callable[[str], None],
        *,
        on_interrupt: Callable[[], None] | None = None,
        on_eof: Callable[[], None] | None = None,
    ) -> None:
        self._write = write
        self._on_line = on_line
        self._on_interrupt = on_interrupt
        self._on_eof = on_eof
        self._buffer: list[str] = []
        self._last_cr = False
        self._suspended = False
        self.echo = True

    def clear(self) -> None:
        """Forget any partially typed line."""
        self._buffer.clear()
        self._last_cr = False

    def feed(self, data: str) -> str:
        """Process ``data``; stop early and return the rest if a handler changed the mode.

        A handler signals a mode change by calling :meth:`suspend`; the unprocessed
        remainder is returned so the caller can route it elsewhere (e.g. to a console).
        """
        self._suspended = False
        for index, char in enumerate(data):
            self._feed_char(char)
            if self._suspended:
                return data[index + 1 :]
        return ""

    def suspend(self) -> None:
        """Stop consuming the current chunk of input after the character being handled."""
        self._suspended = True

    def _feed_char(self, char: str) -> None:
        if char in ("\r", "\n"):
            if char == "\n" and self._last_cr:
                self._last_cr = False
                return
            self._last_cr = char == "\r"
            line = "".join(self._buffer)
            self._buffer.clear()
            if self.echo:
                self._write("\n")
            self._on_line(line)
            return
        self._last_cr = False
        if char == "\x00":
            return
        if char in ERASE_CHARS:
            if self._buffer:
                self._buffer.pop()
                if self.echo:
                    self._write("\b \b")
        elif char == KILL_CHAR:
            if self.echo and self._buffer:
                self._write("\b \b" * len(self._buffer))
            self._buffer.clear()
        elif char == INTERRUPT_CHAR:
            self._buffer.clear()
            if self._on_interrupt is not None:
                if self.echo:
                    self._write("^C")
                self._on_interrupt()
        elif char == EOF_CHAR:
            if not self._buffer and self._on_eof is not None:
                self._on_eof()
        elif char.isprintable() or char == "\t":
            self._buffer.append(char)
            if self.echo:
                self._write(char)
