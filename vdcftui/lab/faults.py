"""Fault injection for the lab: unreachable nodes, slow answers, failing commands,
keep-alives lost on the way, a service that fails at a node's next boot.

Thread-safe: tests call it from their own thread while the lab runs in another. The
lab also counts the commands each node ran and the time it spent on them.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

HOLD_LIMIT = 120.0
"""The longest a held command waits for its release."""


@dataclass
class _Failure:
    pattern: re.Pattern[str]
    stderr: str
    exit_status: int
    count: int


@dataclass
class _OneOffDelay:
    """A delay for the next command line matching ``pattern``, after ``skip`` others."""

    pattern: re.Pattern[str]
    seconds: float
    skip: int = 0


@dataclass
class NodeStats:
    """Commands a node ran and the simulated service time spent on them."""

    started: int = 0
    commands: int = 0
    seconds: float = 0.0


@dataclass
class Faults:
    """The faults in force, per node."""

    _lock: threading.Lock = field(default_factory=threading.Lock)
    _unreachable: set[str] = field(default_factory=set)
    _silenced: set[str] = field(default_factory=set)
    _slow: dict[str, float] = field(default_factory=dict)
    _slow_next: dict[str, list[_OneOffDelay]] = field(default_factory=dict)
    _failures: dict[str, list[_Failure]] = field(default_factory=dict)
    _holds: dict[str, list[tuple[re.Pattern[str], threading.Event]]] = field(default_factory=dict)
    _after_boot: dict[str, list[str]] = field(default_factory=dict)
    stats: dict[str, NodeStats] = field(default_factory=dict)
    on_unreachable: list[Callable[[str], None]] = field(default_factory=list)

    def unreachable(self, node: str, on: bool = True) -> None:
        """Make a node refuse SSH (and drop its open sessions), or bring it back."""
        with self._lock:
            if on:
                self._unreachable.add(node)
            else:
                self._unreachable.discard(node)
        if on:
            for callback in list(self.on_unreachable):
                callback(node)

    def is_unreachable(self, node: str) -> bool:
        """Whether connections to the node are refused."""
        with self._lock:
            return node in self._unreachable

    def silence_keepalives(self, node: str, on: bool = True) -> None:
        """Drop a node's keep-alives on their way (the node itself runs on), or stop."""
        with self._lock:
            if on:
                self._silenced.add(node)
            else:
                self._silenced.discard(node)

    def keepalives_silenced(self, node: str) -> bool:
        """Whether a node's keep-alives are dropped."""
        with self._lock:
            return node in self._silenced

    def slow(self, node: str, seconds: float) -> None:
        """Delay every command of a node by ``seconds`` (0 clears)."""
        with self._lock:
            if seconds > 0:
                self._slow[node] = seconds
            else:
                self._slow.pop(node, None)

    def fail_next(
        self, node: str, pattern: str, stderr: str = "", exit_status: int = 1, count: int = 1
    ) -> None:
        """Make the next ``count`` command lines matching a regex fail with this output."""
        failure = _Failure(
            re.compile(pattern), stderr or f"simulated failure of {pattern}\n", exit_status, count
        )
        with self._lock:
            self._failures.setdefault(node, []).append(failure)

    def slow_next(self, node: str, pattern: str, seconds: float, skip: int = 0) -> None:
        """Delay the next command line matching a regex by ``seconds`` (it then runs),
        after letting ``skip`` matching lines through undelayed."""
        with self._lock:
            self._slow_next.setdefault(node, []).append(
                _OneOffDelay(re.compile(pattern), seconds, skip)
            )

    def hold_next(self, node: str, pattern: str) -> threading.Event:
        """Hold the next command line matching a regex until the returned event is set
        (or :data:`HOLD_LIMIT` seconds pass): a test acts while the command is under way,
        whatever the machine's load."""
        release = threading.Event()
        with self._lock:
            self._holds.setdefault(node, []).append((re.compile(pattern), release))
        return release

    def maintenance_after_boot(self, node: str, fmri: str) -> None:
        """Make the node's next boot leave an SMF instance in maintenance, in the boot
        environment it boots (a service that fails with new software)."""
        with self._lock:
            self._after_boot.setdefault(node, []).append(fmri)

    def take_after_boot(self, node: str) -> list[str]:
        """The instances this boot of the node leaves in maintenance (used up)."""
        with self._lock:
            return self._after_boot.pop(node, [])

    def holds_waiting(self, node: str) -> int:
        """How many of the node's holds no command line has taken yet."""
        with self._lock:
            return len(self._holds.get(node, []))

    def take_hold(self, node: str, command: str) -> threading.Event | None:
        """The hold for this command line, if one matches (used up once)."""
        with self._lock:
            for entry in self._holds.get(node, []):
                if entry[0].search(command):
                    self._holds[node].remove(entry)
                    return entry[1]
        return None

    def take_delay(self, node: str, command: str) -> float:
        """The delay for this command line: the node's, plus a matching one-off delay."""
        with self._lock:
            delay = self._slow.get(node, 0.0)
            for entry in self._slow_next.get(node, []):
                if entry.pattern.search(command):
                    if entry.skip > 0:
                        entry.skip -= 1
                        return delay
                    self._slow_next[node].remove(entry)
                    return delay + entry.seconds
            return delay

    def take_failure(self, node: str, command: str) -> tuple[str, int] | None:
        """The injected failure for this command line, if one matches (used up once)."""
        with self._lock:
            for failure in self._failures.get(node, []):
                if failure.pattern.search(command):
                    failure.count -= 1
                    if failure.count <= 0:
                        self._failures[node].remove(failure)
                    stderr = (
                        failure.stderr if failure.stderr.endswith("\n") else failure.stderr + "\n"
                    )
                    return stderr, failure.exit_status
        return None

    def clear(self, node: str | None = None) -> None:
        """Remove every fault (of one node, or all)."""
        with self._lock:
            if node is None:
                self._unreachable.clear()
                self._silenced.clear()
                self._slow.clear()
                self._slow_next.clear()
                self._failures.clear()
                self._after_boot.clear()
            else:
                self._unreachable.discard(node)
                self._silenced.discard(node)
                self._slow.pop(node, None)
                self._slow_next.pop(node, None)
                self._failures.pop(node, None)
                self._after_boot.pop(node, None)

    def count_start(self, node: str) -> None:
        """Count a command a node has begun."""
        with self._lock:
            self.stats.setdefault(node, NodeStats()).started += 1

    def count(self, node: str, seconds: float) -> None:
        """Count one command of a node and its service time."""
        with self._lock:
            stats = self.stats.setdefault(node, NodeStats())
            stats.commands += 1
            stats.seconds += seconds
