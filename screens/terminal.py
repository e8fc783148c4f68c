"""The terminal driver of the console: Textual's Linux driver, with a lone Esc reported
as the Escape key once its delay has passed, even if the next key is already waiting.

Textual's driver feeds new input to its parser before it checks the parser's Esc
timeout, so Esc followed 50 ms later by `:` reached the app as one Alt+: key and the
Esc was lost (an operator's `Esc :nodes` typed quickly). Here the timeout is checked
first. And Esc followed by a printable key in the same read (a fast typist over a slow
SSH link, whose keystrokes arrive in one packet) is Esc, then that key: the console
binds no Alt keys, and Textual's parser would otherwise drop the Esc or report Alt+key.
An Esc that ends a read is held until the next read or its delay: Esc, then a key in
the next read, is also Esc then the key. Escape sequences (ESC [, ESC O, ...), whole
or split across reads, go to the parser."""

from __future__ import annotations

import os
import selectors
import time
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.constants import ESCAPE_DELAY
from textual.drivers.linux_driver import LinuxDriver
from textual.events import Key

ESC = "\x1b"
SEQUENCE_INTRODUCERS = frozenset("[O]P_^X\\" + ESC)
"""What follows ESC when it starts a sequence (CSI, SS3, OSC, DCS, APC, PM, SOS, ST)."""


def split_escapes(data: str) -> list[str]:
    """``data`` cut before and after each ESC that a printable key follows in the same
    chunk, so that such an ESC stands alone (and is the Escape key)."""
    pieces: list[str] = []
    start = 0
    for index, char in enumerate(data):
        if char != ESC or index + 1 >= len(data):
            continue
        following = data[index + 1]
        if following in SEQUENCE_INTRODUCERS or not following.isprintable():
            continue
        pieces += [data[start:index], ESC]
        start = index + 1
    pieces.append(data[start:])
    return [piece for piece in pieces if piece]


class TimelyEscapeDriver(LinuxDriver):
    """Textual's Linux driver, checking the Esc timeout before reading new input."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, timeouts first)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        held_since: float | None = None  # an Esc that ended the last read, not fed yet

        def escape() -> None:
            nonlocal held_since
            held_since = None
            self.process_message(Key("escape", ESC))

        def tick() -> None:
            if held_since is not None and time.monotonic() - held_since >= ESCAPE_DELAY:
                escape()  # a lone Esc whose delay has passed is the Escape key
            for event in parser.tick():
                self.process_message(event)

        def take(data: str) -> None:
            nonlocal held_since
            if held_since is not None:
                held_since = None
                if data[0] in SEQUENCE_INTRODUCERS or not data[0].isprintable():
                    data = ESC + data  # the start of a sequence split across reads
                else:
                    escape()
            if data.endswith(ESC) and not data.endswith(ESC + ESC):
                data, held_since = data[:-1], time.monotonic()
            for piece in split_escapes(data):
                if piece == ESC:
                    escape()
                    continue
                for event in parser.feed(piece):
                    self.process_message(event)

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            tick()
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    take(data)
            tick()

        try:
            while not self.exit_event.is_set():
                waiting = parser._timeout_time or held_since is not None
                process(selector.select(0.01 if waiting else 0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
