"""The lab driven through the CLI, as an operator drives it: one lab and one discovered
repository per test module, `vdcftui` run as a process, nodes read over SSH."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import asyncssh
import pytest

from tests.helpers import run_cli, running_lab, stop_engines
from vdcftui.lab.runner import Lab


class CliLab:
    """A running lab, the repository it was discovered into, and the ways to use both."""

    def __init__(self, lab: Lab, repo: Path) -> None:
        self.lab = lab
        self.repo = repo

    def cli(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `vdcftui --repo REPO ARGS...`; with ``check``, it must exit 0."""
        return run_cli(self.repo, *args, check=check)

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


@pytest.fixture(scope="module")
def cli_lab(tmp_path_factory) -> CliLab:
    """One lab and one discovered repository for the test module (each test of the
    module works on zones of its own)."""
    workdir = tmp_path_factory.mktemp("cli-lab")
    with running_lab(workdir / "lab") as lab:
        site = CliLab(lab, workdir / "repo.db")
        site.cli("node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))
        yield site
        stop_engines(workdir)
