"""Issue 3's walk-through, as an operator does it with the CLI: create and commit a
vServer on one node, stop and boot it, add a data filesystem live, migrate it to a
node that sees its LUNs, onto a GDom that carries zones, and back. After every step
`zoneadm list -cp` over SSH on every reachable node shows it in exactly one place and
state, and `vserver show` agrees."""

from __future__ import annotations

import json

SPARE_A = "600A0B800011382800000A0B84D10001"
SPARE_B = "600A0B800011382800000A0B84D10002"


def placements(lab, zone: str) -> dict[str, str]:
    """Node -> state of the zone, from `zoneadm list -cp` over SSH on every node."""
    found = {}
    for entry in lab.lab.inventory()["nodes"]:
        if not lab.lab.state.nodes[entry["name"]].powered:
            continue
        for line in lab.ssh(entry["name"], "zoneadm list -cp").splitlines():
            fields = line.split(":")
            if fields[1] == zone:
                found[entry["name"]] = fields[2]
    return found


def shown(lab, zone: str) -> tuple[str, str]:
    record = json.loads(lab.cli("vserver", "show", zone, "--json").stdout)
    return record["node"], record["state"]


def test_create_commit_boot_modify_and_migrate_across_nodes_and_a_gdom(cli_lab):
    lab = cli_lab
    lab.cli(
        "vserver",
        "create",
        "shop09",
        "--node",
        "node08",
        "--dataset",
        f"shop09_pool:{SPARE_A},{SPARE_B}:1",
        "--net",
        "management:192.168.10.89/24",
    )
    assert placements(lab, "shop09") == {}
    lab.cli("vserver", "commit", "shop09")
    assert placements(lab, "shop09") == {"node08": "running"}
    assert shown(lab, "shop09") == ("node08", "running")

    lab.cli("vserver", "shutdown", "shop09")
    assert placements(lab, "shop09") == {"node08": "installed"}
    lab.cli("vserver", "boot", "shop09")
    assert placements(lab, "shop09") == {"node08": "running"}

    lab.cli("vserver", "modify", "shop09", "--add-fs", "data:/data:1G", "--live")
    assert "shop09_pool/data\t1G\n" in lab.ssh("node08", "zfs list -H -o name,quota -r shop09_pool")

    for target in ("node03", "gdom01", "node08"):
        lab.cli("vserver", "migrate", "shop09", "--to", target)
        assert placements(lab, "shop09") == {target: "running"}
        assert shown(lab, "shop09") == (target, "running")
        assert "shop09_pool/data" in lab.ssh(target, "zfs list -H -o name -r shop09_pool")
