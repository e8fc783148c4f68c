"""Evacuating a node as an operator does, through the CLI on the lab: the placement
table first, then one job of migrations. A target failing mid-way stops the job with
the vServers already moved kept and recorded, the failed one back on its source and
the rest untouched; running the evacuation again moves only what is left. Every zone
ends on exactly one node, as the nodes themselves say over SSH."""

from __future__ import annotations

import json


def _zones_on(lab, node: str) -> dict[str, str]:
    """zone -> state as `zoneadm list -cp` on the node prints them."""
    lines = lab.ssh(node, "zoneadm list -cp").splitlines()
    return {f[1]: f[2] for f in (line.split(":") for line in lines) if f[1] != "global"}


def _where(lab, zone: str) -> list[str]:
    return [n for n in ("node05", "node06") if zone in _zones_on(lab, n)]


def _node_of(lab, zone: str) -> str:
    return json.loads(lab.cli("vserver", "show", zone, "--json").stdout)["node"]


def test_a_target_failing_mid_evacuation_keeps_what_moved_and_a_rerun_moves_the_rest(cli_lab):
    lab = cli_lab
    moving = ("db01", "db02", "db03")
    assert all(_where(lab, zone) == ["node05"] for zone in moving)
    dry = lab.cli("node", "evacuate", "node05", "--dry-run").stdout
    assert "db01 -> node06: sees 2/2 LUNs" in dry
    lab.lab.faults.fail_next(
        "node06", r"zoneadm -z db02 attach", stderr="zoneadm: zone 'db02': attach failed\n"
    )
    failed = lab.cli("node", "evacuate", "node05", check=False)
    assert failed.returncode != 0
    assert "-- db01 (steps 1-" in failed.stdout and "-- db03 (steps" in failed.stdout
    assert "zoneadm: zone 'db02': attach failed" in failed.stderr
    assert "done and recorded: db01; not started: db03" in failed.stderr
    assert _where(lab, "db01") == ["node06"] and _node_of(lab, "db01") == "node06"
    assert _where(lab, "db02") == ["node05"] and _node_of(lab, "db02") == "node05"
    assert _where(lab, "db03") == ["node05"] and _node_of(lab, "db03") == "node05"

    again = lab.cli("node", "evacuate", "node05")
    assert "-- db02 (steps 1-" in again.stdout and "db01" not in again.stdout.split("plan:")[1]
    for zone in moving:
        assert _where(lab, zone) == ["node06"], zone
        assert _node_of(lab, zone) == "node06"
    assert _zones_on(lab, "node06")["db01"] == "running"
    nothing = lab.cli("node", "evacuate", "node05", check=False)
    assert (
        nothing.returncode == 5
        and "carries no vServer or GDom that needs to move" in nothing.stderr
    )
    audit = lab.cli("audit", "--object", "node05").stdout
    assert "evacuate failed" in audit and "evacuate succeeded" in audit


def _configured_on(lab, zone: str) -> list[str]:
    return [n for n, host in lab.lab.state.nodes.items() if zone in host.zones]


def test_a_node_of_six_vservers_with_priorities_and_a_dependency_is_evacuated(cli_lab):
    lab = cli_lab
    carried = json.loads(lab.cli("vserver", "list", "--node", "node08", "--json").stdout)
    assert len(carried) >= 6
    for name, priority in (("erp04", 9), ("erp03", 8), ("erp06", 7), ("erp01", 5), ("erp02", 3)):
        lab.cli("vserver", "priority", name, str(priority))
    lab.cli("vserver", "depend", "erp03", "--on", "erp01")  # installed slave, running master
    bad = lab.cli("vserver", "priority", "erp01", "100", check=False)
    assert bad.returncode != 0 and "from 0 to 99" in bad.stderr

    dry = json.loads(lab.cli("node", "evacuate", "node08", "--dry-run", "--json").stdout)
    order = [move["name"] for move in dry["moves"]]
    assert order == ["erp04", "erp06", "erp01", "erp03", "erp02"]  # erp03 waits for erp01
    states = {row["name"]: row["state"] for row in carried}
    lab.cli("node", "evacuate", "node08")
    for move in dry["moves"]:
        zone = move["name"]
        assert _configured_on(lab, zone) == [move["target"]], zone
        assert lab.lab.state.nodes[move["target"]].zones[zone].state == states[zone]
        assert _node_of(lab, zone) == move["target"]
    assert _configured_on(lab, "erp05") == ["node08"]  # configured only: it stays


def test_a_running_master_moves_with_its_running_slave_stopped_first(cli_lab):
    lab = cli_lab
    lab.cli("vserver", "depend", "web02", "--on", "web01")  # both run on node03
    alone = lab.cli("vserver", "migrate", "web01", "--to", "node08", "--dry-run", check=False)
    assert alone.returncode == 5 and "its slave web02 is running" in alone.stderr
    dry = json.loads(lab.cli("node", "evacuate", "node03", "--dry-run", "--json").stdout)
    targets = {move["name"]: move["target"] for move in dry["moves"]}
    plan = lab.cli("node", "evacuate", "node03").stdout
    part = plan.split("-- web01+web02")[1].split("\n  -- ")[0]
    first = part.index("zoneadm -z web02 shutdown")
    assert first < part.index("zoneadm -z web01 shutdown") < part.index("zoneadm -z web01 boot")
    assert part.index("zoneadm -z web01 boot") < part.rindex("zoneadm -z web02 boot")
    for zone in ("web01", "web02"):
        assert _configured_on(lab, zone) == [targets[zone]]
        assert lab.lab.state.nodes[targets[zone]].zones[zone].state == "running"
        shown = json.loads(lab.cli("vserver", "show", zone, "--json").stdout)
        assert (shown["node"], shown["state"]) == (targets[zone], "running")
