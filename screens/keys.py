"""Keys in the order they were typed, however fast they come.

Textual forwards a key to the focused widget's own message queue and lets it bubble up
to the bindings from there, while the app goes on with the next key: a burst such as
`:vservers⏎/app01` (a fast typist, a laggy SSH session) could then reach the `:` prompt
before it existed, or the old view after Enter had switched to a new one.

Here the app takes every key in turn, completely, before the next one: priority
bindings, then text typed into a focused input, then the bindings from the focused
widget up to the app. While the screen in front is still being built (just pushed or
switched to, nothing focused yet), keys wait and are taken as soon as it is ready, so
they land where they would have if typed slowly.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input

from screens.terminal import TimelyEscapeDriver

RETRY_SECONDS = 0.005
"""How soon keys typed ahead are tried again while the screen in front is being built."""


def screen_ready(screen: Screen) -> bool:
    """Whether a screen can take keys: mounted, and its focus set (if it has any)."""
    if not screen.is_mounted:
        return False
    return screen.focused is not None or not screen.focus_chain


class InOrderKeys(App):
    """An app that takes each key completely, in the order typed (mixed into the app)."""

    _typed_ahead: deque[events.Key]
    _keys_timer: Timer | None = None

    def get_driver_class(self) -> type[Driver]:
        """On a Linux terminal, a driver that reports a lone Esc in time."""
        driver = super().get_driver_class()
        return TimelyEscapeDriver if driver is LinuxDriver else driver

    @property
    def keys_pending(self) -> int:
        """Keys typed and not taken yet (waiting for the screen in front)."""
        return len(getattr(self, "_typed_ahead", ()))

    def keys_ready(self) -> bool:
        """Whether the screen in front can take keys now (the first view is shown)."""
        return len(self.screen_stack) > 1 and screen_ready(self.screen)

    async def on_event(self, event: events.Event) -> None:
        """A key from the terminal joins the queue of typed keys; the rest as usual."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not hasattr(self, "_typed_ahead"):
                self._typed_ahead = deque()
            self._typed_ahead.append(event)
            await self._take_keys()
            return
        await super().on_event(event)

    async def _take_keys(self) -> None:
        """Take the keys typed, in order, while the screen in front can take them."""
        self._keys_timer = None
        while self._typed_ahead:
            if not self.keys_ready():
                if self._keys_timer is None:
                    self._keys_timer = self.set_timer(RETRY_SECONDS, self._take_keys)
                return
            await self._take_key(self._typed_ahead.popleft())

    async def _take_key(self, event: events.Key) -> None:
        """One key, completely: priority bindings, text for an input, then bindings."""
        self.app_focus = True
        if await self._check_bindings(event.key, priority=True):
            return
        focused = self.focused
        if isinstance(focused, Input) and event.is_printable:
            # what Input does with a printable key, done now rather than in its queue
            await focused._on_key(event)
            return
        if await self._check_bindings(event.key):
            return
        (focused or self.screen)._forward_event(event)
