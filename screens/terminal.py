"""The terminal driver of the console: Textual's Linux driver, with a lone Esc reported
as the Escape key once its delay has passed, even if the next key is already waiting.

Textual's driver feeds new input to its parser before it checks the parser's Esc
timeout, so Esc followed 50 ms later by `:` reached the app as one Alt+: key and the
Esc was lost (an operator's `Esc :nodes` typed quickly). Here the timeout is checked
first; Esc and a key that arrive together (one read) still make Alt+key, as in any
terminal application."""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual._loop import loop_last
from textual._parser import ParseError
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver


class TimelyEscapeDriver(LinuxDriver):
    """Textual's Linux driver, checking the Esc timeout before reading new input."""

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (Textual's loop, timeouts first)."""
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            for event in parser.tick():  # an Esc whose delay has passed is the Escape key
                self.process_message(event)
            for last, (_key, mask) in loop_last(events):
                if mask & selectors.EVENT_READ:
                    data = decode(os.read(fileno, 1024 * 4), final=final and last)
                    if not data:
                        break
                    for event in parser.feed(data):
                        self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process(selector.select(0.01 if parser._timeout_time else 0.1))
            selector.unregister(self.fileno)
            process(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in parser.feed(""):
                    pass
            except (EOFError, ParseError):
                pass
