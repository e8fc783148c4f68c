"""Fencing a node, as an operator does before recovering its workloads elsewhere: the
controller powers it off and is read again until it says off; who, when and why are
recorded; the node is refused as a target and shown fenced until an operator clears
it. With its controller unreachable, fencing fails loudly and records nothing."""

from __future__ import annotations

import json


def _node(lab, name: str) -> dict:
    return json.loads(lab.cli("node", "show", name, "--json").stdout)


def test_a_node_whose_controller_does_not_answer_is_not_fenced(cli_lab):
    lab = cli_lab
    lab.lab.faults.unreachable("ilom-node08")
    try:
        failed = lab.cli("node", "fence", "node08", "--reason", "heartbeat lost", check=False)
    finally:
        lab.lab.faults.unreachable("ilom-node08", on=False)
    assert failed.returncode != 0
    assert "refused before any step, nothing was changed: cannot reach sc:ilom-node08" in (
        failed.stderr
    )
    assert _node(lab, "node08")["state"] != "fenced"
    running = [
        row["name"]
        for row in json.loads(lab.cli("vserver", "list", "--node", "node08", "--json").stdout)
        if row["state"] == "running"
    ]
    assert running and set(running) <= set(lab.ssh("node08", "zoneadm list").split())


def test_fencing_powers_off_records_who_and_why_and_bars_the_node(cli_lab):
    lab = cli_lab
    running = [
        row["name"]
        for row in json.loads(lab.cli("vserver", "list", "--node", "node08", "--json").stdout)
        if row["state"] == "running"
    ]
    assert running
    bad = lab.cli("node", "fence", "node08", "--reason", "", check=False)
    assert bad.returncode != 0 and "say why the node is fenced" in bad.stderr
    lab.cli("node", "fence", "node08", "--reason", "heartbeat lost; SAN paths down")
    status = json.loads(lab.cli("node", "status", "node08", "--json").stdout)
    assert status["power"] == "off" and status["ssh"].startswith("no answer")
    assert status["fenced"] and "heartbeat lost; SAN paths down" in status["fence"]
    assert _node(lab, "node08")["state"] == "fenced"
    states = {
        row["name"]: row["state"]
        for row in json.loads(lab.cli("vserver", "list", "--node", "node08", "--json").stdout)
    }
    assert all(states[name] == "installed" for name in running), states

    elsewhere = next(
        row["name"]
        for row in json.loads(lab.cli("vserver", "list", "--json").stdout)
        if row["node"] not in ("node08", None, "-") and row["state"] == "running"
    )
    refused = lab.cli("vserver", "migrate", elsewhere, "--to", "node08", check=False)
    assert refused.returncode != 0 and "fenced" in refused.stderr
    again = lab.cli("node", "poweron", "node08", check=False)
    assert again.returncode == 5 and "clear the fence first" in again.stderr

    cleared = lab.cli("node", "unfence", "node08").stdout
    assert "node08: fence cleared (power off)" in cleared
    audit = lab.cli("audit", "--object", "node08").stdout
    assert "fence succeeded" in audit and "unfence" in audit
    lab.cli("node", "poweron", "node08")
    assert lab.ssh("node08", "uname -n").strip() == "node08"
