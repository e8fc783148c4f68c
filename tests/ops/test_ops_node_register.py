"""Registering a real node as an operator does, here a lab node into an empty
repository: its host key and its ILOM's are shown and pinned only once named back;
the ILOM password goes to the owner-only credentials file and nowhere else; the node
is then discovered by its name and powered through the registered controller. Pools
are created, described and removed; nothing that carries workloads is forgotten."""

from __future__ import annotations

import json
import os
import stat
import subprocess

from tests.helpers import VDCFTUI


def _entry(lab, kind: str, name: str) -> dict:
    return next(e for e in lab.lab.inventory()[kind] if e["name"] == name)


def test_register_a_node_with_its_ilom_then_discover_and_power_it(cli_lab, tmp_path):
    lab = cli_lab
    repo = tmp_path / "site.db"
    node = _entry(lab, "nodes", "node08")
    sc = _entry(lab, "system_controllers", "ilom-node08")

    def cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "VDCFTUI_SC_PASSWORD"}
        if password is not None:
            env["VDCFTUI_SC_PASSWORD"] = password
        return subprocess.run(
            [VDCFTUI, "--repo", str(repo), *args],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            stdin=subprocess.DEVNULL,
        )

    assert cli("init").returncode == 0
    assert cli("pool", "create", "pool-dc1", "--description", "first floor").returncode == 0
    add = (
        "node",
        "add",
        "node08",
        "--address",
        node["address"],
        "--port",
        str(node["port"]),
        "--pool",
        "pool-dc1",
        "--sc",
        f"ilom:{sc['address']}:{sc['port']}",
        "--sc-user",
        sc["username"],
    )
    no_password = cli(*add)
    assert no_password.returncode == 2 and "--sc-password-file FILE" in no_password.stderr
    shown = cli(*add, password=sc["password"])
    assert shown.returncode == 1, shown.stderr
    assert f"ilom-node08: presents ssh-ed25519 {sc['fingerprint']}" in shown.stdout
    node_fp = shown.stdout.split("node08: presents ")[1].split()[1]
    assert "nothing registered" in shown.stdout
    assert json.loads(cli("node", "list", "--json").stdout) == []

    wrong = cli(*add, "--accept", "SHA256:nope", password=sc["password"])
    assert wrong.returncode != 0 and "not SHA256:nope: nothing was registered" in wrong.stderr
    done = cli(*add, "--accept", node_fp, "--sc-accept", sc["fingerprint"], password=sc["password"])
    assert done.returncode == 0, done.stderr
    assert sc["password"] not in repo.read_bytes().decode("latin-1")
    secrets = repo.with_name("credentials.json")
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert json.loads(secrets.read_text())["sc:ilom-node08"] == sc["password"]

    key = str(lab.lab.client_key_path)
    user = lab.lab.credentials.username
    found = cli("node", "discover", "node08", "--key", key, "--user", user)
    assert found.returncode == 0, found.stderr
    shown_node = json.loads(cli("node", "show", "node08", "--json").stdout)
    assert (shown_node["state"], shown_node["pool"], shown_node["sc"]) == (
        "up",
        "pool-dc1",
        "ilom-node08",
    )
    status = json.loads(cli("node", "status", "node08", "--json").stdout)
    assert status["power"] == "on" and status["controller"] == "ilom-node08"

    refused = cli("pool", "remove", "pool-dc1")
    assert refused.returncode == 5 and "it holds node08" in refused.stderr
    carrying = cli("node", "remove", "node08")
    assert carrying.returncode == 5 and "cannot remove node08: it carries" in carrying.stderr
    assert cli("node", "set", "node08", "--no-pool").returncode == 0
    assert cli("pool", "remove", "pool-dc1").returncode == 0
    audit = cli("audit").stdout
    for action in ("create", "add", "set", "remove"):
        assert action in audit
    readonly = cli("--readonly", "pool", "create", "pool-x")
    assert readonly.returncode == 3 and "read-only" in readonly.stderr
