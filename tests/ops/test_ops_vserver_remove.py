"""Removing vServers with the CLI: halt, uninstall, delete the configuration, export or
destroy the pools; refusals before anything runs. Checked over SSH in the lab and in
the repository. One lab for the module: each test has its own zones."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import asyncssh
import pytest

from vdcftui.lab.runner import LabThread
from vdcftui.lab.spec import load_spec

VDCFTUI = str(Path(sys.executable).with_name("vdcftui"))
SPARE_A = "600A0B800011382800000A0B84D10001"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One lab and one discovered repository for the module."""
    workdir = tmp_path_factory.mktemp("remove")
    runner = LabThread(load_spec(), workdir / "lab", ephemeral_ports=True)
    started = runner.start()
    started.repo = workdir / "repo.db"
    cli(started.repo, "node", "discover", "--lab", "--inventory",
        str(started.workdir / "inventory.json"))
    yield started
    stop_engine(workdir)
    runner.stop()


def stop_engine(workdir: Path) -> None:
    """Stop the engine the module's CLI commands started in the background."""
    for pid_file in workdir.rglob("engine.pid"):
        pid = pid_file.read_text().strip().rpartition(":")[2]
        if pid.isdigit():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGTERM)


def cli(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([VDCFTUI, "--repo", str(repo), *args], capture_output=True,
                            text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def ssh(lab, node: str, command: str) -> str:
    """Run a command on a lab node over SSH; its standard output."""
    entry = next(n for n in lab.inventory()["nodes"] if n["name"] == node)

    async def run() -> str:
        async with asyncssh.connect(entry["address"], port=entry["port"], known_hosts=None,
                                    username=lab.credentials.username,
                                    client_keys=[str(lab.client_key_path)]) as conn:
            return (await conn.run(command, check=False)).stdout

    return asyncio.run(run())


def shown(lab, name: str) -> dict:
    return json.loads(cli(lab.repo, "vserver", "show", name, "--json").stdout)


def zones(lab, node: str) -> str:
    return ssh(lab, node, "zoneadm list -cp")


def test_remove_an_installed_vserver_keeps_its_data(lab):
    dry = cli(lab.repo, "vserver", "remove", "web03", "--dry-run").stdout
    assert "zoneadm -z web03 uninstall -F" in dry and "zpool export web03_pool" in dry
    assert ":web03:installed:" in zones(lab, "node03")
    unconfirmed = cli(lab.repo, "vserver", "remove", "web03", check=False)
    assert unconfirmed.returncode == 2 and "destroys its zone root" in unconfirmed.stderr
    assert ":web03:installed:" in zones(lab, "node03")
    cli(lab.repo, "vserver", "remove", "web03", "--confirm", "web03")
    assert ":web03:" not in zones(lab, "node03")
    assert "web03" not in ssh(lab, "node03", "zonecfg -z web03 export")
    assert "pool: web03_pool" in ssh(lab, "node03", "zpool import")
    dataset = json.loads(cli(lab.repo, "dataset", "show", "web03_pool", "--json").stdout)
    assert (dataset["vserver"], dataset["node"], dataset["state"]) == (None, None, "exported")
    assert "web03_pool/data" in dataset["filesystems"]
    assert "web03_pool/zone" not in dataset["filesystems"]
    gone = cli(lab.repo, "vserver", "show", "web03", check=False)
    assert gone.returncode != 0 and "web03" in gone.stderr


def test_a_running_slave_blocks_removal_then_datasets_are_destroyed(lab):
    cli(lab.repo, "vserver", "depend", "web05", "--on", "web02")
    refused = cli(lab.repo, "vserver", "remove", "web02", "--confirm", "web02", check=False)
    assert refused.returncode == 5 and "web05 depends on it and is running" in refused.stderr
    assert ":web02:running:" in zones(lab, "node03")
    unconfirmed = cli(lab.repo, "vserver", "remove", "web05", "--delete-datasets", check=False)
    assert unconfirmed.returncode == 2 and "--confirm web05" in unconfirmed.stderr
    cli(lab.repo, "vserver", "remove", "web05", "--delete-datasets", "--confirm", "web05")
    assert ":web05:" not in zones(lab, "node03")
    assert "web05_pool" not in ssh(lab, "node03", "zpool list -H -o name")
    assert "web05_pool" not in ssh(lab, "node03", "zpool import")
    assert cli(lab.repo, "dataset", "show", "web05_pool", check=False).returncode != 0
    cli(lab.repo, "vserver", "remove", "web02", "--confirm", "web02")
    assert ":web02:" not in zones(lab, "node03")
    assert "web02" not in [v["name"] for v in json.loads(
        cli(lab.repo, "vserver", "list", "--json").stdout)]


def test_remove_a_definition_and_refusals(lab):
    cli(lab.repo, "vserver", "create", "shop07", "--node", "node08", "--dataset",
        f"shop07_pool:{SPARE_A}", "--net", "public:10.20.0.87/24")
    hostile = cli(lab.repo, "vserver", "remove", "shop07;reboot", check=False)
    assert hostile.returncode == 2 and "invalid zone name" in hostile.stderr
    readonly = cli(lab.repo, "--readonly", "vserver", "remove", "shop07", "--confirm", "shop07",
                   check=False)
    assert readonly.returncode == 3 and "read-only" in readonly.stderr
    cli(lab.repo, "vserver", "remove", "shop07", "--confirm", "shop07")
    assert cli(lab.repo, "vserver", "show", "shop07", check=False).returncode != 0
    assert cli(lab.repo, "dataset", "show", "shop07_pool", check=False).returncode != 0
    assert ":shop07:" not in zones(lab, "node08")
