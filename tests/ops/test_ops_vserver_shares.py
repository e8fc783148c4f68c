"""Resource management on the lab through the CLI (F-RES): nodes rated in base units,
a vServer's base units turned into FSS shares in its configuration and, running, at
once (`prctl` over SSH shows them); a migration to a node of another rating gives it
the shares of its new node."""

from __future__ import annotations

import json

from vdcftui.solaris.cmd.zones import prctl_shares


def _prctl_shares(lab, node: str, zone: str) -> int:
    out = lab.ssh(node, prctl_shares(zone).text())
    row = next(line for line in out.splitlines() if " privileged " in line)
    return int(row.split()[2])


def test_base_units_become_shares_and_follow_a_migration(cli_lab):
    lab = cli_lab
    unrated = lab.cli("vserver", "modify", "web01", "--base-units", "4", check=False)
    assert unrated.returncode == 5
    assert "node03 has no rating in base units (vdcftui node set node03" in unrated.stderr
    lab.cli("node", "set", "node03", "--base-units", "16")
    lab.cli("node", "set", "node08", "--base-units", "32")
    refused = lab.cli("vserver", "modify", "web01", "--base-units", "0", check=False)
    assert refused.returncode != 0 and "--base-units must be a number above 0" in refused.stderr

    lab.cli("vserver", "modify", "web01", "--base-units", "4")
    assert _prctl_shares(lab, "node03", "web01") == 250
    assert "limit=250," in lab.ssh("node03", "zonecfg -z web01 export")

    dry = lab.cli("vserver", "migrate", "web01", "--to", "node08", "--dry-run").stdout
    assert (
        "web01 holds 4 base units: cpu-shares 250 on node03 (rated 16), 125 on node08 (rated 32)"
        in dry
    )
    lab.cli("vserver", "migrate", "web01", "--to", "node08")
    assert _prctl_shares(lab, "node08", "web01") == 125
    shown = json.loads(lab.cli("vserver", "show", "web01", "--json").stdout)
    assert (shown["node"], shown["cpu_shares"], shown["base_units"]) == ("node08", 125, 4.0)
    audit = lab.cli("audit", "--object", "node08").stdout
    assert "base units none -> 32" in audit
