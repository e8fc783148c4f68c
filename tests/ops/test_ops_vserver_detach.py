"""Detach and attach on their own, and disaster recovery when a node is gone."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_cli as cli


def placements(lab, zone: str) -> dict[str, str]:
    return {
        name: node.zones[zone].state
        for name, node in lab.state.nodes.items()
        if node.powered and zone in node.zones
    }


def discovered(lab, repo: Path) -> None:
    cli(repo, "node", "discover", "--lab", "--inventory", str(lab.workdir / "inventory.json"))


def test_detach_then_attach_elsewhere(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    discovered(fresh_lab, repo)
    cli(repo, "vserver", "detach", "web02")
    assert placements(fresh_lab, "web02") == {}
    assert fresh_lab.state.zpools["web02_pool"].imported_on is None
    assert "DETACHED" in cli(repo, "vserver", "show", "web02").stdout
    cli(repo, "vserver", "attach", "web02", "--to", "node08", "--boot")
    assert placements(fresh_lab, "web02") == {"node08": "running"}


def test_disaster_recovery_after_a_node_is_lost(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    discovered(fresh_lab, repo)
    fresh_lab.state.nodes["node03"].power_off()
    forced = cli(repo, "vserver", "detach", "web01", "--force")
    assert "node03 is refused as a boot target" in forced.stdout
    refused = cli(repo, "vserver", "attach", "web01", "--to", "node03", check=False)
    assert refused.returncode == 5 and "refused as a boot target" in refused.stderr
    dry = cli(repo, "vserver", "attach", "web01", "--to", "node08", "--dry-run").stdout
    assert "zpool import -f web01_pool" in dry
    cli(repo, "vserver", "attach", "web01", "--to", "node08", "--boot")
    assert placements(fresh_lab, "web01") == {"node08": "running"}
    shown = cli(repo, "vserver", "show", "web01").stdout
    assert "node08" in shown and "running" in shown


def test_add_filesystem_live_and_at_next_reboot(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    discovered(fresh_lab, repo)
    node03 = fresh_lab.state.nodes["node03"]
    cli(repo, "vserver", "modify", "web01", "--add-fs", "data:/logs:1G", "--live")
    listing = node03.exec_command("zfs list -H -o name,quota,mountpoint web01_pool/logs")[0]
    assert listing == "web01_pool/logs\t1G\t/zones/web01/root/logs\n"
    assert "web01_pool/logs" in cli(repo, "vserver", "show", "web01").stdout
    cli(repo, "vserver", "modify", "web01", "--add-fs", "data:/archive")
    assert (
        "pending_changes  add filesystem /archive" in cli(repo, "vserver", "show", "web01").stdout
    )
    assert node03.exec_command("zfs list web01_pool/archive")[2] == 1
    cli(repo, "vserver", "reboot", "web01")
    assert node03.exec_command("zfs list web01_pool/archive")[2] == 0
    shown = cli(repo, "vserver", "show", "web01").stdout
    assert "pending_changes  -" in shown and "web01_pool/archive" in shown
    installed = cli(
        repo, "vserver", "modify", "web03", "--add-fs", "data:/x", "--live", check=False
    )
    assert installed.returncode == 5 and "web03 is installed" in installed.stderr


def test_grow_and_remove_a_data_filesystem(fresh_lab, tmp_path):
    repo = tmp_path / "repo.db"
    discovered(fresh_lab, repo)
    node03 = fresh_lab.state.nodes["node03"]
    mountpoint = "/zones/web01/root/data"
    cli(repo, "vserver", "modify", "web01", "--grow-fs", f"{mountpoint}:20G")
    quota = node03.exec_command("zfs list -H -o quota web01_pool/data")[0]
    assert quota == "20G\n"
    shrink = cli(repo, "vserver", "modify", "web01", "--grow-fs", f"{mountpoint}:1G", check=False)
    assert shrink.returncode == 5 and "only grows" in shrink.stderr
    unconfirmed = cli(repo, "vserver", "modify", "web01", "--remove-fs", mountpoint, check=False)
    assert unconfirmed.returncode == 2 and "--confirm web01" in unconfirmed.stderr
    assert node03.exec_command("zfs list web01_pool/data")[2] == 0
    cli(repo, "vserver", "modify", "web01", "--remove-fs", mountpoint, "--confirm", "web01")
    assert node03.exec_command("zfs list web01_pool/data")[2] == 1
    assert "web01_pool/data" not in cli(repo, "vserver", "show", "web01").stdout
