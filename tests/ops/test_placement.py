"""Placement of a node's workload on its pool (F-EVA, pool N+1), on small repositories
built through the models: priority and dependency order, overload, LUN visibility,
releases, fenced and down nodes, GDoms of a CDom, survival agreeing with evacuation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import run_cli
from vdcftui.errors import OperatorError, UsageError
from vdcftui.ops.placement.place import Outcome, place_evacuation, pool_survival
from vdcftui.readmodel.survival import pool_verdict
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository

WWN = "600A0B800026B2820000{:012X}"


class Site:
    """A repository file with one compute pool, built row by row."""

    def __init__(self, path: Path) -> None:
        self.path = path
        open_repository(path)
        self.pool = m.ComputePool.create(name="pool-x")
        self.luns = 0

    def node(self, name: str, **values) -> m.Node:
        """A node of the pool: up, SPARC, Solaris 11.4 SRU 42, 64 CPUs, 256 GB unless told."""
        fields = {
            "pool": self.pool,
            "state": "up",
            "arch": "sparc",
            "os_version": "11.4",
            "sru": "11.4.42.111.0",
            "cpu_threads": 64,
            "memory_mb": 262144,
        }
        return m.Node.create(name=name, **(fields | values))

    def vserver(self, name: str, node: m.Node, luns: int = 1, **values) -> m.VServer:
        """A running vServer with a dataset on ``luns`` new LUNs seen by its node."""
        vserver = m.VServer.create(name=name, node=node, **({"state": "running"} | values))
        dataset = m.Dataset.create(name=f"{name}_pool", vserver=vserver, node=node)
        for _ in range(luns):
            self.luns += 1
            lun = m.Lun.create(wwn=WWN.format(self.luns))
            m.DatasetLun.create(dataset=dataset, lun=lun)
            m.NodeLun.create(node=node, lun=lun)
        return vserver

    def sees(self, node: m.Node, *vservers: m.VServer) -> None:
        """Let ``node`` see every LUN of these vServers."""
        for vserver in vservers:
            for dataset in vserver.datasets:
                for link in dataset.luns:
                    m.NodeLun.get_or_create(node=node, lun=link.lun)


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(tmp_path / "repo.db")


def moves(node: str) -> list[tuple[str, str]]:
    return [(move.name, move.target) for move in place_evacuation(node).moves]


def test_highest_priority_first_and_it_gets_the_room(site):
    source, target = site.node("n1"), site.node("n2", memory_mb=16384)
    low = site.vserver("low", source, priority=1, memory_cap_mb=8192)
    high = site.vserver("high", source, priority=9, memory_cap_mb=8192)
    mid = site.vserver("mid", source, priority=5, memory_cap_mb=8192)
    site.sees(target, low, high, mid)
    placement = place_evacuation("n1")
    assert [d.name for d in placement.decisions] == ["high", "mid", "low"]
    assert [(m.name, m.target) for m in placement.moves] == [("high", "n2"), ("mid", "n2")]
    assert placement.unplaced == (
        (
            "low",
            "no node of pool-x fits: n2: memory caps would total 24576 MB of 16384 MB",
        ),
    )
    assert not placement.complete


def test_masters_before_slaves_and_a_slave_waits_for_its_master(site):
    source, target = site.node("n1"), site.node("n2")
    master = site.vserver("master", source, priority=1)
    slave = site.vserver("slave", source, priority=10)
    other = site.vserver("other", source, priority=5)
    m.VServerDependency.create(master=master, slave=slave)
    site.sees(target, master, slave, other)
    assert moves("n1") == [("other", "n2"), ("master", "n2"), ("slave", "n2")]
    m.NodeLun.delete().where(
        (m.NodeLun.node == target) & (m.NodeLun.lun == master.datasets[0].luns[0].lun)
    ).execute()
    placement = place_evacuation("n1")
    assert [m.name for m in placement.moves] == ["other"]
    assert dict(placement.unplaced)["slave"] == "its master master is not placed"


def test_no_target_is_overloaded_counting_what_the_plan_already_placed(site):
    source = site.node("n1")
    target = site.node("n2", cpu_threads=10)
    resident = site.vserver("resident", target, cpu_cap=3.0, state="installed")
    first = site.vserver("first", source, cpu_cap=4.0, priority=2)
    second = site.vserver("second", source, cpu_cap=4.0, priority=1)
    site.sees(target, first, second)
    placement = place_evacuation("n1")
    assert [(m.name, m.target) for m in placement.moves] == [("first", "n2")]
    assert placement.unplaced == (
        ("second", "no node of pool-x fits: n2: CPU caps would total 11 of 10 CPUs"),
    )
    assert resident.node_id == target.id


def test_a_lun_no_node_sees_is_named_and_a_node_that_sees_all_is_chosen(site):
    source = site.node("n1")
    blind, seeing = site.node("n2"), site.node("n3", memory_mb=131072)
    db01 = site.vserver("db01", source, luns=2)
    site.sees(seeing, db01)
    placement = place_evacuation("n1")
    assert placement.decisions[0].text.startswith("db01 -> n3: sees 2/2 LUNs, ")
    lun = db01.datasets[0].luns[0].lun
    m.NodeLun.delete().where(m.NodeLun.lun == lun, m.NodeLun.node != source).execute()
    placement = place_evacuation("n1")
    assert placement.unplaced == (
        ("db01", f"no node in pool-x sees LUN {lun.wwn} (dataset db01_pool)"),
    )
    assert blind.name == "n2"


def test_fenced_down_and_refused_nodes_are_never_chosen(site):
    source = site.node("n1")
    fenced = site.node("n2", memory_mb=1048576, fenced=True)
    down = site.node("n3", memory_mb=1048576, state="down")
    refused = site.node("n4", memory_mb=1048576, refused_as_boot_target=True)
    small = site.node("n5", memory_mb=65536)
    web = site.vserver("web", source)
    site.sees(fenced, web)
    site.sees(down, web)
    site.sees(refused, web)
    site.sees(small, web)
    assert moves("n1") == [("web", "n5")]
    small.state = "unknown"
    small.save()
    assert place_evacuation("n1").unplaced == (
        (
            "web",
            "no other node of pool-x is up and unfenced (n2 is fenced; n3 is down; "
            "n4 is refused as a boot target; 1 more)",
        ),
    )


def test_the_most_free_capacity_after_wins_then_the_name(site):
    source = site.node("n1")
    busy = site.node("a-busy", cpu_threads=20, memory_mb=40960)
    site.vserver("resident", busy, cpu_cap=10.0, memory_cap_mb=8192)
    twin_b, twin_a = site.node("twin-b", cpu_threads=20), site.node("twin-a", cpu_threads=20)
    web = site.vserver("web07", source, luns=2, cpu_cap=2.0, memory_cap_mb=20480)
    for node in (busy, twin_a, twin_b):
        site.sees(node, web)
    placement = place_evacuation("n1")
    assert [d.text for d in placement.decisions] == [
        "web07 -> twin-a: sees 2/2 LUNs, CPU 90 % free after, memory 236 GB free after"
    ]


def test_an_older_release_or_other_architecture_is_refused_a_newer_one_attaches_with_u(site):
    source = site.node("n1")
    older = site.node("n2", sru="11.4.30.88.0")
    x86 = site.node("n3", arch="i386")
    web = site.vserver("web", source)
    site.sees(older, web)
    site.sees(x86, web)
    assert place_evacuation("n1").unplaced == (
        (
            "web",
            "no node of pool-x fits: n2: n2 (11.4.30.88.0) is older than n1 (11.4.42.111.0): "
            "cannot attach to an earlier release; n3: n1 is sparc, n3 is i386",
        ),
    )
    newer = site.node("n4", sru="11.4.50.126.0")
    site.sees(newer, web)
    placement = place_evacuation("n1")
    assert placement.moves[0].target == "n4" and placement.moves[0].upgrade
    assert placement.decisions[0].text.endswith("; attach -u (11.4.50.126.0 > 11.4.42.111.0)")


def test_zones_that_hold_nothing_stay_and_refused_ones_are_not_placed(site):
    source, target = site.node("n1"), site.node("n2")
    idle = site.vserver("idle", source, state="configured")
    bad = site.vserver("bad", source, invalid_reason="zonepath '/z/a b' has a space")
    site.sees(target, idle, bad)
    placement = place_evacuation("n1")
    assert [(d.name, d.outcome) for d in placement.decisions] == [
        ("bad", Outcome.NOT_PLACED),
        ("idle", Outcome.STAYS),
    ]
    assert placement.unplaced == (("bad", "refused: zonepath '/z/a b' has a space"),)


def test_gdoms_of_a_cdom_go_to_other_control_domains_with_room(site):
    cdom = site.node("cdom1", kind="cdom", cpu_threads=128, cpu_type="SPARC-M7")
    small = site.node("cdom2", kind="cdom", cpu_threads=64, cpu_type="SPARC-M7")
    site.node("plain", cpu_threads=512, memory_mb=2097152)
    m.GDom.create(name="g-resident", cdom=small, state="active", vcpus=48, memory_mb=65536)
    m.GDom.create(name="g1", cdom=cdom, state="active", vcpus=16, memory_mb=32768)
    m.GDom.create(name="g2", cdom=cdom, state="bound", vcpus=16, memory_mb=32768)
    m.GDom.create(name="g3", cdom=cdom, state="inactive")
    placement = place_evacuation("cdom1")
    assert [(m.kind, m.name, m.target) for m in placement.moves] == [("gdom", "g1", "cdom2")]
    assert placement.unplaced == (
        ("g2", "no control domain of pool-x fits: cdom2: CPU caps would total 80 of 64 CPUs"),
    )
    assert placement.decisions[-1].text == "g3 stays: it is inactive: nothing to move"


def test_a_gdoms_disk_luns_and_services_choose_its_control_domain(site):
    kind = {"kind": "cdom", "cpu_type": "SPARC-M7", "cpu_threads": 128}
    source, other_vds, blind, good = (site.node(n, **kind) for n in ("c1", "c2", "c3", "c4"))
    lun = m.Lun.create(wwn=WWN.format(99))
    for node in (source, other_vds, good):
        m.NodeLun.create(node=node, lun=lun)

    def disks(volume: str, vds: str, wwn: str | None = None) -> str:
        return json.dumps(
            [{"name": "d0", "vol": f"{volume}@{vds}", **({"lun": wwn} if wwn else {})}]
        )

    nets = json.dumps([{"name": "vnet0", "service": "primary-vsw0@primary"}])
    m.GDom.create(name="r2", cdom=other_vds, state="active", vcpus=1, memory_mb=1024,
                  vdisks=disks("r2-root", "alt-vds0"), vnets=nets)  # fmt: skip
    m.GDom.create(name="r4", cdom=good, state="active", vcpus=1, memory_mb=1024,
                  vdisks=disks("r4-root", "primary-vds0"), vnets=nets)  # fmt: skip
    m.GDom.create(name="g", cdom=source, state="active", vcpus=8, memory_mb=8192,
                  vdisks=disks("g-d0", "primary-vds0", lun.wwn), vnets=nets)  # fmt: skip
    m.GDom.create(name="f", cdom=source, state="bound", vcpus=8, memory_mb=8192,
                  vdisks=disks("f-d0", "primary-vds0"), vnets=nets)  # fmt: skip
    placement = place_evacuation("c1")
    assert [(mv.name, mv.target, mv.cold) for mv in placement.moves] == [("g", "c4", False)]
    refused = dict(placement.unplaced)["f"]
    assert refused.startswith(
        "no control domain of pool-x fits: c2: has no disk service primary-vds0; "
        "c3: moves cold, and disk d0 (volume f-d0@primary-vds0) is not on a LUN"
    )
    explained = {d.name: d.text for d in placement.decisions}["g"]
    assert explained.startswith("g -> c4: sees 1/1 LUNs")
    m.NodeLun.delete().where(m.NodeLun.node == good).execute()
    again = dict(place_evacuation("c1").unplaced)["g"]
    assert again == (
        f"no control domain of pool-x fits: c2: has no disk service primary-vds0; "
        f"c3: does not see LUN {lun.wwn} (disk d0); c4: does not see LUN {lun.wwn} (disk d0)"
    )


def test_survive_agrees_with_evacuate_for_every_node(site):
    n1, n2, n3 = site.node("n1"), site.node("n2", memory_mb=32768), site.node("n3", arch="i386")
    a = site.vserver("a", n1, memory_cap_mb=16384)
    b = site.vserver("b", n2, memory_cap_mb=16384)
    c = site.vserver("c", n3)
    site.sees(n2, a)
    site.sees(n1, b, c)
    rows = pool_survival("pool-x")
    assert [(r.node, r.placeable) for r in rows] == [("n1", True), ("n2", True), ("n3", False)]
    for row in rows:
        placement = place_evacuation(row.node)
        assert row.placeable == placement.complete
        assert row.placed == len(placement.moves)
        assert row.workloads == len(placement.moves) + len(placement.unplaced)
    assert rows[0].why == "all 1 placed on n2"
    assert rows[2].why.startswith("1 of 1 not placed; c: no node of pool-x fits: n1: n3 is i386")


def test_unknown_and_invalid_names_and_a_node_without_pool_are_clear_errors(site):
    m.Node.create(name="loner", state="up")
    with pytest.raises(OperatorError, match="no node named 'n9'"):
        place_evacuation("n9")
    with pytest.raises(UsageError, match="invalid node name"):
        place_evacuation("n1;reboot")
    with pytest.raises(OperatorError, match="loner is in no compute pool"):
        place_evacuation("loner")
    with pytest.raises(OperatorError, match="no compute pool named 'pool-z'"):
        pool_survival("pool-z")


def test_the_cli_prints_the_table_and_json_and_exits_1_when_something_is_unplaced(site):
    source, target = site.node("n1"), site.node("n2", cpu_threads=8)
    web = site.vserver("web", source, cpu_cap=4.0, priority=2)
    app = site.vserver("app", source, cpu_cap=6.0, priority=1)
    site.sees(target, web, app)
    result = run_cli(site.path, "node", "evacuate", "n1", "--dry-run", check=False)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ORDER", "KIND", "PRIORITY", "DECISION"]
    assert lines[1].split()[:4] == ["1", "vserver", "2", "web"]
    assert "app not placed: no node of pool-x fits: n2: CPU caps would total 10 of 8" in lines[2]
    assert lines[-1] == "n1: 1 of 2 cannot be placed in pool-x"
    record = json.loads(
        run_cli(site.path, "node", "evacuate", "n1", "--dry-run", "--json", check=False).stdout
    )
    assert [(m["name"], m["target"]) for m in record["moves"]] == [("web", "n2")]
    assert record["unplaced"][0]["name"] == "app"
    refused = run_cli(site.path, "node", "evacuate", "n1", check=False)
    assert refused.returncode == 5 and "cannot evacuate n1: no target for app" in refused.stderr
    assert "Traceback" not in refused.stderr
    survive = json.loads(
        run_cli(site.path, "pool", "survive", "pool-x", "--json", check=False).stdout
    )
    assert [(r["node"], r["placeable"]) for r in survive] == [("n1", False), ("n2", True)]


def test_the_n_plus_one_verdict_is_kept_until_the_repository_changes(site):
    n1, n2 = site.node("n1"), site.node("n2")
    a = site.vserver("a", n1, memory_cap_mb=8192)
    site.sees(n2, a)
    first = pool_verdict("pool-x")
    assert first.text == "yes" and pool_verdict("pool-x") is first  # nothing changed: kept
    m.Node.update(fenced=True).where(m.Node.id == n2.id).execute()
    assert pool_verdict("pool-x").text == "no: n1"
    site.sees(site.node("n3"), a)
    assert pool_verdict("pool-x").text == "yes"
    m.Node.update(state="down").where(m.Node.name != "n1").execute()
    assert pool_verdict("pool-x").text == "no: n1"
    assert pool_verdict("pool-nowhere").text == "unknown"
