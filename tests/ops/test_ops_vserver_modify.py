"""Modifying vServers with the CLI: datasets, networks and filesystem renames, live
(zonecfg -r) and pending until a reboot job; every result checked over SSH in the lab
and in `vserver show --json`. One lab for the module: each test has its own zones."""

from __future__ import annotations

import json

SPARE_A = "600A0B800011382800000A0B84D10001"
SPARE_B = "600A0B800011382800000A0B84D10002"
SPARE_C = "600A0B800011382800000A0B84D10003"
NOT_ON_NODE03 = "600A0B800011382800000A0B84B1001F"


def shown(lab, name: str) -> dict:
    return json.loads(lab.cli("vserver", "show", name, "--json").stdout)


def test_datasets_live_and_at_the_next_reboot(cli_lab):
    lab = cli_lab
    lab.cli("vserver", "modify", "web01", "--add-dataset", f"web01_extra:{SPARE_A}", "--live")
    assert "web01_extra\n" in lab.ssh("node03", "zpool list -H -o name")
    for mode in ("", "-r "):
        assert "set name=web01_extra\n" in lab.ssh("node03", f"zonecfg -z web01 {mode}export")
    assert "web01_extra" in shown(lab, "web01")["datasets"]

    lab.cli("vserver", "modify", "web01", "--remove-dataset", "web01_extra", "--live")
    for mode in ("", "-r "):
        assert "web01_extra" not in lab.ssh("node03", f"zonecfg -z web01 {mode}export")
    assert "web01_extra" not in lab.ssh("node03", "zpool list -H -o name")
    assert "pool: web01_extra" in lab.ssh("node03", "zpool import")  # exported, data kept
    kept = json.loads(lab.cli("dataset", "show", "web01_extra", "--json").stdout)
    assert (kept["vserver"], kept["state"]) == (None, "exported")

    lab.cli("vserver", "modify", "web01", "--add-dataset", f"web01_more:{SPARE_B},{SPARE_C}:1")
    assert shown(lab, "web01")["pending_changes"] == ["add dataset web01_more"]
    assert "web01_more" not in lab.ssh("node03", "zpool list -H -o name")
    lab.cli("vserver", "reboot", "web01")
    assert "web01_more\n" in lab.ssh("node03", "zpool list -H -o name")
    assert "set name=web01_more\n" in lab.ssh("node03", "zonecfg -z web01 -r export")
    after = shown(lab, "web01")
    assert after["pending_changes"] == [] and "web01_more" in after["datasets"]

    unconfirmed = lab.cli(
        "vserver", "modify", "web01", "--remove-dataset", "web01_more", "--destroy", check=False
    )
    assert unconfirmed.returncode == 2 and "--confirm web01" in unconfirmed.stderr
    lab.cli(
        "vserver",
        "modify",
        "web01",
        "--remove-dataset",
        "web01_more",
        "--destroy",
        "--confirm",
        "web01",
    )
    assert "web01_more\n" in lab.ssh("node03", "zpool list -H -o name")
    lab.cli("vserver", "reboot", "web01")
    assert "web01_more" not in lab.ssh("node03", "zpool list -H -o name")
    assert "web01_more" not in lab.ssh("node03", "zpool import")
    assert "web01_more" not in lab.ssh("node03", "zonecfg -z web01 export")
    assert lab.cli("dataset", "show", "web01_more", check=False).returncode != 0


def test_networks_live_and_at_the_next_reboot(cli_lab):
    lab = cli_lab
    lab.cli("vserver", "modify", "web02", "--add-net", "public:10.20.0.90/24", "--live")
    anet = "add anet\nset linkname=net1\nset lower-link=net1\nset allowed-address=10.20.0.90/24"
    for mode in ("", "-r "):
        assert anet in lab.ssh("node03", f"zonecfg -z web02 {mode}export")
    nets = shown(lab, "web02")["networks"]
    assert {
        "linkname": "net1",
        "interface": "net1",
        "address": "10.20.0.90",
        "prefixlen": 24,
        "type": "public",
    } in nets

    lab.cli("vserver", "modify", "web02", "--remove-net", "net1", "--live")
    for mode in ("", "-r "):
        assert "linkname=net1" not in lab.ssh("node03", f"zonecfg -z web02 {mode}export")
    assert [n["linkname"] for n in shown(lab, "web02")["networks"]] == ["net0"]

    lab.cli("vserver", "modify", "web02", "--add-net", "backup:10.30.0.91/24")
    assert "linkname=net1" not in lab.ssh("node03", "zonecfg -z web02 export")
    lab.cli("vserver", "reboot", "web02")
    running = lab.ssh("node03", "zonecfg -z web02 -r export")
    assert "set linkname=net1\nset lower-link=net2\nset allowed-address=10.30.0.91/24" in running
    assert [n["type"] for n in shown(lab, "web02")["networks"]] == [None, "backup"]


