"""Removing vServers with the CLI: halt, uninstall, delete the configuration, export or
destroy the pools; refusals before anything runs. Checked over SSH in the lab and in
the repository. One lab for the module: each test has its own zones."""

from __future__ import annotations

import json

SPARE_A = "600A0B800011382800000A0B84D10001"


def shown(lab, name: str) -> dict:
    return json.loads(lab.cli("vserver", "show", name, "--json").stdout)


def zones(lab, node: str) -> str:
    return lab.ssh(node, "zoneadm list -cp")


def test_remove_an_installed_vserver_keeps_its_data(cli_lab):
    lab = cli_lab
    dry = lab.cli("vserver", "remove", "web03", "--dry-run").stdout
    assert "zoneadm -z web03 uninstall -F" in dry and "zpool export web03_pool" in dry
    assert ":web03:installed:" in zones(lab, "node03")
    unconfirmed = lab.cli("vserver", "remove", "web03", check=False)
    assert unconfirmed.returncode == 2 and "destroys its zone root" in unconfirmed.stderr
    assert ":web03:installed:" in zones(lab, "node03")
    lab.cli("vserver", "remove", "web03", "--confirm", "web03")
    assert ":web03:" not in zones(lab, "node03")
    assert "web03" not in lab.ssh("node03", "zonecfg -z web03 export")
    assert "pool: web03_pool" in lab.ssh("node03", "zpool import")
    dataset = json.loads(lab.cli("dataset", "show", "web03_pool", "--json").stdout)
    assert (dataset["vserver"], dataset["node"], dataset["state"]) == (None, None, "exported")
    assert "web03_pool/data" in dataset["filesystems"]
    assert "web03_pool/zone" not in dataset["filesystems"]
    gone = lab.cli("vserver", "show", "web03", check=False)
    assert gone.returncode != 0 and "web03" in gone.stderr


def test_a_running_slave_blocks_removal_then_datasets_are_destroyed(cli_lab):
    lab = cli_lab
    lab.cli("vserver", "depend", "web05", "--on", "web02")
    refused = lab.cli("vserver", "remove", "web02", "--confirm", "web02", check=False)
    assert refused.returncode == 5 and "web05 depends on it and is running" in refused.stderr
    assert ":web02:running:" in zones(lab, "node03")
    unconfirmed = lab.cli("vserver", "remove", "web05", "--delete-datasets", check=False)
    assert unconfirmed.returncode == 2 and "--confirm web05" in unconfirmed.stderr
    lab.cli("vserver", "remove", "web05", "--delete-datasets", "--confirm", "web05")
    assert ":web05:" not in zones(lab, "node03")
    assert "web05_pool" not in lab.ssh("node03", "zpool list -H -o name")
    assert "web05_pool" not in lab.ssh("node03", "zpool import")
    assert lab.cli("dataset", "show", "web05_pool", check=False).returncode != 0
    lab.cli("vserver", "remove", "web02", "--confirm", "web02")
    assert ":web02:" not in zones(lab, "node03")
    assert "web02" not in [
        v["name"] for v in json.loads(lab.cli("vserver", "list", "--json").stdout)
    ]


def test_remove_a_definition_and_refusals(cli_lab):
    lab = cli_lab
    lab.cli(
        "vserver",
        "create",
        "shop07",
        "--node",
        "node08",
        "--dataset",
        f"shop07_pool:{SPARE_A}",
        "--net",
        "public:10.20.0.87/24",
    )
    hostile = lab.cli("vserver", "remove", "shop07;reboot", check=False)
    assert hostile.returncode == 2 and "invalid zone name" in hostile.stderr
    readonly = lab.cli(
        "--readonly", "vserver", "remove", "shop07", "--confirm", "shop07", check=False
    )
    assert readonly.returncode == 3 and "read-only" in readonly.stderr
    lab.cli("vserver", "remove", "shop07", "--confirm", "shop07")
    assert lab.cli("vserver", "show", "shop07", check=False).returncode != 0
    assert lab.cli("dataset", "show", "shop07_pool", check=False).returncode != 0
    assert ":shop07:" not in zones(lab, "node08")
