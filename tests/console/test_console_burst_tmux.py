"""Keys typed ahead, end to end: `vdcftui` in tmux at 80x24 and, the instant the view
shows, a burst such as `:vservers⏎/app01` with 50 ms between keys (a fast typist, a
laggy SSH session). Every view's jump and filter must land, every time: CI runs each
burst once; `pytest -m burst tests/console` runs each 20 times (by hand)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from screens.terminal import split_escapes
from tests.helpers import VDCFTUI

KEY_GAP = 0.05
"""Seconds between the keys of a burst (how they arrive, not a wait for state)."""
READY = "vServers (11)"
"""What the console shows once it is ready: the vServers view with its rows."""

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

BURSTS = {
    "vservers": ([":vservers", "Enter", "/app01"], "vServers (1 of 11)  /app01"),
    "nodes": ([":nodes", "Enter", "/node02"], "nodes (1 of 5)  /node02"),
    "pools": ([":pools", "Enter", "/pool-b"], "pools (1 of 2)  /pool-b"),
    "gdoms": ([":gdoms", "Enter", "/gdom02"], "GDoms (1 of 2)  /gdom02"),
    "jobs": ([":jobs", "Enter", "/alice"], "jobs (1 of 1)  /alice"),
    "audit": ([":audit", "Enter", "/alice"], "audit trail (0 of 0)  /alice"),
    "alerts": ([":alerts", "Enter", "/node"], "alerts (0 of 0)  /node"),
    "patches": ([":patches", "Enter", "/node"], "patch targets (0 of 0)  /node"),
    "graphs": ([":graphs node02", "Enter"], "node node02: CPU and memory"),
    "escape-then-jump": (
        ["/web", "Escape", ":nodes", "Enter", "/node01"],
        "nodes (1 of 5)  /node01",
    ),
    "escape-and-colon-in-one-packet": (
        ["/web", ("Escape", ":nodes"), "Enter", "/node01"],
        "nodes (1 of 5)  /node01",
    ),
}
"""Per case: what is typed (text, a tmux key name, or a tuple of them arriving together
in one write, as over a slow SSH link) and what the console then shows."""


class Console:
    """`vdcftui` in a tmux server of the test's own, at 80x24."""

    def __init__(self, socket_name: str, env: dict[str, str]) -> None:
        self.base = ["tmux", "-L", socket_name]
        self.env = env

    def start(self, repo: Path, config: Path) -> None:
        """A new session running the console on ``repo``."""
        config.write_text("set -g default-size 80x24\n")
        command = [VDCFTUI, "--repo", str(repo), "--view", "vservers"]
        subprocess.run(
            [*self.base, "-f", str(config), "new-session", "-d", "-s", "t", "-x", "80", "-y", "24"]
            + command,
            env=self.env,
            check=True,
        )

    def screen(self) -> str:
        """What the window shows now."""
        return subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "t"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, seconds: float = 20) -> None:
        """Poll the window until it shows ``text`` (failing with the screen after ``seconds``)."""
        deadline = time.monotonic() + seconds
        while text not in (shown := self.screen()):
            assert time.monotonic() < deadline, f"{text!r} not shown; screen:\n{shown}"
            time.sleep(0.02)

    def burst(self, typed: list[str | tuple[str, ...]]) -> None:
        """Each character of text, or each tmux key name (Enter, Escape), KEY_GAP apart;
        a tuple's keys in one write."""
        for part in typed:
            if isinstance(part, tuple):
                keys = [list(part)]
            elif part in ("Enter", "Escape"):
                keys = [[part]]
            else:
                keys = [["-l", char] for char in part]
            for key in keys:
                subprocess.run([*self.base, "send-keys", "-t", "t", *key], check=True)
                time.sleep(KEY_GAP)

    def kill(self) -> None:
        """Stop the tmux server."""
        subprocess.run([*self.base, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def console(console_repo, tmp_path):
    """A function running one burst on a fresh console; the tmux server is the test's."""
    home = tmp_path / "home"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env |= {"HOME": str(home), "TERM": "xterm-256color"}

    def run(case: str) -> None:
        typed, expected = BURSTS[case]
        # a tmux server per round on a socket never used before: a new server on a
        # socket just killed (the previous test's, in the same worker) may attach to
        # the one still going down and vanish with it
        tmux = Console(f"vdcftui-burst-{os.getpid()}-{uuid.uuid4().hex[:12]}", env)
        tmux.start(console_repo, tmp_path / "tmux.conf")
        try:
            tmux.wait_for(READY)
            tmux.burst(typed)
            tmux.wait_for(expected)
        finally:
            tmux.kill()

    return run


@pytest.mark.parametrize("case", list(BURSTS))
def test_a_burst_typed_the_instant_the_console_is_ready_lands(console, case):
    console(case)


@pytest.mark.burst
@pytest.mark.parametrize("case", list(BURSTS))
def test_the_same_burst_lands_20_times_out_of_20(console, case):
    missed = []
    for round_number in range(20):
        try:
            console(case)
        except AssertionError as exc:
            missed.append(f"round {round_number + 1}: {exc}")
    print(f"{case}: {20 - len(missed)}/20")
    assert not missed, f"{case}: {20 - len(missed)}/20 landed\n" + "\n".join(missed)


def test_an_escape_in_one_read_with_the_next_key_is_escape_then_that_key():
    assert split_escapes("/web\x1b:nodes\r") == ["/web", "\x1b", ":nodes\r"]
    assert split_escapes("\x1b[A\x1bOB") == ["\x1b[A\x1bOB"]  # arrow keys stay sequences
    assert split_escapes("ab\x1b") == ["ab\x1b"]  # a trailing Esc waits for the next read
