"""Placement on the discovered lab, through the CLI: a node's evacuation explained, the
targets it picks accepted by migration's own pre-checks, a CDom's GDoms placed on the
other control domain, and `pool survive` agreeing with `node evacuate` for every node."""

from __future__ import annotations

import json

from vdcftui.ops.vserver.candidates import migration_candidates
from vdcftui.ops.vserver.migrate import check_levels, check_luns
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository


def evacuation(cli_lab, node: str) -> tuple[int, dict]:
    result = cli_lab.cli("node", "evacuate", node, "--dry-run", "--json", check=False)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_node05_moves_to_node06_where_migration_accepts_every_move(cli_lab):
    status, record = evacuation(cli_lab, "node05")
    assert status == 0 and record["complete"] and record["pool"] == "pool-b"
    assert [(m["name"], m["target"], m["attach_update"]) for m in record["moves"]] == [
        ("db01", "node06", True),
        ("db02", "node06", True),
        ("db03", "node06", True),
    ]
    assert record["decisions"][0]["text"].startswith("db01 -> node06: sees 2/2 LUNs, CPU ")
    assert record["decisions"][-1]["text"] == "db04 stays: it is configured: nothing to move"
    open_repository(cli_lab.repo, create=False)
    for move in record["moves"]:
        vserver = m.VServer.get(m.VServer.name == move["name"])
        source, target = vserver.node, m.Node.get(m.Node.name == move["target"])
        assert check_levels(vserver, source, target, allow_upgrade=True)[0] is True
        check_luns(vserver, target)
        fitting = [c.node for c in migration_candidates(vserver.name) if c.fits]
        assert move["target"] in fitting


def test_a_cdoms_gdoms_that_must_move_cold_on_unknown_disks_are_not_placed(cli_lab):
    status, record = evacuation(cli_lab, "cdom02")
    assert status == 1 and record["moves"] == []
    assert [u["name"] for u in record["unplaced"]] == ["gdom03", "gdom04"]
    assert record["unplaced"][0]["reason"] == (
        "no control domain of pool-a fits: cdom01: moves cold, and disk rootdisk (volume "
        "gdom03-root@primary-vds0) is not on a LUN the repository knows (only the dry "
        "run of a live migration can check the target serves it)"
    )
    assert record["decisions"][-1]["text"] == "gdom05 stays: it is inactive: nothing to move"


def test_pool_survive_agrees_with_node_evacuate_for_every_node(cli_lab):
    for pool in ("pool-a", "pool-b"):
        result = cli_lab.cli("pool", "survive", pool, "--json", check=False)
        rows = json.loads(result.stdout)
        assert result.returncode == (0 if all(r["placeable"] for r in rows) else 1)
        for row in rows:
            status, record = evacuation(cli_lab, row["node"])
            assert row["placeable"] == record["complete"] == (status == 0)
            assert row["placed"] == len(record["moves"])
    table = cli_lab.cli("pool", "survive", "pool-b", check=False).stdout.splitlines()
    node04 = next(line for line in table if line.startswith("node04"))
    assert node04.split()[:5] == ["node04", "up", "4", "0", "no"]
    assert "no node of pool-b fits: node05: node04 is sparc, node05 is i386" in node04


def test_unknown_nodes_and_pools_are_one_line_errors(cli_lab):
    for args in (("node", "evacuate", "node99", "--dry-run"), ("pool", "survive", "pool-z")):
        result = cli_lab.cli(*args, check=False)
        assert result.returncode == 1
        assert result.stderr.startswith("vdcftui: no ") and "Traceback" not in result.stderr
