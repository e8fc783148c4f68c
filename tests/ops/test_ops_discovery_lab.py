"""Discovery of the lab over real SSH into a real SQLite repository."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import asyncssh
import pytest

from tests.helpers import run_cli
from vdcftui.ops.discovery.run import discover, targets_from_inventory
from vdcftui.ops.node.inventory import load_inventory
from vdcftui.remote.pool import fingerprint
from vdcftui.repo import models as m
from vdcftui.repo.database import open_repository


def spec_zones(lab) -> dict[str, str]:
    """Zone name -> node name, as the lab's spec defines them."""
    return {z.name: z.node for z in lab.spec.zones}


def spec_gdoms(lab) -> dict[str, str]:
    """GDom name -> CDom name, as the lab's spec defines them."""
    return {g.name: g.cdom for g in lab.spec.gdoms}


def run_discovery(lab, repo: Path):
    open_repository(str(repo))
    inventory = load_inventory(lab.workdir / "inventory.json")
    pools = {n.name: n.pool for n in inventory.nodes if n.pool}
    return asyncio.run(discover(targets_from_inventory(inventory), pools=pools))


def cli(*args: str, repo: Path, check: bool = True) -> subprocess.CompletedProcess:
    return run_cli(repo, *args, check=check)


def _row_counts() -> dict[str, int]:
    """Rows per table that discovery writes."""
    recorded = (m.Node, m.VServer, m.GDom, m.Dataset, m.Filesystem, m.Lun, m.NodeLun)
    recorded += (m.NetworkInterface, m.IpAddress, m.VServerNet)
    return {model.__name__: model.select().count() for model in recorded}


