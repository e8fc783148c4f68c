"""End to end, as an operator would: `vdcftui` in tmux over the lab, the Nodes view,
`c` on a node attaches to its serial console through its ILOM, log in at the prompt,
the escape key brings the console back exactly where it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.helpers import VDCFTUI

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)


class Tmux:
    """One tmux server of the test's own, with one window running the console."""

    def __init__(self, socket_name: str, env: dict[str, str]) -> None:
        self.base = ["tmux", "-L", socket_name]
        self.env = env

    def start(self, command: list[str], config: Path, width: int = 120, height: int = 36) -> None:
        """Run the command in a new detached session of that size (from the start: the
        configuration sets the default size, so the console never starts at 80x24)."""
        config.write_text(f"set -g default-size {width}x{height}\n")
        subprocess.run(
            [
                *self.base,
                "-f",
                str(config),
                "new-session",
                "-d",
                "-s",
                "t",
                "-x",
                str(width),
                "-y",
                str(height),
                *command,
            ],
            env=self.env,
            check=True,
        )

    def keys(self, *keys: str) -> None:
        """Type keys (tmux key names such as Enter, C-])."""
        subprocess.run([*self.base, "send-keys", "-t", "t", *keys], check=True)

    def screen(self) -> str:
        """What the window shows now."""
        return subprocess.run(
            [*self.base, "capture-pane", "-p", "-t", "t"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    def wait_for(self, text: str, seconds: float = 30) -> str:
        """The screen, once it shows ``text``."""
        deadline = time.monotonic() + seconds
        while text not in (shown := self.screen()):
            assert time.monotonic() < deadline, f"{text!r} not shown; screen:\n{shown}"
            time.sleep(0.1)
        return shown

    def kill(self) -> None:
        """Stop the tmux server."""
        subprocess.run([*self.base, "kill-server"], check=False, capture_output=True)


@pytest.fixture
def discovered(fresh_lab, tmp_path):
    """The lab discovered (with its controllers) into a repository file."""
    repo = tmp_path / "repo.db"
    subprocess.run(
        [
            VDCFTUI,
            "--repo",
            str(repo),
            "node",
            "discover",
            "--lab",
            "--inventory",
            str(fresh_lab.workdir / "inventory.json"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return fresh_lab, repo


def test_attach_to_a_node_console_through_its_ilom_and_come_back(discovered, tmp_path):
    lab, repo = discovered
    home = tmp_path / "home"
    home.mkdir()
    # COLUMNS/LINES left by in-process Textual tests would pin the console to 80x24
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    env |= {"HOME": str(home), "TERM": "xterm-256color"}
    tmux = Tmux(f"vdcftui-{os.getpid()}", env)
    tmux.start([VDCFTUI, "--repo", str(repo), "--view", "nodes"], tmp_path / "tmux.conf")
    try:
        tmux.wait_for("nodes (11)")
        tmux.keys(":")
        tmux.wait_for("view [name]")
        tmux.keys("node node08", "Enter")
        tmux.wait_for("ilom-node08 (ilom")  # node08's details: the jump is done
        tmux.keys("c")
        tmux.wait_for("node08 console login:")
        assert "via ILOM" in tmux.screen()
        tmux.keys(lab.credentials.username, "Enter")
        tmux.wait_for("Password:")
        tmux.keys(lab.credentials.password, "Enter")
        tmux.wait_for("root@node08")
        tmux.keys("uname -n", "Enter")
        tmux.wait_for("\nnode08\n")
        tmux.keys("C-]")
        back = tmux.wait_for("back from node08 via ILOM")
        assert "nodes (11)" in back and "node node08" in back  # same view, same row
        tmux.keys("q")
    finally:
        tmux.kill()
    log = home / ".local" / "share" / "vdcftui" / "consoles" / "node08.log"
    text = log.read_text()
    assert "uname -n" in text and lab.credentials.password not in text.replace("Password:", "")
