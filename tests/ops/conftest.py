"""The lab driven through the CLI, as an operator drives it: one lab and one discovered
repository per test module, `vdcftui` run as a process, nodes read over SSH."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from vdcftui.lab.runner import Lab, LabThread
from vdcftui.lab.spec import load_spec

VDCFTUI = str(Path(sys.executable).with_name("vdcftui"))


class CliLab:
    """A running lab, the repository it was discovered into, and the ways to use both."""

    def __init__(self, lab: Lab, repo: Path) -> None:
        self.lab = lab
        self.repo = repo

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `vdcftui --repo REPO ARGS...`; with ``check``, it must exit 0."""
        result = subprocess.run(
            [VDCFTUI, "--repo", str(self.repo), *args], capture_output=True, text=True, timeout=120
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def ssh(self, node: str, command: str) -> str:
        """Run a command on a lab node over SSH; its standard output."""
        entry = next(n for n in self.lab.inventory()["nodes"] if n["name"] == node)

        async def run() -> str:
            async with asyncssh.connect(
                entry["address"],
                port=entry["port"],
                known_hosts=None,
                username=self.lab.credentials.username,
                client_keys=[str(self.lab.client_key_path)],
            ) as conn:
                return (await conn.run(command, check=False)).stdout

        return asyncio.run(run())


def _stop_engines(workdir: Path) -> None:
    for pid_file in workdir.rglob("engine.pid"):
        pid = pid_file.read_text().strip().rpartition(":")[2]
        if pid.isdigit():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGTERM)


@pytest.fixture(scope="module")
def cli_lab(tmp_path_factory) -> CliLab:
    """One lab and one discovered repository for the test module (each test of the
    module works on zones of its own)."""
    workdir = tmp_path_factory.mktemp("cli-lab")
    runner = LabThread(load_spec(), workdir / "lab", ephemeral_ports=True)
    site = CliLab(runner.start(), workdir / "repo.db")
    site.cli("node", "discover", "--lab", "--inventory", str(site.lab.workdir / "inventory.json"))
    yield site
    _stop_engines(workdir)
    runner.stop()