def test_rename_a_filesystem_live_and_at_the_next_reboot(cli_lab):
    lab = cli_lab
    lab.cli("vserver", "modify", "web05", "--add-fs", "data:/logs", "--live")
    lab.cli("vserver", "modify", "web05", "--rename-fs", "/logs:/applogs", "--live")
    listing = lab.ssh("node03", "zfs list -H -o name,mountpoint -r web05_pool")
    assert "web05_pool/applogs\t/zones/web05/root/applogs\n" in listing
    assert "web05_pool/logs" not in listing
    filesystems = {f["name"]: f["mountpoint"] for f in shown(lab, "web05")["filesystems"]}
    assert filesystems["web05_pool/applogs"] == "/applogs"

    lab.cli("vserver", "modify", "web05", "--rename-fs", "/applogs:/var/weblogs")
    assert "web05_pool/applogs" in lab.ssh("node03", "zfs list -H -o name -r web05_pool")
    lab.cli("vserver", "reboot", "web05")
    listing = lab.ssh("node03", "zfs list -H -o name,mountpoint -r web05_pool")
    assert "web05_pool/var_weblogs\t/zones/web05/root/var/weblogs\n" in listing
    filesystems = {f["name"]: f["mountpoint"] for f in shown(lab, "web05")["filesystems"]}
    assert filesystems.get("web05_pool/var_weblogs") == "/var/weblogs"


def test_solaris10_takes_network_changes_at_the_next_reboot_only(cli_lab):
    lab = cli_lab
    live = lab.cli(
        "vserver", "modify", "app01", "--add-net", "public:10.20.0.92/24", "--live", check=False
    )
    assert live.returncode == 5
    assert "node04 runs Solaris 10" in live.stderr and "no live reconfiguration" in live.stderr
    assert "10.20.0.92" not in lab.ssh("node04", "zonecfg -z app01 export")
    lab.cli("vserver", "modify", "app01", "--add-net", "public:10.20.0.92/24")
    lab.cli("vserver", "reboot", "app01")
    # Solaris 10 IPMP: the zone's net goes on a member of the group (igb2 of ipmp0)
    assert "add net\nset physical=igb2\nset address=10.20.0.92/24\nend\n" in lab.ssh(
        "node04", "zonecfg -z app01 export"
    )
    assert "10.20.0.92" in [n["address"] for n in shown(lab, "app01")["networks"]]


def test_refusals_before_anything_runs(cli_lab):
    lab = cli_lab
    before = lab.ssh("node03", "zonecfg -z web01 export")
    unseen = lab.cli(
        "vserver",
        "modify",
        "web01",
        "--add-dataset",
        f"web01_far:{NOT_ON_NODE03}",
        "--live",
        check=False,
    )
    assert unseen.returncode == 5
    assert f"node03 does not see LUN {NOT_ON_NODE03}" in unseen.stderr
    for args, message in (
        (["--add-net", "public:1.2.3.4/24;reboot"], "is not ADDRESS/PREFIX"),
        (["--add-dataset", f"bad pool:{SPARE_A}"], "invalid zpool name 'bad pool'"),
        (["--remove-dataset", "bad pool"], "invalid zpool name 'bad pool'"),
        (["--remove-net", "net0;reboot"], "invalid link name"),
        (["--rename-fs", "/data:/x y"], "invalid mount point name"),
    ):
        for live in ([], ["--live"]):
            result = lab.cli("vserver", "modify", "web01", *args, *live, check=False)
            assert result.returncode == 2 and message in result.stderr, (args, result.stderr)
    readonly = lab.cli(
        "--readonly", "vserver", "modify", "web01", "--add-net", "public:10.20.0.93/24", check=False
    )
    assert readonly.returncode == 3 and "read-only" in readonly.stderr
    assert lab.ssh("node03", "zonecfg -z web01 export") == before
    assert shown(lab, "web01")["pending_changes"] == []


def test_an_added_dataset_follows_the_vserver_through_detach_and_attach(cli_lab):
    lab = cli_lab
    spare_d = "600A0B800011382800000A0B84D10004"
    lab.cli("vserver", "modify", "web02", "--add-dataset", f"web02_extra:{spare_d}", "--live")
    lab.cli("vserver", "detach", "web02")
    attached = lab.cli("vserver", "attach", "web02", "--to", "node08", "--boot")
    assert "zpool import web02_extra" in attached.stdout
    assert "set name=web02_extra\n" in lab.ssh("node08", "zonecfg -z web02 export")
    assert "web02_extra\n" in lab.ssh("node08", "zpool list -H -o name")
    assert ":web02:running:" in lab.ssh("node08", "zoneadm list -cp")
