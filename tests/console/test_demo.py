"""`vdcftui demo` as a new user runs it, in a terminal: the lab starts, is discovered,
the console opens on it; `q` (typed as soon as the screen is taken) leaves with exit 0
and nothing the demo started keeps running (how fast: measured by hand)."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pexpect

from tests.helpers import VDCFTUI, wait_until


def _listening(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((address, port)) == 0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    return status != "Z"


def test_the_demo_opens_on_the_lab_and_q_leaves_nothing_running(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "TERM": "xterm-256color"}
    env.pop("VDCFTUI_REPO", None)
    env.pop("VDCFTUI_DEMO_DIR", None)
    demo = pexpect.spawn(
        VDCFTUI, ["demo"], env=env, dimensions=(24, 80), timeout=180, encoding="utf-8"
    )
    try:
        demo.expect(r"discovering (\d+) nodes \.\.\.")
        discovering = int(demo.match.group(1))
        demo.expect_exact("\x1b[?1049h")  # the console takes the screen
        base = tmp_path / "data" / "vdcftui" / "demo"
        engine = int((base / "engine.pid").read_text().strip().rpartition(":")[2])
        inventory = (base / "lab" / "inventory.json").read_text()
        assert discovering == len(json.loads(inventory)["nodes"])
        assert _alive(engine)
        demo.send("q")
        demo.expect(pexpect.EOF)
    finally:
        demo.close(force=True)
    assert demo.exitstatus == 0, demo.before
    wait_until(lambda: not _alive(engine), "the demo's engine to be gone")
    for node in json.loads(inventory)["nodes"]:
        assert not _listening(node["address"], node["port"]), node["name"]