def test_discovery_counts_equal_the_spec_and_rerun_changes_no_counts(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    first = run_discovery(fresh_lab, repo)
    assert first.failed == {}
    zones = spec_zones(fresh_lab)
    vservers = {v.name: v.node.name for v in m.VServer.select()}
    assert vservers == zones
    gdoms = {g.name: g.cdom.name for g in m.GDom.select()}
    assert gdoms == spec_gdoms(fresh_lab)
    counts = _row_counts()
    second = run_discovery(fresh_lab, repo)
    assert second.failed == {}
    assert (second.created, second.changes) == (0, 0)
    again = _row_counts()
    assert again == counts


def test_cli_lists_every_zone_with_node_state_brand_datasets(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    inventory = fresh_lab.workdir / "inventory.json"
    result = cli("node", "discover", "--lab", "--inventory", str(inventory), repo=repo)
    assert "discovered" in result.stdout
    listed = json.loads(cli("vserver", "list", "--json", repo=repo).stdout)
    assert {v["name"]: v["node"] for v in listed} == spec_zones(fresh_lab)
    for vserver in listed:
        assert vserver["state"] and vserver["brand"]
        assert vserver["datasets"], f"{vserver['name']} has no dataset"
    gdoms = json.loads(cli("gdom", "list", "--json", repo=repo).stdout)
    assert {g["name"]: g["cdom"] for g in gdoms} == spec_gdoms(fresh_lab)


def test_state_change_is_recorded_as_a_change(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    run_discovery(fresh_lab, repo)
    installed = m.VServer.select().where(m.VServer.state == "installed").first()
    assert installed is not None
    node = fresh_lab.state.nodes[installed.node.name]
    out, err, status = node.exec_command(f"zoneadm -z {installed.name} boot")
    assert status == 0, err
    summary = run_discovery(fresh_lab, repo)
    assert m.VServer.get(m.VServer.name == installed.name).state == "running"
    change = m.DiscoveryChange.get(
        (m.DiscoveryChange.run_id == summary.run_id)
        & (m.DiscoveryChange.object_name == installed.name)
        & (m.DiscoveryChange.field == "state")
    )
    assert (change.old_value, change.new_value) == ("installed", "running")


def test_unreachable_node_is_reported_and_the_others_complete(fresh_lab, tmp_path):
    inventory = load_inventory(fresh_lab.workdir / "inventory.json")
    victim = inventory.nodes[1].name
    fresh_lab.faults.unreachable(victim)
    summary = run_discovery(fresh_lab, tmp_path / "repo.db")
    assert set(summary.failed) == {victim}
    assert "cannot connect" in summary.failed[victim]
    assert len(summary.discovered) == len(targets_from_inventory(inventory)) - 1


def test_node_dropping_mid_discovery_keeps_its_zones_and_marks_it(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    run_discovery(fresh_lab, repo)
    inventory = load_inventory(fresh_lab.workdir / "inventory.json")
    victim = next(
        n.name
        for n in inventory.nodes
        if m.VServer.select().join(m.Node).where(m.Node.name == n.name).count()
    )
    zones_before = {v.name for v in m.VServer.select().join(m.Node).where(m.Node.name == victim)}
    # the first batch answers, then the zone configuration batch dies half-way
    fresh_lab.faults.fail_next(
        victim, r"zonecfg", stderr="Connection reset by peer", exit_status=255
    )
    summary = run_discovery(fresh_lab, repo)
    assert victim in summary.failed
    assert len(summary.discovered) == len(targets_from_inventory(inventory)) - 1
    zones_after = {v.name for v in m.VServer.select().join(m.Node).where(m.Node.name == victim)}
    assert zones_after == zones_before


def test_changed_host_key_is_refused_on_rediscovery(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    run_discovery(fresh_lab, repo)
    inventory = load_inventory(fresh_lab.workdir / "inventory.json")
    victim = inventory.nodes[0].name
    forged = asyncssh.generate_private_key("ssh-ed25519").export_public_key("openssh").decode()
    m.HostKey.update(public_key=forged.strip(), fingerprint=fingerprint(forged)).where(
        m.HostKey.host == victim
    ).execute()
    summary = run_discovery(fresh_lab, repo)
    assert "host key changed" in summary.failed[victim]
    assert fingerprint(forged) in summary.failed[victim]


@pytest.mark.parametrize("name", ["web01;reboot", "a" * 65, "-web01", "global"])
def test_bad_vserver_names_are_refused_before_anything_runs(name, tmp_path):
    cli("init", repo=tmp_path / "repo.db")
    result = cli("vserver", "show", "--", name, repo=tmp_path / "repo.db", check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("vdcftui: invalid zone name")
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_host_names_are_refused_before_anything_connects(tmp_path):
    result = cli("node", "discover", "node01;reboot", repo=tmp_path / "repo.db", check=False)
    assert result.returncode == 2
    assert "invalid host name 'node01;reboot'" in result.stderr


def test_unknown_vserver_is_a_one_line_error(tmp_path):
    cli("init", repo=tmp_path / "repo.db")
    result = cli("vserver", "show", "nosuch", repo=tmp_path / "repo.db", check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "vdcftui: no vServer named 'nosuch' in the repository"


def test_changes_of_a_run_are_listed(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    inventory = fresh_lab.workdir / "inventory.json"
    cli("node", "discover", "--lab", "--inventory", str(inventory), repo=repo)
    status = fresh_lab.state.nodes["node05"].exec_command("zoneadm -z db02 boot")[2]
    assert status == 0
    second = cli("node", "discover", "--lab", "--inventory", str(inventory), repo=repo)
    assert "vdcftui node changes --run" in second.stdout
    changes = json.loads(cli("node", "changes", "--json", repo=repo).stdout)
    assert {
        "object_type": "VServer",
        "object": "db02",
        "field": "state",
        "old": "installed",
        "new": "running",
    }.items() <= next(c for c in changes if c["object"] == "db02" and c["field"] == "state").items()
    missing = cli("node", "changes", "--run", "nosuch", repo=repo, check=False)
    assert missing.returncode == 1 and "no discovery run 'nosuch'" in missing.stderr
