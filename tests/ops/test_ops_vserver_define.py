"""Defining and committing a vServer on the lab, then migrating it (the operator's flow)."""

from __future__ import annotations

import json

from tests.helpers import run_cli as cli
from vdcftui.solaris.cmd.zones import zone_addresses

SPARE_A = "600A0B800011382800000A0B84D10001"
SPARE_B = "600A0B800011382800000A0B84D10002"
SPARE_ONLY_NODE08 = "600A0B800011382800000A0B84D10004"


def in_zone(lab, node: str, zone: str, command: str) -> str:
    """What a command run in the zone prints (zlogin on its node)."""
    return lab.state.nodes[node].exec_command(f"zlogin {zone} {command}")[0]


def listing(lab, node: str) -> str:
    return lab.state.nodes[node].exec_command("zoneadm list -cp")[0]


def test_create_commit_and_migrate_with_the_cli(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    cli(repo, "node", "discover", "--lab", "--inventory", str(fresh_lab.workdir / "inventory.json"))
    cli(
        repo,
        "vserver",
        "create",
        "shop01",
        "--node",
        "node08",
        "--dataset",
        f"shop01_pool:{SPARE_A},{SPARE_B}:1",
        "--fs",
        "data:/data:2G",
        "--net",
        "management:192.168.10.81/24,192.168.10.1",
        "--net",
        "public:10.20.0.81/24",
    )
    assert "DEFINED" in cli(repo, "vserver", "show", "shop01").stdout
    assert "shop01" not in listing(fresh_lab, "node08")
    dry = cli(repo, "vserver", "commit", "shop01", "--dry-run").stdout
    assert f"zpool create shop01_pool mirror c0t{SPARE_A}d0 c0t{SPARE_B}d0" in dry
    committed = cli(repo, "vserver", "commit", "shop01")
    assert "succeeded" in committed.stdout, committed.stdout
    assert ":shop01:running:/zones/shop01:" in listing(fresh_lab, "node08")
    assert "running" in cli(repo, "vserver", "show", "shop01").stdout
    # it came up configured: its name, and both addresses inside the zone
    assert "zoneadm -z shop01 install -c /var/tmp/shop01-sc-profile.xml" in dry
    assert in_zone(fresh_lab, "node08", "shop01", "hostname") == "shop01\n"
    assert fresh_lab.state.nodes["node08"].exec_command(zone_addresses("shop01").text())[0] == (
        "lo0/v4:127.0.0.1/8\nnet0/v4:192.168.10.81/24\nnet1/v4:10.20.0.81/24\n"
    )
    assert "/var/tmp/shop01-sc-profile.xml" not in fresh_lab.state.nodes["node08"].files
    cli(repo, "node", "discover", "--lab", "--inventory", str(fresh_lab.workdir / "inventory.json"))
    nets = json.loads(cli(repo, "vserver", "show", "shop01", "--json").stdout)["networks"]
    assert [(n["address"], n["prefixlen"]) for n in nets] == [
        ("192.168.10.81", 24),
        ("10.20.0.81", 24),
    ]
    moved = cli(repo, "vserver", "migrate", "shop01", "--to", "node03")
    assert "succeeded" in moved.stdout
    assert ":shop01:running:" in listing(fresh_lab, "node03")
    assert "shop01" not in listing(fresh_lab, "node08")


def test_commit_is_refused_when_the_node_cannot_see_a_lun(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    cli(repo, "node", "discover", "--lab", "--inventory", str(fresh_lab.workdir / "inventory.json"))
    cli(
        repo,
        "vserver",
        "create",
        "shop02",
        "--node",
        "gdom01",
        "--dataset",
        f"shop02_pool:{SPARE_ONLY_NODE08}",
        "--net",
        "public:10.20.0.82/24",
    )
    refused = cli(repo, "vserver", "commit", "shop02", check=False)
    assert refused.returncode == 5
    assert f"gdom01 does not see LUN {SPARE_ONLY_NODE08}" in refused.stderr


def test_bad_definitions_are_refused_before_anything_is_recorded(tmp_path):
    repo = tmp_path / "repo.db"
    for args, message in (
        (["--dataset", "p:XYZ", "--net", "public:10.0.0.1/24"], "invalid WWN name 'XYZ'"),
        (["--dataset", f"p:{SPARE_A}:5", "--net", "public:10.0.0.1/24"], "RAID level"),
        (["--dataset", f"p:{SPARE_A}", "--net", "dmz:10.0.0.1/24"], "type must be one of"),
        (["--dataset", f"p:{SPARE_A}", "--net", "public:10.0.0.1"], "prefix length"),
        (
            ["--dataset", f"p:{SPARE_A}", "--net", "public:10.0.0.1/24", "--fs", "data:rel"],
            "must be an absolute path",
        ),
    ):
        result = cli(repo, "vserver", "create", "shop09", "--node", "node08", *args, check=False)
        assert result.returncode == 2 and message in result.stderr, (args, result.stderr)


def test_definition_file(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    cli(repo, "node", "discover", "--lab", "--inventory", str(fresh_lab.workdir / "inventory.json"))
    definition = tmp_path / "shop03.toml"
    definition.write_text(
        f'name = "shop03"\nnode = "node03"\n'
        f'datasets = ["shop03_pool:{SPARE_A}"]\n'
        f'filesystems = ["data:/srv:1G"]\n'
        f'networks = ["public:10.20.0.83/24"]\n'
    )
    cli(repo, "vserver", "create", "--file", str(definition))
    shown = cli(repo, "vserver", "show", "shop03").stdout
    assert "DEFINED" in shown and "shop03_pool" in shown
    broken = tmp_path / "broken.toml"
    broken.write_text('node = "node03"\n')
    result = cli(repo, "vserver", "create", "--file", str(broken), check=False)
    assert result.returncode == 2 and "missing 'name'" in result.stderr
