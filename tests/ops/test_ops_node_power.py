"""Node power and fencing through system controllers, as an operator runs them: the
ILOM, XSCF and ALOM of the lab power nodes off and on (their SSH stops answering, then
answers again), every change read back from the controller; a node running workloads
is not powered down; a fenced node is refused as a target and its fence is cleared
only by an operator, audited."""

from __future__ import annotations

import json

import asyncssh
import pytest

from tests.helpers import wait_until

LONG = pytest.mark.long


def _node(lab, name: str) -> dict:
    return json.loads(lab.cli("node", "show", name, "--json").stdout)


def _answers(lab, name: str) -> bool:
    """Whether the node's SSH server takes a login and runs a command."""
    try:
        return lab.ssh(name, "uname -n").strip() != ""
    except (OSError, asyncssh.Error):
        return False


def _status(lab, name: str) -> dict:
    return json.loads(lab.cli("node", "status", name, "--json").stdout)


def _running_on(lab, node: str) -> list[str]:
    rows = json.loads(lab.cli("vserver", "list", "--node", node, "--json").stdout)
    return [row["name"] for row in rows if row["state"] == "running"]


def _halt_all(lab, node: str) -> None:
    for name in _running_on(lab, node):
        lab.cli("vserver", "halt", name)
    assert _running_on(lab, node) == []


@pytest.mark.parametrize(
    ("node", "controller", "off", "on"),
    [
        ("node08", "ilom-node08", "stop -script -force /SYS", "start -script /SYS"),
        # the other controller types: by hand (-m long); CI powers through the ILOM
        pytest.param("node03", "xscf-node03", "poweroff -p 0 -f -y", "poweron -p 0 -y", marks=LONG),
        pytest.param("node04", "alom-node04", "poweroff -f -y", "poweron", marks=LONG),
    ],
)
def test_a_node_is_powered_off_and_on_through_its_controller(cli_lab, node, controller, off, on):
    lab = cli_lab
    before = _status(lab, node)
    assert (before["power"], before["controller"], before["ssh"]) == ("on", controller, "answers")
    running = _running_on(lab, node)
    assert running, f"the lab's {node} runs zones"
    refused = lab.cli("node", "poweroff", node, "--force", check=False)
    assert refused.returncode == 5
    assert f"cannot poweroff {node}: it runs {', '.join(sorted(running))}" in refused.stderr

    _halt_all(lab, node)
    dry = lab.cli("node", "poweroff", node, "--force", "--dry-run").stdout
    assert f"[sc:{controller}] {off}" in dry and "then waits up to 60 s until" in dry
    lab.cli("node", "poweroff", node, "--force")
    assert not _answers(lab, node)
    assert _status(lab, node)["power"] == "off"
    assert _node(lab, node)["state"] == "down"

    dry = lab.cli("node", "poweron", node, "--dry-run").stdout
    assert f"[sc:{controller}] {on}" in dry and f"waits up to 900 s for {node} to answer" in dry
    lab.cli("node", "poweron", node)
    assert _answers(lab, node)
    assert _status(lab, node)["power"] == "on"
    audit = lab.cli("audit", "--object", node).stdout
    assert "poweroff succeeded" in audit and "poweron succeeded" in audit


def test_a_node_is_shut_down_its_own_way_and_its_controller_confirms_it(cli_lab):
    lab = cli_lab
    _halt_all(lab, "node08")
    dry = lab.cli("node", "shutdown", "node08", "--dry-run").stdout
    assert "[node08] shutdown -y -g0 -i5" in dry and "[sc:ilom-node08] show /SYS power_state" in dry
    up = lab.cli("node", "boot", "node08", check=False)
    assert up.returncode == 5 and "node08 is up and answers over SSH: nothing to boot" in up.stderr
    lab.cli("node", "shutdown", "node08")
    assert not _answers(lab, "node08")
    assert _status(lab, "node08")["power"] == "off"
    dry = lab.cli("node", "boot", "node08", "--dry-run").stdout
    assert "[sc:ilom-node08] start -script /SYS" in dry and "waits up to 900 s" in dry
    lab.cli("node", "boot", "node08")
    assert _answers(lab, "node08")
    assert "boot succeeded" in lab.cli("audit", "--object", "node08").stdout


def test_a_node_at_its_ok_prompt_is_booted_on_its_console(cli_lab):
    """node08 halted to the OBP ok prompt (init 0) is on but silent: `node boot` types
    boot on its console through its ILOM and waits for its SSH; a node that is on and
    silent but shows a console login (its SSH cut off) is not typed at: the job fails
    saying what the console shows; a node without a controller is refused."""
    lab = cli_lab
    lab.lab.faults.unreachable("node07")
    try:
        no_sc = lab.cli("node", "boot", "node07", check=False)
    finally:
        lab.lab.faults.unreachable("node07", on=False)
    assert no_sc.returncode == 5
    assert "cannot boot node07: no system controller is registered" in no_sc.stderr
    node = lab.lab.state.nodes["node08"]
    boots = node.boots
    lab.lab.faults.unreachable("node08")
    try:
        silent = lab.cli("node", "boot", "node08", check=False)
    finally:
        lab.lab.faults.unreachable("node08", on=False)
    assert silent.returncode != 0 and node.boots == boots and not node.at_obp
    assert "node08's console says 'node08 console login:' while waiting for the ok prompt" in (
        silent.stdout + silent.stderr
    )
    lab.ssh("node08", "init 0")
    wait_until(lambda: node.at_obp, "node08 to reach its ok prompt")
    boots = node.boots
    booted = lab.cli("node", "boot", "node08").stdout
    assert "console:node08: console of node08: press Return" in booted and "'boot'" in booted
    assert _answers(lab, "node08") and node.boots == boots + 1 and not node.at_obp
