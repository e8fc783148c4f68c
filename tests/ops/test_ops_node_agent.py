"""The keep-alive agent installed from the CLI as a job, on the lab over SSH: its files
with their modes and content, its SMF service online and sending keep-alives the
engine accepts; the secret in no repository file and no output; installing again
updates it; a read-only session and a node that is down are refused before anything
runs; removing it deletes the service and the files."""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.ops.conftest import CliLab
from vdcftui.ops.ha import agent
from vdcftui.ops.ha.keepalive import Heard
from vdcftui.repo.credentials import CredentialStore, default_credentials_path

NODE = "node06"
FILES = {
    agent.SCRIPT_PATH: "-rwxr-xr-x",
    agent.CONF_PATH: "-rw-r--r--",
    agent.SECRET_PATH: "-rw-------",
    agent.MANIFEST_PATH: "-r--r--r--",
}


@dataclass
class AgentSite:
    """The module's lab and repository, where the engine receives keep-alives."""

    lab: CliLab
    listen: str
    receiver: socket.socket

    def secret(self) -> str:
        value = CredentialStore(default_credentials_path(self.lab.repo)).get("ha:keepalive")
        assert value
        return value

    def state(self, node: str) -> str:
        return self.lab.ssh(node, f"svcs -H -o state {agent.INSTANCE}").strip()


@pytest.fixture(scope="module")
def site(cli_lab: CliLab, tmp_path_factory) -> Iterator[AgentSite]:
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(30)
    listen = f"127.0.0.1:{receiver.getsockname()[1]}"
    settings = tmp_path_factory.mktemp("agent") / "settings.toml"
    settings.write_text(
        f'[ha]\nlisten = "{listen}"\nkeepalive_interval = 0.5\n[monitor]\nenabled = false\n'
    )
    before = os.environ.get("VDCFTUI_SETTINGS")
    os.environ["VDCFTUI_SETTINGS"] = str(settings)
    try:
        yield AgentSite(cli_lab, listen, receiver)
    finally:
        receiver.close()
        if before is None:
            os.environ.pop("VDCFTUI_SETTINGS", None)
        else:
            os.environ["VDCFTUI_SETTINGS"] = before


def _digests(site: AgentSite, node: str) -> dict[str, str]:
    return {path: site.lab.ssh(node, f"digest -a sha256 {path}").strip() for path in FILES}


def _jobs(site: AgentSite) -> list[dict]:
    return json.loads(site.lab.cli("job", "list", "--json").stdout)


def test_the_agent_is_installed_and_its_keepalives_are_accepted(site):
    dry = site.lab.cli("node", "agent", "install", NODE, "--dry-run").stdout
    assert f"check ok: agents send to {site.listen} every 0.5 s" in dry
    assert "standard input: the secret ha:keepalive of the credentials file" in dry
    assert dry.rstrip().endswith(f"svcs -H -o state {agent.INSTANCE} shows it")

    done = site.lab.cli("node", "agent", "install", NODE)
    assert done.stdout.rstrip().endswith("succeeded"), done.stdout
    secret = site.secret()
    assert site.state(NODE) == "online"
    listing = site.lab.ssh(NODE, f"ls -l {' '.join(FILES)}").splitlines()
    assert {line.split()[-1]: line.split()[0] for line in listing} == FILES
    digests = _digests(site, NODE)
    conf = agent.configuration(site.listen, 0.5, NODE)
    expected = (agent.script(), conf, secret + "\n", agent.manifest())
    assert list(digests.values()) == [hashlib.sha256(t.encode()).hexdigest() for t in expected]
    assert site.lab.ssh(NODE, f"cat {agent.CONF_PATH}") == conf

    heard = Heard()
    while heard.accept(site.receiver.recv(512), secret, 30) != NODE:
        pass  # the other nodes' agents may have no engine of their own here

    job = _jobs(site)[0]
    shown = site.lab.cli("job", "show", str(job["id"])).stdout
    audit = site.lab.cli("audit", "--json").stdout
    assert secret not in done.stdout + done.stderr + dry + shown + audit
    for path in site.lab.repo.parent.glob("repo.db*"):
        assert secret.encode() not in path.read_bytes(), path


def test_installing_again_updates_it_in_place(site):
    before = _digests(site, NODE)
    again = site.lab.cli("node", "agent", "install", NODE, "--dry-run").stdout
    assert "the agent is installed, online: it is updated" in again
    assert f"1. [{NODE}] svcadm disable -s {agent.INSTANCE}" in again
    assert "undo: rm -f" not in again  # an update keeps what it rewrites
    site.lab.cli("node", "agent", "install", NODE)
    assert _digests(site, NODE) == before
    assert site.state(NODE) == "online"


def test_a_read_only_session_is_refused_before_the_node_is_read(site):
    commands = site.lab.lab.faults.stats[NODE].commands
    refused = site.lab.cli("--readonly", "node", "agent", "install", NODE, check=False)
    assert refused.returncode == 3
    assert refused.stderr == (
        "vdcftui: refused: agent install node node06: this session is read-only\n"
    )
    assert site.lab.lab.faults.stats[NODE].commands == commands


def test_the_agent_is_removed(site):
    site.lab.cli("node", "agent", "remove", NODE)
    assert site.lab.ssh(NODE, f"svcs -H -o state {agent.INSTANCE}") == ""
    listed = site.lab.ssh(NODE, f"ls -d {' '.join(FILES)} /etc/vdcftui")
    assert listed == "/etc/vdcftui\n"  # the directories stay
    again = site.lab.cli("node", "agent", "remove", NODE, check=False)
    assert again.returncode == 5
    assert f"the agent is not installed on {NODE}" in again.stderr


def test_a_node_that_is_down_is_refused_before_anything_runs(site):
    node = site.lab.lab.state.nodes["node07"]
    node.power_off()
    try:
        site.lab.cli("node", "discover", "node07", check=False)  # exits 1: not reached
        commands = site.lab.lab.faults.stats["node07"].commands
        refused = site.lab.cli("node", "agent", "install", "node07", check=False)
        assert refused.returncode == 5, refused.stderr
        assert "node07 is unreachable" in refused.stderr and "must be up" in refused.stderr
        assert not [j for j in _jobs(site) if j["object"] == "node07"]
        assert site.lab.lab.faults.stats["node07"].commands == commands
    finally:
        node.power_on()


def test_without_an_address_nodes_can_reach_the_install_is_refused(site, tmp_path):
    settings = tmp_path / "settings.toml"
    settings.write_text("[ha]\nkeepalive_interval = 5\n")
    os.environ["VDCFTUI_SETTINGS"], before = str(settings), os.environ["VDCFTUI_SETTINGS"]
    try:
        refused = site.lab.cli("node", "agent", "install", NODE, check=False)
    finally:
        os.environ["VDCFTUI_SETTINGS"] = before
    assert refused.returncode == 5
    assert "ha.listen = 0.0.0.0:7470" in refused.stderr and "advertise" in refused.stderr
    assert refused.stderr.count("\n") == 1
